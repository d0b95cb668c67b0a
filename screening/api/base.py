"""The API blueprint and what every endpoint shares: key authentication, scopes,
rate limits, strict query and JSON parsing and validation, conditional GETs, and
the OpenAPI description of each operation.

Views are short: authenticate, parse, call the domain, shape the response.
Every error leaves as {"error": {"code", "message", "details"}} (or as an RFC 9457
problem when the client asks for one; see ``screening.errors``).
"""

from __future__ import annotations

import functools
import json
import math
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, NoReturn, TypeVar

import jsonschema
from flask import Blueprint, Flask, Response, current_app, g, request
from sqlalchemy.exc import OperationalError
from werkzeug.routing import PathConverter

from foundation.db import as_utc, utcnow
from foundation.settings import Settings
from foundation.text import is_storable_text
from screening.accounts.apikeys import VERIFIED_KEYS
from screening.api import schemas as s
from screening.context import get_session, get_settings
from screening.errors import ApiError, error_response

bp = Blueprint("api", __name__, url_prefix="/api/v1")


class AnyTextConverter(PathConverter):
    """Like ``path``, and a line feed too: an id with control characters reaches its
    handler and is refused there with a 422 that says why, instead of a routing 404."""

    regex = r"[^/][\s\S]*?"


# Registered before any route of the blueprint is added (deferred functions run in order).
bp.record_once(lambda state: state.app.url_map.converters.setdefault("text", AnyTextConverter))

F = TypeVar("F", bound=Callable[..., Any])

LAST_USED_RESOLUTION = timedelta(minutes=1)
# Our request bodies nest five levels deep; anything far deeper is refused before validation.
MAX_JSON_DEPTH = 32
# A client's X-Request-Id is kept when it looks like an id; anything else gets a new one.
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
# Shown to clients at most this many invalid fields at once.
MAX_DETAILS = 50

# A response of an operation: a shared component by name, or a response object.
ResponseSpec = str | dict[str, Any]
# Every authenticated operation may answer these (shared components).
COMMON_RESPONSES: dict[int, str] = {
    400: "BadRequest",
    401: "Unauthorized",
    403: "Forbidden",
    429: "TooManyRequests",
    503: "ServiceUnavailable",
}


@dataclass(frozen=True)
class Operation:
    """How an endpoint is documented, and the inputs its wrapper accepts."""

    summary: str
    description: str
    scopes: tuple[str, ...]
    request_schema: str | None
    responses: dict[int, ResponseSpec]
    parameters: list[dict[str, Any]] = field(default_factory=list)

    @property
    def query_parameters(self) -> frozenset[str]:
        names = set()
        for parameter in self.parameters:
            if "$ref" in parameter:
                parameter = s.PARAMETERS[parameter["$ref"].rsplit("/", 1)[1]]
            if parameter["in"] == "query":
                names.add(parameter["name"])
        return frozenset(names)


def operation(
    *,
    summary: str,
    scopes: tuple[str, ...],
    request_schema: str | None = None,
    responses: dict[int, ResponseSpec],
    parameters: list[dict[str, Any]] | None = None,
    description: str = "",
) -> Callable[[F], F]:
    """Require a key with one of ``scopes``, accept only the declared query parameters,
    answer GETs conditionally (ETag, 304), and describe the endpoint for OpenAPI.

    ``request_schema`` names the component (see ``schemas.components``) that
    documents and validates the JSON body.
    """

    def decorate(view: F) -> F:
        meta = Operation(
            summary=summary,
            description=description or (view.__doc__ or "").strip(),
            scopes=scopes,
            request_schema=request_schema,
            responses={**COMMON_RESPONSES, **responses},
            parameters=parameters or [],
        )
        allowed = meta.query_parameters

        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            _authenticate(scopes)
            _check_query(allowed)
            _check_path_values(kwargs)
            response = view(*args, **kwargs)
            if (
                request.method == "GET"
                and isinstance(response, Response)
                and response.status_code == 200
            ):
                response.add_etag()
                response.make_conditional(request)
            return response

        wrapped.openapi = meta  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorate


# --- every request ----------------------------------------------------------------------


def begin_request() -> None:
    """Name the request: the client's X-Request-Id when usable, else a new one."""
    given = request.headers.get("X-Request-Id", "")
    g.request_id = given if _REQUEST_ID.match(given) else uuid.uuid4().hex


