"""Read-only list endpoints: lists, versions and entities with provenance."""

from __future__ import annotations

from typing import Any

from flask import jsonify
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from screening.api import bp, operation
from screening.api import schemas as s
from screening.context import get_session
from screening.errors import ApiError
from watchlists.models import Entity, EntityRelation, Watchlist
from watchlists.store import ListNotFound, get_watchlist, watchlist_summary

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
    summary="An entity of a list (current row): names, provenance, relations",
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
    session = get_session()
    entity = session.scalar(
        select(Entity)
        .where(Entity.key == entity_id)
        .order_by(Entity.removed_in.is_(None).desc(), Entity.added_in.desc())
        .options(
            selectinload(Entity.names), selectinload(Entity.sources), selectinload(Entity.relations)
        )
        .limit(1)
    )
    if entity is None:
        raise ApiError(404, "not_found", f"No entity {entity_id!r}")
    referenced_by = session.execute(
        select(Entity.key, EntityRelation.type)
        .join(EntityRelation, EntityRelation.entity_id == Entity.id)
        .where(EntityRelation.target_key == entity.key, Entity.removed_in.is_(None))
    ).all()
    watchlist = session.get(Watchlist, entity.watchlist_id)
    return jsonify(
        {
            "id": entity.key,
            "list": watchlist.name if watchlist else None,
            "source_id": entity.source_id,
            "schema": entity.schema,
            "category": entity.category,
            "primary_name": entity.primary_name,
            "countries": entity.countries,
            "programs": entity.programs,
            "addresses": entity.addresses,
            "notes": entity.notes,
            "properties": entity.properties,
            "current": entity.removed_in is None,
            "added_in_version": entity.added_in,
            "removed_in_version": entity.removed_in,
            "names": [
                {
                    "value": n.value,
                    "kind": n.kind,
                    "lang": n.lang,
                    "script": n.script,
                    "parts": n.parts,
                }
                for n in entity.names
            ],
            "sources": [
                {
                    "document": src.document,
                    "publisher": src.publisher,
                    "title": src.title,
                    "date": src.date,
                    "url": src.url,
                    "claim": src.claim,
                }
                for src in entity.sources
            ],
            "relations": [
                {"type": r.type, "target": r.target_key, "note": r.note} for r in entity.relations
            ],
            "referenced_by": [{"source": k, "type": t} for k, t in referenced_by],
        }
    )
