"""FollowTheMoney entities as OpenSanctions publishes them, and their delta files.

A full export (``entities.ftm.json``) holds one JSON entity per line: ``id``,
``schema`` (Person, Organization, Company, Vessel, Address, Sanction, ...),
``properties`` (every value a list of strings), ``caption``, ``target``. Only
targets of the schemas we screen against become records; addresses, sanctions,
ownerships and the like are context, not listings.

A delta file (``entities.delta.json``) holds one operation per line:
``{"op": "ADD" | "MOD" | "DEL", "entity": {...}}``. A ``delta.json`` index maps
dataset versions (``20240527194702-wnk``: they sort by time) to the URLs of
their delta files; ``watchlists.loading`` applies each newer delta to the
active version as a new list version. Locally, a delta file sits at
``<folder of delta.json>/<version>/entities.delta.json``.

Properties: identifiers (registration, INN, OGRN, tax, IMO, passport and
other numbers) go to ``identifiers`` as ``[{"type", "value"}]``, birth dates to
``birth_dates``; nothing here touches the database.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from watchlists.countries import normalize_countries
from watchlists.importers._common import (
    NameCollector,
    Progress,
    ProgressCounter,
    add_identifier,
    check_file,
    count_lines,
)
from watchlists.records import EntityRecord, ImportFormatError

ENTITIES_FILE = "entities.ftm.json"
DELTA_FILE = "entities.delta.json"
DELTA_INDEX = "delta.json"
SCHEMAS = {
    "Person": "person",
    "Organization": "organization",
    "Company": "company",
    "LegalEntity": "organization",
    "PublicBody": "public_body",
    "Vessel": "vessel",
    "Airplane": "aircraft",
}
OPERATIONS = ("ADD", "MOD", "DEL")
NAME_PROPERTIES = (
    ("name", "alias"),
    ("alias", "alias"),
    ("abbreviation", "abbreviation"),
    ("previousName", "former_name"),
    ("weakAlias", "weak_alias"),
)
IDENTIFIER_PROPERTIES = {
    "registrationNumber": "registration_number",
    "innCode": "inn",
    "ogrnCode": "ogrn",
    "kppCode": "kpp",
    "okpoCode": "okpo",
    "taxNumber": "tax_number",
    "vatCode": "vat",
    "leiCode": "lei",
    "swiftBic": "swift_bic",
    "dunsCode": "duns",
    "uniqueEntityId": "uei",
    "permId": "perm_id",
    "imoNumber": "imo",
    "mmsi": "mmsi",
    "callSign": "call_sign",
    "idNumber": "national_id",
    "passportNumber": "passport",
    "socialSecurityNumber": "social_security_number",
}
COUNTRY_PROPERTIES = ("country", "nationality", "citizenship", "jurisdiction", "flag")
# Properties kept as published (lists of strings), under our own names.
PLAIN_PROPERTIES = {
    "position": "positions",
    "title": "titles",
    "birthPlace": "birth_places",
    "gender": "gender",
    "topics": "topics",
    "sourceUrl": "source_urls",
    "legalForm": "legal_forms",
    "incorporationDate": "incorporation_dates",
    "createdAt": "listed_on",
}


@dataclass(frozen=True, slots=True)
class DeltaOperation:
    """One line of a delta file: ``record`` is None for DEL, and for entities we skip."""

    op: str
    source_id: str
    record: EntityRecord | None


def _entities_file(path: Path) -> Path:
    path = Path(path)
    if path.is_dir():
        path = path / ENTITIES_FILE
    check_file(path)
    return path


def source_files(path: Path) -> list[Path]:
    return [_entities_file(path)]


def total(path: Path) -> int | None:
    return count_lines(_entities_file(path))


def _lines(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, JSON object) for every non-empty line; strict about the rest."""
    label = path.name
    with path.open("rb") as handle:
        for lineno, raw in enumerate(handle, 1):
            if not raw.strip():
                continue
            try:
                value = json.loads(raw)
            except UnicodeDecodeError as exc:
                raise ImportFormatError(
                    f"{label} line {lineno}: not valid UTF-8 (byte 0x{raw[exc.start]:02x} at "
                    f"column {exc.start + 1}); the file is damaged or uses another encoding"
                ) from None
            except ValueError as exc:
                where = "truncated or damaged" if not raw.endswith(b"\n") else "not JSON"
                raise ImportFormatError(
                    f"{label} line {lineno}: {where}: {str(exc)[:120]}"
                ) from None
            if not isinstance(value, dict):
                raise ImportFormatError(f"{label} line {lineno}: not a JSON object")
            yield lineno, value


def read_ftm(path: Path, progress: Progress | None = None) -> Iterator[EntityRecord]:
    """The targets of a full FtM export (a file, or a folder with entities.ftm.json)."""
    path = _entities_file(path)
    counter = ProgressCounter(progress)
    lines = 0
    for lineno, entity in _lines(path):
        lines += 1
        if "op" in entity and "entity" in entity:
            raise ImportFormatError(
                f"{path.name} line {lineno}: a delta operation in a full export; "
                "import delta files through their delta.json index"
            )
        record = entity_record(entity, path.name, lineno)
        if record is not None:
            yield record
            counter.step()
    counter.flush()
    if not lines:
        raise ImportFormatError(f"{path.name}: no entities")


