"""UK OFSI Consolidated List, ConList.csv format.

One row per name, grouped into a target by "Group ID". The file is sorted by
name, not by group, so the rows of a group are scattered: this parser keeps
the (small) groups in memory and yields them at the end. A published file has
about 20,000 rows, a few megabytes.

Encoding: older files are Windows-1252 ("latin-1"), newer ones UTF-8. Unless
``encoding`` is given, a file that is valid UTF-8 as a whole is read as UTF-8,
otherwise as cp1252 (whose few undefined bytes still raise with the line).
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
    iter_csv,
    join_nonempty,
    scan_encoding,
)
from watchlists.records import EntityRecord, ImportFormatError

REQUIRED = ("Name 6", "Group ID", "Group Type")
SCHEMAS = {"individual": "person", "entity": "organization", "ship": "vessel"}
NAME_COLUMNS = ("Name 1", "Name 2", "Name 3", "Name 4", "Name 5")
ADDRESS_COLUMNS = (
    "Address 1",
    "Address 2",
    "Address 3",
    "Address 4",
    "Address 5",
    "Address 6",
    "Post/Zip Code",
)
# Lines before the header ("Last Updated,..." and the like) we tolerate.
MAX_PREAMBLE = 5
# "(1) German (2) Moroccan", "1) Saudi Arabia 2) Qatar", "(1)-(2) Indonesia"
_DMY = re.compile(r"(\d{2})/(\d{2})/(\d{4})")
_NUMBERED = re.compile(r"(?:\(?\d+\)\s*-?\s*)+")


def source_files(path: Path) -> list[Path]:
    check_file(Path(path))
    return [Path(path)]


def total(path: Path) -> int | None:
    """Distinct Group IDs (one pass over the file); None if it cannot be read."""
    try:
        return len({row["Group ID"] for _, row in _rows(Path(path), None)})
    except ImportFormatError:
        return None


def _rows(path: Path, encoding: str | None) -> Iterator[tuple[int, dict[str, str]]]:
    check_file(path)
    label = path.name
    encoding = encoding or scan_encoding(path, ("utf-8", "cp1252"))
    rows = iter_csv(path, encoding=encoding)
    header: list[str] | None = None
    for lineno, values in rows:
        cells = [v.strip() for v in values]
        if all(c in cells for c in REQUIRED):
            header = cells
            break
        if lineno > MAX_PREAMBLE:
            break
    if header is None:
        raise ImportFormatError(
            f"{label}: no header row with {', '.join(REQUIRED)} in the first "
            f"{MAX_PREAMBLE} lines; not an OFSI ConList.csv"
        )
    # Some copies carry an unnamed first header cell that data rows lack.
    trimmed = header
    while trimmed and not trimmed[0]:
        trimmed = trimmed[1:]
    for lineno, values in rows:
        if len(values) == len(header):
            columns = header
        elif len(values) == len(trimmed):
            columns = trimmed
        else:
            raise ImportFormatError(
                f"{label} line {lineno}: expected {len(trimmed)} columns, got {len(values)}"
            )
        yield lineno, dict(zip(columns, values, strict=True))


def read_uk_ofsi(
    path: Path, progress: Progress | None = None, *, encoding: str | None = None
) -> Iterator[EntityRecord]:
    """Yield one entity per Group ID of an OFSI ConList.csv."""
    path = Path(path)
    label = path.name
    groups: dict[str, list[dict[str, str]]] = {}
    for lineno, row in _rows(path, encoding):
        group_id = clean(row["Group ID"])
        if not group_id or not clean(row["Name 6"]):
            raise ImportFormatError(f"{label} line {lineno}: row without Group ID or Name 6")
        groups.setdefault(group_id, []).append(row)
    if not groups:
        raise ImportFormatError(f"{label}: no records")
    counter = ProgressCounter(progress)
    for group_id, rows in groups.items():
        yield _build(group_id, rows)
        counter.step()
    counter.flush()


def _full_name(row: dict[str, str]) -> tuple[str, dict[str, str] | None]:
    given = [v for c in NAME_COLUMNS if (v := clean(row.get(c)))]
    last = clean(row["Name 6"]) or ""
    if not given:
        return last, None
    parts = {"first": given[0], "last": last}
    if len(given) > 1:
        parts["middle"] = " ".join(given[1:])
    return " ".join([*given, last]), parts


def _alias_kind(row: dict[str, str]) -> str:
    alias_type = (clean(row.get("Alias Type")) or "").lower()
    quality = (clean(row.get("Alias Quality")) or "").lower()
    if alias_type in ("prime alias", "primary name"):
        return "primary"
    if "low" in quality or "weak" in alias_type:
        return "weak_alias"
    if alias_type in ("fka", "f.k.a.", "formerly known as"):
        return "former_name"
    return "alias"


def _iso_date(value: str) -> str:
    """OFSI "dd/mm/yyyy" with 00 for unknown parts -> "yyyy-mm-dd", "yyyy-mm", "yyyy"."""
    m = _DMY.fullmatch(value)
    if not m:
        return value
    day, month, year = m.groups()
    if month == "00":
        return year
    if day == "00":
        return f"{year}-{month}"
    return f"{year}-{month}-{day}"


def _collect(rows: list[dict[str, str]], column: str) -> list[str]:
    out: list[str] = []
    for row in rows:
        value = clean(row.get(column))
        if value and value not in out:
            out.append(value)
    return out


def _build(group_id: str, rows: list[dict[str, str]]) -> EntityRecord:
    group_type = (clean(rows[0].get("Group Type")) or "").lower()
    schema = SCHEMAS.get(group_type, "organization")
    is_person = schema == "person"
    # The "Prime Alias" row names the target; without one, the first row does.
    ordered = sorted(rows, key=lambda r: _alias_kind(r) != "primary")
    names = NameCollector()
    for index, row in enumerate(ordered):
        value, parts = _full_name(row)
        kind = "primary" if index == 0 else _alias_kind(row)
        if kind == "primary" and index:
            kind = "alias"
        names.add(value, kind, parts=parts if is_person else None)

    props: dict[str, Any] = {"type": group_type}
    for key, column in (
        ("titles", "Title"),
        ("positions", "Position"),
        ("documents", "Passport Details"),
        ("national_ids", "NI Number"),
    ):
        if values := _collect(rows, column):
            props[key] = values
    # Name rows of one target can disagree: keep the first listing, the last update.
    if listed := _collect(rows, "Listed On"):
        props["listed_on"] = min(_iso_date(v) for v in listed)
    if updated := _collect(rows, "Last Updated"):
        props["last_updated"] = max(_iso_date(v) for v in updated)
    dates = [_iso_date(d) for d in _collect(rows, "DOB")]
    if dates:
        props["birth_dates"] = list(dict.fromkeys(dates))
    places = []
    for row in rows:
        place = join_nonempty((clean(row.get("Town of Birth")), clean(row.get("Country of Birth"))))
        if place and place not in places:
            places.append(place)
    if places:
        props["birth_places"] = places

    countries: list[str | None] = []
    for nationality in _collect(rows, "Nationality"):
        countries.extend(p for p in _NUMBERED.split(nationality) if p.strip())
    addresses: list[str] = []
    for row in rows:
        country = clean(row.get("Country"))
        countries.append(country)
        text = join_nonempty((*(clean(row.get(c)) for c in ADDRESS_COLUMNS), country))
        if text and text not in addresses:
            addresses.append(text)
    notes = _collect(rows, "Other Information")
    return EntityRecord(
        source_id=group_id,
        schema=schema,
        names=names.names,
        countries=normalize_countries(countries),
        programs=_collect(rows, "Regime"),
        addresses=addresses,
        notes="\n".join(notes) or None,
        properties=props,
    )
