"""Database engine, the declarative base and the one session pattern.

Web requests get a session per request (``get_session``), workers and CLI
commands use ``Database.session()`` as a context manager. Nothing else
creates sessions.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    Integer,
    MetaData,
    Table,
    bindparam,
    cast,
    create_engine,
    event,
    insert,
    literal,
    select,
    text,
    union_all,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.pool import NullPool
from sqlalchemy.sql.dml import Insert

from foundation import jsoncodec

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """Aware UTC datetime; SQLite hands back naive values that are already UTC."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 in UTC, or None."""
    return as_utc(moment).isoformat() if moment is not None else None


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {
        dict[str, Any]: JSON,
        list[Any]: JSON,
        list[str]: JSON,
        datetime: DateTime(timezone=True),
    }


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets the web process read while a worker writes.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 30},
            poolclass=NullPool,
            json_serializer=jsoncodec.dumps,
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    engine = create_engine(url, pool_size=5, max_overflow=10, json_serializer=jsoncodec.dumps)
    event.listen(engine.pool, "checkin", _note_checkin)
    event.listen(engine.pool, "checkout", functools.partial(_ping_if_idle, engine.dialect))
    return engine


# A pooled connection that sat idle this long is pinged before it is handed out, and
# replaced if the server dropped it (a restart, a failover, an idle timeout). One in
# steady use is not: always pinging (pool_pre_ping) cost each web request a round
# trip. A connection that dies while busy fails its statement, which invalidates the
# pool's older connections at once, so the requests after it get fresh ones.
PING_AFTER_IDLE_SECONDS = 1.0


def _note_checkin(_dbapi_connection: Any, record: Any) -> None:
    record.info["checked_in_at"] = time.monotonic()


def _ping_if_idle(dialect: Any, dbapi_connection: Any, record: Any, _proxy: Any) -> None:
    checked_in_at = record.info.get("checked_in_at")
    if checked_in_at is None or time.monotonic() - checked_in_at < PING_AFTER_IDLE_SECONDS:
        return  # new, or in steady use
    try:
        dialect.do_ping(dbapi_connection)
    except Exception as exc:  # the driver's own error: any failure means "do not use it"
        raise DisconnectionError(f"database connection lost while idle: {exc}") from exc


def ordered_rows_insert(
    table: Table, columns: Sequence[str], count: int, prefix: str, dialect: str
) -> Insert:
    """``INSERT INTO table (columns) SELECT <row 0> UNION ALL ... ORDER BY n``.

    Row ``n`` takes its values from the parameters ``{prefix}{n}_{column}``
    (see :func:`ordered_rows_params`), and the rows reach the insert sorted by
    ``n``, so the database numbers them in that order. A multi-row VALUES would
    insert the same rows, but SQLAlchemy has no cache key for one and compiles
    it again on every call; this statement is compiled once, as any other. Build
    it once per ``count`` and ``dialect`` (the callers keep an ``lru_cache``).

    On PostgreSQL every value is cast to its column's type: unlike VALUES, a
    SELECT list does not take its types from the target columns, and a NULL
    there would be text.
    """

    def value(n: int, column: str) -> Any:
        given = bindparam(f"{prefix}{n}_{column}", type_=table.c[column].type)
        return cast(given, table.c[column].type) if dialect == "postgresql" else given

    rows = union_all(
        *(
            select(literal(n, Integer).label("n"), *(value(n, c).label(c) for c in columns))
            for n in range(count)
        )
    ).subquery("given")
    ordered = select(*(rows.c[c] for c in columns)).order_by(rows.c.n)
    return insert(table).from_select(list(columns), ordered)


def ordered_rows_params(
    rows: Sequence[Mapping[str, Any]], columns: Sequence[str], prefix: str
) -> dict[str, Any]:
    """The parameters of :func:`ordered_rows_insert` for these rows."""
    return {f"{prefix}{n}_{c}": row[c] for n, row in enumerate(rows) for c in columns}


class Database:
    """Holds the engine and the session factory for one process."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self.session_factory = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session that commits on success and rolls back on error."""
        session = self.session_factory()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def ping(self) -> None:
        with self.engine.connect() as conn:
            conn.execute(text("SELECT 1"))

    def dispose(self) -> None:
        self.engine.dispose()
