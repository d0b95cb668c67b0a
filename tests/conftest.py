"""Test fixtures: a real database, a real broker and a real Celery worker.

With no configuration the suite runs on SQLite with the embedded broker.
Set DATABASE_URL (PostgreSQL) and REDIS_URL to run it against real servers;
.ci/run does both.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"shared data folder not found at {SHARED}")
    return SHARED


@pytest.fixture(scope="session")
def test_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Environment for the app under test and for the worker subprocess.

    On PostgreSQL each test session gets a database of its own, created here
    and dropped at the end, so concurrent runs against one server never meet.
    """
    instance = tmp_path_factory.mktemp("instance")
    env = {
        "SCREENING_ENV": "test",
        "SCREENING_INSTANCE_PATH": str(instance),
        "SECRET_KEY": "test-secret-key",
        "SCREENING_QUEUE": f"screening-test-{uuid.uuid4().hex[:8]}",
        "SCREENING_CHUNK_SIZE": "50",
        # The tests' webhook receivers listen on loopback, which only an allow-list opens.
        "SCREENING_WEBHOOK_ALLOWED_HOSTS": "127.0.0.1",
        # Tests run the monitor themselves; a worker started by another test must not.
        "SCREENING_MONITOR_ON_CHANGE": "off",
    }
    for var in ("DATABASE_URL", "REDIS_URL"):
        if os.environ.get(var):
            env[var] = os.environ[var]
    created = None
    if env.get("DATABASE_URL", "").startswith("postgres"):
        env["DATABASE_URL"], created = _create_session_database(env["DATABASE_URL"])
    yield env
    if created is not None:
        _drop_database(*created)
    if env.get("REDIS_URL"):
        _drop_redis_queues(env["REDIS_URL"], env["SCREENING_QUEUE"])


def _drop_redis_queues(url: str, queue: str) -> None:
    """Remove the session's queues and kombu's bindings of them (every test queue
    name starts with the session's)."""
    import redis

    client = redis.Redis.from_url(url)
    keys = list(client.scan_iter(match=f"*{queue}*"))
    if keys:
        client.delete(*keys)
    client.close()


def _create_session_database(url: str) -> tuple[str, tuple[str, str]]:
    """A new empty database beside the one ``url`` names: (its URL, (server URL, name))."""
    from sqlalchemy.engine import make_url

    from foundation.settings import normalize_database_url

    server = make_url(normalize_database_url(url))
    name = f"{server.database or 'screening'}_t{uuid.uuid4().hex[:10]}"
    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    server_url = server.render_as_string(hide_password=False)
    return server.set(database=name).render_as_string(hide_password=False), (server_url, name)


def _drop_database(server_url: str, name: str) -> None:
    engine = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def _reset_database(url: str) -> None:
    from foundation.db import make_engine
    from foundation.settings import normalize_database_url
    from screening.schema import upgrade

    url = normalize_database_url(url)
    if url.startswith("postgresql"):
        engine = make_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    upgrade(url)


@pytest.fixture(scope="session")
def app(test_env: dict[str, str]) -> Iterator[Flask]:
    from foundation.settings import Settings
    from screening.app import create_app

    settings = Settings.from_env(test_env)
    _reset_database(settings.database_url)
    application = create_app(settings)
    application.config["TESTING"] = True
    yield application
    application.extensions["database"].dispose()


def _tables() -> list[str]:
    """Every table of the schema, children before parents (so deletes never break a key)."""
    from screening.schema import schema_metadata

    return [table.name for table in reversed(schema_metadata().sorted_tables)]


def _empty_tables(database: Any) -> None:
    with database.engine.begin() as conn:
        if database.is_sqlite:
            conn.execute(text("UPDATE watchlists SET active_version_id = NULL"))
            for table in _tables():
                conn.execute(text(f"DELETE FROM {table}"))
        else:
            conn.execute(text(f"TRUNCATE {', '.join(_tables())} RESTART IDENTITY CASCADE"))


