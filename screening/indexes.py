"""Candidate indexes over pinned list versions, built once per host.

The database holds the lists; the matcher holds none of that. This module
reads the names of the pinned versions and builds the matcher's index into a
``CompactIndex`` file under instance/index/, which every process on the host
(web, worker pool, CLI) maps: opening it takes milliseconds and its pages are
paid once per host. Without a cache directory it builds an in-memory
``CandidateIndex`` instead.

A new version of a list whose diff against an index already in the cache is
small (the daily case) is not rebuilt: the cached index is updated from the
diff (names of removed and changed entity rows out, names of added and changed
rows in), which analyses only those names.

A file is opened only when its header carries an HMAC made with a key derived
from SECRET_KEY for exactly these list versions, and its data matches the
digest in that header (checked once per file per host, remembered in a signed
``.verified`` marker). Nothing in the file is code, so even an altered one
could not run anything. Any other file is discarded and the index rebuilt. The
cache directory is private to the service's user (0700, files 0600).
"""

from __future__ import annotations

import functools
import gc
import hashlib
import hmac
import json
import logging
import multiprocessing
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from foundation.settings import Settings
from screening.matching import ALGORITHM_VERSION, CandidateIndex, EntityFacts, ListedName
from screening.matching.compact import COMPACT_FORMAT, CompactIndex
from screening.matching.index import INDEX_FORMAT
from watchlists.entities import listed_birth_dates, listed_identifiers
from watchlists.models import Entity, EntityName, ListVersion, Watchlist
from watchlists.queries import version_filter

log = logging.getLogger(__name__)

# Indexes kept open per process; a job pins one set of versions.
MEMORY_SLOTS = 4
# A cached index is updated rather than rebuilt when the diff is at most this
# many names, or this share of the index's names, whichever is larger.
UPDATE_MAX_NAMES = 20_000
UPDATE_MAX_SHARE = 0.1
# Lists at least this big are analysed in several processes when possible.
PARALLEL_BUILD_NAMES = 20_000
# Index files kept in the cache directory; older ones are deleted after a build
# (a process that still maps one keeps reading it: the file lives until unmapped).
CACHED_FILES = 4


@dataclass(frozen=True, slots=True)
class EntityInfo:
    list_name: str
    list_version: int
    key: str
    source_id: str
    primary_name: str
    schema: str
    listing_hash: str
    # What a match shows of the entity besides its names (see ``details``).
    programs: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    birth_dates: tuple[str, ...] = ()
    identifiers: tuple[tuple[str, str], ...] = ()

    def details(self) -> dict[str, list[Any]]:
        """The listing's programmes, countries, birth dates and identifiers, as stored."""
        return {
            "programs": list(self.programs),
            "countries": list(self.countries),
            "birth_dates": list(self.birth_dates),
            "identifiers": [{"type": t, "value": v} for t, v in self.identifiers],
        }


@dataclass(frozen=True)
class ActiveLists:
    """The active version of each list, and the identity of that set of versions."""

    versions: dict[str, int]
    key: str  # names the index of exactly these versions (see ``index_key``)


@dataclass
class ScreeningIndex:
    pins: dict[str, int]
    index: CandidateIndex
    entities: dict[str, EntityInfo]


class UnknownList(LookupError):
    pass


@dataclass(frozen=True)
class IndexCache:
    """Where built indexes are kept between processes, and the key that signs them."""

    directory: Path
    key: bytes

    @classmethod
    def from_settings(cls, settings: Settings) -> IndexCache:
        return cls(settings.index_cache_dir, _signing_key(settings.secret_key))

    def path(self, name: str) -> Path:
        return self.directory / f"index-{name}.idx"

    def marker(self, name: str) -> Path:
        """Where a verified data digest of ``path(name)`` is remembered."""
        return self.directory / f"index-{name}.verified"

    def prepare(self) -> None:
        """Create the directory, private to the service's user."""
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        if self.directory.stat().st_mode & 0o077:
            self.directory.chmod(0o700)