def finish_response(response: Response) -> Response:
    """Every API answer says its request id and, once the key is known, its rate limit."""
    response.headers["X-Request-Id"] = g.get("request_id") or uuid.uuid4().hex
    quota = g.get("quota")
    if quota is not None:
        response.headers.update(quota.headers)
    return response


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
    # A key verified in the last few seconds is not read again (see accounts.apikeys:
    # a revocation elsewhere takes effect here within KEY_CACHE_SECONDS).
    token = token.strip()
    key = VERIFIED_KEYS.verify(session, token)
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
    quota = current_app.extensions["rate_limiter"].hit(key.prefix)
    g.quota = quota
    if not quota.allowed:
        raise ApiError(
            429,
            "too_many_requests",
            f"Rate limit exceeded ({quota.limit} requests per minute per key)",
            headers={"Retry-After": str(quota.reset)},
        )
    now = utcnow()
    # Once a minute is precise enough, and spares every request a write to the key's row.
    if key.last_used_at is None or as_utc(key.last_used_at) < now - LAST_USED_RESOLUTION:
        VERIFIED_KEYS.record_use(session, token, key, now)
        session.commit()
    g.api_key = key


def _check_query(allowed: frozenset[str]) -> None:
    """Only the operation's own query parameters, each once and with a value."""
    for name in request.args:
        if name not in allowed:
            takes = ", ".join(sorted(allowed)) or "none"
            raise ApiError(
                400,
                "bad_request",
                f"Unknown query parameter {name[:40]!r} (this operation takes: {takes})",
            )
        values = request.args.getlist(name)
        if len(values) > 1:
            raise ApiError(400, "bad_request", f"Query parameter {name!r} is given more than once")
        if not values[0].strip():
            raise ApiError(400, "bad_request", f"Query parameter {name!r} is empty")
        if not is_storable_text(values[0]):
            # PostgreSQL refuses NUL in any text it compares: a filter on it matches nothing.
            raise ApiError(
                400,
                "bad_request",
                f"Query parameter {name!r} holds a NUL character or an unpaired surrogate",
            )


def _check_path_values(values: dict[str, Any]) -> None:
    """No stored object has an id no database can hold, so such a path names nothing."""
    for value in values.values():
        if isinstance(value, str) and not is_storable_text(value):
            raise ApiError(
                404, "not_found", "No resource has an id with NUL or surrogate characters"
            )


# --- JSON bodies ----------------------------------------------------------------------------


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


def _finite_float(text: str) -> float | int:
    """A JSON number written with a fraction or exponent. JSON does not tell 26 from
    26.0, and JSON Schema takes 26.0 as an integer: a whole value is an int here, so
    a field such as ``limit`` gets the int the code expects."""
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"number {text[:40]} is out of range")
    return int(value) if value.is_integer() else value


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


