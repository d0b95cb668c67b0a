"""EU consolidated list of financial sanctions (FSF), XML file format 1.1.

The file is ``<export>`` holding one ``<sanctionEntity>`` per listed person or
enterprise, in the namespace ``http://eu.europa.ec/fpi/fsd/export``. Each entity
carries ``nameAlias`` (``wholeName`` and, for persons, ``firstName`` /
``middleName`` / ``lastName``; ``strong="false"`` marks a weak alias),
``citizenship``, ``birthdate`` (a full date, a year, ``circa``, or a year
range), ``identification`` (passports, registration and tax numbers, IMO
numbers), ``address`` and ``regulation`` (its ``programme`` is the sanctions
programme, e.g. ``UKR``, ``PRK``).

The source id is the entity's ``logicalId``, the FSF's stable identity of the
record; the EU reference number (``EU.8282.49``) is kept in the properties.
Streams with ``iterparse`` and clears each entity once read.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from watchlists.countries import normalize_countries
from watchlists.importers._common import (
    NameCollector,
    Progress,
    ProgressCounter,
    add_identifier,
    check_file,
    clean,
    count_occurrences,
    join_nonempty,
    xml_error,
)
from watchlists.records import EntityRecord, ImportFormatError

NAMESPACE = "http://eu.europa.ec/fpi/fsd/export"
ROOT = "export"
RECORD = "sanctionEntity"
SCHEMAS = {"person": "person", "enterprise": "organization"}
# identificationTypeCode -> our identifier type. Descriptions that name a Russian
# number (INN, OGRN, KPP) refine "regnumber" and "fiscalcode".
IDENTIFIER_TYPES = {
    "passport": "passport",
    "id": "national_id",
    "regnumber": "registration_number",
    "fiscalcode": "tax_number",
    "imo": "imo",
    "swiftbic": "swift_bic",
    "ssn": "social_security_number",
    "tradelic": "trade_licence",
    "birthcert": "birth_certificate",
    "drivinglicence": "driving_licence",
    "other": "other",
}
_NAMED_NUMBERS = (("ogrn", "ogrn"), ("(inn)", "inn"), (" inn", "inn"), ("kpp", "kpp"))


def source_files(path: Path) -> list[Path]:
    check_file(Path(path))
    return [Path(path)]


def total(path: Path) -> int | None:
    return count_occurrences(Path(path), (b"<sanctionEntity ", b"<sanctionEntity>"))


def _local(tag: str) -> str:
    """The tag without its namespace."""
    return tag.rsplit("}", 1)[-1]


def read_eu_xml(path: Path, progress: Progress | None = None) -> Iterator[EntityRecord]:
    """Stream the sanctioned persons and enterprises of the EU FSF XML."""
    path = Path(path)
    check_file(path)
    label = path.name
    counter = ProgressCounter(progress)
    seen: set[str] = set()
    root: ET.Element | None = None
    depth = 0
    try:
        for event, elem in ET.iterparse(path, events=("start", "end")):
            if event == "start":
                depth += 1
                if depth == 1:
                    if _local(elem.tag) != ROOT:
                        raise ImportFormatError(
                            f"{label}: not an EU financial sanctions file (root element "
                            f"<{_local(elem.tag)}>, expected <{ROOT}>)"
                        )
                    root = elem
                continue
            depth -= 1
            if depth != 1 or _local(elem.tag) != RECORD:
                continue
            record = _build(elem, label, counter.count + 1)
            if record.source_id in seen:
                raise ImportFormatError(
                    f"{label}: duplicate sanctionEntity logicalId {record.source_id} "
                    f"(record #{counter.count + 1})"
                )
            seen.add(record.source_id)
            if root is not None:
                root.clear()  # drop the finished entity from the tree
            yield record
            counter.step()
    except ET.ParseError as exc:
        raise xml_error(path, exc) from None
    counter.flush()
    if not counter.count:
        raise ImportFormatError(f"{label}: no sanctionEntity records")


def _attr(elem: ET.Element, name: str) -> str | None:
    return clean(elem.get(name))


def _children(elem: ET.Element, name: str) -> list[ET.Element]:
    return [child for child in elem if _local(child.tag) == name]


def _build(elem: ET.Element, label: str, number: int) -> EntityRecord:
    logical_id = _attr(elem, "logicalId")
    reference = _attr(elem, "euReferenceNumber")
    if not logical_id:
        raise ImportFormatError(
            f"{label}: sanctionEntity #{number} ({reference or 'no reference'}) has no logicalId"
        )
    subject = next(iter(_children(elem, "subjectType")), None)
    code = (_attr(subject, "code") or "") if subject is not None else ""
    schema = SCHEMAS.get(code.lower())
    if schema is None:
        raise ImportFormatError(
            f"{label}: sanctionEntity {logical_id} has subjectType {code!r}; "
            f"expected one of {', '.join(SCHEMAS)}"
        )
    names = _names(elem, schema)
    if not names.names:
        raise ImportFormatError(f"{label}: sanctionEntity {logical_id} has no name")

    props: dict[str, Any] = {"type": code.lower()}
    for key, value in (
        ("eu_reference_number", reference),
        ("un_reference_number", _attr(elem, "unitedNationId")),
        ("designation_details", _attr(elem, "designationDetails")),
    ):
        if value:
            props[key] = value
    remarks = [text for r in _children(elem, "remark") if (text := clean(r.text))]
    positions = []
    for alias in _children(elem, "nameAlias"):
        function = _attr(alias, "function")
        if function and function not in positions:
            positions.append(function)
        gender = {"M": "male", "F": "female"}.get(_attr(alias, "gender") or "")
        if gender:
            props.setdefault("gender", gender)
    if positions:
        props["positions"] = positions

    countries: list[str | None] = [
        _attr(c, "countryIso2Code") or _attr(c, "countryDescription")
        for c in _children(elem, "citizenship")
    ]
    addresses: list[str] = []
    for address in _children(elem, "address"):
        country = _attr(address, "countryIso2Code")
        countries.append(country)
        text = join_nonempty(
            _attr(address, key) for key in ("street", "poBox", "city", "zipCode", "region", "place")
        )
        text = join_nonempty((text, _attr(address, "countryDescription")))
        if text and text not in addresses:
            addresses.append(text)
    _birth(elem, props)
    identifiers: list[dict[str, str]] = []
    for ident in _children(elem, "identification"):
        add_identifier(identifiers, _identifier_type(ident), _attr(ident, "number"))
        add_identifier(identifiers, _identifier_type(ident), _attr(ident, "latinNumber"))
    if identifiers:
        props["identifiers"] = identifiers
    programs: list[str] = []
    regulations: list[str] = []
    for regulation in _children(elem, "regulation"):
        programme = _attr(regulation, "programme")
        if programme and programme not in programs:
            programs.append(programme)
        title = _attr(regulation, "numberTitle")
        if title and title not in regulations:
            regulations.append(title)
        listed = _attr(regulation, "entryIntoForceDate") or _attr(regulation, "publicationDate")
        if listed and (props.get("listed_on") is None or listed < props["listed_on"]):
            props["listed_on"] = listed
    if regulations:
        props["regulations"] = regulations
    return EntityRecord(
        source_id=logical_id,
        schema=schema,
        names=names.names,
        countries=normalize_countries(countries),
        programs=programs,
        addresses=addresses,
        notes=" ".join(remarks) or None,
        properties=props,
    )


def _names(elem: ET.Element, schema: str) -> NameCollector:
    """Strong names first (the first is primary), then weak aliases."""
    names = NameCollector()
    aliases = _children(elem, "nameAlias")
    ordered = [a for a in aliases if (_attr(a, "strong") or "true") != "false"]
    ordered += [a for a in aliases if (_attr(a, "strong") or "true") == "false"]
    for alias in ordered:
        whole = _attr(alias, "wholeName")
        parts = {
            key: value
            for key, attr in (
                ("first", "firstName"),
                ("middle", "middleName"),
                ("last", "lastName"),
            )
            if (value := _attr(alias, attr))
        }
        if not whole:
            whole = join_nonempty(parts.values(), " ")
        strong = (_attr(alias, "strong") or "true") != "false"
        kind = "alias" if strong else "weak_alias"
        if not names.names:
            kind = "primary"
        lang = (_attr(alias, "nameLanguage") or "").lower() or None
        names.add(whole, kind, parts=parts if schema == "person" and parts else None, lang=lang)
    return names


def _birth(elem: ET.Element, props: dict[str, Any]) -> None:
    """Birth dates as ISO 8601 / EDTF ("1961-11-30", "1969~", "1966/1968") and places."""
    dates: list[str] = []
    places: list[str] = []
    for birth in _children(elem, "birthdate"):
        value = _birth_date(birth)
        if value and value not in dates:
            dates.append(value)
        place = join_nonempty(
            _attr(birth, key) for key in ("place", "city", "region", "countryDescription")
        )
        place = place.replace(", UNKNOWN", "").replace("UNKNOWN", "").strip(", ")
        if place and place not in places:
            places.append(place)
    if dates:
        props["birth_dates"] = dates
    if places:
        props["birth_places"] = places


def _birth_date(birth: ET.Element) -> str | None:
    full = _attr(birth, "birthdate")
    year = _attr(birth, "year")
    month, day = _attr(birth, "monthOfYear"), _attr(birth, "dayOfMonth")
    start, end = _attr(birth, "yearRangeFrom"), _attr(birth, "yearRangeTo")
    month = f"{int(month):02d}" if month and month.isdigit() else None
    day = f"{int(day):02d}" if day and day.isdigit() else None
    if full:
        value = full
    elif year and month and day:
        value = f"{year}-{month}-{day}"
    elif year and month:
        value = f"{year}-{month}"
    elif year:
        value = year
    elif start and end:
        return f"{start}/{end}"
    else:
        return None
    return f"{value}~" if (_attr(birth, "circa") or "") == "true" else value


def _identifier_type(ident: ET.Element) -> str:
    code = (_attr(ident, "identificationTypeCode") or "other").lower()
    description = f" {(_attr(ident, 'identificationTypeDescription') or '').lower()}"
    if code in ("regnumber", "fiscalcode", "other"):
        for needle, kind in _NAMED_NUMBERS:
            if needle in description:
                return kind
    return IDENTIFIER_TYPES.get(code, code)
