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
