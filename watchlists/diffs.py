"""The difference between any two versions of a list, with what changed in each entity.

Entities are compared by their rows: the same key with a different content
digest is changed, and the details say which names were added or removed and
which fields went from what to what. Sections are sorted by key; ``offset`` and
``limit`` pick the slice of each section whose details are loaded, the counts
are always whole.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from watchlists.models import Entity, Watchlist
from watchlists.queries import get_version, version_filter

# Fields compared one by one (properties are compared key by key).
FIELDS = ("schema", "category", "primary_name", "countries", "programs", "addresses", "notes")
_PER_QUERY = 500


def _rows_at(session: Session, watchlist: Watchlist, number: int) -> dict[str, tuple[int, str]]:
    """key -> (row id, content digest) of a version."""
    return {
        key: (row_id, digest)
        for key, row_id, digest in session.execute(
            select(Entity.key, Entity.id, Entity.content_hash).where(
                version_filter(watchlist.id, number)
            )
        )
    }


def _load(session: Session, ids: Iterable[int]) -> dict[int, Entity]:
    wanted = list(ids)
    found: dict[int, Entity] = {}
    for start in range(0, len(wanted), _PER_QUERY):
        for row in session.scalars(
            select(Entity)
            .where(Entity.id.in_(wanted[start : start + _PER_QUERY]))
            .options(selectinload(Entity.names))
        ):
            found[row.id] = row
    return found


def _summary(row: Entity) -> dict[str, Any]:
    return {
        "key": row.key,
        "source_id": row.source_id,
        "name": row.primary_name or row.properties.get("label") or row.key,
        "schema": row.schema,
    }


def _names(row: Entity) -> set[str]:
    return {f"{n.kind}:{n.value}" for n in row.names}


def entity_changes(old: Entity, new: Entity) -> dict[str, Any]:
    """Names added and removed, and every field (or property) that differs: [old, new]."""
    fields: dict[str, list[Any]] = {}
    for name in FIELDS:
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            fields[name] = [before, after]
    for key in sorted(set(old.properties) | set(new.properties)):
        before, after = old.properties.get(key), new.properties.get(key)
        if before != after:
            fields[f"properties.{key}"] = [before, after]
    return {
        "names_added": sorted(_names(new) - _names(old)),
        "names_removed": sorted(_names(old) - _names(new)),
        "fields": fields,
    }


def version_diff(
    session: Session,
    watchlist: Watchlist,
    old: int,
    new: int,
    *,
    offset: int = 0,
    limit: int | None = None,
) -> dict[str, Any]:
    """Entities added, removed and changed from ``old`` to ``new`` (either order works).

    Raises ``watchlists.queries.ListNotFound`` for a version the list does not have.
    """
    get_version(session, watchlist, old)
    get_version(session, watchlist, new)
    before, after = _rows_at(session, watchlist, old), _rows_at(session, watchlist, new)
    added = sorted(after.keys() - before.keys())
    removed = sorted(before.keys() - after.keys())
    changed = sorted(k for k in before.keys() & after.keys() if before[k][1] != after[k][1])
    end = None if limit is None else offset + limit
    shown_added, shown_removed, shown_changed = (
        added[offset:end],
        removed[offset:end],
        changed[offset:end],
    )
    rows = _load(
        session,
        [after[k][0] for k in shown_added]
        + [before[k][0] for k in shown_removed]
        + [before[k][0] for k in shown_changed]
        + [after[k][0] for k in shown_changed],
    )
    return {
        "list": watchlist.name,
        "from": old,
        "to": new,
        "counts": {"added": len(added), "removed": len(removed), "changed": len(changed)},
        "offset": offset,
        "limit": limit,
        "added": [_summary(rows[after[k][0]]) for k in shown_added],
        "removed": [_summary(rows[before[k][0]]) for k in shown_removed],
        "changed": [
            {
                **_summary(rows[after[k][0]]),
                **entity_changes(rows[before[k][0]], rows[after[k][0]]),
            }
            for k in shown_changed
        ],
    }
