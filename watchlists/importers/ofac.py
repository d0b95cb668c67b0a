"""OFAC legacy CSV: the SDN list (sdn/alt/add/sdn_comments.csv) or the
non-SDN consolidated list (cons_prim/cons_alt/cons_add/cons_comments.csv).

The primary file streams; the alias, address and comment files are small and
keyed by ``ent_num``, so they are read into dicts first.

Two things about the data that are easy to get wrong:

* OFAC puts *weak* aliases (nicknames, short acronyms) in the remarks field
  of the primary file as ``a.k.a. 'NAME'`` (OFAC FAQ 123); strong aliases only
  exist in alt.csv. So remark aliases become ``weak_alias`` names, and a file
  without alt.csv has no strong aliases at all.
* Remarks longer than OFAC's field limit are cut mid-word and continue in
  sdn_comments.csv; the continuation is appended without a separator.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from watchlists.countries import country_code, normalize_countries
from watchlists.importers._common import (
    NameCollector,
    Progress,
    ProgressCounter,
    check_file,
    clean,
    count_lines,
    iter_csv,
    join_nonempty,
    person_parts,
)
from watchlists.records import EntityRecord, ImportFormatError

log = logging.getLogger(__name__)

PRIMARY_COLUMNS = 12
ALT_COLUMNS = 5
ADD_COLUMNS = 6
COMMENT_COLUMNS = 2
# OFAC cuts the remarks field at this many characters; the rest goes to the
# comments file.
REMARKS_LIMIT = 1000

# (primary, alt, add, comments) file names of the two published sets.
SDN_SET = ("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv")
CONS_SET = ("cons_prim.csv", "cons_alt.csv", "cons_add.csv", "cons_comments.csv")

SCHEMAS = {"individual": "person", "vessel": "vessel", "aircraft": "aircraft"}
ALT_KINDS = {"aka": "alias", "fka": "former_name", "nka": "alias"}

# a.k.a./f.k.a./n.k.a. 'NAME' in remarks; a name may itself hold apostrophes,
# so it ends at a quote followed by the item separator or the end.
_REMARK_ALIAS = re.compile(r"\b[afn]\.k\.a\.,? '(.+?)'(?=\s*;|\s*\.?\s*$)")
_ITEM_SPLIT = re.compile(r";\s*")
_IMO = re.compile(r"\bIMO (\d{7})\b")
# An identifier and the country that issued it: "Tax ID No. 7722497881 (Russia)",
# "Registration Number 1263816 (Hong Kong)", "Passport 1084010 (Egypt)".
_ISSUED_IN = re.compile(r".*\d\S*\s+\(([^()]+)\)")
_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2}) ([A-Za-z]{3})[a-z]*\.? (\d{4})")
_MONTH_YEAR = re.compile(r"([A-Za-z]{3})[a-z]*\.? (\d{4})")
_YEAR = re.compile(r"\d{4}")


@dataclass(frozen=True, slots=True)
class OfacFiles:
    """The files of one OFAC legacy CSV set; only ``primary`` is required."""

    primary: Path
    alt: Path | None = None
    add: Path | None = None
    comments: Path | None = None

    def paths(self) -> list[Path]:
        return [p for p in (self.primary, self.alt, self.add, self.comments) if p is not None]


def locate_files(path: Path) -> OfacFiles:
    """The set a path stands for: a folder means its sdn.csv (or cons_prim.csv)
    with whichever companion files exist; a file means that file alone."""
    path = Path(path)
    if not path.is_dir():
        check_file(path)
        return OfacFiles(primary=path)
    present = {p.name.lower(): p for p in path.iterdir() if p.is_file()}
    sets = [names for names in (SDN_SET, CONS_SET) if names[0] in present]
    if not sets:
        raise ImportFormatError(f"{path}: no sdn.csv or cons_prim.csv in this folder")
    if len(sets) > 1:
        raise ImportFormatError(
            f"{path}: holds both sdn.csv and cons_prim.csv; import them as separate lists "
            "by passing the file or a folder with one set"
        )
    primary, alt, add, comments = sets[0]
    return OfacFiles(
        primary=present[primary],
        alt=present.get(alt),
        add=present.get(add),
        comments=present.get(comments),
    )


def source_files(path: Path) -> list[Path]:
    return locate_files(path).paths()


def total(path: Path) -> int | None:
    """Rows in the primary file (one record per line in OFAC's files)."""
    return count_lines(locate_files(path).primary)


def read_ofac_csv(
    path: Path, progress: Progress | None = None, *, encoding: str = "utf-8"
) -> Iterator[EntityRecord]:
    """Stream the entities of an OFAC legacy CSV set (see ``locate_files``).

    ``encoding`` is UTF-8 by default (the published files are plain ASCII);
    pass "cp1252" for an older Windows-encoded download. Bytes that do not
    decode raise ImportFormatError with the line, as does any row with the
    wrong column count.
    """
    files = locate_files(Path(path))
    comments = _read_comments(files.comments, encoding) if files.comments else {}
    aliases = _read_alt(files.alt, encoding) if files.alt else {}
    addresses = _read_add(files.add, encoding) if files.add else {}
    label = files.primary.name
    counter = ProgressCounter(progress)
    first_line: dict[str, int] = {}
    truncated = 0
    for lineno, row in iter_csv(files.primary, encoding=encoding):
        if len(row) != PRIMARY_COLUMNS:
            raise ImportFormatError(
                f"{label} line {lineno}: expected {PRIMARY_COLUMNS} columns, got {len(row)}"
            )
        ent_num = _ent_num(row[0], label, lineno)
        if ent_num in first_line:
            raise ImportFormatError(
                f"{label} line {lineno}: duplicate ent_num {ent_num} "
                f"(first on line {first_line[ent_num]})"
            )
        first_line[ent_num] = lineno
        record = _build(
            row,
            ent_num,
            label=label,
            lineno=lineno,
            comment=comments.get(ent_num),
            alt_rows=aliases.get(ent_num, ()),
            add_rows=addresses.get(ent_num, ()),
        )
        truncated += bool(record.properties.get("remarks_truncated"))
        yield record
        counter.step()
    counter.flush()
    if not first_line:
        raise ImportFormatError(f"{label}: no records")
    if truncated:
        log.warning(
            "%s: %d remarks are cut at %d characters and no comments file continues them",
            label,
            truncated,
            REMARKS_LIMIT,
        )
    for name, table in (("alt", aliases), ("add", addresses), ("comments", comments)):
        orphans = [k for k in table if k not in first_line]
        if orphans:
            log.warning(
                "%s: %d %s rows refer to ent_nums not in %s (e.g. %s)",
                files.primary.parent,
                len(orphans),
                name,
                label,
                orphans[0],
            )


def _ent_num(value: str, label: str, lineno: int) -> str:
    text = value.strip()
    if not text.isdigit():
        raise ImportFormatError(f"{label} line {lineno}: ent_num {value!r} is not a number")
    return text


def _read_rows(path: Path, columns: int, encoding: str) -> Iterator[tuple[str, list[str]]]:
    for lineno, row in iter_csv(path, encoding=encoding):
        if len(row) != columns:
            raise ImportFormatError(
                f"{path.name} line {lineno}: expected {columns} columns, got {len(row)}"
            )
        yield _ent_num(row[0], path.name, lineno), row


def _read_comments(path: Path, encoding: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for ent_num, row in _read_rows(path, COMMENT_COLUMNS, encoding):
        # Continuations are raw text cut mid-word: keep their spacing as is.
        text = row[1] if row[1].strip() != "-0-" else ""
        out[ent_num] = out.get(ent_num, "") + text
    return out


def _read_alt(path: Path, encoding: str) -> dict[str, list[tuple[str, str, str | None]]]:
    out: dict[str, list[tuple[str, str, str | None]]] = {}
    for ent_num, row in _read_rows(path, ALT_COLUMNS, encoding):
        alt_type = (clean(row[2]) or "aka").lower()
        name = clean(row[3])
        if name:
            out.setdefault(ent_num, []).append((alt_type, name, clean(row[4])))
    return out


def _read_add(path: Path, encoding: str) -> dict[str, list[tuple[str | None, ...]]]:
    out: dict[str, list[tuple[str | None, ...]]] = {}
    for ent_num, row in _read_rows(path, ADD_COLUMNS, encoding):
        # address, city/state/postal, country, remarks
        fields = tuple(clean(v) for v in row[2:6])
        if any(fields):
            out.setdefault(ent_num, []).append(fields)
    return out


def parse_date(text: str) -> str:
    """OFAC dates to ISO 8601 / EDTF: "01 Jan 1960" -> "1960-01-01", "Jan 1960" ->
    "1960-01", "circa 1958" -> "1958~", "1967 to 1969" -> "1967/1969".
    Anything else is returned as published."""
    raw = " ".join(text.split()).rstrip(".")
    value = raw
    approx = False
    lowered = value.lower()
    for prefix in ("circa ", "approximately ", "approx. ", "about "):
        if lowered.startswith(prefix):
            value, approx = value[len(prefix) :], True
            break
    if " to " in value:
        start, _, end = value.partition(" to ")
        a, b = _iso_date(start), _iso_date(end)
        if a and b:
            return f"{a}/{b}"
        return raw
    iso = _iso_date(value)
    if iso is None:
        return raw
    return f"{iso}~" if approx else iso


def _iso_date(text: str) -> str | None:
    text = text.strip()
    if m := _DAY_MONTH_YEAR.fullmatch(text):
        month = _MONTHS.get(m.group(2).lower())
        if month:
            return f"{m.group(3)}-{month:02d}-{int(m.group(1)):02d}"
    elif m := _MONTH_YEAR.fullmatch(text):
        month = _MONTHS.get(m.group(1).lower())
        if month:
            return f"{m.group(2)}-{month:02d}"
    elif _YEAR.fullmatch(text):
        return text
    return None


def _remark_items(remarks: str) -> list[str]:
    items = [item.strip() for item in _ITEM_SPLIT.split(remarks)]
    if items:
        items[-1] = items[-1].rstrip(".")
    return [item for item in items if item]


def _add(props: dict[str, Any], key: str, value: str | None) -> None:
    if value:
        values = props.setdefault(key, [])
        if value not in values:
            values.append(value)


def _build(
    row: list[str],
    ent_num: str,
    *,
    label: str,
    lineno: int,
    comment: str | None,
    alt_rows: Sequence[tuple[str, str, str | None]],
    add_rows: Sequence[tuple[str | None, ...]],
) -> EntityRecord:
    (
        _,
        name,
        sdn_type,
        programs,
        title,
        call_sign,
        vessel_type,
        tonnage,
        grt,
        flag,
        owner,
        remarks,
    ) = (clean(v) for v in row)
    if not name:
        raise ImportFormatError(f"{label} line {lineno}: ent_num {ent_num} has no name")
    if comment:
        remarks = (row[11].lstrip() if remarks else "") + comment
        remarks = " ".join(remarks.split())
    truncated = bool(
        remarks and not comment and len(row[11]) >= REMARKS_LIMIT and not remarks.endswith(".")
    )
    kind = (sdn_type or "entity").lower()
    schema = SCHEMAS.get(kind, "organization")
    is_person = schema == "person"

    names = NameCollector()
    names.add(name, "primary", parts=person_parts(name) if is_person else None)
    for alt_type, alt_name, alt_remarks in alt_rows:
        alt_kind = ALT_KINDS.get(alt_type, "alias")
        if alt_remarks and "weak" in alt_remarks.lower():
            alt_kind = "weak_alias"
        names.add(alt_name, alt_kind, parts=person_parts(alt_name) if is_person else None)

    props: dict[str, Any] = {"type": kind}
    if truncated:
        # Cut at OFAC's field limit and the comments file is missing: the last
        # remark items (often an alias) are lost or incomplete.
        props["remarks_truncated"] = True
    countries: list[str | None] = []
    if title:
        props["titles"] = [title]
    for key, value in (
        ("call_sign", call_sign),
        ("vessel_type", vessel_type),
        ("tonnage", tonnage),
        ("gross_registered_tonnage", grt),
        ("vessel_flag", flag),
        ("vessel_owner", owner),
    ):
        if value:
            props[key] = value
    countries.append(flag)

    if remarks:
        for alias in _REMARK_ALIAS.findall(remarks):
            names.add(alias, "weak_alias", parts=person_parts(alias) if is_person else None)
        _parse_remarks(remarks, props, countries)
        if m := _IMO.search(remarks):
            props["imo"] = m.group(1)

    address_list: list[str] = []
    for address, city, country, add_remarks in add_rows:
        text = join_nonempty((address, city, country))
        if add_remarks:
            text = f"{text} ({add_remarks})" if text else add_remarks
        if text and text not in address_list:
            address_list.append(text)
        countries.append(country)

    return EntityRecord(
        source_id=ent_num,
        schema=schema,
        names=names.names,
        countries=normalize_countries(countries),
        programs=_programs(programs),
        addresses=address_list,
        notes=remarks,
        properties=props,
    )


def _programs(value: str | None) -> list[str]:
    # Published as "SDGT] [IRGC": the outer brackets of "[SDGT] [IRGC]" are stripped.
    out: list[str] = []
    for item in re.split(r"[\[\];]+", value or ""):
        text = item.strip()
        if text and text not in out:
            out.append(text)
    return out


def _parse_remarks(remarks: str, props: dict[str, Any], countries: list[str | None]) -> None:
    for item in _remark_items(remarks):
        body = item[5:] if item.startswith("alt. ") else item
        if body.startswith("DOB "):
            _add(props, "birth_dates", parse_date(body[4:]))
        elif body.startswith("POB "):
            _add(props, "birth_places", clean(body[4:]))
        elif body.startswith(("nationality ", "citizen ")):
            countries.append(body.split(" ", 1)[1])
        elif body.startswith("Nationality of Registration "):
            countries.append(body[len("Nationality of Registration ") :])
        elif body.startswith("Gender "):
            props["gender"] = body[7:].strip().lower()
        elif body.startswith("Linked To: "):
            # Linked entities are named, not numbered; a RelationRecord needs the
            # target's ent_num, which only a second pass over the file could find.
            _add(props, "linked_to", clean(body[11:]))
        elif body.endswith(")") and (m := _ISSUED_IN.fullmatch(body)) and country_code(m.group(1)):
            # Where a company is registered or taxed, or who issued a person's papers:
            # the country a screener weighs a query's country against.
            countries.append(m.group(1))
