"""Raising alerts: one unclosed alert per pair, clearances that lapse, delisting closes."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from foundation.audit import AuditAction, AuditEvent, EventBatch
from foundation.db import as_utc, utcnow
from screening.alerts import raising
from screening.alerts.models import (
    Alert,
    AlertEvent,
    AlertReason,
    AlertStatus,
    Clearance,
    Decision,
    DecisionKind,
    DecisionStatus,
)
from screening.alerts.raising import (
    Evidence,
    Finding,
    Raised,
    close_delisted,
    raise_alert,
    raise_alerts,
)
from screening.alerts.reports import alert_json
from screening.alerts.subjects import Subject, name_subject
from screening.models import Channel
from screening.review.alert_view import load_alert_view

EVIDENCE = Evidence(
    list_name="ofac",
    list_version=1,
    entity_key="ofac:123",
    source_id="123",
    entity_name="DOVER",
    listing_hash="L1",
    matched_name="DOVER",
    score=0.91,
    explanation={"method": "test"},
    algorithm_version="test-1",
)
DOVER = name_subject("Dover Corp", "company", "us")


def _raise(session: Any, subject: Subject = DOVER, evidence: Evidence = EVIDENCE) -> Any:
    return raise_alert(
        session, subject, evidence, AlertReason.SCREENING, actor="tests", channel=Channel.API
    )


def _clear(session: Any, alert: Alert, **overrides: Any) -> Clearance:
    decision = Decision(
        alert_id=alert.id,
        decision=DecisionKind.FALSE_POSITIVE,
        reason="Different company: US industrial group.",
        status=DecisionStatus.CONFIRMED,
        proposed_by="olga",
        reviewed_by="rita",
    )
    session.add(decision)
    session.flush()
    clearance = Clearance(
        subject_key=alert.subject_key,
        list_name=alert.list_name,
        entity_key=alert.entity_key,
        listing_hash=alert.listing_hash,
        subject_hash=alert.subject_hash,
        decision_id=decision.id,
        alert_id=alert.id,
        cleared_by="rita",
        **overrides,
    )
    session.add(clearance)
    alert.status = AlertStatus.CLOSED
    alert.resolution = DecisionKind.FALSE_POSITIVE
    return clearance


def test_the_same_pair_found_twice_keeps_one_open_alert(db: Any) -> None:
    with db.session() as session:
        first = _raise(session)
        again = _raise(session, evidence=replace(EVIDENCE, score=0.95, list_version=2))
        assert (first.outcome, again.outcome) == (Raised.OPENED, Raised.EXISTING)
        assert again.alert is not None and again.alert.id == first.alert.id
        assert again.alert.score == 0.95 and again.alert.list_version == 2
        assert session.scalar(select(func.count()).select_from(Alert)) == 1


def test_another_spelling_of_the_same_name_is_the_same_subject() -> None:
    assert name_subject("DOVER  CORP", "company", "US").key == DOVER.key
    assert name_subject("Dover Corp", "person", "us").key != DOVER.key
    assert name_subject("Dover Corp", "company", None).key != DOVER.key


def test_a_cleared_pair_stays_quiet_until_the_listing_changes(db: Any) -> None:
    with db.session() as session:
        clearance = _clear(session, _raise(session).alert)
        session.flush()
        quiet = _raise(session)
        assert quiet.outcome == Raised.CLEARED and quiet.clearance is not None
        assert quiet.clearance.id == clearance.id
        changed = _raise(session, evidence=replace(EVIDENCE, listing_hash="L2"))
        assert changed.outcome == Raised.OPENED
        assert clearance.lapsed_at is not None


def test_a_clearance_lapses_when_the_subject_changes(db: Any) -> None:
    counterparty = Subject(key="counterparty:C-1", hash="H1", name="Dover Corp")
    with db.session() as session:
        _clear(session, _raise(session, counterparty).alert)
        session.flush()
        assert _raise(session, counterparty).outcome == Raised.CLEARED
        moved = replace(counterparty, hash="H2")
        assert _raise(session, moved).outcome == Raised.OPENED


def test_an_expired_clearance_no_longer_counts(db: Any) -> None:
    with db.session() as session:
        _clear(session, _raise(session).alert, expires_at=utcnow() - timedelta(seconds=1))
        session.flush()
        assert _raise(session).outcome == Raised.OPENED


def test_delisting_closes_the_alerts_on_the_entity(db: Any) -> None:
    with db.session() as session:
        alert = _raise(session).alert
        other = _raise(session, evidence=replace(EVIDENCE, entity_key="ofac:999")).alert
        closed = close_delisted(
            session, "ofac", ["ofac:123"], 2, actor="monitor", channel=Channel.CLI
        )
        assert closed == 1
        session.refresh(alert)
        session.refresh(other)
        assert (alert.status, alert.reason, alert.raised_reason) == (
            "closed",
            "delisted",
            "screening",
        )
        assert other.status == "open"
        # A closed pair can alert again.
        assert _raise(session).outcome == Raised.OPENED


def test_alert_json_carries_both_sides_and_the_state(db: Any) -> None:
    with db.session() as session:
        alert = _raise(session).alert
        body = alert_json(alert)
    assert body["subject_name"] == "Dover Corp" and body["counterparty_reference"] is None
    assert (body["list"], body["entity_id"], body["score"]) == ("ofac", "ofac:123", 0.91)
    assert (body["status"], body["reason"]) == ("open", "screening")


def test_the_alert_page_counts_every_screening_that_found_the_pair(db: Any) -> None:
    """A pair found by monitoring has no job match; it was still found, once per screening."""
    with db.session() as session:
        alert_id = _raise(session).alert.id
        session.commit()
        view = load_alert_view(session, alert_id)
        assert (view.screening_count, view.job_screening_count) == (1, 0)
        _raise(session, evidence=replace(EVIDENCE, score=0.95))
        session.commit()
        session.expire_all()
        assert load_alert_view(session, alert_id).screening_count == 2


def _findings(*pairs: tuple[Subject, Evidence]) -> list[Finding]:
    return [Finding(subject, evidence) for subject, evidence in pairs]


def _raise_many(session: Any, findings: list[Finding], audit: EventBatch | None = None) -> Any:
    return raise_alerts(
        session,
        findings,
        AlertReason.SCREENING,
        actor="tests",
        channel=Channel.API,
        job_id=None,
        audit=audit,
    )


def test_new_pairs_of_one_screening_open_together_and_a_repeat_joins_its_alert(
    db: Any,
) -> None:
    other = replace(EVIDENCE, entity_key="ofac:999", score=0.88)
    again = replace(EVIDENCE, score=0.97)
    with db.session() as session:
        audit = EventBatch()
        results = _raise_many(
            session, _findings((DOVER, EVIDENCE), (DOVER, other), (DOVER, again)), audit
        )
        assert [r.outcome for r in results] == [Raised.OPENED, Raised.OPENED, Raised.EXISTING]
        first, second, repeat = (r.alert for r in results)
        assert repeat is first and first.id != second.id
        assert first.score == 0.97  # the repeat's evidence is the newest
        assert not session.dirty and not session.new  # written, nothing left to flush
        audit.write(session)
    with db.session() as session:
        rows = session.execute(
            select(AlertEvent.alert_id, AlertEvent.kind).order_by(AlertEvent.id)
        ).all()
        assert sorted(rows) == sorted(
            [(first.id, "raised"), (second.id, "raised"), (first.id, "screened")]
        )
        assert [kind for alert_id, kind in rows if alert_id == first.id] == ["raised", "screened"]
        opened = session.execute(
            select(AuditEvent.object_id)
            .where(AuditEvent.action == AuditAction.ALERT_OPENED)
            .order_by(AuditEvent.id)
        ).scalars()
        assert list(opened) == [str(first.id), str(second.id)]
        stored = session.get(Alert, first.id)
        assert stored is not None and (stored.score, stored.match_id) == (0.97, None)
        assert stored.status == AlertStatus.OPEN and stored.closed_at is None


def test_a_pair_raised_elsewhere_meanwhile_is_joined_not_opened_twice(
    db: Any, monkeypatch: Any
) -> None:
    with db.session() as session:
        existing = _raise(session).alert
        session.commit()
        # Another process's alert is not among the ones read up front (it was raised
        # after the look-up): the unique index refuses a second one, the alert is joined.
        monkeypatch.setattr(raising, "_pair_state", lambda _session, _keys: ({}, {}))
        joined = _raise(session, evidence=replace(EVIDENCE, score=0.93))
        assert joined.outcome == Raised.EXISTING
        assert joined.alert.id == existing.id and joined.alert.score == 0.93
        session.commit()
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Alert)) == 1
        assert session.scalar(select(Alert.score)) == 0.93
        kinds = session.scalars(select(AlertEvent.kind).order_by(AlertEvent.id)).all()
        assert kinds == ["raised", "screened"]


def test_an_alert_found_again_writes_only_what_changed(db: Any) -> None:
    with db.session() as session:
        alert = _raise(session).alert
        session.commit()
        opened_at, updated_at = alert.opened_at, alert.updated_at
        again = _raise(session, evidence=replace(EVIDENCE, list_version=3))
        assert again.alert is alert and alert.list_version == 3
        assert as_utc(alert.updated_at) > as_utc(updated_at)
        assert alert not in session.dirty
        session.commit()
    with db.session() as session:
        stored = session.get(Alert, alert.id)
        assert stored is not None
        assert (stored.list_version, stored.score, stored.explanation) == (
            3,
            0.91,
            {"method": "test"},
        )
        assert as_utc(stored.opened_at) == as_utc(opened_at)
        assert as_utc(stored.updated_at) > as_utc(updated_at)


def test_many_new_pairs_of_many_subjects_open_each_once(db: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(raising, "LOOKUP_BATCH", 2)
    evidence = [replace(EVIDENCE, entity_key=f"ofac:{i}") for i in range(5)]
    with db.session() as session:
        results = _raise_many(session, _findings(*((DOVER, e) for e in evidence)))
        assert [r.outcome for r in results] == [Raised.OPENED] * 5
        assert [r.alert.entity_key for r in results] == [e.entity_key for e in evidence]
        assert len({r.alert.id for r in results}) == 5
        session.commit()
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Alert)) == 5


def test_an_alert_found_twice_in_one_screening_ends_with_the_last_evidence(db: Any) -> None:
    third = replace(EVIDENCE, entity_key="ofac:777")
    with db.session() as session:
        alert = _raise(session).alert
        _raise(session, evidence=third)
        session.commit()
        results = _raise_many(
            session,
            _findings(
                (DOVER, replace(third, score=0.5)),
                (DOVER, replace(EVIDENCE, score=0.95, matched_name="DOVER INC")),
                (DOVER, replace(EVIDENCE, score=0.97, matched_name="DOVER INC")),
            ),
        )
        assert [r.outcome for r in results] == [Raised.EXISTING] * 3
        assert alert.score == 0.97
        session.commit()
    with db.session() as session:
        stored = session.get(Alert, alert.id)
        assert stored is not None and (stored.score, stored.matched_name) == (0.97, "DOVER INC")
