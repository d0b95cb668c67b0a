"""Decisions on alerts with four eyes: propose, then confirm or reject, in one place.

An officer's (or reviewer's) decision on an alert is a *proposal*; it takes
effect when a reviewer (or an admin) other than the proposer confirms it, or is
sent back when they reject it with a reason. With ``SCREENING_FOUR_EYES=off``
a proposal takes effect at once. Every step is written to the alert's history
and to the audit chain; what a decision then does is in ``review.effects``.

``decide_match`` is the old per-match disposition: a match's disposition is now
a proposal on the match's alert.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from foundation.audit import AuditAction, record_event
from foundation.db import utcnow
from foundation.settings import Settings
from screening.alerts.models import (
    DECISION_KINDS,
    Alert,
    AlertEvent,
    AlertEventKind,
    AlertStatus,
    Clearance,
    Decision,
    DecisionKind,
    DecisionStatus,
)
from screening.alerts.raising import mirror_review_status
from screening.review.effects import apply_decision
from screening.review.matches import alert_for_match
from screening.review.rules import (
    MAX_TEXT_LENGTH,
    Actor,
    ReviewError,
    is_id,
    optional_text,
    require_confirm,
    require_work,
    required_text,
)

# The name this error had when decisions were made on matches; channels still use it.
DecisionError = ReviewError
MAX_COMMENT_LENGTH = MAX_TEXT_LENGTH
FOUR_EYES_OFF_NOTE = "took effect at once: SCREENING_FOUR_EYES is off"


@dataclass
class Decided:
    """What a decision step did: the alert and decision, and whether it took effect."""

    alert: Alert
    decision: Decision
    took_effect: bool
    clearance: Clearance | None = None
    # Key events (counterparty.blocked) to send with TaskName.DELIVER_EVENT after commit.
    webhook_events: list[str] = field(default_factory=list)


def get_alert(session: Session, alert_id: int, *, for_update: bool = False) -> Alert:
    if not is_id(alert_id):
        raise ReviewError(f"There is no alert {alert_id}.", status=404)
    query = select(Alert).where(Alert.id == alert_id)
    if for_update:
        # Two reviewers confirming at once: the second waits, then sees it is decided.
        query = query.with_for_update()
    alert = session.scalar(query)
    if alert is None:
        raise ReviewError(f"There is no alert {alert_id}.", status=404)
    return alert


def pending_decision(alert: Alert) -> Decision | None:
    """The proposal waiting for a reviewer, if any."""
    for decision in reversed(alert.decisions):
        if decision.status == DecisionStatus.PROPOSED:
            return decision
    return None


def propose_decision(
    session: Session,
    settings: Settings,
    alert_id: int,
    decision: str,
    reason: str,
    actor: Actor,
) -> Decided:
    """``actor`` proposes ``decision`` with ``reason``; with four eyes off it takes effect.

    Raises ReviewError: 403 for roles that may not decide, 400 for an unknown
    decision or a missing reason, 404 for no such alert, 409 when the alert is
    closed, already waits for a confirmation, or is escalated again. Caller commits.
    """
    require_work(actor, "decide on alerts")
    if decision not in DECISION_KINDS:
        raise ReviewError(f"Choose a decision: one of {', '.join(DECISION_KINDS)}.")
    reason = required_text(reason, "A reason")
    alert = get_alert(session, alert_id, for_update=True)
    _check_open_for_decision(alert, decision)
    now = utcnow()
    row = Decision(
        alert_id=alert.id,
        decision=decision,
        reason=reason,
        status=DecisionStatus.PROPOSED,
        proposed_by=actor.username,
        proposed_at=now,
        list_version=alert.list_version,
        listing_hash=alert.listing_hash,
        subject_hash=alert.subject_hash,
    )
    session.add(row)
    session.flush()
    session.add(
        AlertEvent(
            alert_id=alert.id,
            at=now,
            actor=actor.username,
            kind=AlertEventKind.PROPOSED,
            note=reason,
            data={"decision_id": row.id, "decision": decision, "from_status": alert.status},
        )
    )
    _audit(session, actor, AuditAction.ALERT_DECISION_PROPOSED, alert, row)
    if not settings.four_eyes:
        return _take_effect(session, settings, alert, row, actor, FOUR_EYES_OFF_NOTE, applied=True)
    alert.status = AlertStatus.PROPOSED
    alert.updated_at = now
    mirror_review_status(session, alert.id, AlertStatus.PROPOSED)
    return Decided(alert, row, took_effect=False)


def confirm_decision(
    session: Session, settings: Settings, alert_id: int, actor: Actor, note: str | None = None
) -> Decided:
    """A reviewer confirms the alert's pending proposal, which then takes effect.

    403 for officers and auditors, and for the proposer themselves (nobody
    confirms their own proposal); 409 when nothing waits for confirmation.
    Caller commits.
    """
    require_confirm(actor, "confirm a decision")
    note = optional_text(note, "The note")
    alert = get_alert(session, alert_id, for_update=True)
    decision = _pending_for_review(alert, actor, "confirm")
    return _take_effect(session, settings, alert, decision, actor, note, applied=False)


def reject_decision(session: Session, alert_id: int, actor: Actor, reason: str | None) -> Decided:
    """A reviewer sends the pending proposal back, with a reason; the alert is worked again.

    Same permissions as :func:`confirm_decision`. Caller commits.
    """
    require_confirm(actor, "reject a decision")
    reason = required_text(reason, "A reason for the rejection")
    alert = get_alert(session, alert_id, for_update=True)
    decision = _pending_for_review(alert, actor, "reject")
    now = utcnow()
    decision.status = DecisionStatus.REJECTED
    decision.reviewed_by = actor.username
    decision.reviewed_at = now
    decision.review_reason = reason
    # Back to where it was before the proposal: escalated stays escalated.
    escalated = any(
        d.status == DecisionStatus.CONFIRMED and d.decision == DecisionKind.ESCALATE
        for d in alert.decisions
    )
    alert.status = AlertStatus.ESCALATED if escalated else AlertStatus.OPEN
    alert.updated_at = now
    session.add(
        AlertEvent(
            alert_id=alert.id,
            at=now,
            actor=actor.username,
            kind=AlertEventKind.REJECTED,
            note=reason,
            data={"decision_id": decision.id, "decision": decision.decision},
        )
    )
    mirror_review_status(session, alert.id, alert.status)
    _audit(session, actor, AuditAction.ALERT_DECISION_REJECTED, alert, decision)
    return Decided(alert, decision, took_effect=False)


def _check_open_for_decision(alert: Alert, decision: str) -> None:
    if alert.status == AlertStatus.CLOSED:
        resolution = (alert.resolution or "closed").replace("_", " ")
        raise ReviewError(
            f"Alert {alert.id} is closed ({resolution}); there is nothing left to decide.",
            status=409,
        )
    if alert.status == AlertStatus.PROPOSED:
        raise ReviewError(
            f"A decision on alert {alert.id} already waits for a reviewer's confirmation; "
            "it must be confirmed or rejected first.",
            status=409,
        )
    if alert.status == AlertStatus.ESCALATED and decision == DecisionKind.ESCALATE:
        raise ReviewError(
            f"Alert {alert.id} is already escalated: propose false_positive or true_match.",
            status=409,
        )


def _pending_for_review(alert: Alert, actor: Actor, doing: str) -> Decision:
    decision = pending_decision(alert)
    if alert.status != AlertStatus.PROPOSED or decision is None:
        raise ReviewError(
            f"No decision on alert {alert.id} waits for confirmation (it is {alert.status}).",
            status=409,
        )
    if decision.proposed_by == actor.username:
        raise ReviewError(
            f"You proposed this decision, so you cannot {doing} it: another reviewer must "
            "(four eyes).",
            status=403,
        )
    return decision


def _take_effect(
    session: Session,
    settings: Settings,
    alert: Alert,
    decision: Decision,
    actor: Actor,
    note: str | None,
    *,
    applied: bool,
) -> Decided:
    now = utcnow()
    decision.status = DecisionStatus.CONFIRMED
    decision.reviewed_by = actor.username
    decision.reviewed_at = now
    decision.review_reason = note
    session.add(
        AlertEvent(
            alert_id=alert.id,
            at=now,
            actor=actor.username,
            kind=AlertEventKind.APPLIED if applied else AlertEventKind.CONFIRMED,
            note=note,
            data={"decision_id": decision.id, "decision": decision.decision},
        )
    )
    action = AuditAction.ALERT_DECISION_APPLIED if applied else AuditAction.ALERT_DECISION_CONFIRMED
    _audit(session, actor, action, alert, decision)
    effects = apply_decision(session, settings, alert, decision, actor)
    return Decided(
        alert,
        decision,
        took_effect=True,
        clearance=effects.clearance,
        webhook_events=effects.webhook_events,
    )


def _audit(
    session: Session, actor: Actor, action: AuditAction, alert: Alert, decision: Decision
) -> None:
    payload: dict[str, Any] = {
        "decision_id": decision.id,
        "decision": decision.decision,
        "reason": decision.reason,
        "proposed_by": decision.proposed_by,
        "subject": alert.subject_key,
        "list": alert.list_name,
        "list_version": decision.list_version,
        "entity_id": alert.entity_key,
        "listing_hash": decision.listing_hash,
    }
    if decision.reviewed_by is not None:
        payload["reviewed_by"] = decision.reviewed_by
        payload["review_reason"] = decision.review_reason
    record_event(
        session,
        actor=actor.username,
        channel=actor.channel,
        action=action,
        object_type="alert",
        object_id=str(alert.id),
        payload=payload,
    )


def decide_match(
    session: Session,
    settings: Settings,
    match_id: int,
    disposition: str,
    comment: str,
    actor: Actor,
) -> Decided:
    """The old per-match disposition: propose ``disposition`` on the match's alert.

    A match stored before alert review has no alert yet; it gets one first.
    Caller commits.
    """
    require_work(actor, "decide on matches")
    if disposition not in DECISION_KINDS:
        raise ReviewError(f"Choose one of: {', '.join(DECISION_KINDS)}.")
    alert = alert_for_match(session, match_id, actor=actor.username, channel=actor.channel)
    return propose_decision(session, settings, alert.id, disposition, comment, actor)
