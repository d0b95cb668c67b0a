"""What a request's view may use: the runtime's parts and the request's own session."""

from __future__ import annotations

from flask import current_app, g
from sqlalchemy.orm import Session

from foundation.db import Database
from foundation.queue import TaskQueue
from foundation.runtime import Runtime
from foundation.settings import Settings


def get_runtime() -> Runtime:
    runtime: Runtime = current_app.extensions["runtime"]
    return runtime


def get_database() -> Database:
    return get_runtime().database


def get_settings() -> Settings:
    return get_runtime().settings


def get_queue() -> TaskQueue:
    return get_runtime().queue


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
