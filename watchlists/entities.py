"""The one read model of a listed entity: its row at a list version, with names,
provenance and relations. The API and the pages both read entities here, so they
always give the same answer."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from watchlists.models import Entity, EntityRelation, Watchlist
from watchlists.queries import version_filter


class EntityNotFound(LookupError):
    pass


# What the US CSL calls its identifiers ("CC, number, <label>"), as our identifier types.
_CSL_ID_TYPES = {
    "passport": "passport",
    "national id no.": "national_id",
    "identification number": "national_id",
    "cedula no.": "national_id",
    "tax id no.": "tax_number",
    "vat number": "vat_number",
    "company number": "registration_number",
    "registration id": "registration_number",
    "registration number": "registration_number",
    "business registration number": "registration_number",
    "vessel registration identification": "imo",
    "imo": "imo",
    "mmsi": "mmsi",
    "swift/bic": "swift_bic",
    "aircraft tail number": "aircraft_registration",
    "aircraft construction number (also called l/n or s/n or f/n)": "other",
}


def listed_birth_dates(properties: dict[str, Any]) -> list[str]:
    """The entity's birth dates as published (ISO 8601 where the importer could tell)."""
    dates = properties.get("birth_dates") or []
    return [str(d) for d in dates if d]


def listed_identifiers(properties: dict[str, Any]) -> list[dict[str, str]]:
    """The entity's identifiers as ``{"type", "value"}``, from every importer's vocabulary.

    Types are those of a screening request's identifiers where the source says
    which (``imo``, ``passport``, ``tax_number``, ...); an identity document the
    source describes only in words is a ``document`` with that text as its value.
    """
    found: list[dict[str, str]] = []

    def add(kind: str, value: Any) -> None:
        text = " ".join(str(value or "").split())
        entry = {"type": kind, "value": text}
        if text and entry not in found:
            found.append(entry)

    for given in properties.get("identifiers") or []:
        if isinstance(given, dict) and given.get("value"):
            add(str(given.get("type") or "other").lower(), given["value"])
    if properties.get("imo"):
        add("imo", properties["imo"])
    for kind, key in (
        ("registration_number", "registration_numbers"),
        ("tax_number", "tax_numbers"),
    ):
        for value in properties.get(key) or []:
            add(kind, value)
    for value in properties.get("documents") or []:
        add("document", value)
    for value in properties.get("ids") or []:  # US CSL: "CC, number, label" or "number, label"
        parts = [p.strip() for p in str(value).split(",")]
        kind = _CSL_ID_TYPES.get(parts[-1].lower()) if len(parts) >= 2 else None
        if kind is not None:
            add(kind, parts[-2])
    return found


@dataclass
class EntityDetail:
    entity: Entity  # the row shown, names, sources and relations loaded
    watchlist: Watchlist
    version: int  # the list version the row is shown at
    history: list[Entity]  # every row this entity has had, newest first
    targets: dict[str, Entity]  # relation targets as of ``version``
    referenced_by: list[tuple[EntityRelation, Entity]]  # relations to it, as of ``version``

    @property
    def current(self) -> bool:
        return self.entity.removed_in is None


def read_entity(session: Session, key: str, version: int | None = None) -> EntityDetail:
    """The entity ``key`` as of ``version`` of its list (its newest row when None).

    Raises EntityNotFound when there is no such entity or it is not part of that version.
    """
    rows = list(
        session.scalars(
            select(Entity)
            .where(Entity.key == key)
            .options(
                selectinload(Entity.names),
                selectinload(Entity.sources),
                selectinload(Entity.relations),
            )
            .order_by(Entity.added_in.desc())
        )
    )
    if not rows:
        raise EntityNotFound(f"No listed entity has the id {key!r}.")
    watchlist = session.get(Watchlist, rows[0].watchlist_id)
    assert watchlist is not None
    row = rows[0] if version is None else _row_at(rows, version)
    number = version if version is not None else _version_of(row, watchlist)
    targets = entities_at(session, watchlist.id, number, [r.target_key for r in row.relations])
    referenced_by = [
        (relation, source)
        for relation, source in session.execute(
            select(EntityRelation, Entity)
            .join(Entity, EntityRelation.entity_id == Entity.id)
            .where(EntityRelation.target_key == key, version_filter(watchlist.id, number))
            .order_by(Entity.primary_name)
        ).all()
    ]
    return EntityDetail(row, watchlist, number, rows, targets, referenced_by)


def _row_at(rows: list[Entity], number: int) -> Entity:
    for row in rows:
        if row.added_in <= number and (row.removed_in is None or row.removed_in > number):
            return row
    raise EntityNotFound(f"This entity is not part of version {number} of its list.")


def _version_of(row: Entity, watchlist: Watchlist) -> int:
    """A version number the row belongs to: the active one if it is current."""
    if row.removed_in is None and watchlist.active_version is not None:
        return watchlist.active_version.number
    if row.removed_in is not None:
        return row.removed_in - 1
    return row.added_in


def entities_at(
    session: Session, watchlist_id: int, number: int, keys: Iterable[str]
) -> dict[str, Entity]:
    """The rows of ``keys`` in version ``number`` of a list, by key."""
    wanted = list(set(keys))
    if not wanted:
        return {}
    found = session.scalars(
        select(Entity)
        .where(Entity.key.in_(wanted), version_filter(watchlist_id, number))
        .options(selectinload(Entity.sources))
    ).all()
    return {e.key: e for e in found}


def entities_for_matches(
    session: Session, pins: Iterable[tuple[str, int, str]]
) -> dict[tuple[str, int], Entity]:
    """The rows that (list name, version, entity key) triples point at, by (key, version)."""
    wanted: dict[tuple[str, int], set[str]] = defaultdict(set)
    for list_name, number, key in pins:
        wanted[(list_name, number)].add(key)
    found: dict[tuple[str, int], Entity] = {}
    for (list_name, number), keys in wanted.items():
        watchlist_id = session.scalar(select(Watchlist.id).where(Watchlist.name == list_name))
        if watchlist_id is None:
            continue
        for key, row in entities_at(session, watchlist_id, number, keys).items():
            found[(key, number)] = row
    return found


def entity_json(detail: EntityDetail) -> dict[str, Any]:
    """An entity as the API shows it."""
    entity = detail.entity
    return {
        "id": entity.key,
        "list": detail.watchlist.name,
        "source_id": entity.source_id,
        "schema": entity.schema,
        "category": entity.category,
        "primary_name": entity.primary_name,
        "countries": entity.countries,
        "programs": entity.programs,
        "addresses": entity.addresses,
        "notes": entity.notes,
        "properties": entity.properties,
        "birth_dates": listed_birth_dates(entity.properties),
        "identifiers": listed_identifiers(entity.properties),
        "current": detail.current,
        "version": detail.version,
        "added_in_version": entity.added_in,
        "removed_in_version": entity.removed_in,
        "names": [
            {"value": n.value, "kind": n.kind, "lang": n.lang, "script": n.script, "parts": n.parts}
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
        "referenced_by": [
            {"source": source.key, "type": relation.type}
            for relation, source in detail.referenced_by
        ],
    }
