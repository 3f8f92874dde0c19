"""Pickling for the facts a corpus step collects: they are held for every document at once,
and pickled between passes and into every file's trail."""

from __future__ import annotations

from dataclasses import fields
from functools import cache
from operator import attrgetter
from typing import Any


class PickledByFields:
    """A slotted dataclass pickled as its class and its field values. dataclasses pickle a
    slotted class by setting each field from Python, about three times slower each way."""

    __slots__ = ()

    def __reduce__(self) -> tuple[type, tuple[Any, ...]]:
        return type(self), _field_values(type(self))(self)


@cache
def _field_values(cls: type) -> attrgetter:
    names = [f.name for f in fields(cls)]
    if len(names) < 2:
        raise TypeError(f"{cls.__name__}: attrgetter gives a tuple only for two fields or more")
    return attrgetter(*names)
