"""The migrations produce exactly the tables the models declare."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from screening.schema import current_revision, head_revision, schema_metadata


def test_migrated_database_matches_the_models(db: Any) -> None:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        differences = compare_metadata(context, schema_metadata())
    assert differences == [], "run: screening db revision / write a migration for " + repr(
        differences[:5]
    )


def test_database_is_at_the_newest_migration(db: Any) -> None:
    assert current_revision(db.engine) == head_revision()
