"""Entry point for ``celery -A workers.celery_app worker`` (and ``beat``)."""

from __future__ import annotations

from workers.runtime import runtime

app = celery_app = runtime().queue.celery
app.conf.include = ["workers.tasks"]
