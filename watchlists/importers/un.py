"""UN Security Council consolidated list, official XML (CONSOLIDATED_LIST).

Streams with ``iterparse``: each INDIVIDUAL/ENTITY is turned into a record
and then cleared from the tree, so memory stays flat whatever the file size.
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
    check_file,
    clean,
    count_occurrences,
    join_nonempty,
    xml_error,
)
from watchlists.records import EntityRecord, ImportFormatError

ROOT = "CONSOLIDATED_LIST"
RECORD_TAGS = {"INDIVIDUAL": "person", "ENTITY": "organization"}
NAME_TAGS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
PART_KEYS = ("first", "second", "third", "fourth")
# QUALITY of an alias. "Low" is the UN's weak alias; entities use a.k.a./f.k.a.
ALIAS_KINDS = {
    "good": "alias",
    "a.k.a.": "alias",
    "low": "weak_alias",
    "f.k.a.": "former_name",
}


def source_files(path: Path) -> list[Path]:
    check_file(Path(path))
    return [Path(path)]


def total(path: Path) -> int | None:
    return count_occurrences(Path(path), (b"<INDIVIDUAL>", b"<ENTITY>"))


def read_un_xml(path: Path, progress: Progress | None = None) -> Iterator[EntityRecord]:
    """Stream the individuals and entities of the UN consolidated XML."""
    path = Path(path)
    check_file(path)
    label = path.name
    counter = ProgressCounter(progress)
    seen: set[str] = set()
    parent: ET.Element | None = None
    depth = 0
    try:
        for event, elem in ET.iterparse(path, events=("start", "end")):
            if event == "start":
                depth += 1
                if depth == 1 and elem.tag != ROOT:
                    raise ImportFormatError(
                        f"{label}: not a UN consolidated list (root element <{elem.tag}>, "
                        f"expected <{ROOT}>)"
                    )
                if depth == 2:
                    parent = elem
                continue
            depth -= 1
            if depth != 2 or elem.tag not in RECORD_TAGS:
                continue
            record = _build(elem, label, counter.count + 1)
            if record.source_id in seen:
                raise ImportFormatError(
                    f"{label}: duplicate REFERENCE_NUMBER {record.source_id} "
                    f"(record #{counter.count + 1})"
                )
            seen.add(record.source_id)
            # Drop the finished record (and its text) from the tree.
            if parent is not None:
                parent.clear()
            yield record
            counter.step()
    except ET.ParseError as exc:
        raise xml_error(path, exc) from None
    counter.flush()
    if not counter.count:
        raise ImportFormatError(f"{label}: no INDIVIDUAL or ENTITY records")


def _text(elem: ET.Element, tag: str) -> str | None:
    return clean(elem.findtext(tag))


def _values(elem: ET.Element, tag: str) -> list[str]:
    out: list[str] = []
    for value in elem.iterfind(f"{tag}/VALUE"):
        text = clean(value.text)
        if text and text not in out:
            out.append(text)
    return out


def _build(elem: ET.Element, label: str, number: int) -> EntityRecord:
    ref = _text(elem, "REFERENCE_NUMBER")
    dataid = _text(elem, "DATAID")
    if not ref:
        raise ImportFormatError(
            f"{label}: {elem.tag} record #{number} (DATAID {dataid}) has no REFERENCE_NUMBER"
        )
    schema = RECORD_TAGS[elem.tag]
    is_person = schema == "person"
    parts = {
        key: v for key, tag in zip(PART_KEYS, NAME_TAGS, strict=True) if (v := _text(elem, tag))
    }
    if not parts:
        raise ImportFormatError(f"{label}: {elem.tag} {ref} (record #{number}) has no name")

    names = NameCollector()
    # UN name fields are positional (FIRST_NAME is often a family name), so
    # the parts keep the UN's own field order rather than first/last semantics.
    names.add(" ".join(parts.values()), "primary", parts=parts if is_person else None)
    original = _text(elem, "NAME_ORIGINAL_SCRIPT")
    if original:
        names.add(original, "alias")
    alias_tag = "INDIVIDUAL_ALIAS" if is_person else "ENTITY_ALIAS"
    for alias in elem.iterfind(alias_tag):
        quality = (_text(alias, "QUALITY") or "good").lower()
        names.add(_text(alias, "ALIAS_NAME"), ALIAS_KINDS.get(quality, "alias"))

    props: dict[str, Any] = {"type": elem.tag.lower()}
    for key, value in (
        ("un_dataid", dataid),
        ("listed_on", _text(elem, "LISTED_ON")),
        ("gender", (_text(elem, "GENDER") or "").lower() or None),
    ):
        if value:
            props[key] = value
    for key, tag in (("titles", "TITLE"), ("positions", "DESIGNATION")):
        if values := _values(elem, tag):
            props[key] = values
    if updated := _values(elem, "LAST_DAY_UPDATED"):
        props["last_updated"] = updated

    countries: list[str | None] = list(_values(elem, "NATIONALITY"))
    addresses: list[str] = []
    address_tag = "INDIVIDUAL_ADDRESS" if is_person else "ENTITY_ADDRESS"
    for address in elem.iterfind(address_tag):
        country = _text(address, "COUNTRY")
        countries.append(country)
        text = join_nonempty(
            _text(address, tag) for tag in ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE")
        )
        text = join_nonempty((text, country))
        note = _text(address, "NOTE")
        if note and text:
            text = f"{text} ({note})"
        if text and text not in addresses:
            addresses.append(text)

    if is_person:
        _person_details(elem, props)

    return EntityRecord(
        source_id=ref,
        schema=schema,
        names=names.names,
        countries=normalize_countries(countries),
        programs=[p] if (p := _text(elem, "UN_LIST_TYPE")) else [],
        addresses=addresses,
        notes=_text(elem, "COMMENTS1"),
        properties=props,
    )


def _person_details(elem: ET.Element, props: dict[str, Any]) -> None:
    dates: list[str] = []
    for dob in elem.iterfind("INDIVIDUAL_DATE_OF_BIRTH"):
        value = _birth_date(dob)
        if value and value not in dates:
            dates.append(value)
    if dates:
        props["birth_dates"] = dates
    places: list[str] = []
    for pob in elem.iterfind("INDIVIDUAL_PLACE_OF_BIRTH"):
        text = join_nonempty(
            _text(pob, tag) for tag in ("STREET", "CITY", "STATE_PROVINCE", "COUNTRY", "NOTE")
        )
        if text and text not in places:
            places.append(text)
    if places:
        props["birth_places"] = places
    documents: list[str] = []
    for doc in elem.iterfind("INDIVIDUAL_DOCUMENT"):
        text = join_nonempty(
            _text(doc, tag)
            for tag in (
                "TYPE_OF_DOCUMENT",
                "TYPE_OF_DOCUMENT2",
                "NUMBER",
                "ISSUING_COUNTRY",
                "COUNTRY_OF_ISSUE",
                "DATE_OF_ISSUE",
                "NOTE",
            )
        )
        if text and text not in documents:
            documents.append(text)
    if documents:
        props["documents"] = documents


def _birth_date(dob: ET.Element) -> str | None:
    """ISO 8601 / EDTF: "1944-10-13", "1971", "1958~" (approximately), "1967/1969"."""
    kind = (_text(dob, "TYPE_OF_DATE") or "").upper()
    date = _text(dob, "DATE") or _text(dob, "YEAR")
    start, end = _text(dob, "FROM_YEAR"), _text(dob, "TO_YEAR")
    if start and end:
        value = f"{start}/{end}"
    elif date:
        value = f"{date}~" if kind == "APPROXIMATELY" else date
    else:
        # Some entries only say "Nov. 1973" in a NOTE.
        return _text(dob, "NOTE")
    return value
