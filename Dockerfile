# newsclean: the same steps as the README's run command, in a container.
FROM python:3.11-slim
WORKDIR /newsclean
COPY pyproject.toml README.md constraints.txt ./
COPY newsclean ./newsclean
COPY flows ./flows
COPY seeds ./seeds
COPY cleaned ./cleaned
RUN python3 -m venv .venv && .venv/bin/pip install -q -e . -c constraints.txt
ENV PATH=/newsclean/.venv/bin:$PATH
CMD ["newsclean", "ingest"]
