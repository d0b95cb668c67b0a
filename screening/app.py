"""The Flask app factory: settings, the database, the task queue and one blueprint per area."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response
from flask.json.provider import DefaultJSONProvider

from foundation import jsoncodec
from foundation.runtime import Runtime
from foundation.settings import Settings
from screening import errors, hardening, health
from screening.api import register_api
from screening.context import close_session
from screening.web import register_web


class JSONProvider(DefaultJSONProvider):
    """Flask's JSON answers, encoded by orjson (``foundation.jsoncodec``): the same
    compact text with sorted keys, dates and other values still converted by Flask's
    ``default``; only non-ASCII text is written as UTF-8 instead of escaped. Indented
    answers (debug mode) keep the standard encoder."""

    def response(self, *args: Any, **kwargs: Any) -> Response:
        if self.compact is False or (self.compact is None and self._app.debug):
            return super().response(*args, **kwargs)
        if args and kwargs:
            raise TypeError("app.json.response() takes either args or kwargs, not both")
        value = (args[0] if len(args) == 1 else list(args)) if args else (kwargs or None)
        body = jsoncodec.dump_bytes(value, default=self.default, sort_keys=self.sort_keys)
        return self._app.response_class(body + b"\n", mimetype=self.mimetype)


def create_app(settings: Settings | None = None) -> Flask:
    """Build the web application."""
    runtime = Runtime.start(settings)
    settings = runtime.settings
    app = Flask("screening", instance_path=str(settings.instance_path))
    app.json = JSONProvider(app)
    app.config.update(
        SECRET_KEY=settings.secret_key,
        SETTINGS=settings,
        MAX_CONTENT_LENGTH=settings.max_request_bytes,
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
