"""The tasks a worker process of the run's pool runs share one Prefect API client: Prefect's
process pool would otherwise make a client, with a TLS context, for every task."""

from __future__ import annotations

from typing import Any

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.client.orchestration import get_client
from prefect.task_runners import ProcessPoolTaskRunner

import flows.ingest

# the clients the tasks of this (worker) process were given, kept so none is freed and its
# address reused
_clients: list[Any] = []


@task(cache_policy=NO_CACHE, persist_result=False)
def client_as_before() -> bool:
    """Whether this task's API client is the one the worker's first task had."""
    # the task's function travels by value, with globals of its own: the module's list is
    # the one the worker process keeps
    from tests.test_worker_client import _clients

    _clients.append(get_client(sync_client=True))
    return _clients[-1] is _clients[0]


@flow
def three_tasks_one_after_another() -> list[bool]:
    answers = []
    for _ in range(3):
        answers.append(client_as_before.submit().result())
    return answers


def test_a_workers_tasks_share_one_api_client():
    runner = ProcessPoolTaskRunner(max_workers=1, initializer=flows.ingest._settled_worker)
    with flows.ingest._workers_share_this_api():
        answers = three_tasks_one_after_another.with_options(task_runner=runner)()
    assert answers == [True, True, True]