@functools.lru_cache(maxsize=4)
def _signing_key(secret_key: str) -> bytes:
    """The key that signs cached index files, derived once per secret (every screen asks)."""
    return hmac.new(secret_key.encode(), b"screening index cache v1", hashlib.sha256).digest()


def _load_cached(cache: IndexCache, name: str) -> CompactIndex | None:
    """The index saved under ``name`` if its file verifies; any other file is removed."""
    path = cache.path(name)
    if not path.exists():
        return None
    try:
        return CompactIndex.open(path, key=cache.key, name=name, verified=cache.marker(name))
    except (OSError, ValueError) as exc:
        log.warning("discarding index cache %s: %s", path, exc)
        path.unlink(missing_ok=True)
        cache.marker(name).unlink(missing_ok=True)
        return None


def _prune(cache: IndexCache, keep: str) -> None:
    """Delete all but the ``CACHED_FILES`` most recent index files (never ``keep``)."""
    try:
        files = sorted(cache.directory.glob("index-*.idx"), key=lambda p: p.stat().st_mtime_ns)
        for path in files[: max(0, len(files) - CACHED_FILES)]:
            name = path.stem.removeprefix("index-")
            if name != keep:
                path.unlink(missing_ok=True)
                cache.marker(name).unlink(missing_ok=True)
    except OSError as exc:  # raced with another process's pruning: harmless
        log.info("index cache pruning: %s", exc)


def _build_processes(names: int) -> int:
    """Processes to analyse names in: several for big lists, unless this process may not
    have children (a Celery pool process is daemonic)."""
    if names < PARALLEL_BUILD_NAMES or multiprocessing.current_process().daemon:
        return 1
    return max(1, min(4, os.cpu_count() or 1))


def _create_cached(
    cache: IndexCache,
    name: str,
    names: list[ListedName],
    identity: list[list[Any]],
    facts: dict[str, EntityFacts],
) -> CandidateIndex:
    """Build the index into the cache, or in memory when the cache cannot be written."""
    try:
        cache.prepare()
        index = CompactIndex.create(
            names, cache.path(name), key=cache.key, name=name, facts=facts,
            processes=_build_processes(len(names)), meta=_meta(identity),
            verified=cache.marker(name),
        )  # fmt: skip
        _prune(cache, name)
        return index
    except OSError as exc:
        log.warning("cannot write index cache %s: %s", cache.path(name), exc)
        return CandidateIndex.build(names, facts=facts)


def _meta(identity: list[list[Any]]) -> dict[str, Any]:
    return {"versions": sorted(identity), "algorithm": ALGORITHM_VERSION}


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


# Built once: every synchronous screen runs it, and a statement object keeps its cache key.
_ACTIVE_LISTS = (
    select(Watchlist.name, ListVersion.number, ListVersion.source_hash)
    .join(ListVersion, Watchlist.active_version_id == ListVersion.id)
    .order_by(Watchlist.name)
)


def active_lists(session: Session, names: list[str] | None = None) -> ActiveLists:
    """Like :func:`active_versions`, and the index key of those versions, in one query."""
    rows = session.connection().execute(_ACTIVE_LISTS).all()
    active = {name: (number, source_hash) for name, number, source_hash in rows}
    if names is not None:
        missing = [n for n in names if n not in active]
        if missing:
            known = ", ".join(sorted(active)) or "none"
            raise UnknownList(
                f"unknown or empty list(s): {', '.join(missing)} (available: {known})"
            )
        active = {n: active[n] for n in names}
    versions = {name: number for name, (number, _hash) in active.items()}
    identity = [[name, number, source_hash] for name, (number, source_hash) in active.items()]
    return ActiveLists(versions, index_key(identity))


def index_key(identity: list[list[Any]]) -> str:
    """The name of the index of these ``[list, number, source hash]`` versions.

    Versions are identified by content, not just number: a rebuilt database may
    reuse numbers. The matcher's version and the index layout are part of the
    name, so a worker running newer code never loads an index an older one saved.
    """
    blob = json.dumps(
        {
            "versions": sorted(identity),
            "algorithm": ALGORITHM_VERSION,
            "index_format": INDEX_FORMAT,
            "compact_format": COMPACT_FORMAT,
        }
    )
    return hashlib.sha256(blob.encode()).hexdigest()[:24]


