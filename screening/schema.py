"""The database schema: apply and inspect the Alembic migrations (``screening db upgrade``)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData
from sqlalchemy.engine import Engine

# Every module that defines tables, so the metadata below holds the whole schema.
import foundation.audit.models  # noqa: F401
import screening.accounts.models
import screening.alerts.models
import screening.models
import screening.monitoring.models  # noqa: F401
import watchlists.models
import watchlists.sources.models  # noqa: F401
from foundation.db import Base

MIGRATIONS_PATH = Path(__file__).resolve().parent / "migrations"


def schema_metadata() -> MetaData:
    """The tables of every package: what the migrations must produce."""
    return Base.metadata


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_PATH))
    # Alembic's ini interpolation treats % specially.
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(database_url), revision)


def head_revision() -> str | None:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return script.get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def schema_is_current(engine: Engine) -> bool:
    return current_revision(engine) == head_revision()
