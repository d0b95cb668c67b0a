"""What a screening submission may hold, and the checks every channel applies to it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from foundation.settings import Settings
from foundation.text import is_storable_text
from screening.matching import DEFAULT_THRESHOLD
from screening.models import DEFAULT_MATCH_LIMIT
from watchlists.countries import COUNTRY_NAMES, country_code

ITEM_TYPES = ("person", "company", "organization", "vessel", "aircraft", "any")
# Kinds of identifier a name may carry; "other" for anything else worth recording.
IDENTIFIER_TYPES = (
    "imo",
    "mmsi",
    "call_sign",
    "aircraft_registration",
    "registration_number",
    "tax_number",
    "vat_number",
    "inn",
    "ogrn",
    "lei",
    "swift_bic",
    "passport",
    "national_id",
    "other",
)
MAX_IDENTIFIERS = 20
MAX_IDENTIFIER_LENGTH = 128
MAX_REFERENCE_LENGTH = 256
MAX_COUNTRY_LENGTH = 64  # a code, or a country's name as the lists spell it
# YYYY, YYYY-MM or YYYY-MM-DD (the precision the lists publish birth dates with).
BIRTH_DATE_PATTERN = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
# Identifiers whose form is fixed: digits only, these many of them.
_DIGITS = {"imo": (7,), "mmsi": (9,), "inn": (10, 12), "ogrn": (13, 15)}
_BIRTH_DATE = re.compile(BIRTH_DATE_PATTERN)


class JobInputError(ValueError):
    """The submission cannot be accepted; the message says what to change.

    ``details`` lists each problem as ``{"path", "item", "field", "code", "message"}``
    (the one shape of every validation error).
    """

    def __init__(self, message: str, details: Any = None) -> None:
        super().__init__(message)
        self.details = details


@dataclass(frozen=True)
class Identifier:
    type: str
    value: str

    def as_json(self) -> dict[str, str]:
        return {"type": self.type, "value": self.value}


def parse_identifier_text(text: str) -> tuple[Identifier, ...]:
    """Identifiers written as text: ``"imo:9137741; inn:7701234567"`` (TYPE:VALUE pairs
    separated by ";"), as the CLI, the web form and CSV files take them. Raises
    ValueError naming the pair that is not TYPE:VALUE; types and values are checked
    later with the rest of the item (``validate_items``)."""
    found: list[Identifier] = []
    for part in text.split(";"):
        if not part.strip():
            continue
        kind, sep, value = part.partition(":")
        if not sep or not kind.strip() or not value.strip():
            raise ValueError(f"identifier {part.strip()[:60]!r} is not TYPE:VALUE (imo:9137741)")
        found.append(Identifier(kind.strip(), value.strip()))
    return tuple(found)


@dataclass(frozen=True)
class ItemInput:
    name: str
    type: str = "any"
    country: str | None = None  # ISO 3166-1 alpha-2 (or a country name we know)
    reference: str | None = None
    birth_date: str | None = None  # YYYY, YYYY-MM or YYYY-MM-DD
    identifiers: tuple[Identifier, ...] = ()


def effective_threshold(settings: Settings, requested: float | None) -> float:
    if requested is not None:
        return requested
    return settings.match_threshold or DEFAULT_THRESHOLD


def effective_match_limit(settings: Settings, requested: int | None) -> int:
    """Matches kept per name: the request's limit, else 10 (never above the setting)."""
    if requested is None:
        return min(DEFAULT_MATCH_LIMIT, settings.max_match_limit)
    return requested


def iso_country(value: str | None) -> str | None:
    """The ISO 3166-1 alpha-2 code (upper case) for a code in any case or a known name."""
    if value is None:
        return None
    text = " ".join(value.split())
    if len(text) == 2 and text.isalpha():
        return text.upper() if text.lower() in COUNTRY_NAMES else None
    code = country_code(text)
    return code.upper() if code else None


def detail(
    message: str, *, item: int | None = None, field: str | None = None, code: str = "invalid"
) -> dict[str, Any]:
    """One validation problem in the shape every channel shows."""
    path = "" if item is None else f"/items/{item}"
    if field:
        path += f"/{field}"
    found: dict[str, Any] = {"path": path or "/"}
    if item is not None:
        found["item"] = item
    found.update(field=field, code=code, message=message)
    return found


