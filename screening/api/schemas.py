"""JSON Schemas of the API: used to validate requests and to write the OpenAPI document."""

from __future__ import annotations

from typing import Any

from screening.jobs.inputs import ITEM_TYPES
from screening.models import DISPOSITIONS, JOB_STATUSES, OUTCOMES, REVIEW_STATUSES, ItemStatus

ITEM = {
    "type": "object",
    "additionalProperties": False,
    "required": ["name"],
    "properties": {
        "name": {"type": "string", "minLength": 1, "description": "Name to screen, any script."},
        "type": {
            "type": "string",
            "enum": list(ITEM_TYPES),
            "default": "any",
        },
        "country": {"type": ["string", "null"], "maxLength": 64},
        "reference": {
            "type": ["string", "null"],
            "maxLength": 256,
            "description": "Your own id for the name, echoed in results.",
        },
    },
}

SCREENING_REQUEST = {
    "type": "object",
    "additionalProperties": False,
    "required": ["items"],
    "properties": {
        "items": {"type": "array", "minItems": 1, "items": ITEM},
        "lists": {
            "type": "array",
            "minItems": 1,
            "items": {"type": "string"},
            "description": "List names to screen against; default: every active list.",
        },
        "threshold": {"type": "number", "minimum": 0, "maximum": 1},
        "callback_url": {
            "type": "string",
            "description": "Called with a signed POST when the job finishes.",
        },
    },
    "example": {
        "items": [
            {"name": "Air Koryo", "type": "company", "reference": "vendor-1001"},
            {"name": "김정은", "type": "person", "reference": "vendor-1002"},
        ],
        "threshold": 0.8,
        "callback_url": "https://erp.example.com/hooks/screening",
    },
}

SYNC_REQUEST = {
    **SCREENING_REQUEST,
    "properties": {k: v for k, v in SCREENING_REQUEST["properties"].items() if k != "callback_url"},
    "example": {"items": [{"name": "OOO Rungra-888", "type": "company"}]},
}

ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "details": {},
            },
        }
    },
    "example": {
        "error": {
            "code": "payload_too_large",
            "message": "Too many items in one request (limit: 10000)",
        }
    },
}

MATCH = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "list": {"type": "string"},
        "list_version": {"type": "integer"},
        "entity_id": {"type": "string"},
        "source_id": {"type": "string"},
        "name": {"type": "string", "description": "The entity's primary name."},
        "matched_name": {"type": "string", "description": "The listed name that matched."},
        "score": {"type": "number"},
        "explanation": {"type": "object"},
        "disposition": {"type": "string", "enum": list(DISPOSITIONS)},
        "review_status": {
            "type": ["string", "null"],
            "enum": [*REVIEW_STATUSES, None],
            "description": "The match's alert status (open, proposed, escalated, closed), or "
            "cleared: a confirmed false positive covers the pair, so no alert was raised.",
        },
        "alert_id": {"type": ["integer", "null"], "description": "GET /api/v1/alerts/{id}"},
        "alert_url": {"type": ["string", "null"]},
        "clearance_id": {"type": ["integer", "null"]},
    },
}

ITEM_RESULT = {
    "type": "object",
    "properties": {
        "position": {"type": "integer"},
        "name": {"type": "string"},
        "normalized_name": {"type": ["string", "null"]},
        "type": {"type": "string"},
        "country": {"type": ["string", "null"]},
        "reference": {"type": ["string", "null"]},
        "status": {"type": "string", "enum": [s.value for s in ItemStatus]},
        "outcome": {"type": ["string", "null"], "enum": [*OUTCOMES, None]},
        "top_score": {"type": ["number", "null"]},
        "matches": {"type": "array", "items": MATCH},
    },
}

JOB = {
    "type": "object",
    "properties": {
        "id": {"type": "string"},
        "status": {"type": "string", "enum": list(JOB_STATUSES)},
        "channel": {"type": "string"},
        "submitted_by": {"type": "string"},
        "created_at": {"type": ["string", "null"]},
        "started_at": {"type": ["string", "null"]},
        "finished_at": {"type": ["string", "null"]},
        "threshold": {"type": "number"},
        "algorithm_version": {"type": "string"},
        "lists": {"type": "object", "additionalProperties": {"type": "integer"}},
        "progress": {"type": "number"},
        "counts": {"type": "object", "additionalProperties": {"type": "integer"}},
    },
    "example": {
        "id": "0b9c5a4e-3f0e-4f59-9a43-0c1f0e6f1d2a",
        "status": "completed",
        "channel": "api",
        "submitted_by": "api-key:ERP-1",
        "threshold": 0.8,
        "algorithm_version": "screen-1.0",
        "lists": {"dprk-labour": 1, "ofac-sdn": 1},
        "progress": 1.0,
        "counts": {"items": 2, "processed": 2, "potential_matches": 1, "clear": 1},
    },
}

JOB_ACCEPTED = {
    **JOB,
    "example": {
        **JOB["example"],
        "status": "queued",
        "finished_at": None,
        "progress": 0.0,
        "counts": {"items": 2, "processed": 0, "potential_matches": 0, "clear": 0},
    },
}

PAGE_META = {
    "type": "object",
    "properties": {
        "page": {"type": "integer"},
        "per_page": {"type": "integer"},
        "total": {"type": "integer"},
        "pages": {"type": "integer"},
    },
}


