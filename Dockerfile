# Almanac in a container: the locked runtime dependencies, the package with its dataset, a
# non-root user. Build: docker build -t almanac .   Run: see compose.yaml (with PostgreSQL).
ARG PYTHON_VERSION=3.12

FROM python:${PYTHON_VERSION}-slim AS build
RUN pip install --no-cache-dir uv
# the environment is built where it will run: a venv's scripts name their interpreter by path
ENV UV_PROJECT_ENVIRONMENT=/opt/almanac UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PYTHON_DOWNLOADS=never
WORKDIR /src
# dependencies first, in a layer of their own that survives code changes
COPY pyproject.toml uv.lock ./
RUN uv sync --locked --no-default-groups --extra postgres --no-install-project --python /usr/local/bin/python3
COPY README.md LICENSE ./
COPY bot ./bot
COPY cogs ./cogs
COPY db ./db
COPY data ./data
# the project itself as a wheel (not editable): the dataset travels inside it as bot/_data
RUN uv sync --locked --no-default-groups --extra postgres --no-editable --python /usr/local/bin/python3

FROM python:${PYTHON_VERSION}-slim
RUN useradd --system --uid 10001 --create-home --home-dir /home/almanac almanac \
 && install -d -o almanac -g almanac /var/lib/almanac
COPY --from=build /opt/almanac /opt/almanac
# The SQLite database (when DATABASE_URL is not set) and chart caches live in the volume.
ENV PATH=/opt/almanac/bin:$PATH \
    XDG_STATE_HOME=/var/lib/almanac \
    MPLCONFIGDIR=/tmp/matplotlib \
    PYTHONUNBUFFERED=1
USER almanac
WORKDIR /var/lib/almanac
VOLUME ["/var/lib/almanac"]
# healthy = the database answers and its schema is at the current migration head
HEALTHCHECK --interval=30s --timeout=15s --start-period=120s --retries=3 CMD ["almanac", "health"]
ENTRYPOINT ["almanac"]
# `run` migrates the database, seeds it from the packaged dataset and connects to Discord
CMD ["run"]
