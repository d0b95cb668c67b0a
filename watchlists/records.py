"""Plain records that importers and the seed loader produce.

These are the hand-off format between a list source (an OFAC CSV, the UN XML,
our curated YAML) and the database. They carry no SQLAlchemy state, so an
importer can be tested, streamed and benchmarked without a database.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any

NAME_KINDS = ("primary", "alias", "weak_alias", "abbreviation", "former_name")
SCHEMAS = (
    "person",
    "organization",
    "company",
    "public_body",
    "region",
    "vessel",
    "aircraft",
)


@dataclass(slots=True)
class NameRecord:
    """One spelling of an entity's name."""

    value: str
    kind: str = "alias"  # one of NAME_KINDS
    lang: str | None = None  # ISO 639-1 where known: "en", "ru", "ko"
    script: str | None = None  # ISO 15924: "Latn", "Cyrl", "Hang"
    # Name parts for persons, e.g. {"last": "KIM", "first": "Jong Un"}.
    parts: dict[str, str] | None = None


@dataclass(slots=True)
class SourceRecord:
    """A document that supports a claim about an entity, in our own words."""

    document: str
    claim: str
    publisher: str | None = None
    title: str | None = None
    date: str | None = None
    url: str | None = None


@dataclass(slots=True)
class RelationRecord:
    """A typed link to another entity of the same list, by its source id."""

    type: str  # run_by, affiliated_with, part_of, subordinate_to, operated_by, ...
    target: str
    note: str | None = None


# Properties that identify an entity beyond its names and countries.
IDENTIFYING_PROPERTIES = (
    "birth_dates",
    "identifiers",
    "imo",
    "documents",
    "registration_numbers",
    "tax_numbers",
)


@dataclass(slots=True)
class EntityRecord:
    """One listed entity as published by its source."""

    source_id: str
    schema: str  # one of SCHEMAS
    names: list[NameRecord]  # names[0] is the primary name
    category: str | None = None
    countries: list[str] = field(default_factory=list)
    programs: list[str] = field(default_factory=list)
    addresses: list[str] = field(default_factory=list)
    notes: str | None = None
    sources: list[SourceRecord] = field(default_factory=list)
    relations: list[RelationRecord] = field(default_factory=list)
    properties: dict[str, Any] = field(default_factory=dict)

    @property
    def primary_name(self) -> str:
        return self.names[0].value if self.names else ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def listing_hash(self) -> str:
        """A digest of what identifies the entity: names, countries, birth dates, identifiers.

        A decision that a counterparty is not this entity holds while this digest
        does; it changes when any of these is added, removed or changed.
        """
        blob = json.dumps(
            {
                "names": sorted((n.value, n.kind) for n in self.names),
                "countries": sorted(self.countries),
                "identifying": {k: self.properties.get(k) for k in IDENTIFYING_PROPERTIES},
            },
            sort_keys=True,
            ensure_ascii=False,
        )
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    def content_hash(self) -> str:
        """A stable digest of everything published about the entity.

        Two imports that agree on this digest agree on the entity, so the
        version diff can tell a changed entity from an unchanged one.
        """
        blob = json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class ImportFormatError(ValueError):
    """A source file is malformed; the message names the file and line or record."""
