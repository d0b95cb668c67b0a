"""The matcher's public value types: what goes into an index and what comes out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

NAME_KINDS = ("primary", "alias", "weak_alias", "abbreviation", "former_name")


@dataclass(slots=True)
class ListedName:
    """One spelling of a listed entity's name, as the index receives it."""

    name_id: int
    entity_id: str
    text: str
    schema: str | None = None
    kind: str = "primary"  # one of NAME_KINDS


@dataclass(slots=True)
class Match:
    """The best-scoring name of one listed entity for a query."""

    name: ListedName
    score: float
    explanation: dict[str, Any]


@dataclass(slots=True)
class ScoreResult:
    """The outcome of comparing two names: score, verdict at the threshold, and why."""

    score: float
    match: bool
    explanation: dict[str, Any]


@dataclass(frozen=True, slots=True)
class EntityFacts:
    """What a list says about an entity besides its names: the secondary fields scored.

    Countries are ISO codes or names, birth dates ISO (YYYY, YYYY-MM or
    YYYY-MM-DD), identifiers (type, value) pairs such as ("imo", "9137741").
    """

    countries: tuple[str, ...] = ()
    birth_dates: tuple[str, ...] = ()
    identifiers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class QueryFields:
    """What a screened record gives besides its name, in the same shape as ``EntityFacts``."""

    country: str | None = None
    birth_date: str | None = None
    identifiers: tuple[tuple[str, str], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.country or self.birth_date or self.identifiers)
