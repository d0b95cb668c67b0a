"""One alert for ERP systems: ``GET /api/v1/alerts/{id}`` with its status and decision trail.

Decisions are made by people in the web pages, never by API keys, so the API
only reads. A key with scope ``read`` sees every alert; a key with only
``screen`` sees the alerts its own screenings or counterparties raised (without
the internal history).
"""

from __future__ import annotations

from typing import Any

from flask import g, jsonify
from sqlalchemy import exists, select

from screening.accounts.apikeys import VerifiedKey
from screening.alerts.models import ALERT_REASONS, ALERT_STATUSES, DECISION_KINDS, Alert
from screening.alerts.reports import alert_detail_json
from screening.api import schemas as s
from screening.api.base import bp, operation
from screening.context import get_session
from screening.errors import ApiError
from screening.models import MatchResult, ScreeningItem, ScreeningJob
from screening.review.rules import is_id

NULLABLE_STRING = {"type": ["string", "null"]}
DECISION = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "decision": {"type": "string", "enum": list(DECISION_KINDS)},
        "reason": {"type": "string"},
        "status": {"type": "string", "enum": ["proposed", "confirmed", "rejected"]},
        "proposed_by": {"type": "string"},
        "proposed_at": NULLABLE_STRING,
        "reviewed_by": NULLABLE_STRING,
        "reviewed_at": NULLABLE_STRING,
        "review_reason": NULLABLE_STRING,
        "list_version": {"type": ["integer", "null"]},
    },
}
ALERT_DETAIL = {
    "type": "object",
    "required": ["id", "status", "decisions"],
    "properties": {
        "id": {"type": "integer"},
        "status": {"type": "string", "enum": list(ALERT_STATUSES)},
        "reason": {"type": "string", "enum": list(ALERT_REASONS)},
        "resolution": NULLABLE_STRING,
        "counterparty_reference": NULLABLE_STRING,
        "counterparty_blocked": {"type": ["boolean", "null"]},
        "subject_name": {"type": "string"},
        "list": {"type": "string"},
        "list_version": {"type": "integer"},
        "entity_id": {"type": "string"},
        "entity_name": {"type": "string"},
        "matched_name": {"type": "string"},
        "score": {"type": "number"},
        "explanation": {"type": "object"},
        "assignee": NULLABLE_STRING,
        "opened_at": NULLABLE_STRING,
        "closed_at": NULLABLE_STRING,
        "decisions": {"type": "array", "items": DECISION},
        "clearances": {"type": "array", "items": {"type": "object"}},
        "history": {"type": "array", "items": {"type": "object"}},
    },
    "example": {
        "id": 42,
        "status": "closed",
        "reason": "screening",
        "raised_reason": "screening",
        "resolution": "false_positive",
        "counterparty_reference": None,
        "counterparty_blocked": None,
        "subject_name": "Dover Corp",
        "subject_type": "company",
        "subject_country": "us",
        "list": "ofac-sdn",
        "list_version": 3,
        "entity_id": "ofac-sdn:12345",
        "entity_name": "DOVER",
        "matched_name": "DOVER",
        "score": 0.91,
        "assignee": "olga",
        "opened_at": "2026-11-24T09:12:03+00:00",
        "closed_at": "2026-11-24T15:40:10+00:00",
        "decisions": [
            {
                "id": 7,
                "decision": "false_positive",
                "reason": "US industrial group, NYSE: DOV; the listed DOVER is a vessel.",
                "status": "confirmed",
                "proposed_by": "olga",
                "proposed_at": "2026-11-24T11:02:45+00:00",
                "reviewed_by": "rita",
                "reviewed_at": "2026-11-24T15:40:10+00:00",
                "review_reason": None,
                "list_version": 3,
            }
        ],
        "clearances": [
            {
                "id": 3,
                "alert_id": 42,
                "decision_id": 7,
                "cleared_by": "rita",
                "created_at": "2026-11-24T15:40:10+00:00",
                "expires_at": None,
                "lapsed_at": None,
                "valid": True,
            }
        ],
    },
}
ALERT_DETAIL_NAME = s.component("AlertDetail", ALERT_DETAIL)


@bp.get("/alerts/<int:alert_id>")
@operation(
    summary="One alert: its status, both sides of the pair and the decision trail",
    scopes=("read", "screen"),
    parameters=[
        {
            "name": "alert_id",
            "in": "path",
            "required": True,
            "schema": {"type": "integer"},
            "description": "The alert_id a screening result's match carries.",
        }
    ],
    responses={
        200: s.ok("The alert", ALERT_DETAIL_NAME, ALERT_DETAIL["example"], headers=("ETag",)),
        404: "NotFound",
    },
)
def get_alert_detail(alert_id: int) -> Any:
    """A potential match's alert, read-only: who proposed what, who confirmed or rejected it.

    A match that comes back ``cleared`` links here (its ``alert_id``): the alert whose
    confirmed false positive cleared the pair.
    """
    session = get_session()
    key: VerifiedKey = g.api_key
    alert = session.get(Alert, alert_id) if is_id(alert_id) else None
    if alert is None or not _visible(session, key, alert):
        raise ApiError(404, "not_found", f"No alert {alert_id} visible to this key")
    body = alert_detail_json(session, alert)
    if "read" not in key.scopes:
        body.pop("history")  # other keys' jobs and people's notes: for read keys only
    return jsonify(body)


def _visible(session: Any, key: VerifiedKey, alert: Alert) -> bool:
    if "read" in key.scopes:
        return True
    if alert.counterparty is not None and alert.counterparty.api_key_id == key.id:
        return True
    own_match = (
        select(MatchResult.id)
        .join(ScreeningItem, MatchResult.item_id == ScreeningItem.id)
        .join(ScreeningJob, ScreeningItem.job_id == ScreeningJob.id)
        .where(MatchResult.alert_id == alert.id, ScreeningJob.api_key_id == key.id)
    )
    return bool(session.scalar(select(exists(own_match))))