def _pins_key(session: Session, pins: dict[str, int]) -> str:
    """The index key of pinned versions, read in one query."""
    return index_key(_pins_identity(session, pins))


def _pins_identity(session: Session, pins: dict[str, int]) -> list[list[Any]]:
    """``[list, number, source hash]`` of each pinned version."""
    if not pins:
        return []
    rows = session.execute(
        select(Watchlist.name, ListVersion.number, ListVersion.source_hash)
        .join(Watchlist, ListVersion.watchlist_id == Watchlist.id)
        .where(Watchlist.name.in_(list(pins)))
    ).all()
    hashes = {(name, number): source_hash for name, number, source_hash in rows}
    identity = []
    for list_name, number in pins.items():
        source_hash = hashes.get((list_name, number))
        if source_hash is None:
            raise UnknownList(f"list {list_name!r} has no version {number}")
        identity.append([list_name, number, source_hash])
    return identity


_cache: OrderedDict[str, ScreeningIndex] = OrderedDict()
_lock = threading.Lock()


def load_index(
    session: Session,
    pins: dict[str, int],
    cache: IndexCache | None = None,
    key: str | None = None,
) -> ScreeningIndex:
    """The index for exactly these list versions, from memory, disk or the database.

    ``key`` is their :func:`index_key` when the caller has it (from :func:`active_lists`),
    which spares a query.
    """
    key = key or _pins_key(session, pins)
    cached = _cache.get(key)  # the common case, without waiting for a build elsewhere
    if cached is not None:
        return cached
    with _lock:
        cached = _cache.get(key)
        if cached is not None:
            _cache.move_to_end(key)
            return cached
        built = _build(session, pins, key, cache)
        _cache[key] = built
        while len(_cache) > MEMORY_SLOTS:
            _cache.popitem(last=False)
        return built


def _build(
    session: Session, pins: dict[str, int], key: str, cache: IndexCache | None
) -> ScreeningIndex:
    entities = _entities(session, pins)
    facts = _facts(entities)
    index: CandidateIndex | None = None
    if cache is not None:
        index = _load_cached(cache, key) or _update_cached(session, cache, pins, key, facts)
    if index is None:
        names = _names(session, pins)
        if cache is None:
            index = CandidateIndex.build(names, facts=facts)
        else:
            index = _create_cached(cache, key, names, _pins_identity(session, pins), facts)
    log.info("index for %s: %d names, %d entities", pins, len(index), len(entities))
    # The entities' objects live as long as the process: moving them out of
    # the collector's generations stops every full collection rescanning them.
    gc.freeze()
    return ScreeningIndex(pins=dict(pins), index=index, entities=entities)


def _facts(entities: dict[str, EntityInfo]) -> dict[str, EntityFacts]:
    """What the matcher scores of each entity besides its names."""
    return {
        key_: EntityFacts(info.countries, info.birth_dates, info.identifiers)
        for key_, info in entities.items()
    }


def _entities(session: Session, pins: dict[str, int]) -> dict[str, EntityInfo]:
    entities: dict[str, EntityInfo] = {}
    for list_name, number in sorted(pins.items()):
        watchlist = _watchlist(session, list_name)
        for (
            key_,
            source_id,
            primary,
            schema,
            listing,
            programs,
            countries,
            props,
        ) in session.execute(
            select(
                Entity.key,
                Entity.source_id,
                Entity.primary_name,
                Entity.schema,
                func.coalesce(Entity.listing_hash, Entity.content_hash),
                Entity.programs,
                Entity.countries,
                Entity.properties,
            ).where(version_filter(watchlist.id, number))
        ):
            props = props or {}
            entities[key_] = EntityInfo(
                list_name,
                number,
                key_,
                source_id,
                primary,
                schema,
                listing,
                programs=tuple(programs or ()),
                countries=tuple(countries or ()),
                birth_dates=tuple(listed_birth_dates(props)),
                identifiers=tuple((i["type"], i["value"]) for i in listed_identifiers(props)),
            )
    return entities


