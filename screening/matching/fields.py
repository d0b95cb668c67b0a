"""Secondary fields as evidence: country, date of birth and identifiers.

Each function compares a ``QueryFields`` with an ``EntityFacts`` and returns
a value in [0, 1]; ``model.FEATURES`` declares them with their weights, so
they show in every explanation. Absent data on either side is 0: no
evidence, never a filter.
"""

from __future__ import annotations

import re

from screening.matching.countries import country_codes
from screening.matching.results import EntityFacts, QueryFields

_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def normalize_identifier(kind: str, value: str) -> tuple[str, str]:
    """("IMO", "IMO 9137741") -> ("imo", "9137741"): type casefolded, value letters and digits."""
    kind = kind.casefold().strip()
    text = "".join(c for c in value.casefold() if c.isalnum())
    if kind and text.startswith(kind) and text[len(kind) :].isdigit():
        text = text[len(kind) :]
    return kind, text


def _countries(values: tuple[str, ...] | list[str]) -> set[str]:
    out: set[str] = set()
    for value in values:
        out |= country_codes(value)
    return out


def country_agreement(fields: QueryFields | None, facts: EntityFacts | None) -> tuple[bool, bool]:
    """(agrees, contradicts): a shared country, or both known and none shared."""
    if not fields or not fields.country or facts is None or not facts.countries:
        return False, False
    query = country_codes(fields.country)
    listed = _countries(facts.countries)
    if not query or not listed:
        return False, False
    shared = bool(query & listed)
    return shared, not shared


def _date_parts(text: str) -> tuple[str, ...]:
    match = _DATE.match(text.strip())
    if match is None:
        return ()
    return tuple(p for p in match.groups() if p)


def birth_date_agreement(fields: QueryFields | None, facts: EntityFacts | None) -> float:
    """+1 when a listed date agrees as far as both are known, -1 when every one contradicts it.

    Agreeing means the same year, and the same month and day where both give
    them; a listed year one off is neither (lists hedge years).
    """
    if not fields or not fields.birth_date or facts is None or not facts.birth_dates:
        return 0.0
    query = _date_parts(fields.birth_date)
    if not query:
        return 0.0
    near = False
    for listed_text in facts.birth_dates:
        listed = _date_parts(listed_text)
        if not listed:
            continue
        common = min(len(query), len(listed))
        if query[:common] == listed[:common]:
            return 1.0
        if abs(int(query[0]) - int(listed[0])) <= 1 and query[0] != listed[0]:
            near = True
    return 0.0 if near else -1.0


def identifier_agreement(fields: QueryFields | None, facts: EntityFacts | None) -> float:
    """+1 when an identifier is the same (type and value), -1 when one of a shared type differs."""
    if not fields or not fields.identifiers or facts is None or not facts.identifiers:
        return 0.0
    listed = {normalize_identifier(k, v) for k, v in facts.identifiers}
    listed_types = {k for k, _ in listed}
    conflict = False
    for kind, value in fields.identifiers:
        key = normalize_identifier(kind, value)
        if key in listed:
            return 1.0
        if key[0] in listed_types:
            conflict = True
    return -1.0 if conflict else 0.0
