"""Write imported records into the database as an immutable list version.

One import is one transaction: either the new version (with its diff) becomes
active, or nothing changes. An unchanged source creates no version at all.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from foundation.audit import AuditAction, record_event
from watchlists.models import (
    Entity,
    EntityName,
    EntityRelation,
    EntitySource,
    ListVersion,
    Watchlist,
)
from watchlists.queries import version_filter
from watchlists.records import EntityRecord, ImportFormatError

BATCH_SIZE = 1000
# A stored diff lists keys up to this many per kind; counts are always exact.
DIFF_KEY_LIMIT = 20_000
# Column sizes of Entity.source_id and Entity.key ("<list>:<source id>").
SOURCE_ID_MAX = 128
KEY_MAX = 160


@dataclass
class ImportResult:
    list_name: str
    version: int
    created: bool  # False when the source was unchanged
    counts: dict[str, int] = field(default_factory=dict)


def hash_files(paths: Iterable[Path]) -> str:
    """One digest over the named files' bytes, in name order."""
    digest = hashlib.sha256()
    for path in sorted(paths, key=lambda p: p.name):
        digest.update(path.name.encode())
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


def entity_key(list_name: str, source_id: str) -> str:
    return f"{list_name}:{source_id}"


def _name_set(names: Iterable[tuple[str, str]]) -> set[str]:
    return {f"{kind}:{value}" for value, kind in names}


def import_records(
    session: Session,
    *,
    list_name: str,
    source_format: str,
    records: Iterable[EntityRecord],
    source_hash: str,
    source_files: list[str],
    imported_by: str,
    channel: str = "cli",
    title: str = "",
    description: str = "",
    dataset_version: str | None = None,
) -> ImportResult:
    """Import a full snapshot of a list. The caller commits (or rolls back)."""
    watchlist = _watchlist_for(session, list_name, source_format, title, description)
    active = watchlist.active_version
    if active is not None and active.source_hash == source_hash:
        return ImportResult(list_name, active.number, False, {"entities": active.entity_count})
    number = _next_number(session, watchlist)
    current = _current_rows(session, watchlist)
    written = _write_rows(session, watchlist, number, records, current)
    removed = sorted(set(current) - written.seen)
    return _new_version(
        session,
        watchlist,
        number,
        written,
        [(key, current[key][0]) for key in removed],
        _Provenance(source_hash, source_files, imported_by, channel, dataset_version),
    )


@dataclass(frozen=True)
class DeltaRecord:
    """One change of a delta: ``record`` to add or replace, or None to remove ``source_id``."""

    source_id: str
    record: EntityRecord | None


def apply_delta(
    session: Session,
    *,
    list_name: str,
    changes: Iterable[DeltaRecord],
    source_hash: str,
    source_files: list[str],
    imported_by: str,
    channel: str = "cli",
    dataset_version: str | None = None,
) -> ImportResult:
    """Apply added, changed and removed entities to the active version as a new version.

    Entities the delta does not name stay as they are. The last change of an
    entity wins; removing an entity the list does not hold changes nothing.
    The caller commits (or rolls back).
    """
    watchlist = session.scalar(select(Watchlist).where(Watchlist.name == list_name))
    if watchlist is None or watchlist.active_version is None:
        raise ImportFormatError(
            f"list {list_name!r} has no version to apply a delta to; import a full export first"
        )
    last: dict[str, EntityRecord | None] = {}
    for change in changes:
        last.pop(change.source_id, None)  # keep the order of the last change
        last[change.source_id] = change.record
    number = _next_number(session, watchlist)
    current = _current_rows(session, watchlist)
    upserts = [record for record in last.values() if record is not None]
    written = _write_rows(session, watchlist, number, upserts, current, allow_empty=True)
    removed = sorted(
        key
        for source_id, record in last.items()
        if record is None and (key := entity_key(list_name, source_id)) in current
    )
    return _new_version(
        session,
        watchlist,
        number,
        written,
        [(key, current[key][0]) for key in removed],
        _Provenance(source_hash, source_files, imported_by, channel, dataset_version),
    )


@dataclass(frozen=True)
class _Provenance:
    source_hash: str
    source_files: list[str]
    imported_by: str
    channel: str
    dataset_version: str | None


