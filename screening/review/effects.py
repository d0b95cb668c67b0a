"""What a decision does once it takes effect (confirmed, or applied with four eyes off).

- ``false_positive``: the alert closes, and the pair is cleared as the proposer
  saw it (listing digest + subject digest), for ``SCREENING_CLEARANCE_DAYS`` if set;
- ``true_match``: the alert closes; a counterparty is blocked and its API key's
  webhook hears ``counterparty.blocked``;
- ``escalate``: the alert waits, escalated, for a senior decision.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy.orm import Session

from foundation.audit import AuditAction, record_event
from foundation.db import iso, utcnow
from foundation.queue import TaskName, TaskQueue
from foundation.settings import Settings
from screening.alerts.models import (
    Alert,
    AlertEvent,
    AlertEventKind,
    AlertStatus,
    Clearance,
    Decision,
    DecisionKind,
)
from screening.alerts.raising import close_alert, mirror_review_status
from screening.review.rules import Actor
from screening.webhooks import emit_event

log = logging.getLogger(__name__)

BLOCKED_EVENT = "counterparty.blocked"


def send_events(queue: TaskQueue, event_ids: Iterable[str]) -> None:
    """Send committed key events for delivery; the reconciler sends any this misses."""
    for event_id in event_ids:
        try:
            queue.send(TaskName.DELIVER_EVENT, event_id, 1)
        except Exception:
            log.exception("could not send event %s now; the reconciler will", event_id)


@dataclass
class Effects:
    clearance: Clearance | None = None
    # Key events written in this transaction: send TaskName.DELIVER_EVENT after commit.
    webhook_events: list[str] = field(default_factory=list)


def apply_decision(
    session: Session, settings: Settings, alert: Alert, decision: Decision, actor: Actor
) -> Effects:
    """Carry out a decision that has just taken effect. Caller commits."""
    if decision.decision == DecisionKind.ESCALATE:
        _escalate(session, alert, decision, actor)
        return Effects()
    disposition = {
        "disposition": decision.decision,
        "disposition_comment": decision.reason,
        "disposed_by": decision.proposed_by,
        "disposed_at": decision.reviewed_at,
    }
    effects = Effects()
    if decision.decision == DecisionKind.FALSE_POSITIVE:
        effects.clearance = _clear(session, settings, alert, decision, actor)
    else:
        effects.webhook_events = _block(session, alert, decision, actor)
    close_alert(
        session,
        alert,
        decision.decision,
        actor=actor.username,
        channel=actor.channel,
        note=decision.reason,
    )
    mirror_review_status(session, alert.id, AlertStatus.CLOSED, disposition)
    return effects


def _escalate(session: Session, alert: Alert, decision: Decision, actor: Actor) -> None:
    now = utcnow()
    alert.status = AlertStatus.ESCALATED
    alert.updated_at = now
    session.add(
        AlertEvent(
            alert_id=alert.id,
            at=now,
            actor=actor.username,
            kind=AlertEventKind.ESCALATED,
            note=decision.reason,
            data={"decision_id": decision.id},
        )
    )
    mirror_review_status(session, alert.id, AlertStatus.ESCALATED)


def _clear(
    session: Session, settings: Settings, alert: Alert, decision: Decision, actor: Actor
) -> Clearance:
    now = utcnow()
    days = settings.clearance_days
    clearance = Clearance(
        subject_key=alert.subject_key,
        list_name=alert.list_name,
        entity_key=alert.entity_key,
        # Both sides as the proposer saw them: a change since alerts again.
        listing_hash=decision.listing_hash or alert.listing_hash,
        subject_hash=decision.subject_hash or alert.subject_hash,
        decision_id=decision.id,
        alert_id=alert.id,
        cleared_by=actor.username,
        created_at=now,
        expires_at=now + timedelta(days=days) if days else None,
    )
    session.add(clearance)
    session.flush()
    session.add(
        AlertEvent(
            alert_id=alert.id,
            at=now,
            actor=actor.username,
            kind=AlertEventKind.CLEARED,
            data={"clearance_id": clearance.id, "expires_at": iso(clearance.expires_at)},
        )
    )
    record_event(
        session,
        actor=actor.username,
        channel=actor.channel,
        action=AuditAction.CLEARANCE_CREATED,
        object_type="clearance",
        object_id=str(clearance.id),
        payload={
            "alert_id": alert.id,
            "decision_id": decision.id,
            "subject": alert.subject_key,
            "list": alert.list_name,
            "entity_id": alert.entity_key,
            "listing_hash": clearance.listing_hash,
            "subject_hash": clearance.subject_hash,
            "expires_at": iso(clearance.expires_at),
        },
    )
    return clearance


def _block(session: Session, alert: Alert, decision: Decision, actor: Actor) -> list[str]:
    """Block the alert's counterparty (one-off screenings have none) and tell its ERP."""
    counterparty = alert.counterparty
    if counterparty is None:
        return []
    now = utcnow()
    counterparty.blocked = True
    counterparty.updated_at = now
    payload: dict[str, Any] = {
        "counterparty": {
            "reference": counterparty.reference,
            "name": counterparty.name,
            "type": counterparty.type,
            "country": counterparty.country,
            "blocked": True,
        },
        "alert_id": alert.id,
        "list": alert.list_name,
        "list_version": alert.list_version,
        "entity_id": alert.entity_key,
        "entity_name": alert.entity_name,
        "decision": {
            "id": decision.id,
            "decision": decision.decision,
            "reason": decision.reason,
            "proposed_by": decision.proposed_by,
            "confirmed_by": decision.reviewed_by,
            "confirmed_at": iso(decision.reviewed_at),
        },
    }
    session.add(
        AlertEvent(
            alert_id=alert.id,
            at=now,
            actor=actor.username,
            kind=AlertEventKind.BLOCKED,
            data={"counterparty": counterparty.reference},
        )
    )
    record_event(
        session,
        actor=actor.username,
        channel=actor.channel,
        action=AuditAction.COUNTERPARTY_BLOCKED,
        object_type="counterparty",
        object_id=counterparty.reference,
        payload={"alert_id": alert.id, "decision_id": decision.id},
    )
    event = emit_event(session, counterparty.api_key_id, BLOCKED_EVENT, payload)
    return [event.id] if event is not None else []
