"""What a screening submission may hold, and the checks every channel applies to it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from foundation.settings import Settings
from foundation.text import is_storable_text
from screening.matching import DEFAULT_THRESHOLD

ITEM_TYPES = ("person", "company", "organization", "any")
# Matches kept per screened name; the rest are below the best by definition.
MAX_MATCHES_PER_ITEM = 10


class JobInputError(ValueError):
    """The submission cannot be accepted; the message says what to change."""

    def __init__(self, message: str, details: Any = None) -> None:
        super().__init__(message)
        self.details = details


@dataclass(frozen=True)
class ItemInput:
    name: str
    type: str = "any"
    country: str | None = None
    reference: str | None = None


def effective_threshold(settings: Settings, requested: float | None) -> float:
    if requested is not None:
        return requested
    return settings.match_threshold or DEFAULT_THRESHOLD


def validate_items(items: Sequence[ItemInput], settings: Settings, limit: int) -> None:
    """Raise :class:`JobInputError` listing every invalid item, or return."""
    if not items:
        raise JobInputError("items must hold at least one name")
    if len(items) > limit:
        raise JobInputError(f"Too many items in one request (limit: {limit})")
    problems = []
    for position, item in enumerate(items):
        problems.extend(_item_problems(position, item, settings))
    if problems:
        raise JobInputError(f"{len(problems)} item(s) are invalid", details=problems)


def _item_problems(position: int, item: ItemInput, settings: Settings) -> list[dict[str, Any]]:
    problems = []
    if not item.name or not item.name.strip():
        problems.append({"item": position, "field": "name", "message": "name is empty"})
    elif len(item.name) > settings.max_name_length:
        problems.append(
            {
                "item": position,
                "field": "name",
                "message": f"name longer than {settings.max_name_length} characters",
            }
        )
    for field_name in ("name", "reference", "country"):
        value = getattr(item, field_name)
        if isinstance(value, str) and not is_storable_text(value):
            problems.append(
                {
                    "item": position,
                    "field": field_name,
                    "message": "holds a NUL character or an unpaired surrogate",
                }
            )
    if item.type not in ITEM_TYPES:
        problems.append(
            {"item": position, "field": "type", "message": f"type must be one of {ITEM_TYPES}"}
        )
    return problems