def _new_version(
    session: Session,
    watchlist: Watchlist,
    number: int,
    written: _Written,
    removed: list[tuple[str, int]],
    provenance: _Provenance,
) -> ImportResult:
    """End the rows of removed and changed entities, record the version and make it active."""
    active = watchlist.active_version
    list_name = watchlist.name
    _end_rows(
        session,
        number,
        [row_id for _key, row_id in removed]
        + [old_id for old_id, _n, _f in written.changed.values()],
    )
    removed_keys = [key for key, _row_id in removed]
    changes = _describe_changes(session, written.changed)
    counts = {
        **_version_size(session, watchlist, number),
        "added": len(written.added),
        "removed": len(removed_keys),
        "changed": len(written.changed),
        "names_added": sum(len(c["names_added"]) for c in changes),
        "names_removed": sum(len(c["names_removed"]) for c in changes),
    }
    version = ListVersion(
        watchlist_id=watchlist.id,
        number=number,
        source_hash=provenance.source_hash,
        source_files=provenance.source_files,
        imported_by=provenance.imported_by,
        entity_count=counts["entities"],
        name_count=counts["names"],
        diff={
            "previous": active.number if active else None,
            "counts": counts,
            "added": sorted(written.added)[:DIFF_KEY_LIMIT],
            "removed": removed_keys[:DIFF_KEY_LIMIT],
            "changed": changes[:DIFF_KEY_LIMIT],
        },
        dataset_version=provenance.dataset_version,
    )
    session.add(version)
    session.flush()
    watchlist.active_version_id = version.id
    session.flush()
    payload: dict[str, Any] = {
        "source_hash": provenance.source_hash,
        "source_files": provenance.source_files,
        "counts": counts,
    }
    if provenance.dataset_version:
        payload["dataset_version"] = provenance.dataset_version
    record_event(
        session,
        actor=provenance.imported_by,
        channel=provenance.channel,
        action=AuditAction.LIST_IMPORTED,
        object_type="list_version",
        object_id=f"{list_name}@{number}",
        payload=payload,
    )
    return ImportResult(list_name, number, True, counts)


def _watchlist_for(
    session: Session, list_name: str, source_format: str, title: str, description: str
) -> Watchlist:
    """The list named ``list_name``, created on its first import."""
    watchlist = session.scalar(select(Watchlist).where(Watchlist.name == list_name))
    if watchlist is None:
        watchlist = Watchlist(
            name=list_name,
            title=title or list_name,
            description=description,
            source_format=source_format,
        )
        session.add(watchlist)
        session.flush()
        return watchlist
    if title:
        watchlist.title = title
    if description:
        watchlist.description = description
    return watchlist


def _next_number(session: Session, watchlist: Watchlist) -> int:
    last = session.scalar(
        select(func.max(ListVersion.number)).where(ListVersion.watchlist_id == watchlist.id)
    )
    return (last or 0) + 1


def _current_rows(session: Session, watchlist: Watchlist) -> dict[str, tuple[int, str]]:
    """key -> (row id, content hash) of every entity row still current."""
    return {
        key: (row_id, content_hash)
        for key, row_id, content_hash in session.execute(
            select(Entity.key, Entity.id, Entity.content_hash).where(
                Entity.watchlist_id == watchlist.id, Entity.removed_in.is_(None)
            )
        )
    }


@dataclass
class _Written:
    seen: set[str] = field(default_factory=set)
    added: list[str] = field(default_factory=list)
    # key -> (old row id, new names, new comparable fields)
    changed: dict[str, tuple[int, set[str], dict[str, Any]]] = field(default_factory=dict)


def _write_rows(
    session: Session,
    watchlist: Watchlist,
    number: int,
    records: Iterable[EntityRecord],
    current: dict[str, tuple[int, str]],
    allow_empty: bool = False,
) -> _Written:
    """Insert a row for every new or changed record, in batches; unchanged ones are kept."""
    list_name = watchlist.name
    id_limit = min(SOURCE_ID_MAX, KEY_MAX - len(list_name) - 1)
    written = _Written()
    batch: list[tuple[str, EntityRecord, str]] = []
    for record in records:
        key = _checked_key(record, list_name, id_limit, written.seen)
        written.seen.add(key)
        content_hash = record.content_hash()
        previous = current.get(key)
        if previous is not None and previous[1] == content_hash:
            continue
        if previous is None:
            written.added.append(key)
        else:
            written.changed[key] = (
                previous[0],
                _name_set((n.value, n.kind) for n in record.names),
                _comparable(record),
            )
        batch.append((key, record, content_hash))
        if len(batch) >= BATCH_SIZE:
            _insert_batch(session, watchlist.id, number, batch)
            batch.clear()
    if batch:
        _insert_batch(session, watchlist.id, number, batch)
    if not written.seen and not allow_empty:
        raise ImportFormatError(f"the source for {list_name} holds no entities")
    return written


def _checked_key(record: EntityRecord, list_name: str, id_limit: int, seen: set[str]) -> str:
    if not record.source_id:
        raise ImportFormatError(f"record without a source id: {record.primary_name!r}")
    key = entity_key(list_name, record.source_id)
    if len(record.source_id) > id_limit:
        raise ImportFormatError(
            f"source id {record.source_id[:40]!r} is too long for list {list_name!r} "
            f"({len(record.source_id)} characters, at most {id_limit})"
        )
    if key in seen:
        raise ImportFormatError(f"duplicate source id {record.source_id!r} in {list_name}")
    return key


