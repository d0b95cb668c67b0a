"""US Consolidated Screening List (trade.gov CSV, one header row).

The CSL merges eleven Commerce, State and Treasury lists. The same party can
appear once per sub-list (an OFAC entity is often on SDN, SSI and CAPTA), so
the source id is ``<sub-list code>:<_id>``, e.g. ``SDN:21944`` or
``DPL:deb7a1d5...``. A row repeated within one sub-list gets ``#2``, ``#3``...
so ids stay unique and stay the same for the same file.
"""

from __future__ import annotations

import re
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
    count_lines,
    iter_csv,
    person_parts,
    split_list,
)
from watchlists.records import EntityRecord, ImportFormatError

REQUIRED = ("source", "name")
SCHEMAS = {
    "individual": "person",
    "entity": "organization",
    "vessel": "vessel",
    "aircraft": "aircraft",
}
# Columns kept verbatim in properties when not empty.
PLAIN_PROPERTIES = (
    "entity_number",
    "federal_register_notice",
    "start_date",
    "end_date",
    "standard_order",
    "license_requirement",
    "license_policy",
    "call_sign",
    "vessel_type",
    "gross_tonnage",
    "gross_registered_tonnage",
    "vessel_flag",
    "vessel_owner",
    "source_list_url",
    "source_information_url",
)
_LIST_CODE = re.compile(r"\(([^)]+)\)")
_COUNTRY_CODE = re.compile(r"[A-Z]{2}")


def source_files(path: Path) -> list[Path]:
    check_file(Path(path))
    return [Path(path)]


def total(path: Path) -> int | None:
    # Lines minus the header; a few quoted fields span lines, so a slight overestimate.
    return max(count_lines(Path(path)) - 1, 0)


def list_code(source: str) -> str:
    """ "Entity List (EL) - Bureau of Industry and Security" -> "EL"."""
    m = _LIST_CODE.search(source)
    text = m.group(1) if m else source
    text = re.sub(r"\s+list$", "", text.strip(), flags=re.IGNORECASE)
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").upper()[:24]


def read_us_csl(
    path: Path, progress: Progress | None = None, *, encoding: str = "utf-8"
) -> Iterator[EntityRecord]:
    """Stream the rows of the CSL CSV as entities (one per row)."""
    path = Path(path)
    label = path.name
    counter = ProgressCounter(progress)
    rows = iter_csv(path, encoding=encoding)
    header_line, header = next(rows, (0, []))
    columns = [h.strip().lstrip("\ufeff") for h in header]
    missing = [c for c in REQUIRED if c not in columns]
    id_column = "_id" if "_id" in columns else "id" if "id" in columns else None
    if not header or missing or id_column is None:
        what = ", ".join(missing + ([] if id_column else ["_id"])) or "a header row"
        raise ImportFormatError(f"{label} line {header_line or 1}: not a CSL file (missing {what})")
    occurrences: dict[str, int] = {}
    for lineno, values in rows:
        if len(values) != len(columns):
            raise ImportFormatError(
                f"{label} line {lineno}: expected {len(columns)} columns, got {len(values)}"
            )
        row = dict(zip(columns, values, strict=True))
        record = _build(row, id_column, label, lineno)
        n = occurrences.get(record.source_id, 0) + 1
        occurrences[record.source_id] = n
        if n > 1:
            record.source_id = f"{record.source_id}#{n}"
        yield record
        counter.step()
    counter.flush()
    if not counter.count:
        raise ImportFormatError(f"{label}: no records")


def _build(row: dict[str, str], id_column: str, label: str, lineno: int) -> EntityRecord:
    source = clean(row["source"])
    name = clean(row["name"])
    row_id = clean(row[id_column]) or clean(row.get("entity_number"))
    if not source or not name or not row_id:
        missing = "source" if not source else "name" if not name else "_id"
        raise ImportFormatError(f"{label} line {lineno}: row has no {missing}")
    raw_type = clean(row.get("type")) or ""
    schema = SCHEMAS.get(raw_type.lower(), "organization")
    is_person = schema == "person"

    names = NameCollector()
    names.add(name, "primary", parts=person_parts(name) if is_person else None)
    for alias in split_list(row.get("alt_names")):
        names.add(alias, "alias", parts=person_parts(alias) if is_person else None)

    props: dict[str, Any] = {
        "type": raw_type.lower(),
        "list": source,
        "list_code": list_code(source),
    }
    if title := clean(row.get("title")):
        props["titles"] = [title]
    for key, column in (
        ("birth_dates", "dates_of_birth"),
        ("birth_places", "places_of_birth"),
        ("ids", "ids"),
    ):
        if values := split_list(row.get(column)):
            props[key] = values
    for column in PLAIN_PROPERTIES:
        if value := clean(row.get(column)):
            props[column] = value

    addresses = split_list(row.get("addresses"))
    countries: list[str | None] = [
        *split_list(row.get("citizenships")),
        *split_list(row.get("nationalities")),
    ]
    for address in addresses:
        # Addresses end in an ISO code ("..., Moscow, 119261, RU") when a country is known.
        tail = address.rsplit(",", 1)[-1].strip()
        if _COUNTRY_CODE.fullmatch(tail):
            countries.append(tail)
    countries.append(clean(row.get("vessel_flag")))

    return EntityRecord(
        source_id=f"{props['list_code']}:{row_id}",
        schema=schema,
        names=names.names,
        countries=normalize_countries(countries),
        programs=split_list(row.get("programs")),
        addresses=addresses,
        notes=clean(row.get("remarks")),
        properties=props,
    )
