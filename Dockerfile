# Meldroute production image: Python 3.11 slim, the project installed into a virtualenv,
# running as an unprivileged user. Build: docker build -t meldroute .
FROM python:3.11-slim AS build
WORKDIR /app
RUN python -m venv /venv
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY dialogs ./dialogs
COPY domain ./domain
COPY storage ./storage
COPY texts ./texts
COPY cards ./cards
COPY services ./services
COPY tools ./tools
RUN /venv/bin/pip install --no-cache-dir .

FROM python:3.11-slim
RUN useradd --system --uid 10001 --home-dir /app meldroute
WORKDIR /app
COPY --from=build /venv /venv
COPY knowledge ./knowledge
COPY config ./config
ENV PATH="/venv/bin:$PATH" \
    PYTHONUNBUFFERED=1 \
    MELDROUTE_KNOWLEDGE_DIR=/app/knowledge/nl \
    PORT=3978
USER 10001
EXPOSE 3978
HEALTHCHECK --interval=30s --timeout=3s CMD python -c "import urllib.request,os; urllib.request.urlopen(f'http://127.0.0.1:{os.environ.get(\"PORT\",\"3978\")}/healthz')"
CMD ["python", "-m", "bot", "serve"]
