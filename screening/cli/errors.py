"""One-line messages, never tracebacks, when the database or the broker fails a command.

``infrastructure_message`` recognises a database without (or with an old)
schema, a database that cannot be used, and a broker that cannot be reached,
and says what to do in one line that names the URL with its password masked.
The ``screening`` group applies it to every sub-command, so commands added
later are covered too; ``preflight`` checks both before a long-running
process starts.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

import click
import kombu.exceptions
import redis.exceptions
from sqlalchemy.exc import DBAPIError

from foundation.settings import Settings
from screening.cli.context import CliContext
from screening.schema import schema_is_current

UPGRADE_HINT = "run `screening db upgrade`"
# What the drivers say when a table or column the code needs is not there.
_MISSING_SCHEMA = (
    "no such table",  # SQLite
    "no such column",
    "has no column named",
    "undefinedtable",  # psycopg's class names, in case a message is empty
    "undefinedcolumn",
)
# ...and when it cannot be reached at all.
_UNREACHABLE = (
    "connection",
    "could not connect",
    "unable to open database file",
    "could not translate host name",
    "name or service not known",
    "timeout expired",
)
_BROKER_ERRORS = (
    kombu.exceptions.OperationalError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
)


def redact_url(url: str) -> str:
    """``url`` with its password replaced by ***."""
    try:
        parts = urlsplit(url)
        password = parts.password
    except ValueError:
        return url
    if not password:
        return url
    user = parts.username or ""
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return (text.splitlines() or [type(exc).__name__])[0][:300]


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def _missing_schema(exc: DBAPIError) -> bool:
    text = f"{type(exc.orig).__name__} {exc.orig}".lower()
    if any(marker in text for marker in _MISSING_SCHEMA):
        return True
    # PostgreSQL: relation "users" does not exist / column users.x does not exist
    return "does not exist" in text and ("relation" in text or "column" in text)


def infrastructure_message(exc: BaseException, settings: Settings) -> str | None:
    """One line for a database or broker failure anywhere in ``exc``'s chain, else None."""
    for error in _chain(exc):
        if isinstance(error, DBAPIError):
            database = redact_url(settings.database_url)
            if _missing_schema(error):
                return f"the database at {database} lacks this version's tables: {UPGRADE_HINT}"
            reason = _first_line(error)
            verb = "reach" if any(m in reason.lower() for m in _UNREACHABLE) else "use"
            return f"cannot {verb} the database at {database}: {reason}"
        if isinstance(error, _BROKER_ERRORS):
            broker = redact_url(settings.broker_url)
            return f"cannot reach the broker at {broker}: {_first_line(error)}"
    return None


def preflight(ctx: CliContext, broker: bool = True) -> None:
    """Before a long-running process starts: the database answers with the current schema,
    and (``broker``) the broker answers. Otherwise a one-line ClickException."""
    runtime = ctx.runtime
    database = redact_url(runtime.settings.database_url)
    try:
        runtime.database.ping()
        current = schema_is_current(runtime.database.engine)
    except Exception as exc:
        raise click.ClickException(
            infrastructure_message(exc, runtime.settings)
            or f"cannot use the database at {database}: {_first_line(exc)}"
        ) from exc
    if not current:
        raise click.ClickException(
            f"the database at {database} is not at this version's schema: {UPGRADE_HINT}"
        )
    if broker:
        try:
            with runtime.queue.celery.connection_for_write() as conn:
                conn.ensure_connection(max_retries=1, interval_start=0, timeout=3)
        except Exception as exc:
            raise click.ClickException(
                f"cannot reach the broker at {redact_url(runtime.settings.broker_url)}: "
                f"{_first_line(exc)}"
            ) from exc
