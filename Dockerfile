# Meldroute production image: Python 3.11 slim, dependencies installed from the hash-pinned lock
# file, the project into a virtualenv, running as an unprivileged user.
#
# Pin the base image by digest at build time (docs/deploy.md, step 4, shows how to get the
# digest and pass it):
#   docker build --build-arg BASE_IMAGE=python:3.11-slim@sha256:<digest> -t meldroute .
# The default below is the moving tag, for local builds only.
ARG BASE_IMAGE=python:3.11-slim

FROM ${BASE_IMAGE} AS build
WORKDIR /app
RUN python -m venv /venv
# Every dependency at the version and hash in requirements.lock (pip-compile --generate-hashes
# from pyproject.toml); a changed or unlisted file fails the build.
COPY requirements.lock ./
RUN /venv/bin/pip install --no-cache-dir --require-hashes -r requirements.lock
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY dialogs ./dialogs
COPY domain ./domain
COPY storage ./storage
COPY texts ./texts
COPY cards ./cards
COPY services ./services
COPY tools ./tools
RUN /venv/bin/pip install --no-cache-dir --no-deps --no-build-isolation .

FROM ${BASE_IMAGE}
RUN useradd --system --uid 10001 --home-dir /app meldroute
WORKDIR /app
COPY --from=build /venv /venv
COPY knowledge ./knowledge
COPY config ./config
ENV PATH="/venv/bin:$PATH" \
    PYTHONUNBUFFERED=1 \
    MELDROUTE_KNOWLEDGE_DIR=/app/knowledge/nl \
    MELDROUTE_MODEL_CACHE_DIR=/tmp/meldroute-model \
    PORT=3978
USER 10001
EXPOSE 3978
# For `docker run` only: Azure Container Apps ignores HEALTHCHECK and uses the HTTP probes on
# /healthz and /readyz configured in docs/deploy.md.
HEALTHCHECK --interval=30s --timeout=3s CMD python -c "import urllib.request,os; urllib.request.urlopen(f'http://127.0.0.1:{os.environ.get(\"PORT\",\"3978\")}/healthz')"
# SIGTERM drains: turns in flight and the outbox round under way finish (MELDROUTE_SHUTDOWN_SECONDS).
STOPSIGNAL SIGTERM
CMD ["python", "-m", "bot", "serve"]
