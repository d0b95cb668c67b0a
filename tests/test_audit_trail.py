"""``screening audit verify`` catches truncation, a rebuilt chain and edited results;
``screening audit anchor`` keeps the keyed head outside the database."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import delete, select, update

from foundation.audit import AuditAction, AuditEvent, ChainHead, record_event, seal_events
from foundation.audit.chain import GENESIS_HASH, event_hash
from screening.cli import main
from screening.models import MatchResult, ScreeningItem


@pytest.fixture()
def anchors(tmp_path: Path) -> Path:
    return tmp_path / "anchors" / "audit-anchors.jsonl"


@pytest.fixture()
def cli(test_env: dict[str, str], db: Any, anchors: Path) -> Any:
    runner = CliRunner()
    env = {**test_env, "SCREENING_AUDIT_ANCHOR_FILE": str(anchors)}

    def invoke(*args: str) -> Result:
        return runner.invoke(main, list(args), env=env, catch_exceptions=False)

    return invoke


def _events(db: Any, n: int) -> None:
    with db.session() as session:
        for i in range(n):
            record_event(
                session,
                actor="tester",
                channel="cli",
                action=AuditAction.USER_CREATED,
                object_type="user",
                object_id=f"user-{i}",
                payload={"i": i},
            )


def _anchored_head(output: str) -> str:
    """``SEQ:HASH`` from the anchor command's output."""
    return output.split("anchored head ", 1)[1].split()[0]


def _rebuild_chain_from(db: Any, seq: int) -> None:
    """What someone with database access can do: recompute every hash from ``seq`` on."""
    with db.session() as session:
        events = session.scalars(select(AuditEvent).order_by(AuditEvent.seq)).all()
        prev = GENESIS_HASH
        for event in events:
            if event.seq >= seq:
                event.prev_hash = prev
                event.hash = event_hash(
                    seq=event.seq,
                    created_at=event.created_at,
                    actor=event.actor,
                    channel=event.channel,
                    action=event.action,
                    object_type=event.object_type,
                    object_id=event.object_id,
                    payload=event.payload,
                    prev_hash=prev,
                )
            prev = event.hash


def test_verify_seals_first_and_reports_the_head(cli: Any, db: Any) -> None:
    _events(db, 3)
    result = cli("audit", "verify")
    assert result.exit_code == 0, result.output
    assert "audit chain intact: 3 events, head 3:" in result.output


def test_expected_head_catches_the_last_events_deleted(cli: Any, db: Any) -> None:
    _events(db, 5)
    seal_events(db)
    with db.session() as session:
        head = session.scalar(select(AuditEvent).where(AuditEvent.seq == 5))
        assert head is not None
        expected = f"{head.seq}:{head.hash}"
    assert cli("audit", "verify", "--expect-head", expected).exit_code == 0
    with db.session() as session:
        session.execute(delete(AuditEvent).where(AuditEvent.seq >= 4))
    plain = cli("audit", "verify")
    assert plain.exit_code == 0  # a chain cut at the end still recomputes
    result = cli("audit", "verify", "--expect-head", expected)
    assert result.exit_code == 1
    assert "expected head NOT reached" in result.output
    assert "events 4..5 were removed" in result.output


def test_anchor_catches_a_chain_rebuilt_after_an_edit(cli: Any, db: Any, anchors: Path) -> None:
    _events(db, 4)
    anchored = cli("audit", "anchor")
    assert anchored.exit_code == 0, anchored.output
    line = json.loads(anchors.read_text().splitlines()[-1])
    assert f"{line['seq']}:{line['hash']}" == _anchored_head(anchored.output) != ""
    assert cli("audit", "verify").exit_code == 0
    with db.session() as session:
        session.execute(
            update(AuditEvent).where(AuditEvent.seq == 2).values(payload={"i": "rewritten"})
        )
    _rebuild_chain_from(db, 2)
    result = cli("audit", "verify")
    assert result.exit_code == 1
    assert "audit chain intact" in result.output  # the unkeyed chain was rebuilt consistently
    assert "anchor problem" in result.output and "the chain was rewritten" in result.output


