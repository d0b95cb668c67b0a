"""The counterparty register: upserts by reference are idempotent, every change is a
version with its author, and bad lines of a file are rejected with their line numbers."""

from __future__ import annotations

import io
from typing import Any

import pytest
from sqlalchemy import func, select

from foundation.audit import AuditEvent, verify_chain
from foundation.settings import Settings
from screening.alerts.models import Counterparty, CounterpartyChange
from screening.monitoring.files import CounterpartyFileError, read_rows
from screening.monitoring.imports import import_counterparty_file
from screening.monitoring.register import (
    CounterpartyInputError,
    CounterpartyNotFound,
    deactivate_counterparty,
    parse_counterparty,
    put_counterparty,
    upsert_counterparties,
)

CSV = b"""reference,name,type,country,birth_date,identifiers
V-1,Rungra 888 Trading,company,KP,,
V-2,Kim Il,person,kp,1961-04,passport:745420176
V-3,Sovfracht JSC,company,Russia,,inn:7702013180;imo:9292211
"""


def _import(db: Any, settings: Settings, data: bytes, name: str = "register.csv") -> Any:
    return import_counterparty_file(
        db, io.BytesIO(data), name, settings, actor="olga", channel="cli"
    )


def test_import_creates_then_changes_nothing_when_run_again(db: Any, settings: Settings) -> None:
    first = _import(db, settings, CSV)
    assert (first.created, first.updated, first.unchanged, first.rejected) == (3, 0, 0, 0)
    again = _import(db, settings, CSV)
    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, 3, 0)
    with db.session() as session:
        sovfracht = session.scalar(select(Counterparty).where(Counterparty.reference == "V-3"))
        assert sovfracht is not None
        assert sovfracht.country == "ru" and sovfracht.version == 1
        assert sovfracht.identifiers == [
            {"type": "imo", "value": "9292211"},
            {"type": "inn", "value": "7702013180"},
        ]
        assert session.scalar(select(func.count()).select_from(CounterpartyChange)) == 3


def test_a_change_is_a_new_version_with_what_changed_and_who(db: Any, settings: Settings) -> None:
    _import(db, settings, CSV)
    changed = CSV.replace(b"Kim Il,person,kp,1961-04", b"Kim Il Sung,person,kp,1961-04-15")
    summary = _import(db, settings, changed, "monday.csv")
    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 2)
    with db.session() as session:
        kim = session.scalar(select(Counterparty).where(Counterparty.reference == "V-2"))
        assert kim is not None and kim.version == 2 and kim.name == "Kim Il Sung"
        history = [(h.version, h.changed_by, h.channel, h.changes) for h in kim.history]
        assert history[1] == (
            2,
            "olga",
            "cli",
            {"name": ["Kim Il", "Kim Il Sung"], "birth_date": ["1961-04", "1961-04-15"]},
        )
        assert history[0][3]["name"] == [None, "Kim Il"]
        events = session.scalars(
            select(AuditEvent.payload).where(AuditEvent.action == "counterparties.imported")
        ).all()
        assert [(e["created"], e["updated"]) for e in events] == [(3, 0), (0, 1)]
        assert verify_chain(session).ok


def test_bad_lines_are_rejected_with_their_numbers_and_the_rest_imported(
    db: Any, settings: Settings
) -> None:
    data = (
        b"reference,name,type,country,birth_date,identifiers\n"
        b"A-1,Good Company Ltd,company,,,\n"
        b"A-2,,company,,,\n"
        b"A-3,Ship One,boat,,,\n"
        b"A-4,Someone,person,Atlantis,1990-13-01,\n"
        b"A-1,Again Company,company,,,\n"
        b"A-5,Bad \xff Bytes,company,,,\n"
        b'A-6,"Quoted, Name",company,DE,,"imo:1234567"\n'
        b"A-7,Too,many,fields,,,,\n"
    )
    summary = _import(db, settings, data)
    assert (summary.created, summary.rejected) == (2, 6)
    assert [(r.line, r.reference) for r in summary.rejects] == [
        (3, "A-2"),
        (4, "A-3"),
        (5, "A-4"),
        (6, "A-1"),
        (7, None),
        (9, None),
    ]
    line = summary.line()
    assert line.startswith(
        "2 created, 0 updated, 0 unchanged, 6 rejected (line 3: name: name is empty"
    )
    assert "line 5: country: country 'Atlantis' is not an ISO 3166 code" in line
    assert "birth_date '1990-13-01'" in line
    assert "line 6: reference 'A-1' is on line 2 too" in line
    assert "line 7: not valid UTF-8" in line


def test_json_lines_with_per_line_rejects(db: Any, settings: Settings) -> None:
    data = (
        b'{"reference": "J-1", "name": "Air Koryo", "type": "company", '
        b'"identifiers": [{"type": "iata", "value": "JS"}]}\n'
        b"not json\n"
        b'{"reference": "J-2", "name": "X", "colour": "red"}\n'
        b"\n"
        b'{"reference": "J-3", "name": "Kim Jong Un", "type": "person", "birth_date": "1984"}\n'
    )
    summary = _import(db, settings, data, "register.jsonl")
    assert (summary.created, summary.rejected) == (2, 2)
    assert [(r.line, r.message[:8]) for r in summary.rejects] == [(2, "not JSON"), (3, "colour: ")]


def test_a_file_that_is_not_a_counterparty_file_stops_with_its_line() -> None:
    with pytest.raises(CounterpartyFileError, match="line 1: unknown column"):
        list(read_rows(io.BytesIO(b"reference,name,birthdate\nX,Y,1990\n"), "x.csv"))
    with pytest.raises(CounterpartyFileError, match="no 'reference' column"):
        list(read_rows(io.BytesIO(b"name\nY\n"), "x.csv"))
    with pytest.raises(CounterpartyFileError, match=r"line 3: malformed CSV.*truncated"):
        list(read_rows(io.BytesIO(b'reference,name\nA,B\nC,"open quote\n'), "x.csv"))


def test_input_checks_name_each_field() -> None:
    with pytest.raises(CounterpartyInputError) as caught:
        parse_counterparty(
            {"reference": "", "name": "x" * 600, "type": "ship", "identifiers": "imo"},
            max_name_length=512,
        )
    assert {p["field"] for p in caught.value.problems} == {
        "reference",
        "name",
        "type",
        "identifiers",
    }


def test_put_and_deactivate_one_counterparty(db: Any) -> None:
    item = parse_counterparty({"reference": "P-1", "name": "Rungra 888"}, max_name_length=512)
    with db.session() as session:
        created, status = put_counterparty(session, item, actor="api-key:ERP", channel="api")
        assert status == "created" and created.version == 1
    with db.session() as session:
        _same, status = put_counterparty(session, item, actor="api-key:ERP", channel="api")
        assert status == "unchanged"
    with db.session() as session:
        gone = deactivate_counterparty(session, "P-1", actor="api-key:ERP", channel="api")
        assert not gone.active and gone.version == 2
        with pytest.raises(CounterpartyNotFound):
            deactivate_counterparty(session, "P-404", actor="x", channel="api")
    with db.session() as session:
        actions = session.scalars(select(AuditEvent.action).order_by(AuditEvent.seq)).all()
        assert actions == ["counterparty.created", "counterparty.deactivated"]


def test_references_must_be_unique_within_one_upsert(db: Any) -> None:
    item = parse_counterparty({"reference": "D-1", "name": "A"}, max_name_length=512)
    with db.session() as session, pytest.raises(ValueError, match="unique"):
        upsert_counterparties(session, [item, item], actor="t", channel="cli")