def _watchlist(session: Session, list_name: str) -> Watchlist:
    watchlist = session.scalar(select(Watchlist).where(Watchlist.name == list_name))
    if watchlist is None:
        raise UnknownList(f"list {list_name!r} no longer exists")
    return watchlist


def _names(session: Session, pins: dict[str, int]) -> list[ListedName]:
    names: list[ListedName] = []
    for list_name, number in sorted(pins.items()):
        watchlist = _watchlist(session, list_name)
        names.extend(_listed(session, version_filter(watchlist.id, number)))
    return names


def _listed(session: Session, rows: Any) -> list[ListedName]:
    """The names of the entity rows ``rows`` selects, in the database's order of names."""
    return [
        ListedName(name_id=name_id, entity_id=ekey, text=value, schema=schema, kind=kind)
        for name_id, value, kind, ekey, schema in session.execute(
            select(EntityName.id, EntityName.value, EntityName.kind, Entity.key, Entity.schema)
            .join(Entity, EntityName.entity_id == Entity.id)
            .where(rows)
            .order_by(EntityName.id)
        )
    ]


def _cached_bases(cache: IndexCache, pins: dict[str, int]) -> list[tuple[str, dict[str, int]]]:
    """Cached indexes over the same lists at older versions, newest first: (name, versions)."""
    bases: list[tuple[str, dict[str, int]]] = []
    for path in cache.directory.glob("index-*.idx"):
        name = path.stem.removeprefix("index-")
        meta = CompactIndex.read_meta(path, key=cache.key, name=name)
        if meta is None or meta.get("algorithm") != ALGORITHM_VERSION:
            continue
        versions = {str(v[0]): int(v[1]) for v in meta.get("versions", [])}
        if versions.keys() == pins.keys() and all(versions[n] <= pins[n] for n in pins):
            bases.append((name, versions))
    bases.sort(key=lambda item: sum(item[1].values()), reverse=True)
    return bases


def _update_cached(
    session: Session,
    cache: IndexCache,
    pins: dict[str, int],
    key: str,
    facts: dict[str, EntityFacts],
) -> CompactIndex | None:
    """The index of ``pins`` updated from a cached one of older versions, when the diff is
    small; None when there is no such index. ``facts``: every entity's of ``pins``."""
    if not cache.directory.is_dir():
        return None
    for base_name, versions in _cached_bases(cache, pins)[:1]:
        base = _load_cached(cache, base_name)
        if base is None:
            return None
        removed: list[int] = []
        added: list[ListedName] = []
        for list_name, number in sorted(pins.items()):
            old = versions[list_name]
            if old == number:
                continue
            watchlist = _watchlist(session, list_name)
            # Rows of the old version the new one lost (removed or changed),
            # and rows of the new one the old one lacked (added or changed).
            gone = and_(version_filter(watchlist.id, old), Entity.removed_in <= number)
            removed.extend(
                session.scalars(
                    select(EntityName.id).join(Entity, EntityName.entity_id == Entity.id)
                    .where(gone)
                )
            )  # fmt: skip
            fresh = and_(version_filter(watchlist.id, number), Entity.added_in > old)
            added.extend(_listed(session, fresh))
        limit = max(UPDATE_MAX_NAMES, int(UPDATE_MAX_SHARE * len(base)))
        if len(removed) + len(added) > limit:
            log.info("index for %s: diff of %d names, rebuilt", pins, len(removed) + len(added))
            return None
        identity = _pins_identity(session, pins)
        try:
            updated = base.update(
                cache.path(key), removed, added, key=cache.key, name=key, facts=facts,
                meta=_meta(identity), verified=cache.marker(key),
            )  # fmt: skip
        except OSError as exc:
            log.warning("cannot write index cache %s: %s", cache.path(key), exc)
            return None
        log.info("index for %s: updated from %s (-%d +%d names)", pins, versions,
                 len(removed), len(added))  # fmt: skip
        _prune(cache, key)
        return updated
    return None


def clear_cache() -> None:
    with _lock:
        _cache.clear()