def test_an_anchor_forged_for_a_rebuilt_chain_is_refused(cli: Any, db: Any, anchors: Path) -> None:
    _events(db, 3)
    assert cli("audit", "anchor").exit_code == 0
    with db.session() as session:
        session.execute(update(AuditEvent).where(AuditEvent.seq == 3).values(actor="mallory"))
    _rebuild_chain_from(db, 3)
    # Rewrite the anchor file to match the rebuilt head, without the key.
    with db.session() as session:
        head = session.scalar(select(AuditEvent).where(AuditEvent.seq == 3))
        assert head is not None
    forged = json.loads(anchors.read_text())
    forged.update(hash=head.hash)
    anchors.write_text(json.dumps(forged) + "\n")
    result = cli("audit", "verify")
    assert result.exit_code == 1
    assert "HMAC does not match" in result.output


def test_head_hmac_must_be_the_services(cli: Any, db: Any) -> None:
    _events(db, 2)
    head = _anchored_head(cli("audit", "anchor").output)
    forged = cli("audit", "verify", "--expect-head", head, "--head-hmac", "ab" * 32)
    assert forged.exit_code == 1
    assert "head HMAC does NOT match" in forged.output


def test_anchor_appends_and_logs_the_keyed_head(
    cli: Any, db: Any, anchors: Path, caplog: pytest.LogCaptureFixture
) -> None:
    _events(db, 2)
    with caplog.at_level("WARNING", logger="foundation.audit.head"):
        cli("audit", "anchor")
        _events(db, 1)
        cli("audit", "anchor")
    lines = [json.loads(raw) for raw in anchors.read_text().splitlines()]
    assert [line["seq"] for line in lines] == [2, 3]
    assert all(len(line["hmac"]) == 64 and line["key_id"] for line in lines)
    assert sum("audit head anchored: seq=" in r.getMessage() for r in caplog.records) == 2
    assert cli("audit", "verify").exit_code == 0


def test_a_malformed_expected_head_is_a_one_line_error(cli: Any) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["audit", "verify", "--expect-head", "12:nothex"])
    assert result.exit_code == 2
    assert "expected SEQ:HASH" in result.output
    assert "Traceback" not in result.output
    assert ChainHead.parse(" 7:" + "A" * 64) == ChainHead(7, "a" * 64)


def test_verify_recomputes_stored_results_against_their_recorded_digests(
    cli: Any, db: Any, small_list: str
) -> None:
    screened = cli("screen", "Air Koryo", "Rungra 888", "Jane Doe", "--format", "json")
    assert screened.exit_code == 0, screened.output
    ok = cli("audit", "verify")
    assert ok.exit_code == 0, ok.output
    assert "stored results: 3 results of 1 jobs match their recorded digests" in ok.output
    with db.session() as session:
        match = session.scalars(select(MatchResult).order_by(MatchResult.id)).first()
        assert match is not None
        match.score = round(match.score - 0.05, 4)
        position = session.get(ScreeningItem, match.item_id).position  # type: ignore[union-attr]
    result = cli("audit", "verify")
    assert result.exit_code == 1
    assert "stored results MISMATCH" in result.output
    assert f"stored results differ from their recorded digests at positions {position}" in (
        result.output
    )
    assert "audit chain intact" in result.output  # the chain itself was not touched


def test_an_edited_outcome_is_caught_too(cli: Any, db: Any, small_list: str) -> None:
    assert cli("screen", "Air Koryo", "Jane Doe").exit_code == 0
    with db.session() as session:
        clear = session.scalar(select(ScreeningItem).where(ScreeningItem.name == "Jane Doe"))
        assert clear is not None
        clear.outcome = "potential_match"
    result = cli("audit", "verify")
    assert result.exit_code == 1
    assert "differ from their recorded digests at positions 1" in result.output
