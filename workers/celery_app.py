"""Entry point for ``celery -A workers.celery_app worker`` (and ``beat``)."""

from __future__ import annotations

from workers.runtime import runtime

app = celery_app = runtime().queue.celery
app.conf.include = ["workers.tasks"]
# Reconnects to a broker that was away within seconds of its return.
app.conf.worker_consumer = "workers.consumer:Consumer"