def page_of(item_schema: dict[str, Any], example: dict[str, Any] | None = None) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {"data": {"type": "array", "items": item_schema}, "meta": PAGE_META},
    }
    if example is not None:
        schema["example"] = {
            "data": [example],
            "meta": {"page": 1, "per_page": 100, "total": 1, "pages": 1},
        }
    return schema


JOB_REPORT = {
    "type": "object",
    "properties": {
        **JOB["properties"],
        "summary": {
            "type": "object",
            "properties": {
                "outcome": {
                    "type": ["string", "null"],
                    "enum": [*OUTCOMES, None],
                    "description": "potential_match once any name matched; clear when every "
                    "name was screened without a match; null before that.",
                },
                "potential_matches_by_list": {
                    "type": "object",
                    "additionalProperties": {"type": "integer"},
                    "description": "Names with at least one match on each list.",
                },
                "top_score": {"type": ["number", "null"]},
            },
        },
    },
    "example": {
        **JOB["example"],
        "summary": {
            "outcome": "potential_match",
            "potential_matches_by_list": {"ofac-sdn": 1},
            "top_score": 1.0,
        },
    },
}

ITEM_RESULT_EXAMPLE = {
    "position": 0,
    "name": "AIR KORYO",
    "normalized_name": "air koryo",
    "type": "company",
    "country": None,
    "reference": "vendor-1001",
    "status": "done",
    "outcome": "potential_match",
    "top_score": 1.0,
    "matches": [
        {
            "id": 17,
            "list": "ofac-sdn",
            "list_version": 1,
            "entity_id": "ofac-sdn:SDN:12345",
            "source_id": "SDN:12345",
            "name": "AIR KORYO",
            "matched_name": "AIR KORYO",
            "score": 1.0,
            "explanation": {
                "algorithm": "screen-1.0",
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
            "review_status": "open",
            "alert_id": 42,
            "alert_url": "/api/v1/alerts/42",
            "clearance_id": None,
        }
    ],
}

RESULTS_PAGE = {
    "type": "object",
    "properties": {
        "job": {
            "type": "object",
            "properties": {
                "id": {"type": "string"},
                "status": JOB["properties"]["status"],
                "lists": JOB["properties"]["lists"],
                "algorithm_version": {"type": "string"},
                "threshold": {"type": "number"},
            },
        },
        "data": {"type": "array", "items": ITEM_RESULT},
        "meta": PAGE_META,
    },
    "example": {
        "job": {
            "id": JOB["example"]["id"],
            "status": "completed",
            "lists": {"dprk-labour": 1, "ofac-sdn": 1},
            "algorithm_version": "screen-1.0",
            "threshold": 0.8,
        },
        "data": [ITEM_RESULT_EXAMPLE],
        "meta": {"page": 1, "per_page": 100, "total": 1, "pages": 1},
    },
}

SYNC_RESPONSE = {
    "type": "object",
    "properties": {"job": JOB, "results": {"type": "array", "items": ITEM_RESULT}},
    "example": {"job": JOB["example"], "results": [ITEM_RESULT_EXAMPLE]},
}


LIST_SUMMARY = {
    "type": "object",
    "properties": {
        "name": {"type": "string"},
        "title": {"type": "string"},
        "format": {"type": "string"},
        "active_version": {"type": ["integer", "null"]},
        "entities": {"type": "integer"},
        "names": {"type": "integer"},
        "imported_at": {"type": ["string", "null"]},
    },
    "example": {
        "name": "ofac-sdn",
        "title": "OFAC SDN",
        "description": "",
        "format": "ofac-csv",
        "active_version": 2,
        "entities": 17000,
        "names": 33000,
        "imported_at": "2026-11-24T09:00:00+00:00",
        "source_hash": "3f1c...",
    },
}

LISTS = {
    "type": "object",
    "properties": {"data": {"type": "array", "items": LIST_SUMMARY}},
    "example": {"data": [LIST_SUMMARY["example"]]},
}

LIST_DETAIL = {
    **LIST_SUMMARY,
    "properties": {
        **LIST_SUMMARY["properties"],
        "versions": {"type": "array", "items": {"type": "object"}},
    },
    "example": {
        **LIST_SUMMARY["example"],
        "versions": [
            {
                "number": 2,
                "imported_at": "2026-11-24T09:00:00+00:00",
                "imported_by": "cli",
                "source_hash": "3f1c...",
                "source_files": ["sdn.csv"],
                "entities": 17000,
                "names": 33000,
                "diff_counts": {"added": 12, "removed": 3, "changed": 40},
                "active": True,
            }
        ],
    },
}

ENTITY = {
    "type": "object",
    "properties": {
        "id": {"type": "string"},
        "list": {"type": "string"},
        "source_id": {"type": "string"},
        "schema": {"type": "string"},
        "category": {"type": ["string", "null"]},
        "names": {"type": "array", "items": {"type": "object"}},
        "sources": {"type": "array", "items": {"type": "object"}},
        "relations": {"type": "array", "items": {"type": "object"}},
    },
    "example": {
        "id": "dprk-labour:dprk-labour-air-koryo",
        "list": "dprk-labour",
        "source_id": "dprk-labour-air-koryo",
        "schema": "company",
        "category": "transport",
        "primary_name": "Air Koryo",
        "countries": ["kp"],
        "names": [{"value": "고려항공", "kind": "alias", "lang": "ko", "script": "Hang"}],
        "sources": [{"document": "...", "publisher": "...", "claim": "..."}],
        "relations": [],
        "current": True,
    },
}
