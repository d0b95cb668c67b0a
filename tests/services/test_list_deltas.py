"""FollowTheMoney delta files (ADD / MOD / DEL) applied to the active version as new versions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from watchlists.loading import import_ftm_deltas, import_list_path
from watchlists.models import Entity, ListVersion, Watchlist
from watchlists.queries import diff_versions, get_watchlist, version_filter
from watchlists.records import ImportFormatError

YENTE = Path(__file__).resolve().parents[3] / "shared" / "data" / "ftm" / "yente-fixtures"


@pytest.fixture()
def yente() -> Path:
    if not YENTE.exists():
        pytest.skip(f"shared data not available: {YENTE}")
    return YENTE


def _keys(session: Any, name: str, number: int) -> set[str]:
    watchlist = get_watchlist(session, name)
    return set(session.scalars(select(Entity.key).where(version_filter(watchlist.id, number))))


def test_each_newer_delta_becomes_a_version_in_order(db: Any, yente: Path) -> None:
    with db.session() as session:
        [base] = import_list_path(
            session, source_format="ftm", path=yente / "t1", list_name="os", actor="tests"
        )
    assert base.created and base.counts["entities"] == 6
    with db.session() as session:
        results = import_list_path(
            session,
            source_format="ftm",
            path=yente / "t2" / "delta.json",
            list_name="os",
            actor="tests",
        )
    assert [r.version for r in results] == [2, 3, 4, 5]
    assert [(r.counts["added"], r.counts["changed"], r.counts["removed"]) for r in results] == [
        (2, 0, 0),  # wnk: AL-QAIDA IN IRAQ and Janan Agha
        (1, 1, 0),  # pfh: a poltergeist added, AL-QAIDA IN IRAQ modified
        (0, 0, 1),  # npf: the poltergeist deleted
        (1, 0, 0),  # 3iv: Vladimir PLOTNIKOV
    ]
    with db.session() as session:
        watchlist = session.scalar(select(Watchlist).where(Watchlist.name == "os"))
        versions = {v.number: v.dataset_version for v in session.scalars(select(ListVersion))}
        assert versions == {
            1: "20240527134702-zbn",
            2: "20240527194702-wnk",
            3: "20240528014702-pfh",
            4: "20240528074703-npf",
            5: "20240528134729-3iv",
        }
        assert watchlist is not None and watchlist.active_version.number == 5
        assert "os:NK-500Poltergeist" in _keys(session, "os", 3)
        assert "os:NK-500Poltergeist" not in _keys(session, "os", 5)
        diff = diff_versions(session, watchlist, 1, 5)
        assert diff["added"] == [
            "os:NK-2T3S8Hu29ktYnKSTgQp2wL",
            "os:NK-2sJaJRaPJcWUfMbHjTtWcL",
            "os:Q4365364",
        ]
        assert diff["removed"] == [] and diff["changed"] == []
    # Nothing newer: the list stays where it is.
    with db.session() as session:
        again = import_list_path(
            session, source_format="ftm", path=yente / "t2", list_name="os", actor="tests"
        )
    assert [(r.version, r.created) for r in again] == [(5, False)]


def test_a_delta_needs_a_base_version(db: Any, yente: Path) -> None:
    with db.session() as session, pytest.raises(ImportFormatError, match="full export first"):
        import_ftm_deltas(session, index=yente / "t2" / "delta.json", list_name="os", actor="t")


def test_a_damaged_delta_leaves_the_active_version(db: Any, yente: Path, tmp_path: Path) -> None:
    with db.session() as session:
        import_list_path(
            session, source_format="ftm", path=yente / "t1", list_name="os", actor="tests"
        )
    index = tmp_path / "delta.json"
    index.write_text(
        '{"versions": {"20240527134702-zbn": "https://example.org/a", '
        '"20240601000000-bad": "https://example.org/b"}}'
    )
    (tmp_path / "20240601000000-bad").mkdir()
    (tmp_path / "20240601000000-bad" / "entities.delta.json").write_text(
        '{"op": "ADD", "entity": {"id": "NK-x", "schema": "Person", "properties": {"name": ["X'
    )
    with pytest.raises(ImportFormatError, match="line 1: truncated"), db.session() as session:
        import_ftm_deltas(session, index=index, list_name="os", actor="tests")
    with db.session() as session:
        watchlist = session.scalar(select(Watchlist).where(Watchlist.name == "os"))
        assert watchlist is not None and watchlist.active_version.number == 1
