"""Candidate indexes over pinned list versions, built once per process.

The database holds the lists; the matcher holds none of that. This module
reads the names of the pinned versions, builds the matcher's CandidateIndex,
and keeps it (in memory, and pickled under instance/ so the next worker
process loads it instead of rebuilding).

A pickle runs code when it is loaded, so a cache file is loaded only when it
carries an HMAC made with a key derived from SECRET_KEY (``_read_signed``);
any other file is discarded and the index rebuilt. The cache directory is
private to the service's user (0700, files 0600).
"""

from __future__ import annotations

import gc
import hashlib
import hmac
import json
import logging
import os
import pickle
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from foundation.settings import Settings
from screening.matching import ALGORITHM_VERSION, CandidateIndex, EntityFacts, ListedName
from screening.matching.index import INDEX_FORMAT
from watchlists.entities import listed_birth_dates, listed_identifiers
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
        key = hmac.new(
            settings.secret_key.encode(), b"screening index cache v1", hashlib.sha256
        ).digest()
        return cls(settings.index_cache_dir, key)

    def path(self, name: str) -> Path:
        return self.directory / f"index-{name}.pickle"


# A signed cache file: this marker, the HMAC-SHA256 of (name, payload), the payload.
_SIGNED_MAGIC = b"screening-index-signed-v1\n"
_MAC_SIZE = hashlib.sha256().digest_size


def _signature(key: bytes, name: str, payload: bytes | memoryview) -> bytes:
    mac = hmac.new(key, name.encode() + b"\x00", hashlib.sha256)
    mac.update(payload)
    return mac.digest()


def _read_signed(path: Path, key: bytes, name: str) -> memoryview | None:
    """The payload of a cache file this service signed for ``name``; None for any other
    file (absent, foreign, altered, truncated, or signed for other list versions)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    body = memoryview(data)[len(_SIGNED_MAGIC) :]
    if not data.startswith(_SIGNED_MAGIC) or len(body) <= _MAC_SIZE:
        return None
    mac, payload = body[:_MAC_SIZE], body[_MAC_SIZE:]
    return payload if hmac.compare_digest(mac, _signature(key, name, payload)) else None


def _write_signed(path: Path, key: bytes, name: str, payload: bytes) -> None:
    """Write atomically, readable by the service's user only."""
    directory = path.parent
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    if directory.stat().st_mode & 0o077:
        directory.chmod(0o700)
    tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(_SIGNED_MAGIC)
        handle.write(_signature(key, name, payload))
        handle.write(payload)
    os.replace(tmp, path)


def _load_cached(cache: IndexCache, name: str) -> CandidateIndex | None:
    """The index saved under ``name`` if its file verifies; an unverified file is removed."""
    path = cache.path(name)
    payload = _read_signed(path, cache.key, name)
    if payload is None:
        if path.exists():
            log.warning("discarding index cache %s: not signed by this service", path)
            path.unlink(missing_ok=True)
        return None
    try:
        loaded = pickle.loads(payload)
    except Exception:  # signed by us but unreadable (older code): rebuild
        loaded = None
    if (
        isinstance(loaded, tuple)
        and len(loaded) == 2
        and loaded[0] == INDEX_FORMAT
        and isinstance(loaded[1], CandidateIndex)
    ):
        return loaded[1]
    log.warning("discarding index cache %s: another index format", path)
    return None


def _save_cached(cache: IndexCache, name: str, index: CandidateIndex) -> None:
    payload = pickle.dumps((INDEX_FORMAT, index), protocol=pickle.HIGHEST_PROTOCOL)
    try:
        _write_signed(cache.path(name), cache.key, name, payload)
    except OSError as exc:
        log.warning("cannot write index cache %s: %s", cache.path(name), exc)


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
        }
    )
    return hashlib.sha256(blob.encode()).hexdigest()[:24]


def _pins_key(session: Session, pins: dict[str, int]) -> str:
    """The index key of pinned versions, read in one query."""
    if not pins:
        return index_key([])
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
    return index_key(identity)


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
    entities: dict[str, EntityInfo] = {}
    names: list[ListedName] = []
    for list_name, number in sorted(pins.items()):
        watchlist = session.scalar(select(Watchlist).where(Watchlist.name == list_name))
        if watchlist is None:
            raise UnknownList(f"list {list_name!r} no longer exists")
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
        for name_id, value, kind, ekey, schema in session.execute(
            select(EntityName.id, EntityName.value, EntityName.kind, Entity.key, Entity.schema)
            .join(Entity, EntityName.entity_id == Entity.id)
            .where(version_filter(watchlist.id, number))
        ):
            names.append(
                ListedName(name_id=name_id, entity_id=ekey, text=value, schema=schema, kind=kind)
            )

    index = _load_cached(cache, key) if cache is not None else None
    if index is None:
        facts = {
            key_: EntityFacts(info.countries, info.birth_dates, info.identifiers)
            for key_, info in entities.items()
        }
        index = CandidateIndex.build(names, facts=facts)
        if cache is not None:
            _save_cached(cache, key, index)
    log.info("index for %s: %d names, %d entities", pins, len(names), len(entities))
    # The index's millions of objects live as long as the process: moving
    # them out of the collector's generations stops every full collection
    # from rescanning them (a fifth of query time on the speed benchmark).
    gc.freeze()
    return ScreeningIndex(pins=dict(pins), index=index, entities=entities)


def clear_cache() -> None:
    with _lock:
        _cache.clear()
