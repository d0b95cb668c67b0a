"""The counterparty register for ERP systems: put, read, deactivate, import in bulk.

Every counterparty put or imported is screened by the monitor (at once when the
workers run, else at beat's next check); alerts on the ones a key registered go
to that key's webhook as ``alert.opened``.
"""

from __future__ import annotations

import json
from typing import Any

from flask import g, jsonify, url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from screening.alerts.models import COUNTERPARTY_TYPES, Alert, AlertStatus
from screening.alerts.reports import alert_json
from screening.api import schemas as s
from screening.api.base import (
    bp,
    json_body,
    operation,
    raise_validation_error,
    validation_detail,
)
from screening.context import get_queue, get_session, get_settings
from screening.errors import ApiError
from screening.models import Channel
from screening.monitoring.register import (
    CounterpartyInput,
    CounterpartyInputError,
    CounterpartyNotFound,
    counterparty_json,
    deactivate_counterparty,
    get_counterparty,
    parse_counterparty,
    put_counterparty,
    upsert_counterparties,
)
from screening.monitoring.triggers import announce_change

REFERENCE = {
    "name": "reference",
    "in": "path",
    "required": True,
    "schema": {"type": "string", "maxLength": 256},
    "description": "Your own id of the counterparty (the ERP's).",
}
IDENTIFIER = {
    "type": "object",
    "additionalProperties": False,
    "required": ["type", "value"],
    "properties": {
        "type": {"type": "string", "description": "imo, inn, ogrn, registration_number, ..."},
        "value": {"type": "string"},
    },
}
FIELDS = {
    "name": {"type": "string", "minLength": 1},
    "type": {"type": "string", "enum": list(COUNTERPARTY_TYPES), "default": "any"},
    "country": {"type": ["string", "null"], "description": "ISO 3166-1 alpha-2, or a name."},
    "birth_date": {"type": ["string", "null"], "description": "YYYY, YYYY-MM or YYYY-MM-DD."},
    "identifiers": {"type": "array", "items": IDENTIFIER},
}
PUT_REQUEST = {
    "type": "object",
    "additionalProperties": False,
    "required": ["name"],
    "properties": {**FIELDS, "active": {"type": "boolean", "default": True}},
    "example": {
        "name": "Sovfracht JSC",
        "type": "company",
        "country": "RU",
        "identifiers": [
            {"type": "inn", "value": "7702013180"},
            {"type": "imo", "value": "9292211"},
        ],
    },
}
IMPORT_REQUEST = {
    "type": "object",
    "additionalProperties": False,
    "required": ["items"],
    "properties": {
        "items": {
            "type": "array",
            "minItems": 1,
            # Each item is checked on its own: a bad one is rejected, the others stored.
            "items": {
                "type": "object",
                "required": ["reference"],
                "properties": {
                    "reference": {"type": "string", "description": "Your own id (unique)."},
                    **{
                        key: {"description": f"As in PUT: {json.dumps(schema)}"}
                        for key, schema in FIELDS.items()
                    },
                    "active": {"description": "true (default) or false"},
                },
            },
        }
    },
    "example": {
        "items": [
            {"reference": "V-1001", "name": "Air Koryo", "type": "company", "country": "KP"},
            {"reference": "V-1002", "name": "Kim Il", "type": "person", "birth_date": "1961-04"},
        ]
    },
}
COUNTERPARTY_EXAMPLE = {
    "reference": "V-1001",
    "name": "Air Koryo",
    "type": "company",
    "country": "kp",
    "birth_date": None,
    "identifiers": [],
    "active": True,
    "blocked": False,
    "version": 1,
    "created_at": "2026-11-24T09:00:00+00:00",
    "updated_at": "2026-11-24T09:00:00+00:00",
    "screened_at": None,
}
COUNTERPARTY = {
    "type": "object",
    "properties": {
        "reference": {"type": "string"},
        "name": {"type": "string"},
        "type": {"type": "string", "enum": list(COUNTERPARTY_TYPES)},
        "country": {"type": ["string", "null"]},
        "birth_date": {"type": ["string", "null"]},
        "identifiers": {"type": "array", "items": IDENTIFIER},
        "active": {"type": "boolean"},
        "blocked": {"type": "boolean"},
        "version": {"type": "integer"},
        "created_at": {"type": "string"},
        "updated_at": {"type": "string"},
        "screened_at": {"type": ["string", "null"]},
    },
    "example": COUNTERPARTY_EXAMPLE,
}
PUT_RESPONSE = {
    **COUNTERPARTY,
    "properties": {
        **COUNTERPARTY["properties"],
        "result": {"type": "string", "enum": ["created", "updated", "unchanged"]},
    },
    "example": {**COUNTERPARTY_EXAMPLE, "result": "created"},
}
DETAIL = {
    **COUNTERPARTY,
    "properties": {
        **COUNTERPARTY["properties"],
        "open_alerts": {"type": "array", "items": {"type": "object"}},
    },
    "example": {**COUNTERPARTY_EXAMPLE, "open_alerts": []},
}
IMPORT_RESPONSE = {
    "type": "object",
    "properties": {
        "created": {"type": "integer"},
        "updated": {"type": "integer"},
        "unchanged": {"type": "integer"},
        "rejected": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "index": {"type": "integer"},
                    "reference": {"type": ["string", "null"]},
                    "errors": {"type": "array", "items": {"type": "object"}},
                },
            },
        },
    },
    "example": {
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "rejected": [
            {
                "index": 1,
                "reference": "V-1002",
                "errors": [
                    {
                        "path": "/items/1/type",
                        "item": 1,
                        "field": "type",
                        "code": "invalid",
                        "message": "type 'ship' is not one of ...",
                    }
                ],
            }
        ],
    },
}


