"""The API's contract as OpenAPI components: JSON Schemas of requests and answers,
the shared error responses with an example of each error, the response headers,
the parameters and the webhook payloads.

The request schemas here are the ones that validate requests (see ``base.RequestSchemas``),
and every limit they state comes from the settings, so the document cannot drift
from what the server enforces. Every concept has one component, referenced with
``$ref`` wherever it appears, so a generated client has one error type and one
enum per concept.
"""

from __future__ import annotations

import copy
from typing import Any

from foundation.settings import Settings
from screening.jobs.inputs import (
    BIRTH_DATE_PATTERN,
    IDENTIFIER_TYPES,
    ITEM_TYPES,
    MAX_COUNTRY_LENGTH,
    MAX_IDENTIFIER_LENGTH,
    MAX_IDENTIFIERS,
    MAX_REFERENCE_LENGTH,
)
from screening.models import (
    DEFAULT_MATCH_LIMIT,
    DISPOSITIONS,
    JOB_STATUSES,
    OUTCOMES,
    REVIEW_STATUSES,
    WEBHOOK_STATUSES,
    Channel,
    ItemStatus,
)

MAX_PAGE = 1_000_000
MAX_PER_PAGE = 500
MAX_IDEMPOTENCY_KEY = 256
MAX_CALLBACK_URL = 2048
# Seconds a client should wait before polling a running job again (Retry-After).
POLL_SECONDS = 2
# Names of the API's webhook events; a job's callback is one of the first two.
JOB_EVENTS = ("screening.completed", "screening.failed")
KEY_EVENTS = ("alert.opened", "counterparty.blocked")


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` or null."""
    if "$ref" in schema:
        return {"anyOf": [schema, {"type": "null"}]}
    kind = schema["type"]
    return {**schema, "type": [*(kind if isinstance(kind, list) else [kind]), "null"]}


def obj(properties: dict[str, Any], *, optional: tuple[str, ...] = (), **extra: Any) -> dict:
    """An object whose properties are all present in every answer, except ``optional``."""
    schema = {
        "type": "object",
        "required": [p for p in properties if p not in optional],
        "properties": properties,
    }
    schema.update(extra)
    return schema


STRING = {"type": "string"}
INTEGER = {"type": "integer"}
NUMBER = {"type": "number"}
TIME = {"type": "string", "format": "date-time"}
COUNTS = {"type": "object", "additionalProperties": {"type": "integer"}}


def _enum(values: tuple[str, ...] | list[str], description: str) -> dict[str, Any]:
    return {"type": "string", "enum": list(values), "description": description}


ENUMS: dict[str, dict[str, Any]] = {
    "ItemType": _enum(
        ITEM_TYPES,
        "What the name is. `any` (the default) compares it with every kind of listed entity.",
    ),
    "IdentifierType": _enum(
        IDENTIFIER_TYPES,
        "Kind of identifier: IMO and MMSI numbers, call signs and aircraft registrations "
        "for vessels and aircraft; registration, tax and VAT numbers, Russian INN and OGRN, "
        "LEI and SWIFT/BIC for organisations; passport and national id for persons.",
    ),
    "JobStatus": _enum(JOB_STATUSES, "queued, then running, then completed or failed."),
    "ItemStatus": _enum(tuple(s.value for s in ItemStatus), "Whether the name was screened."),
    "Outcome": _enum(OUTCOMES, "potential_match when any listed entity matched."),
    "Disposition": _enum(DISPOSITIONS, "How an officer resolved the match."),
    "ReviewStatus": _enum(
        REVIEW_STATUSES,
        "Where the match stands in alert review: its alert's status (open, proposed, "
        "escalated, closed), or cleared: a confirmed false positive covers the pair, so no "
        "alert was raised.",
    ),
    "Channel": _enum(tuple(c.value for c in Channel), "Where the job was submitted."),
    "WebhookStatus": _enum(
        WEBHOOK_STATUSES,
        "pending (not attempted yet), delivering (an attempt is under way), retrying "
        "(an attempt failed, another is scheduled), delivered (the receiver answered 2xx), "
        "failed (given up once the retry window passed, or the address was refused).",
    ),
}

# --- errors -------------------------------------------------------------------------

VALIDATION_DETAIL = obj(
    {
        "path": {
            **STRING,
            "description": "JSON pointer into the request body, e.g. /items/1/name.",
        },
        "item": {**INTEGER, "description": "Position of the item, for item fields."},
        "field": nullable(
            {**STRING, "description": "The field, relative to the item when there is one."}
        ),
        "code": {
            **STRING,
            "description": "What is wrong: required, enum, type, too_long, empty, "
            "invalid_country, invalid_date, invalid_identifier, ...",
        },
        "message": STRING,
    },
    optional=("item",),
    description="One invalid field. Every validation error (422 `validation_error`) lists "
    "these in `details`, whichever check found it.",
)

DETAILS = {
    "description": "For validation_error: the list of invalid fields. For "
    "idempotency_conflict: the job the key already belongs to.",
    "anyOf": [
        {"type": "array", "items": ref("ValidationDetail")},
        {"type": "object", "additionalProperties": True},
    ],
}

ERROR = obj(
    {
        "error": obj(
            {"code": STRING, "message": STRING, "details": DETAILS},
            optional=("details",),
        )
    },
    description="Every error, unless the client accepts application/problem+json.",
)

PROBLEM = obj(
    {
        "type": {
            **STRING,
            "description": "URI reference of the problem type: /api/docs#error-<code>.",
        },
        "title": STRING,
        "status": INTEGER,
        "detail": STRING,
        "instance": STRING,
        "code": STRING,
        "details": DETAILS,
        "request_id": STRING,
    },
    optional=("details", "request_id", "instance"),
    description="RFC 9457 problem details: what the API answers an error with when the "
    "request's Accept header prefers application/problem+json. `code` and `details` are "
    "those of the `error` object.",
)

# code -> (HTTP status, message, details) for the docs' examples.
ERROR_EXAMPLES: dict[str, tuple[int, str, Any]] = {
    "bad_request": (
        400,
        "Unknown query parameter 'pages' (this operation takes: page, per_page, outcome)",
        None,
    ),
    "unauthorized": (401, "Missing API key: send 'Authorization: Bearer <key>'", None),
    "forbidden": (
        403,
        "This key lacks the scope for this endpoint (needs one of: screen)",
        None,
    ),
    "not_found": (404, "No screening job 'f00' visible to this key", None),
    "method_not_allowed": (405, "DELETE is not allowed here (allowed: GET, POST)", None),
    "idempotency_conflict": (
        409,
        "This Idempotency-Key was used with a different request body; use a new key",
        {"job_id": "0b9c5a4e-3f0e-4f59-9a43-0c1f0e6f1d2a"},
    ),
    "no_callback_url": (
        409,
        "This job has no callback_url; there is nothing to redeliver",
        None,
    ),
    "job_not_finished": (409, "This job is running; its callback is sent when it finishes", None),
    "payload_too_large": (413, "Too many items in one request (limit: 10000)", None),
    "unsupported_media_type": (415, "Send the body as application/json", None),
    "validation_error": (
        422,
        "Invalid request at /items/1/name: name longer than 512 characters",
        [
            {
                "path": "/items/1/name",
                "item": 1,
                "field": "name",
                "code": "too_long",
                "message": "name longer than 512 characters",
            },
            {
                "path": "/items/2/country",
                "item": 2,
                "field": "country",
                "code": "invalid_country",
                "message": "country 'XX' is not an ISO 3166-1 alpha-2 code (such as KP or RU)",
            },
        ],
    ),
    "unknown_list": (
        422,
        "unknown or empty list(s): ofac (available: dprk-labour, ofac-sdn, un)",
        None,
    ),
    "invalid_callback_url": (
        422,
        "callback_url must be an http or https URL without credentials",
        None,
    ),
    "too_many_requests": (429, "Rate limit exceeded (600 requests per minute per key)", None),
    "service_unavailable": (503, "The database is unavailable; retry later", None),
}


def error_example(code: str) -> dict[str, Any]:
    _status, message, details = ERROR_EXAMPLES[code]
    body: dict[str, Any] = {"code": code, "message": message}
    if details is not None:
        body["details"] = details
    return {"error": body}


def problem_example(code: str) -> dict[str, Any]:
    status, message, details = ERROR_EXAMPLES[code]
    titles = {
        400: "Bad Request",
        401: "Unauthorized",
        403: "Forbidden",
        404: "Not Found",
        405: "Method Not Allowed",
        409: "Conflict",
        413: "Request Entity Too Large",
        415: "Unsupported Media Type",
        422: "Unprocessable Entity",
        429: "Too Many Requests",
        503: "Service Unavailable",
    }
    body: dict[str, Any] = {
        "type": f"/api/docs#error-{code}",
        "title": titles[status],
        "status": status,
        "detail": message,
        "instance": "/api/v1/screenings",
        "code": code,
    }
    if details is not None:
        body["details"] = details
    body["request_id"] = "3f2b9c1e8d7a4f60"
    return body


# Shared error responses: name -> (description, error codes shown, headers).
ERROR_RESPONSES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "BadRequest": (
        "Malformed JSON, or an unknown, repeated, empty or invalid query parameter",
        ("bad_request",),
        (),
    ),
    "Unauthorized": (
        "Missing, unknown or revoked API key",
        ("unauthorized",),
        ("WWW-Authenticate",),
    ),
    "Forbidden": ("The key lacks the scope", ("forbidden",), ()),
    "NotFound": ("No such resource visible to this key", ("not_found",), ()),
    "IdempotencyConflict": (
        "The Idempotency-Key was used with a different request body",
        ("idempotency_conflict",),
        (),
    ),
    "RedeliveryConflict": (
        "The job has no callback_url, or has not finished",
        ("no_callback_url", "job_not_finished"),
        (),
    ),
    "PayloadTooLarge": (
        "More names than the limit, or a body larger than the limit",
        ("payload_too_large",),
        (),
    ),
    "UnsupportedMediaType": ("The body is not application/json", ("unsupported_media_type",), ()),
    "ValidationFailed": (
        "Invalid fields (each listed in details), an unknown list or a refused callback URL",
        ("validation_error", "unknown_list", "invalid_callback_url"),
        (),
    ),
    "TooManyRequests": (
        "Rate limit exceeded: wait Retry-After seconds",
        ("too_many_requests",),
        ("Retry-After",),
    ),
    "ServiceUnavailable": (
        "The database is unavailable: retry after Retry-After seconds",
        ("service_unavailable",),
        ("Retry-After",),
    ),
}

HEADERS: dict[str, dict[str, Any]] = {
    "X-Request-Id": {
        "description": "The request's id: the client's own X-Request-Id when it sent a "
        "usable one (up to 128 letters, digits, '.', '_', ':' or '-'), else a new one. "
        "The server's logs carry it.",
        "schema": STRING,
    },
    "RateLimit-Limit": {
        "description": "Requests this key may make per window (one minute); absent when "
        "the server sets no limit.",
        "schema": INTEGER,
    },
    "RateLimit-Remaining": {
        "description": "Requests left in the current window.",
        "schema": INTEGER,
    },
    "RateLimit-Reset": {
        "description": "Seconds until the current window ends.",
        "schema": INTEGER,
    },
    "Retry-After": {
        "description": "Seconds to wait before trying again (429, 503), or before polling "
        "a job that is still queued or running again.",
        "schema": INTEGER,
    },
    "Location": {"description": "Path of the job.", "schema": STRING},
    "Idempotent-Replayed": {
        "description": "`true` when the answer is the job an earlier request with the "
        "same Idempotency-Key and body created.",
        "schema": {"type": "string", "enum": ["true"]},
    },
    "ETag": {
        "description": "Version of the answer: send it as If-None-Match to get 304 "
        "Not Modified while nothing changed.",
        "schema": STRING,
    },
    "WWW-Authenticate": {"description": "`Bearer`", "schema": STRING},
}

STANDARD_HEADERS = ("X-Request-Id", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset")


def header_refs(names: tuple[str, ...]) -> dict[str, Any]:
    return {name: {"$ref": f"#/components/headers/{name}"} for name in names}


def error_response(name: str) -> dict[str, Any]:
    description, codes, headers = ERROR_RESPONSES[name]
    standard = ("X-Request-Id",) if name == "Unauthorized" else STANDARD_HEADERS
    return {
        "description": description,
        "headers": header_refs((*standard, *headers)),
        "content": {
            "application/json": {
                "schema": ref("Error"),
                "examples": {
                    code: {"summary": code, "value": error_example(code)} for code in codes
                },
            },
            "application/problem+json": {
                "schema": ref("Problem"),
                "examples": {
                    code: {"summary": code, "value": problem_example(code)} for code in codes
                },
            },
        },
    }


def ok(
    description: str,
    schema: str,
    example: Any,
    headers: tuple[str, ...] = (),
) -> dict[str, Any]:
    """A success response with its schema, example and headers."""
    return {
        "description": description,
        "headers": header_refs((*STANDARD_HEADERS, *headers)),
        "content": {"application/json": {"schema": ref(schema), "example": example}},
    }


NOT_MODIFIED = {
    "description": "Not modified since the ETag given in If-None-Match",
    "headers": header_refs((*STANDARD_HEADERS, "ETag")),
}

# --- parameters -----------------------------------------------------------------------

PARAMETERS: dict[str, dict[str, Any]] = {
    "JobId": {"name": "job_id", "in": "path", "required": True, "schema": STRING},
    "Page": {
        "name": "page",
        "in": "query",
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
    },
    "PerPage": {
        "name": "per_page",
        "in": "query",
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": 100},
    },
    "IdempotencyKey": {
        "name": "Idempotency-Key",
        "in": "header",
        "schema": {"type": "string", "maxLength": MAX_IDEMPOTENCY_KEY},
        "description": "Your id for this submission, scoped to your API key: a retry with "
        "the same key and body returns the same job (Idempotent-Replayed: true) for the "
        "idempotency window (SCREENING_IDEMPOTENCY_TTL, 24 h by default); the same key "
        "with another body is 409.",
    },
    "IfNoneMatch": {
        "name": "If-None-Match",
        "in": "header",
        "schema": STRING,
        "description": "An ETag from an earlier answer: 304 Not Modified if unchanged.",
    },
}


def param(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/parameters/{name}"}


# --- requests ---------------------------------------------------------------------------


def item_schema(settings: Settings) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["name"],
        "properties": {
            "name": {
                "type": "string",
                "minLength": 1,
                "maxLength": settings.max_name_length,
                "description": "Name to screen, in any script.",
            },
            "type": {**ref("ItemType"), "default": "any"},
            "country": {
                "type": ["string", "null"],
                "maxLength": MAX_COUNTRY_LENGTH,
                "description": "ISO 3166-1 alpha-2 code (KP, RU; any case), or a country "
                "name the service knows; stored and echoed as the upper-case code. Empty "
                "means none.",
            },
            "birth_date": {
                "type": ["string", "null"],
                "pattern": BIRTH_DATE_PATTERN,
                "description": "Date of birth (persons) or of registration: YYYY, "
                "YYYY-MM or YYYY-MM-DD.",
            },
            "identifiers": {
                "type": "array",
                "maxItems": MAX_IDENTIFIERS,
                "items": ref("Identifier"),
                "description": "IMO, registration, tax and other numbers of the name.",
            },
            "reference": {
                "type": ["string", "null"],
                "maxLength": MAX_REFERENCE_LENGTH,
                "description": "Your own id for the name, echoed in results.",
            },
        },
        "description": "One name to screen. country, birth_date, identifiers and type are "
        "stored with the name and echoed in its result. type narrows which listed "
        "entities a name is compared with; country, birth_date and identifiers do not "
        "change scores yet (they will feed the matcher's secondary features).",
    }


IDENTIFIER = obj(
    {
        "type": ref("IdentifierType"),
        "value": {"type": "string", "minLength": 1, "maxLength": MAX_IDENTIFIER_LENGTH},
    },
    additionalProperties=False,
    description="An identifier of the screened name. IMO numbers are 7 digits (an 'IMO' "
    "prefix is accepted), MMSI 9, INN 10 or 12, OGRN 13 or 15.",
)


def screening_request(settings: Settings, sync: bool) -> dict[str, Any]:
    max_items = settings.max_sync_items if sync else settings.max_batch_items
    properties: dict[str, Any] = {
        "items": {
            "type": "array",
            "minItems": 1,
            "maxItems": max_items,
            "items": ref("Item"),
            "description": f"The names (at most {max_items:,}, SCREENING_"
            f"{'MAX_SYNC_ITEMS' if sync else 'MAX_BATCH_ITEMS'}); more is 413.",
        },
        "lists": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "string",
                "description": "A list's name, as GET /api/v1/lists returns them.",
            },
            "description": "Lists to screen against; default: every active list. The names "
            "are a lookup, not a fixed enum (lists are imported while the service runs): "
            "GET /api/v1/lists returns them. An unknown name is 422 unknown_list.",
        },
        "threshold": {
            "type": "number",
            "minimum": 0,
            "maximum": 1,
            "description": "Lowest score reported; default: the service's "
            "(SCREENING_THRESHOLD, or the matcher's default).",
        },
        "limit": {
            "type": "integer",
            "minimum": 1,
            "maximum": settings.max_match_limit,
            "default": DEFAULT_MATCH_LIMIT,
            "description": "Most matches reported per name, best first "
            f"(at most {settings.max_match_limit}, SCREENING_MAX_MATCHES_PER_NAME).",
        },
    }
    if not sync:
        properties["callback_url"] = {
            "type": "string",
            "maxLength": MAX_CALLBACK_URL,
            "description": "Called with a signed POST when the job finishes (see the "
            "webhooks `screening.completed` and `screening.failed`).",
        }
    example: dict[str, Any] = {
        "items": [
            {"name": "Air Koryo", "type": "company", "country": "KP", "reference": "V-1001"},
            {
                "name": "Rungra 888",
                "type": "company",
                "identifiers": [{"type": "ogrn", "value": "1022500000000"}],
                "reference": "V-1002",
            },
        ],
        "threshold": 0.8,
        "limit": 10,
    }
    if sync:
        example = {"items": [{"name": "OOO Rungra-888", "type": "company"}]}
    else:
        example["callback_url"] = "https://erp.example.com/hooks/screening"
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["items"],
        "properties": properties,
        "example": example,
    }


# --- answers -------------------------------------------------------------------------------

WEBHOOK_DELIVERY = obj(
    {
        "url": STRING,
        "status": ref("WebhookStatus"),
        "delivery_id": nullable(
            {**STRING, "description": "X-Screening-Delivery of the callback, once attempted."}
        ),
        "attempts": INTEGER,
        "last_attempt_at": nullable(TIME),
        "last_status_code": nullable(INTEGER),
        "last_error": nullable(STRING),
        "next_attempt_at": nullable(TIME),
        "delivered_at": nullable(TIME),
    },
    description="Where the delivery of the job's callback stands.",
)

JOB_COUNTS = obj(
    {"items": INTEGER, "processed": INTEGER, "potential_matches": INTEGER, "clear": INTEGER}
)

JOB_PROPERTIES: dict[str, Any] = {
    "id": STRING,
    "status": ref("JobStatus"),
    "channel": ref("Channel"),
    "submitted_by": STRING,
    "created_at": nullable(TIME),
    "started_at": nullable(TIME),
    "finished_at": nullable(TIME),
    "threshold": NUMBER,
    "algorithm_version": STRING,
    "lists": {**COUNTS, "description": "List versions the job ran against, by list name."},
    "progress": {"type": "number", "minimum": 0, "maximum": 1},
    "counts": ref("JobCounts"),
    "limit": {**INTEGER, "description": "Most matches kept per name."},
    "webhook": {
        "anyOf": [ref("WebhookDelivery"), {"type": "null"}],
        "description": "The callback's delivery; null without callback_url.",
    },
}

JOB_EXAMPLE: dict[str, Any] = {
    "id": "0b9c5a4e-3f0e-4f59-9a43-0c1f0e6f1d2a",
    "status": "completed",
    "channel": "api",
    "submitted_by": "api-key:ERP-1",
    "created_at": "2026-11-24T09:00:00.123456+00:00",
    "started_at": "2026-11-24T09:00:00.201000+00:00",
    "finished_at": "2026-11-24T09:00:01.004000+00:00",
    "threshold": 0.8,
    "algorithm_version": "screen-1.1",
    "lists": {"dprk-labour": 1, "ofac-sdn": 1},
    "progress": 1.0,
    "counts": {"items": 2, "processed": 2, "potential_matches": 1, "clear": 1},
    "limit": 10,
    "webhook": {
        "url": "https://erp.example.com/hooks/screening",
        "status": "delivered",
        "delivery_id": "5d0c7e0e-2b4c-4a43-9a56-3b8f0c4f9e11",
        "attempts": 1,
        "last_attempt_at": "2026-11-24T09:00:01.100000+00:00",
        "last_status_code": 204,
        "last_error": None,
        "next_attempt_at": None,
        "delivered_at": "2026-11-24T09:00:01.180000+00:00",
    },
}

JOB_ACCEPTED_EXAMPLE = {
    **JOB_EXAMPLE,
    "status": "queued",
    "started_at": None,
    "finished_at": None,
    "progress": 0.0,
    "counts": {"items": 2, "processed": 0, "potential_matches": 0, "clear": 0},
    "webhook": {
        **JOB_EXAMPLE["webhook"],
        "status": "pending",
        "delivery_id": None,
        "attempts": 0,
        "last_attempt_at": None,
        "last_status_code": None,
        "delivered_at": None,
    },
}

FINDINGS = obj(
    {
        "outcome": {
            "anyOf": [ref("Outcome"), {"type": "null"}],
            "description": "potential_match once any name matched; clear when every name "
            "was screened without a match; null before that.",
        },
        "potential_matches_by_list": {
            **COUNTS,
            "description": "Names with at least one match on each list.",
        },
        "top_score": nullable(NUMBER),
    }
)

JOB_REPORT_EXAMPLE = {
    **JOB_EXAMPLE,
    "summary": {
        "outcome": "potential_match",
        "potential_matches_by_list": {"ofac-sdn": 1},
        "top_score": 1.0,
    },
}

LISTED_IDENTIFIER = obj(
    {
        "type": {
            **STRING,
            "description": "An IdentifierType where the list says which, `document` for an "
            "identity document the list describes in words, else what the list calls it.",
        },
        "value": STRING,
    }
)

MATCH = obj(
    {
        "id": INTEGER,
        "list": STRING,
        "list_version": INTEGER,
        "entity_id": STRING,
        "entity_url": {
            **STRING,
            "description": "The listed entity as of list_version (GET, scope entities).",
        },
        "source_id": STRING,
        "name": {**STRING, "description": "The entity's primary name."},
        "schema": nullable(
            {**STRING, "description": "person, organization, company, public_body, vessel, ..."}
        ),
        "programs": nullable({"type": "array", "items": STRING}),
        "countries": nullable(
            {
                "type": "array",
                "items": STRING,
                "description": "ISO 3166-1 alpha-2 codes in lower case, or as published.",
            }
        ),
        "birth_dates": nullable({"type": "array", "items": STRING}),
        "identifiers": nullable({"type": "array", "items": ref("ListedIdentifier")}),
        "matched_name": {**STRING, "description": "The listed name that matched."},
        "score": NUMBER,
        "explanation": {"type": "object"},
        "disposition": ref("Disposition"),
        "disposed_by": nullable(STRING),
        "disposed_at": nullable(TIME),
        "comment": nullable(STRING),
        "review_status": nullable(ref("ReviewStatus")),
        "alert_id": nullable({**INTEGER, "description": "GET /api/v1/alerts/{id}"}),
        "alert_url": nullable(STRING),
        "clearance_id": nullable(INTEGER),
    },
    description="A listed entity that matched. Matches are ordered by score, then list, "
    "then entity_id, so the same request against the same list versions answers the same. "
    "schema, programs, countries, birth_dates and identifiers describe the entity as of "
    "list_version; they are null on matches stored before API 1.1.",
)

MATCH_EXAMPLE = {
    "id": 17,
    "list": "ofac-sdn",
    "list_version": 1,
    "entity_id": "ofac-sdn:12345",
    "entity_url": "/api/v1/entities/ofac-sdn:12345?version=1",
    "source_id": "12345",
    "name": "AIR KORYO",
    "schema": "company",
    "programs": ["DPRK3"],
    "countries": ["kp"],
    "birth_dates": [],
    "identifiers": [],
    "matched_name": "AIR KORYO",
    "score": 1.0,
    "explanation": {
        "algorithm": "screen-1.1",
        "query_form": "air koryo",
        "listed_form": "air koryo",
        "score": 1.0,
        "threshold": 0.8,
        "pairs": [
            {"query": "air", "listed": "air", "method": "exact", "similarity": 1.0},
            {"query": "koryo", "listed": "koryo", "method": "exact", "similarity": 1.0},
        ],
        "unmatched_query": [],
        "unmatched_listed": [],
    },
    "disposition": "open",
    "disposed_by": None,
    "disposed_at": None,
    "comment": None,
    "review_status": "open",
    "alert_id": 42,
    "alert_url": "/api/v1/alerts/42",
    "clearance_id": None,
}

ITEM_RESULT = obj(
    {
        "position": INTEGER,
        "name": STRING,
        "normalized_name": nullable(STRING),
        "type": ref("ItemType"),
        "country": nullable(STRING),
        "birth_date": nullable(STRING),
        "identifiers": {"type": "array", "items": ref("Identifier")},
        "reference": nullable(STRING),
        "status": ref("ItemStatus"),
        "outcome": {"anyOf": [ref("Outcome"), {"type": "null"}]},
        "top_score": nullable(NUMBER),
        "matches": {"type": "array", "items": ref("Match")},
    },
    description="One submitted name, as submitted (country as its upper-case code), "
    "normalised, and its matches.",
)

ITEM_RESULT_EXAMPLE = {
    "position": 0,
    "name": "AIR KORYO",
    "normalized_name": "air koryo",
    "type": "company",
    "country": "KP",
    "birth_date": None,
    "identifiers": [],
    "reference": "V-1001",
    "status": "done",
    "outcome": "potential_match",
    "top_score": 1.0,
    "matches": [MATCH_EXAMPLE],
}

PAGE_META = obj({"page": INTEGER, "per_page": INTEGER, "total": INTEGER, "pages": INTEGER})
PAGE_META_EXAMPLE = {"page": 1, "per_page": 100, "total": 1, "pages": 1}

RESULTS_PAGE = obj(
    {
        "job": obj(
            {
                "id": STRING,
                "status": ref("JobStatus"),
                "lists": COUNTS,
                "algorithm_version": STRING,
                "threshold": NUMBER,
                "limit": INTEGER,
            }
        ),
        "data": {"type": "array", "items": ref("ItemResult")},
        "meta": ref("PageMeta"),
    }
)

RESULTS_PAGE_EXAMPLE = {
    "job": {
        "id": JOB_EXAMPLE["id"],
        "status": "completed",
        "lists": {"dprk-labour": 1, "ofac-sdn": 1},
        "algorithm_version": "screen-1.1",
        "threshold": 0.8,
        "limit": 10,
    },
    "data": [ITEM_RESULT_EXAMPLE],
    "meta": PAGE_META_EXAMPLE,
}

LIST_SUMMARY_PROPERTIES: dict[str, Any] = {
    "name": STRING,
    "title": STRING,
    "description": STRING,
    "format": STRING,
    "active_version": nullable(INTEGER),
    "entities": INTEGER,
    "names": INTEGER,
    "imported_at": nullable(TIME),
    "source_hash": nullable(STRING),
}
LIST_SUMMARY_EXAMPLE = {
    "name": "ofac-sdn",
    "title": "OFAC SDN",
    "description": "",
    "format": "ofac-csv",
    "active_version": 2,
    "entities": 17000,
    "names": 33000,
    "imported_at": "2026-11-24T09:00:00+00:00",
    "source_hash": "3f1c0d9a...",
}
LIST_VERSION = obj(
    {
        "number": INTEGER,
        "imported_at": TIME,
        "imported_by": STRING,
        "source_hash": STRING,
        "source_files": {"type": "array", "items": STRING},
        "entities": INTEGER,
        "names": INTEGER,
        "diff_counts": COUNTS,
        "active": {"type": "boolean"},
    }
)

ENTITY = obj(
    {
        "id": STRING,
        "list": STRING,
        "source_id": STRING,
        "schema": STRING,
        "category": nullable(STRING),
        "primary_name": STRING,
        "countries": {"type": "array", "items": STRING},
        "programs": {"type": "array", "items": STRING},
        "addresses": {"type": "array", "items": STRING},
        "notes": nullable(STRING),
        "properties": {"type": "object"},
        "birth_dates": {"type": "array", "items": STRING},
        "identifiers": {"type": "array", "items": ref("ListedIdentifier")},
        "current": {"type": "boolean"},
        "version": INTEGER,
        "added_in_version": INTEGER,
        "removed_in_version": nullable(INTEGER),
        "names": {"type": "array", "items": {"type": "object"}},
        "sources": {"type": "array", "items": {"type": "object"}},
        "relations": {"type": "array", "items": {"type": "object"}},
        "referenced_by": {"type": "array", "items": {"type": "object"}},
    }
)
ENTITY_EXAMPLE = {
    "id": "dprk-labour:dprk-labour-air-koryo",
    "list": "dprk-labour",
    "source_id": "dprk-labour-air-koryo",
    "schema": "company",
    "category": "transport",
    "primary_name": "Air Koryo",
    "countries": ["kp"],
    "programs": [],
    "addresses": [],
    "notes": None,
    "properties": {},
    "birth_dates": [],
    "identifiers": [],
    "current": True,
    "version": 1,
    "added_in_version": 1,
    "removed_in_version": None,
    "names": [
        {"value": "고려항공", "kind": "alias", "lang": "ko", "script": "Hang", "parts": None}
    ],
    "sources": [
        {
            "document": "000_eda8b829bb6f0510.txt",
            "publisher": None,
            "title": None,
            "date": None,
            "url": None,
            "claim": "The national carrier flew the first group of labourers.",
        }
    ],
    "relations": [],
    "referenced_by": [],
}

# --- webhook payloads --------------------------------------------------------------------

ALERT = obj(
    {
        "id": INTEGER,
        "status": STRING,
        "reason": STRING,
        "raised_reason": nullable(STRING),
        "resolution": nullable(STRING),
        "counterparty_reference": nullable(STRING),
        "counterparty_name": nullable(STRING),
        "subject_name": STRING,
        "subject_type": nullable(STRING),
        "subject_country": nullable(STRING),
        "job_id": nullable(STRING),
        "list": STRING,
        "list_version": INTEGER,
        "entity_id": STRING,
        "source_id": STRING,
        "entity_name": STRING,
        "matched_name": STRING,
        "score": NUMBER,
        "explanation": {"type": "object"},
        "algorithm_version": STRING,
        "assignee": nullable(STRING),
        "opened_at": nullable(TIME),
        "updated_at": nullable(TIME),
        "closed_at": nullable(TIME),
    },
    description="An alert: a counterparty (or a name screened once) tied to a listed "
    "entity at a list version, as the alert pages and the API show it.",
)

COUNTERPARTY = obj(
    {
        "reference": {**STRING, "description": "Your id of the counterparty."},
        "name": STRING,
        "type": ref("ItemType"),
        "country": nullable(STRING),
        "birth_date": nullable(STRING),
        "identifiers": {"type": "array", "items": ref("Identifier")},
        "active": {"type": "boolean"},
        "blocked": {"type": "boolean"},
    },
    optional=("birth_date", "identifiers", "active"),
    description="A counterparty on your books, registered for continuous screening.",
)


def key_event(name: str, data: dict[str, Any], description: str) -> dict[str, Any]:
    return obj(
        {
            "event": {"type": "string", "enum": [name]},
            "id": {**STRING, "description": "Also sent as X-Screening-Delivery."},
            "created_at": TIME,
            "data": data,
        },
        description=description,
    )


JOB_CALLBACK = obj(
    {"event": {"type": "string", "enum": list(JOB_EVENTS)}, "job": ref("JobReport")},
    description="What a job's callback_url receives when the job finishes: the job as "
    "GET /api/v1/screenings/{job_id} returns it.",
)

WEBHOOK_HEADERS = [
    {
        "name": "X-Screening-Event",
        "in": "header",
        "required": True,
        "schema": STRING,
        "description": "The event's name.",
    },
    {
        "name": "X-Screening-Delivery",
        "in": "header",
        "required": True,
        "schema": STRING,
        "description": "The delivery id: the same on every retry and redelivery of one "
        "event, so a receiver can drop duplicates.",
    },
    {
        "name": "X-Screening-Timestamp",
        "in": "header",
        "required": True,
        "schema": STRING,
        "description": "Unix time of the attempt; reject old ones (replays).",
    },
    {
        "name": "X-Screening-Signature",
        "in": "header",
        "required": True,
        "schema": STRING,
        "description": 'v1=<hex>: HMAC-SHA256 of "{timestamp}.{raw body}" with the API '
        "key's webhook secret.",
    },
]


def _webhook(summary: str, description: str, schema: str, example: Any) -> dict[str, Any]:
    return {
        "post": {
            "summary": summary,
            "description": description,
            "parameters": WEBHOOK_HEADERS,
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": ref(schema), "example": example}},
            },
            "responses": {
                "2XX": {
                    "description": "Received. Any other answer, or none within "
                    "SCREENING_WEBHOOK_TIMEOUT, is retried."
                }
            },
        }
    }


ALERT_EXAMPLE = {
    "id": 42,
    "status": "open",
    "reason": "new_listing",
    "raised_reason": "new_listing",
    "resolution": None,
    "counterparty_reference": "V-1001",
    "counterparty_name": "Air Koryo Ltd",
    "subject_name": "Air Koryo Ltd",
    "subject_type": "company",
    "subject_country": "kp",
    "job_id": None,
    "list": "ofac-sdn",
    "list_version": 3,
    "entity_id": "ofac-sdn:12345",
    "source_id": "12345",
    "entity_name": "AIR KORYO",
    "matched_name": "AIR KORYO",
    "score": 0.97,
    "explanation": {},
    "algorithm_version": "screen-1.1",
    "assignee": None,
    "opened_at": "2026-11-24T09:00:00+00:00",
    "updated_at": "2026-11-24T09:00:00+00:00",
    "closed_at": None,
}


def webhooks(settings: Settings) -> dict[str, Any]:
    """The events the service POSTs, their headers and payloads."""
    retry = (
        f"Retried with exponential backoff (2, 4, 8, ... s, at most "
        f"{settings.webhook_max_backoff_seconds} s apart) for "
        f"{settings.webhook_retry_window_seconds / 3600:g} h "
        "(SCREENING_WEBHOOK_RETRY_WINDOW) or "
        f"{settings.webhook_max_attempts} attempts (SCREENING_WEBHOOK_MAX_ATTEMPTS), "
        "whichever ends first; the job or event records every attempt."
    )
    job_event = (
        "Sent to the job's callback_url when it finishes. " + retry + " "
        "POST /api/v1/screenings/{job_id}/webhook/redeliver sends it again."
    )
    key_events = (
        "Sent to the webhook URL of the API key that registered the counterparty "
        "(`screening keys create --webhook-url`). " + retry
    )
    return {
        "screening.completed": _webhook(
            "A job finished", job_event, "JobCallback",
            {"event": "screening.completed", "job": JOB_REPORT_EXAMPLE},
        ),
        "screening.failed": _webhook(
            "A job failed", job_event, "JobCallback",
            {"event": "screening.failed", "job": {**JOB_REPORT_EXAMPLE, "status": "failed"}},
        ),
        "alert.opened": _webhook(
            "An alert was opened for one of your counterparties",
            key_events,
            "AlertOpenedEvent",
            {
                "event": "alert.opened",
                "id": "9a1f3c0e-0d43-4c55-8f0b-6f7d3b2a1c00",
                "created_at": "2026-11-24T09:00:00+00:00",
                "data": ALERT_EXAMPLE,
            },
        ),
        "counterparty.blocked": _webhook(
            "A counterparty was confirmed as a listed entity: stop business with it",
            key_events,
            "CounterpartyBlockedEvent",
            {
                "event": "counterparty.blocked",
                "id": "1c2d3e4f-0d43-4c55-8f0b-6f7d3b2a1c00",
                "created_at": "2026-11-24T10:00:00+00:00",
                "data": {
                    "counterparty": {
                        "reference": "V-1001",
                        "name": "Air Koryo Ltd",
                        "type": "company",
                        "country": "kp",
                        "blocked": True,
                    },
                    "alert": {**ALERT_EXAMPLE, "status": "closed", "resolution": "true_match"},
                },
            },
        ),
    }  # fmt: skip


# --- all components ----------------------------------------------------------------------


# Components that other API modules declare beside their routes (counterparties,
# alerts), added by ``component`` when those modules are imported.
MODULE_COMPONENTS: dict[str, dict[str, Any]] = {}


def component(name: str, schema: dict[str, Any]) -> str:
    """Make ``schema`` the component ``name`` of the document; returns the name."""
    MODULE_COMPONENTS[name] = schema
    return name


def components(settings: Settings) -> dict[str, Any]:
    """Every OpenAPI component, with the limits these settings enforce."""
    schemas: dict[str, Any] = {
        **MODULE_COMPONENTS,
        **ENUMS,
        "Identifier": IDENTIFIER,
        "ListedIdentifier": LISTED_IDENTIFIER,
        "Item": item_schema(settings),
        "ScreeningRequest": screening_request(settings, sync=False),
        "SyncScreeningRequest": screening_request(settings, sync=True),
        "ValidationDetail": VALIDATION_DETAIL,
        "Error": ERROR,
        "Problem": PROBLEM,
        "WebhookDelivery": WEBHOOK_DELIVERY,
        "JobCounts": JOB_COUNTS,
        "Job": obj(JOB_PROPERTIES, example=JOB_EXAMPLE),
        "JobFindings": FINDINGS,
        "JobReport": obj(
            {**JOB_PROPERTIES, "summary": ref("JobFindings")}, example=JOB_REPORT_EXAMPLE
        ),
        "JobPage": obj({"data": {"type": "array", "items": ref("Job")}, "meta": ref("PageMeta")}),
        "Match": MATCH,
        "ItemResult": ITEM_RESULT,
        "PageMeta": PAGE_META,
        "ResultsPage": RESULTS_PAGE,
        "SyncResults": obj(
            {"job": ref("Job"), "results": {"type": "array", "items": ref("ItemResult")}}
        ),
        "ListSummary": obj(LIST_SUMMARY_PROPERTIES),
        "ListPage": obj({"data": {"type": "array", "items": ref("ListSummary")}}),
        "ListVersion": LIST_VERSION,
        "ListDetail": obj(
            {
                **LIST_SUMMARY_PROPERTIES,
                "versions": {"type": "array", "items": ref("ListVersion")},
            }
        ),
        "Entity": ENTITY,
        "JobCallback": JOB_CALLBACK,
        "Alert": ALERT,
        "Counterparty": COUNTERPARTY,
        "AlertOpenedEvent": key_event(
            "alert.opened", ref("Alert"), "An alert was opened: `data` is the alert."
        ),
        "CounterpartyBlockedEvent": key_event(
            "counterparty.blocked",
            obj({"counterparty": ref("Counterparty"), "alert": ref("Alert")}),
            "A reviewer confirmed a true match: `data` holds the counterparty, now "
            "blocked, and the alert that was confirmed.",
        ),
    }
    return {
        "securitySchemes": {
            "bearerAuth": {
                "type": "http",
                "scheme": "bearer",
                "description": "An API key from `screening keys create`. Scopes: `screen` "
                "submits jobs and reads its own; `read` reads every job and the lists; "
                "`entities` reads the lists and their entities only.",
            }
        },
        # A copy: the module's dictionaries are shared by every document built here.
        "schemas": copy.deepcopy(schemas),
        "responses": {name: error_response(name) for name in ERROR_RESPONSES}
        | {"NotModified": NOT_MODIFIED},
        "headers": HEADERS,
        "parameters": PARAMETERS,
    }