class RequestSchemas:
    """The request schemas of the document, compiled once per app, that validate bodies.

    The documented component is the validating schema: references are inlined, nothing
    else changes.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.components = s.components(settings)
        self._validators: dict[str, jsonschema.Draft202012Validator] = {}

    def validator(self, name: str) -> jsonschema.Draft202012Validator:
        found = self._validators.get(name)
        if found is None:
            schema = _inline_refs(self.components["schemas"][name], self.components["schemas"])
            found = jsonschema.Draft202012Validator(schema)
            self._validators[name] = found
        return found


def _inline_refs(schema: Any, schemas: dict[str, Any]) -> Any:
    if isinstance(schema, list):
        return [_inline_refs(x, schemas) for x in schema]
    if not isinstance(schema, dict):
        return schema
    if "$ref" in schema:
        target = schemas[schema["$ref"].rsplit("/", 1)[1]]
        merged = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
        return _inline_refs(merged, schemas)
    return {k: _inline_refs(v, schemas) for k, v in schema.items() if k != "example"}


def request_schemas() -> RequestSchemas:
    schemas: RequestSchemas | None = current_app.extensions.get("api_request_schemas")
    if schemas is None:
        schemas = RequestSchemas(get_settings())
        current_app.extensions["api_request_schemas"] = schemas
    return schemas


def json_body(schema: str, max_items: int | None = None) -> dict[str, Any]:
    """The request's JSON object, validated against the component ``schema``.

    More than ``max_items`` items is 413 (before anything else is checked); every
    invalid field is listed in one 422.
    """
    body = parse_json_body()
    if max_items is not None and isinstance(body, dict):
        items = body.get("items")
        if isinstance(items, list) and len(items) > max_items:
            raise ApiError(
                413, "payload_too_large", f"Too many items in one request (limit: {max_items})"
            )
    validator = request_schemas().validator(schema)
    errors = sorted(validator.iter_errors(body), key=lambda e: [str(p) for p in e.absolute_path])
    if errors:
        details = [d for e in errors for d in _details_of(e)][:MAX_DETAILS]
        raise_validation_error(details)
    bad = _unstorable_text(body)
    if bad is not None:
        raise_validation_error(
            [
                validation_detail(
                    bad,
                    "unstorable_text",
                    "text holds a NUL character or an unpaired surrogate: remove them",
                )
            ]
        )
    return body


def raise_validation_error(details: list[dict[str, Any]]) -> NoReturn:
    first = details[0]
    raise ApiError(
        422,
        "validation_error",
        f"Invalid request at {first['path']}: {first['message']}",
        details=details,
    )


def validation_detail(path: list[Any] | str, code: str, message: str) -> dict[str, Any]:
    """A problem in the one shape every validation error has (see ``jobs.inputs.detail``)."""
    parts = [str(p) for p in path] if isinstance(path, list) else path.strip("/").split("/")
    parts = [p for p in parts if p != ""]
    found: dict[str, Any] = {"path": "/" + "/".join(parts)}
    if len(parts) >= 2 and parts[0] == "items" and parts[1].isdigit():
        found["item"] = int(parts[1])
        found["field"] = "/".join(parts[2:]) or None
    else:
        found["field"] = "/".join(parts) or None
    found["code"] = code
    found["message"] = message
    return found


def _details_of(error: jsonschema.ValidationError) -> list[dict[str, Any]]:
    """A JSON Schema error as details, with a message a person can act on."""
    path = list(error.absolute_path)
    keyword = str(error.validator)
    value = error.validator_value
    if keyword == "required":
        missing = [p for p in value if isinstance(error.instance, dict) and p not in error.instance]
        return [validation_detail([*path, p], "required", f"{p} is required") for p in missing[:1]]
    if keyword == "additionalProperties" and isinstance(error.instance, dict):
        known = set(error.schema.get("properties", {}))
        return [
            validation_detail([*path, p], "unknown_field", f"{str(p)[:40]} is not a known field")
            for p in sorted(error.instance)
            if p not in known
        ]
    # Within an item, its own field ("name"); elsewhere the last part of the path.
    in_item = len(path) > 2 and path[0] == "items"
    label = "/".join(str(p) for p in path[2:]) if in_item else str(path[-1]) if path else "body"
    messages = {
        "type": lambda: f"{label} must be {' or '.join(_as_list(value))}",
        "enum": lambda: f"{label} must be one of {', '.join(str(v) for v in value)}",
        "maxLength": lambda: f"{label} longer than {value} characters",
        "minLength": lambda: (
            f"{label} is empty" if value == 1 else f"{label} shorter than {value} characters"
        ),
        "minItems": lambda: (
            f"{label} must hold at least {value} entr{'y' if value == 1 else 'ies'}"
        ),
        "maxItems": lambda: f"{label} holds more than {value} entries",
        "minimum": lambda: f"{label} must be at least {value}",
        "maximum": lambda: f"{label} must be at most {value}",
        "pattern": lambda: f"{label} does not have the expected form ({value})",
    }
    codes = {"maxLength": "too_long", "minLength": "too_short"}
    message = messages[keyword]() if keyword in messages else error.message[:200]
    return [validation_detail(path, codes.get(keyword, keyword), message)]


def _as_list(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


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
    current_app.logger.warning("database unavailable (request %s): %s", g.get("request_id"), exc)
    return error_response(
        503,
        "service_unavailable",
        "The database is unavailable; retry later",
        headers={"Retry-After": "5"},
    )


def register_hooks(app: Flask, compress: Any) -> None:
    """Request ids and rate-limit headers on every API answer; gzip for large ones."""

    @app.before_request
    def _name_request() -> None:
        begin_request()

    @app.after_request
    def _finish(response: Response) -> Response:
        response.headers.setdefault("X-Request-Id", g.get("request_id") or "")
        if request.path.startswith("/api/"):
            response = finish_response(response)
            response = compress.after_request(response)
        return response
