"""Alerts as JSON: the one shape the CLI, the API, the exports and the webhooks show.

Also an alert's decision trail, clearances and history; decisions are read in
batches for many alerts at once (``decision_trails``), so an export of any size
costs one query per batch of matches.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from foundation.db import iso
from screening.alerts.models import Alert, AlertEvent, Clearance, Decision


def alert_json(alert: Alert) -> dict[str, Any]:
    """An alert with both sides of the pair, its evidence and its state.

    When listing many, load ``Alert.counterparty`` with the query (selectinload).
    """
    counterparty = alert.counterparty
    return {
        "id": alert.id,
        "status": alert.status,
        "reason": alert.reason,
        "raised_reason": alert.raised_reason,
        "resolution": alert.resolution,
        "counterparty_reference": counterparty.reference if counterparty else None,
        "counterparty_name": counterparty.name if counterparty else None,
        "subject_name": alert.subject_name,
        "subject_type": alert.subject_type,
        "subject_country": alert.subject_country,
        "job_id": alert.job_id,
        "list": alert.list_name,
        "list_version": alert.list_version,
        "entity_id": alert.entity_key,
        "source_id": alert.source_id,
        "entity_name": alert.entity_name,
        "matched_name": alert.matched_name,
        "score": alert.score,
        "explanation": alert.explanation,
        "algorithm_version": alert.algorithm_version,
        "assignee": alert.assignee,
        "opened_at": iso(alert.opened_at),
        "updated_at": iso(alert.updated_at),
        "closed_at": iso(alert.closed_at),
    }


BATCH = 500


def decision_json(decision: Decision) -> dict[str, Any]:
    return {
        "id": decision.id,
        "decision": decision.decision,
        "reason": decision.reason,
        "status": decision.status,
        "proposed_by": decision.proposed_by,
        "proposed_at": iso(decision.proposed_at),
        "reviewed_by": decision.reviewed_by,
        "reviewed_at": iso(decision.reviewed_at),
        "review_reason": decision.review_reason,
        "list_version": decision.list_version,
    }


def event_json(event: AlertEvent) -> dict[str, Any]:
    return {
        "at": iso(event.at),
        "actor": event.actor,
        "kind": event.kind,
        "note": event.note,
        "data": event.data,
    }


def clearance_json(clearance: Clearance) -> dict[str, Any]:
    return {
        "id": clearance.id,
        "alert_id": clearance.alert_id,
        "decision_id": clearance.decision_id,
        "cleared_by": clearance.cleared_by,
        "created_at": iso(clearance.created_at),
        "expires_at": iso(clearance.expires_at),
        "lapsed_at": iso(clearance.lapsed_at),
        "valid": clearance.lapsed_at is None,
    }


def alert_detail_json(session: Session, alert: Alert) -> dict[str, Any]:
    """The alert (``alert_json``) with its decision trail, clearances and history."""
    clearances = session.scalars(
        select(Clearance).where(Clearance.alert_id == alert.id).order_by(Clearance.id)
    ).all()
    counterparty = alert.counterparty
    return {
        **alert_json(alert),
        "counterparty_blocked": counterparty.blocked if counterparty else None,
        "decisions": [decision_json(d) for d in alert.decisions],
        "clearances": [clearance_json(c) for c in clearances],
        "history": [event_json(e) for e in alert.events],
    }


def decision_trails(session: Session, alert_ids: Iterable[int]) -> dict[int, list[dict[str, Any]]]:
    """Every decision on these alerts, oldest first, by alert id."""
    ids = sorted(set(alert_ids))
    trails: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for start in range(0, len(ids), BATCH):
        for decision in session.scalars(
            select(Decision)
            .where(Decision.alert_id.in_(ids[start : start + BATCH]))
            .order_by(Decision.id)
        ):
            trails[decision.alert_id].append(decision_json(decision))
    return dict(trails)
