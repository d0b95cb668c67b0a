"""The one error format of the API: {"error": {"code", "message", "details"}}.

Views raise :class:`ApiError`; anything Flask or Werkzeug raises is mapped
to the same shape for ``/api`` paths, and to a plain page elsewhere. A client
that accepts ``application/problem+json`` (RFC 9457) gets the same error as a
problem document instead: ``type``, ``title``, ``status``, ``detail``, plus
``code`` and ``details`` with the same content.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from flask import Flask, Response, g, has_request_context, jsonify, render_template_string, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed
from werkzeug.http import HTTP_STATUS_CODES

log = logging.getLogger(__name__)


class ApiError(Exception):
    """An error the client can act on."""

    def __init__(
        self, status: int, code: str, message: str, details: Any = None, headers: dict | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.headers = headers or {}


PROBLEM_MIMETYPE = "application/problem+json"
# Where each error code is described; a problem's ``type`` (relative to the API's host).
PROBLEM_TYPE_BASE = "/api/docs#error-"


def wants_problem() -> bool:
    """Whether the client asked for application/problem+json at least as much as for JSON."""
    if not has_request_context():
        return False
    asked = {value.lower(): quality for value, quality in request.accept_mimetypes}
    problem = asked.get(PROBLEM_MIMETYPE, 0)
    return problem > 0 and problem >= asked.get("application/json", 0)


def error_response(
    status: int, code: str, message: str, details: Any = None, headers: dict | None = None
) -> Response:
    if wants_problem():
        problem: dict[str, Any] = {
            "type": PROBLEM_TYPE_BASE + code,
            "title": HTTP_STATUS_CODES.get(status, "Error"),
            "status": status,
            "detail": message,
            "instance": request.path,
            "code": code,
        }
        if details is not None:
            problem["details"] = details
        if g.get("request_id"):
            problem["request_id"] = g.request_id
        response = Response(json.dumps(problem, ensure_ascii=False), mimetype=PROBLEM_MIMETYPE)
    else:
        body: dict[str, Any] = {"code": code, "message": message}
        if details is not None:
            body["details"] = details
        response = jsonify({"error": body})
    response.status_code = status
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "unprocessable_entity",
    429: "too_many_requests",
    503: "service_unavailable",
}

_PAGE = """<!doctype html><title>{{ status }} {{ name }}</title>
<h1>{{ status }} {{ name }}</h1><p>{{ message }}</p><p><a href="/">Back to the start page</a></p>"""


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path in ("/healthz", "/readyz")


def register(app: Flask) -> None:
    @app.errorhandler(ApiError)
    def handle_api_error(exc: ApiError) -> Response:
        return error_response(exc.status, exc.code, exc.message, exc.details, exc.headers)

    @app.errorhandler(HTTPException)
    def handle_http_error(exc: HTTPException) -> Response | tuple[str, int]:
        status = exc.code or 500
        # 405 says which methods the resource has.
        headers = (
            {"Allow": ", ".join(exc.valid_methods)}
            if (isinstance(exc, MethodNotAllowed) and exc.valid_methods)
            else {}
        )
        if _wants_json():
            message = exc.description or exc.name
            if status == 413:
                limit = app.config.get("MAX_CONTENT_LENGTH")
                message = f"Request body too large (limit: {limit} bytes)"
            elif status == 405:
                message = (
                    f"{request.method} is not allowed here (allowed: {headers.get('Allow', '')})"
                )
            return error_response(
                status, _HTTP_CODES.get(status, "http_error"), message, headers=headers
            )
        return (
            render_template_string(_PAGE, status=status, name=exc.name, message=exc.description),
            status,
            headers,
        )

    @app.errorhandler(Exception)
    def handle_unexpected(exc: Exception) -> Response | tuple[str, int]:
        log.exception(
            "unhandled error on %s %s (request %s)",
            request.method,
            request.path,
            g.get("request_id"),
        )
        if _wants_json():
            return error_response(500, "internal_error", "Internal error; it has been logged.")
        return render_template_string(
            _PAGE, status=500, name="Internal error", message="The error has been logged."
        ), 500
