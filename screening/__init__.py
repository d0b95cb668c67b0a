"""Sanctions screening service: the Flask app factory.

``create_app()`` wires settings, the database, the Celery client and one
blueprint per area. The matcher lives in ``screening.matching`` and imports
none of this.
"""

from __future__ import annotations

from flask import Flask

from screening.settings import Settings


def create_app(settings: Settings | None = None) -> Flask:
    """Build the web application (also used by workers for their app context)."""
    from screening import errors, health
    from screening.db import Database
    from workers import celery_init_app

    settings = settings or Settings.from_env()
    app = Flask(__name__, instance_path=str(settings.instance_path))
    app.config.update(
        SECRET_KEY=settings.secret_key,
        SETTINGS=settings,
        MAX_CONTENT_LENGTH=settings.max_request_bytes,
        JSON_SORT_KEYS=False,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.env == "production",
    )
    settings.instance_path.mkdir(parents=True, exist_ok=True)

    database = Database(settings.database_url)
    app.extensions["database"] = database
    celery_init_app(app)

    errors.register(app)
    app.register_blueprint(health.bp)
    _register_optional_blueprints(app)
    app.teardown_appcontext(_close_request_session)
    return app


def _register_optional_blueprints(app: Flask) -> None:
    # Each area is a blueprint in its own module.
    from screening.api import register_api
    from screening.web import register_web

    register_api(app)
    register_web(app)


def _close_request_session(_exc: BaseException | None) -> None:
    from screening.context import close_session

    close_session()
