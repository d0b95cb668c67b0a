"""Alerts as JSON: the one shape the CLI, the API and the webhooks show."""

from __future__ import annotations

from typing import Any

from foundation.db import iso
from screening.alerts.models import Alert


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