PUT_REQUEST_NAME = s.component("CounterpartyPut", PUT_REQUEST)
IMPORT_REQUEST_NAME = s.component("CounterpartyImport", IMPORT_REQUEST)
PUT_RESPONSE_NAME = s.component("CounterpartyResult", PUT_RESPONSE)
DETAIL_NAME = s.component("CounterpartyDetail", DETAIL)
COUNTERPARTY_NAME = s.component("CounterpartyRecord", COUNTERPARTY)
IMPORT_RESPONSE_NAME = s.component("CounterpartyImportResult", IMPORT_RESPONSE)


def _actor() -> str:
    return f"api-key:{g.api_key.name}"


def _found(reference: str) -> Any:
    try:
        return get_counterparty(get_session(), reference)
    except CounterpartyNotFound as exc:
        raise ApiError(404, "not_found", str(exc)) from exc


@bp.put("/counterparties/<text:reference>")
@operation(
    summary="Create or replace a counterparty in the register",
    scopes=("counterparties",),
    request_schema=PUT_REQUEST_NAME,
    parameters=[REFERENCE],
    responses={
        200: s.ok(
            "Updated, or unchanged (the same data again)",
            PUT_RESPONSE_NAME,
            {**COUNTERPARTY_EXAMPLE, "result": "updated"},
        ),
        201: s.ok("Created", PUT_RESPONSE_NAME, PUT_RESPONSE["example"]),
        415: "UnsupportedMediaType",
        422: "ValidationFailed",
    },
)
def counterparty_put(reference: str) -> Any:
    """Idempotent: the same body again changes nothing. A change makes a new version and
    has the counterparty screened again."""
    body = json_body(PUT_REQUEST_NAME)
    settings = get_settings()
    try:
        item = parse_counterparty(
            body, max_name_length=settings.max_name_length, reference=reference
        )
    except CounterpartyInputError as exc:
        raise_validation_error(
            [validation_detail([p["field"]], "invalid", p["message"]) for p in exc.problems]
        )
    session = get_session()
    counterparty, result = put_counterparty(
        session, item, actor=_actor(), channel=Channel.API, api_key_id=g.api_key.id
    )
    body = {**counterparty_json(counterparty), "result": result}
    session.commit()
    if result != "unchanged":
        announce_change(get_queue(), settings, f"counterparty:{reference[:64]}")
    response = jsonify(body)
    response.status_code = 201 if result == "created" else 200
    if result == "created":
        response.headers["Location"] = url_for("api.counterparty_get", reference=reference)
    return response