def read_delta(path: Path) -> Iterator[DeltaOperation]:
    """The operations of one delta file, in order."""
    path = Path(path)
    check_file(path)
    for lineno, line in _lines(path):
        op = line.get("op")
        entity = line.get("entity")
        if op not in OPERATIONS or not isinstance(entity, dict):
            raise ImportFormatError(
                f'{path.name} line {lineno}: expected {{"op": ADD|MOD|DEL, "entity": {{...}}}}'
            )
        source_id = entity.get("id")
        if not isinstance(source_id, str) or not source_id:
            raise ImportFormatError(f"{path.name} line {lineno}: {op} of an entity without id")
        record = None if op == "DEL" else entity_record(entity, path.name, lineno)
        yield DeltaOperation(op, source_id, record)


def is_delta_source(path: Path) -> bool:
    """Whether ``path`` is a delta index (delta.json, or a folder with one and no full export)."""
    path = Path(path)
    if path.is_dir():
        return (path / DELTA_INDEX).is_file() and not (path / ENTITIES_FILE).is_file()
    return path.name == DELTA_INDEX or _looks_like_index(path)


def _looks_like_index(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(4096).lstrip()
    except OSError:
        return False
    return head.startswith(b"{") and b'"versions"' in head


def delta_versions(index: Path) -> list[tuple[str, str]]:
    """(version, URL) of every delta in a delta.json index, oldest first."""
    index = Path(index)
    if index.is_dir():
        index = index / DELTA_INDEX
    check_file(index)
    try:
        data = json.loads(index.read_bytes())
    except (ValueError, UnicodeDecodeError) as exc:
        raise ImportFormatError(f"{index.name}: not a delta index: {str(exc)[:120]}") from None
    versions = data.get("versions") if isinstance(data, dict) else None
    if not isinstance(versions, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in versions.items()
    ):
        raise ImportFormatError(f'{index.name}: expected {{"versions": {{version: url}}}}')
    return sorted(versions.items())


def local_delta_file(index: Path, version: str) -> Path:
    """Where a version's delta file sits beside a local delta.json."""
    index = Path(index)
    folder = index if index.is_dir() else index.parent
    return folder / version / DELTA_FILE


def dataset_version(path: Path) -> str | None:
    """The version of a full export: the newest version in the delta.json beside it."""
    path = Path(path)
    folder = path if path.is_dir() else path.parent
    index = folder / DELTA_INDEX
    if not index.is_file():
        return None
    versions = delta_versions(index)
    return versions[-1][0] if versions else None


def _values(properties: dict[str, Any], name: str) -> list[str]:
    raw = properties.get(name) or []
    if isinstance(raw, str):
        raw = [raw]
    return [v.strip() for v in raw if isinstance(v, str) and v.strip()]


def _parts(properties: dict[str, Any], name: str | None) -> dict[str, str] | None:
    """First and last name, when the primary name is written with them."""
    if not name:
        return None
    folded = name.casefold()
    first = [v for v in _values(properties, "firstName") if v.casefold() in folded]
    last = [v for v in _values(properties, "lastName") if v.casefold() in folded]
    return {"first": first[0], "last": last[0]} if first and last else None


def entity_record(entity: dict[str, Any], label: str, lineno: int) -> EntityRecord | None:
    """The record of a listed thing, or None for context entities (addresses, sanctions...)."""
    source_id = entity.get("id")
    schema = entity.get("schema")
    if not isinstance(source_id, str) or not source_id or not isinstance(schema, str):
        raise ImportFormatError(f"{label} line {lineno}: entity without id or schema")
    ours = SCHEMAS.get(schema)
    if ours is None or entity.get("target") is False:
        return None
    properties = entity.get("properties") or {}
    if not isinstance(properties, dict):
        raise ImportFormatError(f"{label} line {lineno}: properties of {source_id} not an object")
    names = NameCollector()
    caption = entity.get("caption")
    names_list = _values(properties, "name")
    primary = caption if isinstance(caption, str) and caption.strip() else None
    primary = primary or (names_list[0] if names_list else None)
    names.add(primary, "primary", parts=_parts(properties, primary) if ours == "person" else None)
    for prop, kind in NAME_PROPERTIES:
        for value in _values(properties, prop):
            names.add(value, kind)
    if not names.names:
        return None  # nothing to screen against
    props: dict[str, Any] = {"type": schema}
    for prop, ours_name in PLAIN_PROPERTIES.items():
        values = _values(properties, prop)
        if values:
            props[ours_name] = values[0] if ours_name in ("gender", "listed_on") else values
    birth_dates = _values(properties, "birthDate")
    if birth_dates:
        props["birth_dates"] = birth_dates
    identifiers: list[dict[str, str]] = []
    for prop, kind in IDENTIFIER_PROPERTIES.items():
        for value in _values(properties, prop):
            add_identifier(identifiers, kind, value)
    if identifiers:
        props["identifiers"] = identifiers
    datasets = entity.get("datasets")
    if isinstance(datasets, list) and datasets:
        props["datasets"] = [d for d in datasets if isinstance(d, str)]
    countries: list[str | None] = []
    for prop in COUNTRY_PROPERTIES:
        countries.extend(_values(properties, prop))
    programs = _values(properties, "programId") + _values(properties, "program")
    return EntityRecord(
        source_id=source_id,
        schema=ours,
        names=names.names,
        countries=normalize_countries(countries),
        programs=list(dict.fromkeys(programs)),
        addresses=list(dict.fromkeys(_values(properties, "address"))),
        notes=" ".join(_values(properties, "notes")) or None,
        properties=props,
    )
