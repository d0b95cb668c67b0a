"""Official lists imported with `screening lists import` into the database.

What an administrator relies on: the real files import whole (aliases,
addresses, original-script names), a second file gives an exact diff, and a
damaged file fails with a message naming the line while the list stays as it
was, without a single partial row.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import func, select

from foundation.audit import AuditEvent
from screening.cli import main
from watchlists.models import Entity, EntityName, ListVersion, Watchlist
from watchlists.queries import diff_versions, get_watchlist, version_filter

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "importers"


@pytest.fixture()
def cli(test_env: dict[str, str], db: Any) -> Any:
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        return runner.invoke(main, list(args), env=test_env, catch_exceptions=False)

    return invoke


def _import(cli: Any, source_format: str, path: Path, list_name: str) -> Result:
    result = cli("lists", "import", source_format, str(path), "--list", list_name)
    assert result.exit_code == 0, result.output
    return result


def _show(cli: Any, list_name: str) -> dict[str, Any]:
    result = cli("lists", "show", list_name, "--json")
    assert result.exit_code == 0, result.output
    body: dict[str, Any] = json.loads(result.output)
    return body


def _ofac_ids(path: Path) -> set[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row[0] for row in csv.reader(handle) if row and row[0].strip().isdigit()}


def _entity(session: Any, key: str, version: int | None = None) -> Entity:
    query = select(Entity).where(Entity.key == key)
    if version is None:
        query = query.where(Entity.removed_in.is_(None))
    else:
        watchlist_id = session.scalar(select(Entity.watchlist_id).where(Entity.key == key))
        query = query.where(version_filter(watchlist_id, version))
    entity: Entity = session.scalars(query).one()
    return entity


def _names(entity: Entity, *kinds: str) -> list[str]:
    return [n.value for n in entity.names if not kinds or n.kind in kinds]


def _state(db: Any, list_name: str) -> dict[str, Any]:
    """Everything an import may touch, for a before/after comparison."""
    with db.session() as session:
        watchlist = session.scalar(select(Watchlist).where(Watchlist.name == list_name))
        if watchlist is None:
            return {"list": None}
        return {
            "active": watchlist.active_version.number if watchlist.active_version else None,
            "versions": session.scalar(
                select(func.count())
                .select_from(ListVersion)
                .where(ListVersion.watchlist_id == watchlist.id)
            ),
            "entity_rows": session.scalar(
                select(func.count()).select_from(Entity).where(Entity.watchlist_id == watchlist.id)
            ),
            "current_rows": session.scalar(
                select(func.count())
                .select_from(Entity)
                .where(Entity.watchlist_id == watchlist.id, Entity.removed_in.is_(None))
            ),
            "name_rows": session.scalar(
                select(func.count())
                .select_from(EntityName)
                .join(Entity, EntityName.entity_id == Entity.id)
                .where(Entity.watchlist_id == watchlist.id)
            ),
            "import_events": session.scalar(
                select(func.count())
                .select_from(AuditEvent)
                .where(AuditEvent.action == "list.imported")
            ),
        }


# --- the real files ------------------------------------------------------------


def test_ofac_2021_set_is_stored_with_aliases_and_addresses(
    cli: Any, db: Any, shared_dir: Path
) -> None:
    output = _import(cli, "ofac-csv", shared_dir / "data/ofac/2021-07", "ofac").output
    assert "version 1 created, 8976 entities" in output
    assert _show(cli, "ofac")["entities"] == 8_976
    with db.session() as session:
        kinds = dict(
            session.execute(select(EntityName.kind, func.count()).group_by(EntityName.kind)).all()
        )
        # alt.csv: 11,910 rows, of which 6 repeat a name the entry already has.
        assert kinds["alias"] + kinds["former_name"] == 11_904
        assert kinds["primary"] == 8_976
        addresses = sum(len(a) for a in session.scalars(select(Entity.addresses)))
        # add.csv: 13,837 rows, of which 2,397 are empty ("-0-" throughout).
        assert addresses == 13_837 - 2_397

        komid = _entity(session, "ofac:9345")
        assert komid.source_id == "9345"
        assert komid.primary_name == "KOREA MINING DEVELOPMENT TRADING CORPORATION"
        assert "CHANGGWANG SINYONG CORPORATION" in _names(komid, "alias")
        assert _names(komid, "weak_alias") == ["KOMID"]
        assert "Central District, Pyongyang, Korea, North" in komid.addresses
        assert "kp" in komid.countries and komid.programs == ["NPWMD", "DPRK2"]
        kim = _entity(session, "ofac:20157")
        assert kim.schema == "person"
        assert kim.names[0].parts == {"last": "KIM", "first": "Jong Un"}


def test_ofac_2021_then_2024_stores_an_exact_diff(cli: Any, db: Any, shared_dir: Path) -> None:
    _import(cli, "ofac-csv", shared_dir / "data/ofac/2021-07", "ofac")
    _import(cli, "ofac-csv", shared_dir / "data/ofac/2024-05-03/sdn.csv", "ofac")
    old = _ofac_ids(shared_dir / "data/ofac/2021-07/sdn.csv")
    new = _ofac_ids(shared_dir / "data/ofac/2024-05-03/sdn.csv")
    assert (len(new - old), len(old - new)) == (6_870, 881)

    with db.session() as session:
        watchlist = get_watchlist(session, "ofac")
        stored = watchlist.active_version.diff
        assert stored["previous"] == 1
        assert stored["counts"]["added"] == len(new - old)
        assert stored["counts"]["removed"] == len(old - new)
        assert stored["counts"]["entities"] == len(new)
        assert set(stored["added"]) == {f"ofac:{i}" for i in new - old}
        assert set(stored["removed"]) == {f"ofac:{i}" for i in old - new}
        # The diff computed from the rows agrees with the one stored at import.
        computed = diff_versions(session, watchlist, 1, 2)
        assert computed["counts"] == {
            k: stored["counts"][k] for k in ("added", "removed", "changed")
        }
        # The 2024 file has no alt.csv, so KOMID's strong aliases are gone in v2...
        change = next(c for c in stored["changed"] if c["key"] == "ofac:9345")
        assert "alias:CHANGGWANG SINYONG CORPORATION" in change["names_removed"]
        assert "addresses" in change["fields"]
        assert "CHANGGWANG SINYONG CORPORATION" not in _names(_entity(session, "ofac:9345"))
        # ...and still there in v1, which stays readable.
        assert "CHANGGWANG SINYONG CORPORATION" in _names(_entity(session, "ofac:9345", 1))

    versions = cli("lists", "versions", "ofac").output
    assert "+6870 -881" in versions


def test_un_xml_imports_all_1003_entries(cli: Any, db: Any, shared_dir: Path) -> None:
    output = _import(cli, "un-xml", shared_dir / "data/un/consolidated_2026-02.xml", "un").output
    assert "version 1 created, 1003 entities" in output
    assert _show(cli, "un")["entities"] == 1_003
    with db.session() as session:
        schemas = dict(
            session.execute(select(Entity.schema, func.count()).group_by(Entity.schema)).all()
        )
        assert schemas == {"person": 730, "organization": 273}
        komid = _entity(session, "un:KPe.001")
        assert "CHANGGWANG SINYONG CORPORATION" in _names(komid, "alias")
        cyrillic = session.scalars(
            select(EntityName.value).where(EntityName.script == "Cyrl")
        ).all()
        assert "Умаров Доку Хаматович" in cyrillic


def test_us_csl_imports_every_row(cli: Any, shared_dir: Path) -> None:
    output = _import(cli, "us-csl", shared_dir / "data/us_csl/consolidated_2022-04.csv", "csl")
    assert "version 1 created, 14160 entities" in output.output
    # The same file again is no new version.
    again = _import(cli, "us-csl", shared_dir / "data/us_csl/consolidated_2022-04.csv", "csl")
    assert "unchanged, still version 1" in again.output


# --- damaged files ---------------------------------------------------------------

DAMAGED = [
    pytest.param(
        "ofac-csv",
        "ofac_2024_sdn_excerpt.csv",
        "ofac_truncated_sdn.csv",
        "ofac_truncated_sdn.csv line 5: malformed CSV: file ends inside a quoted field",
        id="ofac-truncated",
    ),
    pytest.param(
        "ofac-csv",
        "ofac_2024_sdn_excerpt.csv",
        "ofac_bad_bytes_sdn.csv",
        "ofac_bad_bytes_sdn.csv line 3: not valid utf-8 (byte 0xd6",
        id="ofac-wrong-encoding",
    ),
    pytest.param(
        "un-xml",
        "un_excerpt.xml",
        "un_truncated.xml",
        "un_truncated.xml: XML truncated or malformed at line 121",
        id="un-truncated",
    ),
    pytest.param(
        "un-xml",
        "un_excerpt.xml",
        "un_bad_bytes.xml",
        "un_bad_bytes.xml line 69: not valid UTF-8",
        id="un-wrong-encoding",
    ),
    pytest.param(
        "un-xml",
        "un_excerpt.xml",
        "un_malformed.xml",
        "un_malformed.xml: XML truncated or malformed at line 70",
        id="un-garbled",
    ),
    pytest.param(
        "us-csl",
        "us_csl_excerpt.csv",
        "us_csl_truncated.csv",
        "us_csl_truncated.csv line 8: malformed CSV: file ends inside a quoted field",
        id="us-csl-truncated",
    ),
    pytest.param(
        "us-csl",
        "us_csl_excerpt.csv",
        "us_csl_bad_bytes.csv",
        "us_csl_bad_bytes.csv line 4: not valid utf-8 (byte 0xed",
        id="us-csl-wrong-encoding",
    ),
    pytest.param(
        "us-csl",
        "us_csl_excerpt.csv",
        "us_csl_wrong_columns.csv",
        "us_csl_wrong_columns.csv line 3: expected 29 columns, got 26",
        id="us-csl-garbled",
    ),
]


@pytest.mark.parametrize(("source_format", "good", "damaged", "message"), DAMAGED)
def test_damaged_file_fails_clearly_and_changes_nothing(
    cli: Any, db: Any, source_format: str, good: str, damaged: str, message: str
) -> None:
    _import(cli, source_format, FIXTURES / good, "official")
    before = _state(db, "official")
    assert before["active"] == 1

    result = cli("lists", "import", source_format, str(FIXTURES / damaged), "--list", "official")
    assert result.exit_code == 1
    assert f"Error: import failed, nothing changed: {message}" in result.output
    assert "Traceback" not in result.output
    assert _state(db, "official") == before


def test_damaged_file_creates_no_list(cli: Any, db: Any) -> None:
    result = cli("lists", "import", "un-xml", str(FIXTURES / "un_truncated.xml"), "--list", "fresh")
    assert result.exit_code == 1
    assert _state(db, "fresh") == {"list": None}
    shown = cli("lists", "show", "fresh")
    assert shown.exit_code == 1 and "no list named 'fresh'" in shown.output


def test_file_cut_after_thousands_of_rows_leaves_no_partial_rows(
    cli: Any, db: Any, shared_dir: Path, tmp_path: Path
) -> None:
    """The importer writes in batches; a failure late in the file rolls all of them back."""
    _import(cli, "ofac-csv", shared_dir / "data/ofac/2021-07", "ofac")
    before = _state(db, "ofac")
    source = (shared_dir / "data/ofac/2024-05-03/sdn.csv").read_bytes()
    cut = source[:3_500_000]
    cut_line = cut.count(b"\n") + 1
    truncated = tmp_path / "sdn.csv"
    truncated.write_bytes(cut + b'"unterminated')
    assert cut_line > 10_000  # well past several insert batches

    result = cli("lists", "import", "ofac-csv", str(truncated), "--list", "ofac")
    assert result.exit_code == 1
    assert f"sdn.csv line {cut_line}: malformed CSV" in result.output
    assert _state(db, "ofac") == before


def test_nul_byte_fails_clearly_on_every_database(cli: Any, db: Any, tmp_path: Path) -> None:
    source = (FIXTURES / "us_csl_excerpt.csv").read_bytes()
    damaged = tmp_path / "csl.csv"
    damaged.write_bytes(source.replace(b"ARIMERO", b"ARI\x00MERO", 1))
    result = cli("lists", "import", "us-csl", str(damaged), "--list", "csl")
    assert result.exit_code == 1
    assert "csl.csv line 4: NUL byte at column" in result.output
    assert _state(db, "csl") == {"list": None}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("un-xml", "{tmp}/none.xml", "--list", "un"), "does not exist"),
        (("un-xml", "{tmp}", "--list", "un"), "not a file"),
        (("us-csl", "{tmp}", "--list", "csl"), "not a file"),
        (("ofac-csv", "{tmp}", "--list", "ofac"), "no sdn.csv or cons_prim.csv"),
        (("ofac-csv", "{fixtures}/un_excerpt.xml", "--list", "ofac"), "expected 12 columns"),
        (("us-csl", "{fixtures}/ofac_2024_sdn_excerpt.csv", "--list", "c"), "not a CSL file"),
        (("un-xml", "{fixtures}/us_csl_excerpt.csv", "--list", "un"), "XML truncated or"),
        (("ofac-csv", "{fixtures}/ofac_2024_sdn_excerpt.csv", "--list", "a b"), "--list must"),
        (("pdf", "{tmp}", "--list", "x"), "'pdf' is not one of"),
    ],
)
def test_wrong_input_is_a_clear_error(
    cli: Any, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    filled = [a.format(tmp=tmp_path, fixtures=FIXTURES) for a in args]
    result = cli("lists", "import", *filled)
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output
