"""Read-only list endpoints: lists, versions and entities with provenance."""

from __future__ import annotations

from typing import Any

from flask import jsonify
from sqlalchemy import select

from screening.api import schemas as s
from screening.api.base import bp, operation
from screening.context import get_session
from screening.errors import ApiError
from watchlists.entities import EntityNotFound, entity_json, read_entity
from watchlists.models import Watchlist
from watchlists.queries import ListNotFound, get_watchlist, watchlist_summary

ERRORS = {401: ("Missing or invalid API key", s.ERROR), 403: ("Key lacks the scope", s.ERROR)}


@bp.get("/lists")
@operation(
    summary="All watchlists with their active versions",
    scopes=("read",),
    responses={
        200: ("Lists", s.LISTS),
        **ERRORS,
    },
)
def list_lists() -> Any:
    rows = get_session().scalars(select(Watchlist).order_by(Watchlist.name)).all()
    return jsonify({"data": [watchlist_summary(w) for w in rows]})


@bp.get("/lists/<name>")
@operation(
    summary="One watchlist and all its versions with their diff counts",
    scopes=("read",),
    parameters=[{"name": "name", "in": "path", "required": True, "schema": {"type": "string"}}],
    responses={200: ("The list", s.LIST_DETAIL), 404: ("No such list", s.ERROR), **ERRORS},
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
            "imported_at": v.imported_at.isoformat(),
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
    summary="An entity of a list (its newest row): names, provenance, relations",
    scopes=("read",),
    parameters=[
        {
            "name": "entity_id",
            "in": "path",
            "required": True,
            "schema": {"type": "string"},
            "description": "Stable id '<list>:<source id>', as returned in matches.",
        }
    ],
    responses={200: ("The entity", s.ENTITY), 404: ("No such entity", s.ERROR), **ERRORS},
)
def get_entity(entity_id: str) -> Any:
    try:
        detail = read_entity(get_session(), entity_id)
    except EntityNotFound as exc:
        raise ApiError(404, "not_found", f"No entity {entity_id!r}") from exc
    return jsonify(entity_json(detail))
