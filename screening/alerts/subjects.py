"""Who is screened: a counterparty on the books, or a name from a one-off screening.

A subject's ``key`` names it across screenings (the pair memory of clearances
is keyed on it); its ``hash`` digests the data screening used, so a change to
the subject can be told from a repeat.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from screening.alerts.models import Counterparty
from screening.matching import normalize_name


@dataclass(frozen=True)
class Subject:
    key: str
    hash: str
    name: str
    type: str = "any"
    country: str | None = None
    counterparty_id: int | None = None


def _digest(value: Any) -> str:
    blob = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8", "surrogatepass")).hexdigest()


def counterparty_data_hash(
    name: str,
    type: str,
    country: str | None,
    birth_date: str | None,
    identifiers: Sequence[dict[str, str]],
) -> str:
    """Digest of what screening uses of a counterparty; any change makes a new one."""
    return _digest(
        {
            "name": name,
            "type": type,
            "country": country,
            "birth_date": birth_date,
            "identifiers": sorted(
                (str(i.get("type", "")).lower(), str(i.get("value", ""))) for i in identifiers
            ),
        }
    )


def counterparty_subject(counterparty: Counterparty) -> Subject:
    """The subject a counterparty is screened as (a stored row with the same columns
    serves too)."""
    return Subject(
        key=f"counterparty:{counterparty.reference}",
        hash=counterparty.data_hash,
        name=counterparty.name,
        type=counterparty.type,
        country=counterparty.country,
        counterparty_id=counterparty.id,
    )


def name_subject(name: str, type: str | None, country: str | None) -> Subject:
    """A name screened once: the same normalised name, type and country is the same subject."""
    normalized = normalize_name(name)
    type = type or "any"
    country = (country or "").strip().lower() or None
    identity = _digest({"name": normalized, "type": type, "country": country})
    return Subject(
        key=f"name:{identity}",
        hash=identity,
        name=name,
        type=type,
        country=country,
    )
