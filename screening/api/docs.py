"""The OpenAPI 3.1 document, generated from the routes and the settings, and a docs page."""

from __future__ import annotations

import re
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from flask import Blueprint, Flask, current_app, jsonify, send_from_directory

from foundation.settings import Settings
from screening.api import schemas as s
from screening.api.base import Operation, ResponseSpec, bp
from screening.context import get_settings

docs_bp = Blueprint(
    "api_docs", __name__, static_folder="docs_static", static_url_path="/api/docs/static"
)


def _intro(settings: Settings) -> str:
    rate = (
        f"{settings.rate_limit_per_minute} requests per minute per key "
        "(SCREENING_RATE_LIMIT_PER_MINUTE)"
        if settings.rate_limit_per_minute
        else "no rate limit (SCREENING_RATE_LIMIT_PER_MINUTE=0)"
    )
    return f"""Screen company, counterparty, vessel, aircraft and person names against
sanctions watchlists.

Authenticate with `Authorization: Bearer <key>` (create keys with `screening keys create`).
Submit names with `POST /api/v1/screenings` (202 with a job id), then poll
`GET /api/v1/screenings/{{job_id}}` (it says `Retry-After` while the job runs, and
answers 304 to `If-None-Match` with its `ETag` while nothing changed) or receive a
signed webhook at `callback_url` (see `webhooks`). `POST /api/v1/screen` screens up to
{settings.max_sync_items} names and answers at once.

Limits (server settings): {settings.max_batch_items:,} names per job
(SCREENING_MAX_BATCH_ITEMS), {settings.max_sync_items} per `/screen`
(SCREENING_MAX_SYNC_ITEMS), names of up to {settings.max_name_length} characters
(SCREENING_MAX_NAME_LENGTH), up to {settings.max_match_limit} matches per name
(SCREENING_MAX_MATCHES_PER_NAME), request bodies of up to
{settings.max_request_bytes:,} bytes (SCREENING_MAX_REQUEST_BYTES), {rate}; every answer
carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`.
Idempotency-Keys last {settings.idempotency_ttl_seconds:,} s (SCREENING_IDEMPOTENCY_TTL).

Every answer carries `X-Request-Id` (yours, if you send one). Unknown, repeated or empty
query parameters are 400. Errors have the shape `{{"error": {{"code", "message",
"details"}}}}`; send `Accept: application/problem+json` to get RFC 9457 problem details
instead. Every validation error (422 `validation_error`) lists each invalid field in
`details` as `{{"path", "item", "field", "code", "message"}}`. Retry only 429, 503 and
network errors (after `Retry-After` seconds); the others need a changed request.
Large answers are gzip-compressed when the request says `Accept-Encoding: gzip`."""


def _path(rule: str) -> str:
    return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule)


def _response(spec: ResponseSpec) -> dict[str, Any]:
    if isinstance(spec, str):
        return {"$ref": f"#/components/responses/{spec}"}
    return spec


def build_openapi(app: Flask, settings: Settings) -> dict[str, Any]:
    try:
        app_version = version("dprk-screening")
    except PackageNotFoundError:
        app_version = "0"
    components = s.components(settings)
    paths: dict[str, Any] = {}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if not rule.endpoint.startswith(f"{bp.name}."):
            continue
        meta: Operation | None = getattr(app.view_functions[rule.endpoint], "openapi", None)
        if meta is None:
            continue
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            op: dict[str, Any] = {
                "operationId": rule.endpoint.split(".", 1)[1],
                "summary": meta.summary,
                "description": meta.description,
                "security": [{"bearerAuth": list(meta.scopes)}],
                "parameters": meta.parameters,
                "responses": {
                    str(status): _response(spec) for status, spec in sorted(meta.responses.items())
                },
            }
            if meta.request_schema is not None:
                example = components["schemas"][meta.request_schema].get("example")
                op["requestBody"] = {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": s.ref(meta.request_schema),
                            "example": example,
                        }
                    },
                }
            paths.setdefault(_path(rule.rule), {})[method.lower()] = op
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "DPRK-labour sanctions screening API",
            "version": app_version,
            "description": _intro(settings),
        },
        "servers": [{"url": "/"}],
        "paths": paths,
        "webhooks": s.webhooks(settings),
        "components": components,
    }


@bp.get("/openapi.json")
def openapi_document() -> Any:
    """The OpenAPI 3.1 description of this API (no key needed)."""
    if "openapi" not in current_app.extensions:
        current_app.extensions["openapi"] = build_openapi(current_app, get_settings())
    return jsonify(current_app.extensions["openapi"])


@docs_bp.get("/api/docs")
def docs_page() -> Any:
    """Human-readable API docs, rendered in the browser from openapi.json; no CDN."""
    return send_from_directory(docs_bp.static_folder or "", "index.html")