def _end_rows(session: Session, number: int, row_ids: list[int]) -> None:
    """Rows of removed and changed entities stop belonging to the list at ``number``."""
    for chunk in _chunks(row_ids, BATCH_SIZE):
        session.execute(update(Entity).where(Entity.id.in_(chunk)).values(removed_in=number))


def _version_size(session: Session, watchlist: Watchlist, number: int) -> dict[str, int]:
    entities = session.scalar(
        select(func.count()).select_from(Entity).where(version_filter(watchlist.id, number))
    )
    names = session.scalar(
        select(func.count())
        .select_from(EntityName)
        .join(Entity, EntityName.entity_id == Entity.id)
        .where(version_filter(watchlist.id, number))
    )
    return {"entities": entities or 0, "names": names or 0}


def _comparable(record: EntityRecord | Entity) -> dict[str, Any]:
    """The fields whose change makes an entity 'changed' in a diff (names aside)."""
    return {
        "schema": record.schema,
        "category": record.category,
        "countries": sorted(record.countries),
        "programs": sorted(record.programs),
        "addresses": sorted(record.addresses),
        "notes": record.notes,
    }


def _describe_changes(
    session: Session, changed: dict[str, tuple[int, set[str], dict[str, Any]]]
) -> list[dict[str, Any]]:
    """For each changed entity: names added and removed, and which fields differ."""
    if not changed:
        return []
    by_old_id = {old_id: key for key, (old_id, _n, _f) in changed.items()}
    old_names: dict[int, set[str]] = {old_id: set() for old_id in by_old_id}
    old_fields: dict[int, dict[str, Any]] = {}
    for chunk in _chunks(list(by_old_id), BATCH_SIZE):
        for entity_id, value, kind in session.execute(
            select(EntityName.entity_id, EntityName.value, EntityName.kind).where(
                EntityName.entity_id.in_(chunk)
            )
        ):
            old_names[entity_id].add(f"{kind}:{value}")
        for row in session.scalars(select(Entity).where(Entity.id.in_(chunk))):
            old_fields[row.id] = _comparable(row)
    out = []
    for old_id, key in sorted(by_old_id.items(), key=lambda kv: kv[1]):
        _id, new_names, new_fields = changed[key]
        before = old_fields.get(old_id, {})
        out.append(
            {
                "key": key,
                "names_added": sorted(new_names - old_names[old_id]),
                "names_removed": sorted(old_names[old_id] - new_names),
                "fields": sorted(k for k, v in new_fields.items() if before.get(k) != v),
            }
        )
    return out


def _insert_batch(
    session: Session, watchlist_id: int, number: int, batch: list[tuple[str, EntityRecord, str]]
) -> None:
    rows = [
        {
            "watchlist_id": watchlist_id,
            "key": key,
            "source_id": record.source_id,
            "schema": record.schema,
            "category": record.category,
            "primary_name": (record.primary_name or record.properties.get("label", ""))[:1024],
            "countries": list(record.countries),
            "programs": list(record.programs),
            "addresses": list(record.addresses),
            "notes": record.notes,
            "properties": record.properties,
            "content_hash": content_hash,
            "listing_hash": record.listing_hash(),
            "added_in": number,
            "removed_in": None,
        }
        for key, record, content_hash in batch
    ]
    ids = list(
        session.scalars(insert(Entity).returning(Entity.id, sort_by_parameter_order=True), rows)
    )
    names, sources, relations = [], [], []
    for entity_id, (_key, record, _hash) in zip(ids, batch, strict=True):
        for name in record.names:
            names.append(
                {
                    "entity_id": entity_id,
                    "value": name.value[:1024],
                    "kind": name.kind,
                    "lang": name.lang,
                    "script": name.script,
                    "parts": name.parts,
                }
            )
        for source in record.sources:
            sources.append(
                {
                    "entity_id": entity_id,
                    "document": source.document,
                    "publisher": source.publisher,
                    "title": source.title,
                    "date": source.date,
                    "url": source.url,
                    "claim": source.claim,
                }
            )
        for relation in record.relations:
            relations.append(
                {
                    "entity_id": entity_id,
                    "type": relation.type,
                    "target_key": entity_key(_list_of(_key), relation.target),
                    "note": relation.note,
                }
            )
    if names:
        session.execute(insert(EntityName), names)
    if sources:
        session.execute(insert(EntitySource), sources)
    if relations:
        session.execute(insert(EntityRelation), relations)


def _list_of(key: str) -> str:
    return key.split(":", 1)[0]


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
