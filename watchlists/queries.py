"""Reading lists and versions: which rows belong to a version, lists, versions and diffs."""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from foundation.db import iso
from watchlists.models import Entity, ListVersion, Watchlist


class ListNotFound(LookupError):
    pass


def version_filter(watchlist_id: int, number: int) -> Any:
    """Rows of a list that belong to version ``number``."""
    return and_(
        Entity.watchlist_id == watchlist_id,
        Entity.added_in <= number,
        or_(Entity.removed_in.is_(None), Entity.removed_in > number),
    )


def watchlist_summary(watchlist: Watchlist) -> dict[str, Any]:
    """A list and its active version, as the API and the CLI show it."""
    v = watchlist.active_version
    return {
        "name": watchlist.name,
        "title": watchlist.title,
        "description": watchlist.description,
        "format": watchlist.source_format,
        "active_version": v.number if v else None,
        "entities": v.entity_count if v else 0,
        "names": v.name_count if v else 0,
        "imported_at": iso(v.imported_at) if v else None,
        "source_hash": v.source_hash if v else None,
    }


def get_watchlist(session: Session, name: str) -> Watchlist:
    watchlist = session.scalar(select(Watchlist).where(Watchlist.name == name))
    if watchlist is None:
        known = (
            ", ".join(session.scalars(select(Watchlist.name).order_by(Watchlist.name))) or "none"
        )
        raise ListNotFound(f"no list named {name!r} (known lists: {known})")
    return watchlist


def get_version(session: Session, watchlist: Watchlist, number: int) -> ListVersion:
    version = session.scalar(
        select(ListVersion).where(
            ListVersion.watchlist_id == watchlist.id, ListVersion.number == number
        )
    )
    if version is None:
        raise ListNotFound(f"list {watchlist.name!r} has no version {number}")
    return version


def diff_versions(session: Session, watchlist: Watchlist, old: int, new: int) -> dict[str, Any]:
    """Entities added, removed and changed between any two versions of a list."""
    get_version(session, watchlist, old)
    get_version(session, watchlist, new)

    def snapshot(number: int) -> dict[str, str]:
        return dict(
            session.execute(
                select(Entity.key, Entity.content_hash).where(version_filter(watchlist.id, number))
            ).all()
        )

    before, after = snapshot(old), snapshot(new)
    changed = sorted(k for k in before.keys() & after.keys() if before[k] != after[k])
    added = sorted(after.keys() - before.keys())
    removed = sorted(before.keys() - after.keys())
    return {
        "list": watchlist.name,
        "from": old,
        "to": new,
        "counts": {"added": len(added), "removed": len(removed), "changed": len(changed)},
        "added": added,
        "removed": removed,
        "changed": changed,
    }
