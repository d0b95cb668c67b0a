"""Access to the per-process database and the per-request session."""

from __future__ import annotations

from flask import current_app, g
from sqlalchemy.orm import Session

from screening.db import Database
from screening.settings import Settings


def get_database() -> Database:
    database: Database = current_app.extensions["database"]
    return database


def get_settings() -> Settings:
    settings: Settings = current_app.config["SETTINGS"]
    return settings


def get_session() -> Session:
    """The request's session; closed (and rolled back if uncommitted) at teardown."""
    if "db_session" not in g:
        g.db_session = get_database().session_factory()
    session: Session = g.db_session
    return session


def close_session() -> None:
    session: Session | None = g.pop("db_session", None)
    if session is not None:
        session.close()
