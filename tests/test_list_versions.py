"""List versions are immutable; unchanged sources make no version; diffs are exact."""

from __future__ import annotations

from typing import Any

import pytest

from watchlists.models import Watchlist
from watchlists.queries import diff_versions, get_watchlist
from watchlists.records import EntityRecord, ImportFormatError, NameRecord
from watchlists.store import import_records


def _entity(
    source_id: str, name: str, *aliases: str, programs: list[str] | None = None
) -> EntityRecord:
    return EntityRecord(
        source_id=source_id,
        schema="organization",
        names=[NameRecord(name, "primary")] + [NameRecord(a, "alias") for a in aliases],
        programs=programs or ["DPRK"],
    )


def _import(session: Any, records: list[EntityRecord], source_hash: str) -> Any:
    return import_records(
        session,
        list_name="test-list",
        source_format="test",
        records=records,
        source_hash=source_hash,
        source_files=["test.csv"],
        imported_by="tester",
    )


def test_unchanged_source_creates_no_new_version(db: Any) -> None:
    with db.session() as session:
        first = _import(session, [_entity("1", "Rungra 888")], "h1")
    with db.session() as session:
        again = _import(session, [_entity("1", "Rungra 888")], "h1")
    assert first.created and first.version == 1
    assert not again.created and again.version == 1


def test_changed_source_records_added_removed_and_changed(db: Any) -> None:
    with db.session() as session:
        _import(session, [_entity("1", "Alpha"), _entity("2", "Beta"), _entity("3", "Gamma")], "h1")
    with db.session() as session:
        result = _import(
            session,
            [_entity("1", "Alpha"), _entity("2", "Beta", "Beta Trading"), _entity("4", "Delta")],
            "h2",
        )
    assert result.version == 2
    assert result.counts["added"] == 1
    assert result.counts["removed"] == 1
    assert result.counts["changed"] == 1
    assert result.counts["entities"] == 3
    with db.session() as session:
        watchlist = get_watchlist(session, "test-list")
        version = watchlist.active_version
        assert version.number == 2
        assert version.diff["added"] == ["test-list:4"]
        assert version.diff["removed"] == ["test-list:3"]
        assert version.diff["changed"][0]["names_added"] == ["alias:Beta Trading"]
        # The old version is still readable and diffable.
        diff = diff_versions(session, watchlist, 1, 2)
        assert diff["counts"] == {"added": 1, "removed": 1, "changed": 1}


def test_failed_import_leaves_active_version_untouched(db: Any) -> None:
    with db.session() as session:
        _import(session, [_entity("1", "Alpha")], "h1")

    def broken() -> Any:
        yield _entity("1", "Alpha changed")
        raise ImportFormatError("test.csv line 2: expected 12 columns, got 3")

    with pytest.raises(ImportFormatError), db.session() as session:
        _import(session, broken(), "h2")  # type: ignore[arg-type]
    with db.session() as session:
        watchlist = session.query(Watchlist).filter_by(name="test-list").one()
        assert watchlist.active_version.number == 1
        assert len(watchlist.versions) == 1


def test_duplicate_source_ids_are_rejected(db: Any) -> None:
    with pytest.raises(ImportFormatError, match="duplicate"), db.session() as session:
        _import(session, [_entity("1", "Alpha"), _entity("1", "Alpha again")], "h1")
