"""The connection pool pings a connection only after it sat idle, and replaces one the
server dropped meanwhile, so a request never meets a dead connection after a restart
or an idle timeout, and a busy service pays no round trip per request for it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from foundation import db as db_module
from foundation.settings import normalize_database_url

URL = os.environ.get("DATABASE_URL", "")

pytestmark = pytest.mark.skipif(
    not URL.startswith("postgres"), reason="pooled connections are PostgreSQL's (SQLite has none)"
)


@pytest.fixture()
def engine(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Engine, list[int]]]:
    engine = db_module.make_engine(normalize_database_url(URL))
    pings: list[int] = []
    real_ping = engine.dialect.do_ping

    def counted(dbapi_connection: Any) -> bool:
        pings.append(1)
        return real_ping(dbapi_connection)

    monkeypatch.setattr(engine.dialect, "do_ping", counted)
    yield engine, pings
    engine.dispose()


def _backend(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT pg_backend_pid()")).scalar_one())


def test_a_connection_in_steady_use_is_not_pinged(engine: tuple[Engine, list[int]]) -> None:
    engine_, pings = engine
    first = _backend(engine_)
    for _ in range(5):
        assert _backend(engine_) == first  # the same pooled connection each time
    assert pings == []


def test_a_connection_idle_past_the_limit_is_pinged_once_per_checkout(
    engine: tuple[Engine, list[int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    engine_, pings = engine
    first = _backend(engine_)
    monkeypatch.setattr(db_module, "PING_AFTER_IDLE_SECONDS", 0.0)
    assert _backend(engine_) == first  # alive: kept
    assert pings == [1]


def test_a_connection_dropped_by_the_server_while_idle_is_replaced_unnoticed(
    engine: tuple[Engine, list[int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    engine_, _pings = engine
    dropped = _backend(engine_)
    admin = db_module.make_engine(normalize_database_url(URL))
    try:
        with admin.connect() as conn:
            conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": dropped})
            conn.commit()
    finally:
        admin.dispose()
    monkeypatch.setattr(db_module, "PING_AFTER_IDLE_SECONDS", 0.0)
    # No error reaches the caller: the ping fails, the pool connects afresh.
    assert _backend(engine_) != dropped
