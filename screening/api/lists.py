"""Read-only list endpoints: lists, versions and entities with provenance.

Scope ``entities`` opens these and nothing else, so a key can read listed
entities without seeing any other key's jobs; ``read`` opens them too.
"""

from __future__ import annotations

from typing import Any

from flask import jsonify, request
from sqlalchemy import select

from foundation.db import iso
from screening.api import schemas as s
from screening.api.base import bp, operation
from screening.context import get_session
from screening.errors import ApiError
from watchlists.entities import EntityNotFound, entity_json, read_entity
from watchlists.models import Watchlist
from watchlists.queries import ListNotFound, get_watchlist, watchlist_summary

SCOPES = ("read", "entities")


@bp.get("/lists")
@operation(
    summary="All watchlists with their active versions (the names `lists` accepts)",
    scopes=SCOPES,
    parameters=[s.param("IfNoneMatch")],
    responses={
        200: s.ok("Lists", "ListPage", {"data": [s.LIST_SUMMARY_EXAMPLE]}, headers=("ETag",)),
        304: s.NOT_MODIFIED,
    },
)
def list_lists() -> Any:
    rows = get_session().scalars(select(Watchlist).order_by(Watchlist.name)).all()
    return jsonify({"data": [watchlist_summary(w) for w in rows]})


@bp.get("/lists/<name>")
@operation(
    summary="One watchlist and all its versions with their diff counts",
    scopes=SCOPES,
    parameters=[
        {"name": "name", "in": "path", "required": True, "schema": {"type": "string"}},
        s.param("IfNoneMatch"),
    ],
    responses={
        200: s.ok(
            "The list",
            "ListDetail",
            {
                **s.LIST_SUMMARY_EXAMPLE,
                "versions": [
                    {
                        "number": 2,
                        "imported_at": "2026-11-24T09:00:00+00:00",
                        "imported_by": "cli",
                        "source_hash": "3f1c0d9a...",
                        "source_files": ["sdn.csv"],
                        "entities": 17000,
                        "names": 33000,
                        "diff_counts": {"added": 12, "removed": 3, "changed": 40},
                        "active": True,
                    }
                ],
            },
            headers=("ETag",),
        ),
        304: s.NOT_MODIFIED,
        404: "NotFound",
    },
)
def get_list(name: str) -> Any:
    try:
        wl = get_watchlist(get_session(), name)
    except ListNotFound as exc:
        raise ApiError(404, "not_found", str(exc)) from exc
    body = watchlist_summary(wl)
    body["versions"] = [
        {
            "number": v.number,
            "imported_at": iso(v.imported_at),
            "imported_by": v.imported_by,
            "source_hash": v.source_hash,
            "source_files": v.source_files,
            "entities": v.entity_count,
            "names": v.name_count,
            "diff_counts": v.diff.get("counts", {}),
            "active": v.id == wl.active_version_id,
        }
        for v in wl.versions
    ]
    return jsonify(body)


@bp.get("/entities/<path:entity_id>")
@operation(
    summary="An entity of a list: names, provenance, relations, identifiers",
    scopes=SCOPES,
    parameters=[
        {
            "name": "entity_id",
            "in": "path",
            "required": True,
            "schema": {"type": "string"},
            "description": "Stable id '<list>:<source id>', as returned in matches.",
        },
        {
            "name": "version",
            "in": "query",
            "schema": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1},
            "description": "The list version to show the entity at (a match's list_version; "
            "its entity_url carries it). Default: its newest row.",
        },
        s.param("IfNoneMatch"),
    ],
    responses={
        200: s.ok("The entity", "Entity", s.ENTITY_EXAMPLE, headers=("ETag",)),
        304: s.NOT_MODIFIED,
        404: "NotFound",
    },
)
def get_entity(entity_id: str) -> Any:
    version = _version_arg()
    try:
        detail = read_entity(get_session(), entity_id, version)
    except EntityNotFound as exc:
        raise ApiError(404, "not_found", f"No entity {entity_id!r}: {exc}") from exc
    return jsonify(entity_json(detail))


def _version_arg() -> int | None:
    raw = request.args.get("version")
    if raw is None:
        return None
    try:
        version = int(raw)
    except ValueError:
        raise ApiError(400, "bad_request", "version must be a whole number") from None
    if not 1 <= version <= 2**31 - 1:
        raise ApiError(400, "bad_request", "version must be a list version number (1 or more)")
    return version
