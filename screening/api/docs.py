"""The OpenAPI 3.1 document, generated from the routes, and a local docs page."""

from __future__ import annotations

import re
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from flask import Blueprint, Flask, current_app, jsonify, send_from_directory

from screening.api import schemas as s
from screening.api.base import bp

docs_bp = Blueprint(
    "api_docs", __name__, static_folder="docs_static", static_url_path="/api/docs/static"
)

INTRO = """Screen company, counterparty and person names against sanctions watchlists.

Authenticate with `Authorization: Bearer <key>` (create keys with `screening keys create`).
Submit names with `POST /api/v1/screenings` (202 with a job id), then poll
`GET /api/v1/screenings/{id}` or receive a signed webhook at `callback_url`.
Webhooks carry `X-Screening-Timestamp` and `X-Screening-Signature: v1=<hex>`, the
HMAC-SHA256 of `"{timestamp}.{body}"` with the key's webhook secret.
Every error has the shape `{"error": {"code", "message", "details"}}`."""


def _path(rule: str) -> str:
    return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule)


def build_openapi(app: Flask) -> dict[str, Any]:
    try:
        app_version = version("dprk-screening")
    except PackageNotFoundError:
        app_version = "0"
    paths: dict[str, Any] = {}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if not rule.endpoint.startswith(f"{bp.name}."):
            continue
        meta = getattr(app.view_functions[rule.endpoint], "openapi", None)
        if meta is None:
            continue
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            op: dict[str, Any] = {
                "operationId": rule.endpoint.split(".", 1)[1],
                "summary": meta["summary"],
                "description": meta["description"],
                "security": [{"bearerAuth": list(meta["scopes"])}],
                "parameters": meta["parameters"],
                "responses": {},
            }
            if meta["request_schema"] is not None:
                schema = {k: v for k, v in meta["request_schema"].items() if k != "example"}
                op["requestBody"] = {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": schema,
                            "example": meta["request_schema"].get("example"),
                        }
                    },
                }
            for status, (description, schema) in sorted(meta["responses"].items()):
                response: dict[str, Any] = {"description": description}
                if schema is not None:
                    content: dict[str, Any] = {
                        "schema": {k: v for k, v in schema.items() if k != "example"}
                    }
                    if "example" in schema:
                        content["example"] = schema["example"]
                    response["content"] = {"application/json": content}
                op["responses"][str(status)] = response
            paths.setdefault(_path(rule.rule), {})[method.lower()] = op
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "DPRK-labour sanctions screening API",
            "version": app_version,
            "description": INTRO,
        },
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
            "schemas": {"Error": s.ERROR, "Job": s.JOB, "ItemResult": s.ITEM_RESULT},
        },
    }


@bp.get("/openapi.json")
def openapi_document() -> Any:
    """The OpenAPI 3.1 description of this API (no key needed)."""
    if "openapi" not in current_app.extensions:
        current_app.extensions["openapi"] = build_openapi(current_app)
    return jsonify(current_app.extensions["openapi"])


@docs_bp.get("/api/docs")
def docs_page() -> Any:
    """Human-readable API docs, rendered in the browser from openapi.json; no CDN."""
    return send_from_directory(docs_bp.static_folder or "", "index.html")
