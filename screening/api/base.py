"""The API blueprint and what every endpoint shares: key authentication, scopes,
strict JSON parsing and validation, and the OpenAPI description of each operation.

Views are short: authenticate, parse, call the domain, shape the response.
Every error leaves as {"error": {"code", "message", "details"}}.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeVar

import jsonschema
from flask import Blueprint, current_app, g, request
from sqlalchemy.exc import OperationalError

from foundation.db import as_utc, utcnow
from foundation.text import is_storable_text
from screening.accounts.apikeys import authenticate_key
from screening.context import get_session, get_settings
from screening.errors import ApiError, error_response

bp = Blueprint("api", __name__, url_prefix="/api/v1")

F = TypeVar("F", bound=Callable[..., Any])

LAST_USED_RESOLUTION = timedelta(minutes=1)
# Our request bodies nest four levels deep; anything far deeper is refused before validation.
MAX_JSON_DEPTH = 32


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
            _check_path_values(kwargs)
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
        limit = get_settings().rate_limit_per_minute
        raise ApiError(
            429,
            "too_many_requests",
            f"Rate limit exceeded ({limit} requests per minute per key)",
            headers={"Retry-After": str(retry_after)},
        )
    now = utcnow()
    # Once a minute is precise enough, and spares every request a write to the key's row.
    if key.last_used_at is None or as_utc(key.last_used_at) < now - LAST_USED_RESOLUTION:
        key.last_used_at = now
        session.commit()
    g.api_key = key


def _check_path_values(values: dict[str, Any]) -> None:
    """No stored object has an id no database can hold, so such a path names nothing."""
    for value in values.values():
        if isinstance(value, str) and not is_storable_text(value):
            raise ApiError(
                404, "not_found", "No resource has an id with NUL or surrogate characters"
            )


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"number {text[:40]} is out of range")
    return value


def _nesting_exceeds(value: Any, limit: int) -> bool:
    """Whether ``value`` nests deeper than ``limit`` (iterative: deep input cannot recurse)."""
    stack = [(value, 1)]
    while stack:
        current, depth = stack.pop()
        if isinstance(current, dict):
            children: Any = current.values()
        elif isinstance(current, list):
            children = current
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def parse_json_body() -> Any:
    """The request body as JSON: strict (no NaN or Infinity), and never a 500 on odd input."""
    if not request.mimetype or request.mimetype != "application/json":
        raise ApiError(415, "unsupported_media_type", "Send the body as application/json")
    data = request.get_data(cache=True)
    try:
        body = json.loads(data, parse_constant=_reject_constant, parse_float=_finite_float)
    except RecursionError:
        raise ApiError(
            400, "bad_request", "Request body is not valid JSON: nested too deeply"
        ) from None
    except ValueError as exc:  # includes JSONDecodeError and UnicodeDecodeError
        raise ApiError(400, "bad_request", f"Request body is not valid JSON: {exc}") from None
    if _nesting_exceeds(body, MAX_JSON_DEPTH):
        raise ApiError(
            400, "bad_request", f"Request body nests deeper than {MAX_JSON_DEPTH} levels"
        )
    return body


def json_body(schema: dict[str, Any]) -> dict[str, Any]:
    """The request's JSON object, validated against ``schema``."""
    body = parse_json_body()
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