def validate_items(
    items: Sequence[ItemInput],
    settings: Settings,
    limit: int,
    match_limit: int | None = None,
) -> None:
    """Raise :class:`JobInputError` listing every invalid item, or return."""
    if not items:
        raise JobInputError("items must hold at least one name")
    if len(items) > limit:
        raise JobInputError(f"Too many items in one request (limit: {limit})")
    problems = []
    if match_limit is not None and not 1 <= match_limit <= settings.max_match_limit:
        problems.append(
            detail(
                f"limit must be between 1 and {settings.max_match_limit}",
                field="limit",
                code="out_of_range",
            )
        )
    for position, item in enumerate(items):
        problems.extend(_item_problems(position, item, settings))
    if problems:
        raise JobInputError(f"{len(problems)} item(s) are invalid", details=problems)


def normalize_items(items: Sequence[ItemInput]) -> list[ItemInput]:
    """Valid items as stored: the country as its ISO code, text fields stripped."""
    out = []
    for item in items:
        country = iso_country(item.country) if item.country else None
        out.append(
            replace(
                item,
                country=country,
                birth_date=(item.birth_date or "").strip() or None,
                identifiers=tuple(
                    Identifier(i.type.strip().lower(), i.value.strip()) for i in item.identifiers
                ),
            )
        )
    return out


def _item_problems(position: int, item: ItemInput, settings: Settings) -> list[dict[str, Any]]:
    problems = []

    def problem(field: str, message: str, code: str = "invalid") -> None:
        problems.append(detail(message, item=position, field=field, code=code))

    if not item.name or not item.name.strip():
        problem("name", "name is empty", "empty")
    elif len(item.name) > settings.max_name_length:
        problem("name", f"name longer than {settings.max_name_length} characters", "too_long")
    for field_name in ("name", "reference", "country", "birth_date"):
        value = getattr(item, field_name)
        if isinstance(value, str) and not is_storable_text(value):
            problem(field_name, "holds a NUL character or an unpaired surrogate", "unstorable_text")
    if item.type not in ITEM_TYPES:
        problem("type", f"type must be one of {', '.join(ITEM_TYPES)}", "enum")
    if item.reference and len(item.reference) > MAX_REFERENCE_LENGTH:
        problem("reference", f"reference longer than {MAX_REFERENCE_LENGTH} characters", "too_long")
    if item.country and iso_country(item.country) is None:
        problem(
            "country",
            f"country {item.country[:40]!r} is not an ISO 3166-1 alpha-2 code (such as KP or RU)",
            "invalid_country",
        )
    if item.birth_date and not _valid_birth_date(item.birth_date.strip()):
        problem(
            "birth_date",
            "birth_date must be a past date written YYYY, YYYY-MM or YYYY-MM-DD",
            "invalid_date",
        )
    problems.extend(_identifier_problems(position, item.identifiers))
    return problems


def _valid_birth_date(text: str) -> bool:
    if not _BIRTH_DATE.match(text):
        return False
    parts = [int(p) for p in text.split("-")]
    try:
        day = date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return False
    return day.year >= 1800 and day <= date.today()


def _identifier_problems(position: int, identifiers: Sequence[Identifier]) -> list[dict[str, Any]]:
    problems = []
    if len(identifiers) > MAX_IDENTIFIERS:
        problems.append(
            detail(
                f"at most {MAX_IDENTIFIERS} identifiers per name",
                item=position,
                field="identifiers",
                code="too_many",
            )
        )
    for n, identifier in enumerate(identifiers[:MAX_IDENTIFIERS]):
        field = f"identifiers/{n}"
        kind = identifier.type.strip().lower()
        value = identifier.value.strip()
        if kind not in IDENTIFIER_TYPES:
            problems.append(
                detail(
                    f"identifier type must be one of {', '.join(IDENTIFIER_TYPES)}",
                    item=position,
                    field=f"{field}/type",
                    code="enum",
                )
            )
        if not value or len(value) > MAX_IDENTIFIER_LENGTH or not is_storable_text(value):
            problems.append(
                detail(
                    f"identifier value must be 1 to {MAX_IDENTIFIER_LENGTH} printable characters",
                    item=position,
                    field=f"{field}/value",
                    code="invalid",
                )
            )
        elif kind in _DIGITS:
            digits = value.removeprefix("IMO").strip() if kind == "imo" else value
            if not digits.isdigit() or len(digits) not in _DIGITS[kind]:
                lengths = " or ".join(str(n) for n in _DIGITS[kind])
                problems.append(
                    detail(
                        f"{kind.upper()} must be {lengths} digits",
                        item=position,
                        field=f"{field}/value",
                        code="invalid_identifier",
                    )
                )
    return problems