@pytest.fixture()
def db(app: Flask) -> Iterator[Any]:
    """The app's Database, emptied before the test."""
    database = app.extensions["database"]
    # The session's worker may still be finishing a job an earlier test left
    # behind; emptying the tables can then deadlock with it, so try again.
    for attempt in range(10):
        try:
            _empty_tables(database)
            break
        except OperationalError:
            if attempt == 9:
                raise
            time.sleep(0.5)
    listindex = sys.modules.get("screening.indexes")
    if listindex is not None:  # only a loaded module can hold cached indexes
        listindex.clear_cache()
    yield database


@pytest.fixture()
def session(db: Any) -> Iterator[Session]:
    with db.session() as s:
        yield s


@pytest.fixture()
def client(app: Flask, db: Any) -> Any:
    return app.test_client()


SMALL_LIST = [
    ("air-koryo", "company", ["Air Koryo", "고려항공", "Korean Airways"]),
    ("rungra-888", "company", ["Rungra 888", "Rungra-888 Trading Co."]),
    ("ecgb", "public_body", ["External Construction Guidance Bureau"]),
    ("kim-jong-un", "person", ["KIM Jong Un", "김정은"]),
    ("khusnullin", "person", ["Marat Khusnullin", "Хуснуллин Марат"]),
]


def import_small_list(db: Any, source_ids: set[str] | None = None) -> None:
    """A new version of the 'small' list, of ``SMALL_LIST`` or only ``source_ids`` of it."""
    from watchlists.records import EntityRecord, NameRecord, SourceRecord
    from watchlists.store import import_records

    records = [
        EntityRecord(
            source_id=source_id,
            schema=schema,
            names=[NameRecord(n, "primary" if i == 0 else "alias") for i, n in enumerate(names)],
            countries=["kp"],
            sources=[SourceRecord(document="test.txt", claim="Named in a test fixture.")],
        )
        for source_id, schema, names in SMALL_LIST
        if source_ids is None or source_id in source_ids
    ]
    with db.session() as session:
        import_records(
            session,
            list_name="small",
            source_format="test",
            records=records,
            source_hash=uuid.uuid4().hex,
            source_files=["test.txt"],
            imported_by="tests",
        )


@pytest.fixture()
def small_list(db: Any) -> str:
    """A five-entity list in the database, active; returns its name."""
    import_small_list(db)
    return "small"


@pytest.fixture()
def api_key(db: Any) -> tuple[str, str]:
    """A key with every scope (screen, read, counterparties): (key, webhook secret)."""
    from screening.accounts.apikeys import create_key

    with db.session() as session:
        row, key = create_key(
            session, "ERP-test", ["counterparties", "read", "screen"], actor="tests"
        )
        return key, row.webhook_secret


@pytest.fixture(scope="session")
def worker(app: Flask, test_env: dict[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    """A real Celery worker process on the configured broker, for the whole session."""
    env = {**os.environ, **test_env}
    log_path = Path(test_env["SCREENING_INSTANCE_PATH"]) / "worker.log"
    log = log_path.open("wb")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "workers.celery_app",
            "worker",
            "--pool",
            "prefork",
            "--concurrency",
            "2",
            "--loglevel",
            "INFO",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"worker exited early:\n{log_path.read_text()[-4000:]}")
        if b"ready." in log_path.read_bytes():
            break
        time.sleep(0.2)
    else:
        proc.kill()
        raise RuntimeError(f"worker not ready in 60 s:\n{log_path.read_text()[-4000:]}")
    proc.log_path = log_path  # type: ignore[attr-defined]
    yield proc
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture(scope="session")
def live_server(app: Flask) -> Iterator[str]:
    """The app behind a real HTTP server on a free loopback port."""
    import threading

    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def wait_for(predicate: Callable[[], Any], timeout: float = 60.0, interval: float = 0.2) -> Any:
    """Poll until predicate() is truthy; fail with the last value otherwise."""
    deadline = time.monotonic() + timeout
    value = None
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout} s (last value: {value!r})")
