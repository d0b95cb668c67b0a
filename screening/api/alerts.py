"""Alerts for ERP systems: a page of them, filtered."""

from __future__ import annotations

from typing import Any

from flask import jsonify, request
from sqlalchemy import func, select

from screening.alerts.listing import AlertFilter, AlertFilterError, alerts_query
from screening.alerts.models import ALERT_REASONS, ALERT_STATUSES
from screening.alerts.reports import alert_json
from screening.api import schemas as s
from screening.api.base import bp, operation
from screening.api.paging import PAGE_PARAMS, page_args, page_meta
from screening.context import get_session
from screening.errors import ApiError

ALERT_EXAMPLE = {
    "id": 17,
    "status": "open",
    "reason": "new_listing",
    "raised_reason": "new_listing",
    "resolution": None,
    "counterparty_reference": "V-1001",
    "counterparty_name": "Air Koryo",
    "subject_name": "Air Koryo",
    "subject_type": "company",
    "subject_country": "kp",
    "job_id": None,
    "list": "ofac-sdn",
    "list_version": 12,
    "entity_id": "ofac-sdn:12345",
    "source_id": "12345",
    "entity_name": "AIR KORYO",
    "matched_name": "AIR KORYO",
    "score": 1.0,
    "explanation": {"algorithm": "screen-1.1", "score": 1.0},
    "algorithm_version": "screen-1.1",
    "assignee": None,
    "opened_at": "2026-11-24T09:00:00+00:00",
    "updated_at": "2026-11-24T09:00:00+00:00",
    "closed_at": None,
}
ALERT_PAGE = s.component(
    "AlertPage",
    s.obj({"data": {"type": "array", "items": s.ref("Alert")}, "meta": s.ref("PageMeta")}),
)


@bp.get("/alerts")
@operation(
    summary="Alerts, newest first, filtered by status, reason, list and counterparty",
    scopes=("counterparties", "read"),
    parameters=[
        *PAGE_PARAMS,
        {
            "name": "status",
            "in": "query",
            "schema": {"type": "string", "enum": list(ALERT_STATUSES)},
        },
        {
            "name": "reason",
            "in": "query",
            "schema": {"type": "string", "enum": list(ALERT_REASONS)},
        },
        {"name": "list", "in": "query", "schema": {"type": "string"}},
        {
            "name": "counterparty",
            "in": "query",
            "schema": {"type": "string"},
            "description": "A counterparty's reference.",
        },
    ],
    responses={
        200: s.ok(
            "A page of alerts",
            ALERT_PAGE,
            {"data": [ALERT_EXAMPLE], "meta": s.PAGE_META_EXAMPLE},
            headers=("ETag",),
        ),
    },
)
def list_alerts() -> Any:
    page, per_page = page_args()
    filters = AlertFilter(
        status=request.args.get("status") or None,
        reason=request.args.get("reason") or None,
        list_name=request.args.get("list") or None,
        counterparty=request.args.get("counterparty") or None,
    )
    try:
        query = alerts_query(filters)
    except AlertFilterError as exc:
        raise ApiError(400, "bad_request", str(exc)) from exc
    session = get_session()
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    rows = session.scalars(query.offset((page - 1) * per_page).limit(per_page)).all()
    return jsonify(
        {"data": [alert_json(a) for a in rows], "meta": page_meta(page, per_page, total)}
    )
