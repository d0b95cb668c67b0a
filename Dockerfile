# syntax=docker/dockerfile:1
# One image for every role: `web` (gunicorn), `worker` (celery), `beat`, or any
# other `screening` sub-command.

FROM python:3.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
RUN python -m venv /opt/venv
# Dependencies exactly as locked, every file checked against its hash; then the
# project itself, adding nothing the lock does not name.
COPY requirements.lock ./
RUN /opt/venv/bin/pip install --no-compile --require-hashes --no-deps -r requirements.lock
COPY pyproject.toml README.md ./
COPY screening ./screening
COPY foundation ./foundation
COPY watchlists ./watchlists
COPY workers ./workers
RUN /opt/venv/bin/pip install --no-compile --no-deps . \
    && /opt/venv/bin/pip check \
    && /opt/venv/bin/python -m compileall -q /opt/venv/lib

FROM python:3.11-slim-bookworm AS runtime
ENV PATH="/opt/venv/bin:$PATH" \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    SCREENING_ENV=production \
    SCREENING_INSTANCE_PATH=/var/lib/screening \
    SCREENING_SEED_PATH=/app/seeds/dprk_labour.yaml
RUN groupadd --system --gid 10001 screening \
    && useradd --system --uid 10001 --gid screening --home-dir /app --shell /usr/sbin/nologin screening \
    && mkdir -p /var/lib/screening \
    && chown screening:screening /var/lib/screening
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY --chown=screening:screening seeds ./seeds
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status == 200 else 1)"]
ENTRYPOINT ["screening"]
CMD ["web", "--host", "0.0.0.0", "--port", "8000"]
