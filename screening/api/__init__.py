"""The JSON API for ERP systems, under /api/v1.

Views are short: authenticate, parse, call the domain, shape the response.
Every error leaves as {"error": {"code", "message", "details"}}.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import jsonschema
from flask import Blueprint, current_app, g, request
from sqlalchemy.exc import OperationalError

from screening.apikeys import authenticate_key
from screening.context import get_session
from screening.db import utcnow
from screening.errors import ApiError, error_response
from screening.jobs import is_storable_text

bp = Blueprint("api", __name__, url_prefix="/api/v1")

F = TypeVar("F", bound=Callable[..., Any])


def operation(
    *,
    summary: str,
    scopes: tuple[str, ...],
    request_schema: dict[str, Any] | None = None,
    responses: dict[int, tuple[str, dict[str, Any] | None]] | None = None,
    parameters: list[dict[str, Any]] | None = None,
    description: str = "",
) -> Callable[[F], F]:
    """Require a key with one of ``scopes`` and describe the endpoint for OpenAPI."""

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            _authenticate(scopes)
            return view(*args, **kwargs)

        wrapped.openapi = {  # type: ignore[attr-defined]
            "summary": summary,
            "description": description or (view.__doc__ or "").strip(),
            "scopes": scopes,
            "request_schema": request_schema,
            "responses": responses or {},
            "parameters": parameters or [],
        }
        return wrapped  # type: ignore[return-value]

    return decorate


def _authenticate(scopes: tuple[str, ...]) -> None:
    header = request.headers.get("Authorization", "")
    if not header:
        raise ApiError(
            401,
            "unauthorized",
            "Missing API key: send 'Authorization: Bearer <key>'",
            headers={"WWW-Authenticate": "Bearer"},
        )
    kind, _, token = header.partition(" ")
    if kind.lower() != "bearer" or not token.strip():
        raise ApiError(
            401,
            "unauthorized",
            "Authorization header must be 'Bearer <key>'",
            headers={"WWW-Authenticate": "Bearer"},
        )
    session = get_session()
    key = authenticate_key(session, token.strip())
    if key is None:
        raise ApiError(
            401,
            "unauthorized",
            "Unknown or revoked API key",
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )
    if not set(scopes) & set(key.scopes):
        raise ApiError(
            403,
            "forbidden",
            f"This key lacks the scope for this endpoint (needs one of: {', '.join(scopes)})",
        )
    allowed, retry_after = current_app.extensions["rate_limiter"].hit(key.prefix)
    if not allowed:
        limit = current_app.config["SETTINGS"].rate_limit_per_minute
        raise ApiError(
            429,
            "too_many_requests",
            f"Rate limit exceeded ({limit} requests per minute per key)",
            headers={"Retry-After": str(retry_after)},
        )
    key.last_used_at = utcnow()
    session.commit()
    g.api_key = key


def json_body(schema: dict[str, Any]) -> dict[str, Any]:
    """The request's JSON object, validated against ``schema``."""
    if not request.mimetype or request.mimetype != "application/json":
        raise ApiError(415, "unsupported_media_type", "Send the body as application/json")
    body = request.get_json(silent=True)
    if body is None:
        raise ApiError(400, "bad_request", "Request body is not valid JSON")
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path))
    if errors:
        details = [
            {"path": "/" + "/".join(str(p) for p in e.absolute_path), "message": e.message}
            for e in errors[:50]
        ]
        first = details[0]
        raise ApiError(
            422,
            "validation_error",
            f"Invalid request at {first['path']}: {first['message']}",
            details=details,
        )
    bad = _unstorable_text(body)
    if bad is not None:
        raise ApiError(
            422,
            "validation_error",
            f"Invalid request at {bad}: text holds a NUL character or an unpaired surrogate",
            details=[{"path": bad, "message": "remove NUL characters and unpaired surrogates"}],
        )
    return body


def _unstorable_text(value: Any, path: str = "") -> str | None:
    """The JSON path of the first string no database can store as text, if any."""
    if isinstance(value, str):
        return None if is_storable_text(value) else path or "/"
    if isinstance(value, dict):
        items: Any = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return None
    for key, item in items:
        found = _unstorable_text(key, path) if isinstance(key, str) else None
        found = found or _unstorable_text(item, f"{path}/{key}")
        if found is not None:
            return found
    return None


@bp.errorhandler(OperationalError)
def database_unavailable(exc: OperationalError) -> Any:
    current_app.logger.warning("database unavailable: %s", exc)
    return error_response(
        503,
        "service_unavailable",
        "The database is unavailable; retry later",
        headers={"Retry-After": "5"},
    )


def register_api(app: Any) -> None:
    from screening.api import docs, lists, screenings  # noqa: F401  (routes)
    from screening.ratelimit import RateLimiter

    app.extensions["rate_limiter"] = RateLimiter(app.config["SETTINGS"])
    app.register_blueprint(bp)
    app.register_blueprint(docs.docs_bp)
