"""Entry point for ``celery -A workers.celery_app worker``."""

from __future__ import annotations

from screening import create_app

flask_app = create_app()
celery_app = flask_app.extensions["celery"]
app = celery_app
