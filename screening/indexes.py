"""Candidate indexes over pinned list versions, built once per process.

The database holds the lists; the matcher holds none of that. This module
reads the names of the pinned versions, builds the matcher's CandidateIndex,
and keeps it (in memory, and pickled under instance/ so the next worker
process loads it instead of rebuilding).
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from screening.matching import ALGORITHM_VERSION, CandidateIndex, ListedName
from screening.matching.index import INDEX_FORMAT
from watchlists.models import Entity, EntityName, ListVersion, Watchlist
from watchlists.queries import version_filter

log = logging.getLogger(__name__)

# Indexes kept in memory per process; a job pins one set of versions.
MEMORY_SLOTS = 4


@dataclass(frozen=True, slots=True)
class EntityInfo:
    list_name: str
    list_version: int
    key: str
    source_id: str
    primary_name: str
    schema: str
    listing_hash: str


@dataclass
class ScreeningIndex:
    pins: dict[str, int]
    index: CandidateIndex
    entities: dict[str, EntityInfo]


class UnknownList(LookupError):
    pass


def active_versions(session: Session, names: list[str] | None = None) -> dict[str, int]:
    """The active version of each named list (all lists when ``names`` is None)."""
    rows = session.execute(
        select(Watchlist.name, ListVersion.number)
        .join(ListVersion, Watchlist.active_version_id == ListVersion.id)
        .order_by(Watchlist.name)
    ).all()
    active = {name: number for name, number in rows}
    if names is None:
        return active
    missing = [n for n in names if n not in active]
    if missing:
        known = ", ".join(sorted(active)) or "none"
        raise UnknownList(f"unknown or empty list(s): {', '.join(missing)} (available: {known})")
    return {n: active[n] for n in names}


def _pins_key(session: Session, pins: dict[str, int]) -> str:
    """Identify the versions by content, not just number: a rebuilt database may reuse numbers."""
    identity = []
    for list_name, number in sorted(pins.items()):
        source_hash = session.scalar(
            select(ListVersion.source_hash)
            .join(Watchlist, ListVersion.watchlist_id == Watchlist.id)
            .where(Watchlist.name == list_name, ListVersion.number == number)
        )
        if source_hash is None:
            raise UnknownList(f"list {list_name!r} has no version {number}")
        identity.append([list_name, number, source_hash])
    # The matcher's version and the index layout are part of the name, so a
    # worker running newer code never loads an index an older one saved.
    blob = json.dumps(
        {"versions": identity, "algorithm": ALGORITHM_VERSION, "index_format": INDEX_FORMAT}
    )
    return hashlib.sha256(blob.encode()).hexdigest()[:24]


_cache: OrderedDict[str, ScreeningIndex] = OrderedDict()
_lock = threading.Lock()


def load_index(
    session: Session, pins: dict[str, int], cache_dir: Path | None = None
) -> ScreeningIndex:
    """The index for exactly these list versions, from memory, disk or the database."""
    key = _pins_key(session, pins)
    with _lock:
        cached = _cache.get(key)
        if cached is not None:
            _cache.move_to_end(key)
            return cached
        built = _build(session, pins, key, cache_dir)
        _cache[key] = built
        while len(_cache) > MEMORY_SLOTS:
            _cache.popitem(last=False)
        return built


def _build(
    session: Session, pins: dict[str, int], key: str, cache_dir: Path | None
) -> ScreeningIndex:
    entities: dict[str, EntityInfo] = {}
    names: list[ListedName] = []
    for list_name, number in sorted(pins.items()):
        watchlist = session.scalar(select(Watchlist).where(Watchlist.name == list_name))
        if watchlist is None:
            raise UnknownList(f"list {list_name!r} no longer exists")
        for entity in session.execute(
            select(
                Entity.key,
                Entity.source_id,
                Entity.primary_name,
                Entity.schema,
                func.coalesce(Entity.listing_hash, Entity.content_hash),
            ).where(version_filter(watchlist.id, number))
        ):
            entities[entity.key] = EntityInfo(list_name, number, *entity)
        for name_id, value, kind, ekey, schema in session.execute(
            select(EntityName.id, EntityName.value, EntityName.kind, Entity.key, Entity.schema)
            .join(Entity, EntityName.entity_id == Entity.id)
            .where(version_filter(watchlist.id, number))
        ):
            names.append(
                ListedName(name_id=name_id, entity_id=ekey, text=value, schema=schema, kind=kind)
            )

    index: CandidateIndex | None = None
    path = cache_dir / f"index-{key}.pickle" if cache_dir else None
    if path is not None and path.exists():
        try:
            index = CandidateIndex.load(path)
        except Exception:  # a stale or partial file is rebuilt, never trusted
            log.warning("discarding unreadable index cache %s", path)
            index = None
    if index is None:
        index = CandidateIndex.build(names)
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_suffix(f".{os.getpid()}.tmp")
                index.save(tmp)
                os.replace(tmp, path)
            except OSError as exc:
                log.warning("cannot write index cache %s: %s", path, exc)
    log.info("index for %s: %d names, %d entities", pins, len(names), len(entities))
    # The index's millions of objects live as long as the process: moving
    # them out of the collector's generations stops every full collection
    # from rescanning them (a fifth of query time on the speed benchmark).
    gc.freeze()
    return ScreeningIndex(pins=dict(pins), index=index, entities=entities)


def clear_cache() -> None:
    with _lock:
        _cache.clear()
