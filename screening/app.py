"""The Flask app factory: settings, the database, the task queue and one blueprint per area."""

from __future__ import annotations

from flask import Flask

from foundation.runtime import Runtime
from foundation.settings import Settings
from screening import errors, hardening, health
from screening.api import register_api
from screening.context import close_session
from screening.web import register_web


def create_app(settings: Settings | None = None) -> Flask:
    """Build the web application."""
    runtime = Runtime.start(settings)
    settings = runtime.settings
    app = Flask("screening", instance_path=str(settings.instance_path))
    app.config.update(
        SECRET_KEY=settings.secret_key,
        SETTINGS=settings,
        MAX_CONTENT_LENGTH=settings.max_request_bytes,
        JSON_SORT_KEYS=False,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.env == "production",
    )
    app.extensions["runtime"] = runtime
    app.extensions["database"] = runtime.database
    app.extensions["celery"] = runtime.queue.celery
    errors.register(app)
    hardening.register(app, settings)
    app.register_blueprint(health.bp)
    register_api(app)
    register_web(app)
    app.teardown_appcontext(lambda _exc: close_session())
    return app