@bp.get("/counterparties/<text:reference>")
@operation(
    summary="A counterparty with its open alerts",
    scopes=("counterparties", "read"),
    parameters=[REFERENCE],
    responses={
        200: s.ok("The counterparty", DETAIL_NAME, DETAIL["example"], headers=("ETag",)),
        404: "NotFound",
    },
)
def counterparty_get(reference: str) -> Any:
    counterparty = _found(reference)
    open_alerts = get_session().scalars(
        select(Alert)
        .where(Alert.counterparty_id == counterparty.id, Alert.status != AlertStatus.CLOSED)
        .options(selectinload(Alert.counterparty))
        .order_by(Alert.opened_at.desc(), Alert.id.desc())
    )
    return jsonify(
        {**counterparty_json(counterparty), "open_alerts": [alert_json(a) for a in open_alerts]}
    )


@bp.delete("/counterparties/<text:reference>")
@operation(
    summary="Deactivate a counterparty: it is no longer screened; its history stays",
    scopes=("counterparties",),
    parameters=[REFERENCE],
    responses={
        200: s.ok("The deactivated counterparty", COUNTERPARTY_NAME, COUNTERPARTY_EXAMPLE),
        404: "NotFound",
    },
)
def counterparty_delete(reference: str) -> Any:
    session = get_session()
    try:
        counterparty = deactivate_counterparty(
            session, reference, actor=_actor(), channel=Channel.API
        )
    except CounterpartyNotFound as exc:
        raise ApiError(404, "not_found", str(exc)) from exc
    body = counterparty_json(counterparty)
    session.commit()
    return jsonify(body)


@bp.post("/counterparties/import")
@operation(
    summary="Create or update up to 10,000 counterparties by reference",
    scopes=("counterparties",),
    request_schema=IMPORT_REQUEST_NAME,
    responses={
        200: s.ok(
            "Counts, and the items rejected with why",
            IMPORT_RESPONSE_NAME,
            IMPORT_RESPONSE["example"],
        ),
        413: "PayloadTooLarge",
        415: "UnsupportedMediaType",
        422: "ValidationFailed",
    },
)
def counterparties_import() -> Any:
    """Idempotent upsert: sending the same items again changes nothing. Items that fail
    their checks are listed under ``rejected`` (by index) and the others are stored."""
    settings = get_settings()
    body = json_body(IMPORT_REQUEST_NAME, max_items=settings.max_counterparty_items)
    items = body["items"]
    accepted: list[CounterpartyInput] = []
    rejected: list[dict[str, Any]] = []
    first: dict[str, int] = {}
    for index, raw in enumerate(items):
        reference = raw.get("reference") if isinstance(raw.get("reference"), str) else None
        try:
            item = parse_counterparty(raw, max_name_length=settings.max_name_length)
        except CounterpartyInputError as exc:
            errors = [
                validation_detail(["items", index, p["field"]], "invalid", p["message"])
                for p in exc.problems
            ]
            rejected.append({"index": index, "reference": reference, "errors": errors})
            continue
        if item.reference in first:
            message = f"reference {item.reference!r} is item {first[item.reference]} too"
            rejected.append(
                {
                    "index": index,
                    "reference": reference,
                    "errors": [
                        validation_detail(["items", index, "reference"], "duplicate", message)
                    ],
                }
            )
            continue
        first[item.reference] = index
        accepted.append(item)
    outcome = None
    if accepted:
        session = get_session()
        outcome = upsert_counterparties(
            session,
            accepted,
            actor=_actor(),
            channel=Channel.API,
            api_key_id=g.api_key.id,
            source="api-import",
        )
        session.commit()
        if outcome.created or outcome.updated:
            announce_change(get_queue(), settings, "counterparties:api-import")
    return jsonify(
        {
            "created": len(outcome.created) if outcome else 0,
            "updated": len(outcome.updated) if outcome else 0,
            "unchanged": outcome.unchanged if outcome else 0,
            "rejected": rejected,
        }
    )
