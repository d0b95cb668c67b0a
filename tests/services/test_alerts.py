"""Raising alerts: one unclosed alert per pair, clearances that lapse, delisting closes."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from foundation.db import utcnow
from screening.alerts.models import (
    Alert,
    AlertReason,
    AlertStatus,
    Clearance,
    Decision,
    DecisionKind,
    DecisionStatus,
)
from screening.alerts.raising import Evidence, Raised, close_delisted, raise_alert
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
