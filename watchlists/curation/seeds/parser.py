"""Read and validate the curated seed list (``seeds/*.yaml``).

The seed file is edited by hand in pull requests, so the loader is strict: any
unknown field, schema, category, name kind, script or relation target stops the
load with a :class:`SeedFormatError` that names the entry and the field. The
format is described in ``seeds/README.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from watchlists.curation.seeds.format import (
    CATEGORIES,
    COUNTRY_RE,
    DOCUMENT_FIELDS,
    ENTITY_OPTIONAL,
    ENTITY_REQUIRED,
    ID_RE,
    LANG_RE,
    NAME_FIELDS,
    RELATION_FIELDS,
    RELATION_TYPES,
    SCRIPTS,
    SEED_PATH,
    SOURCE_FIELDS,
    STATUSES,
    TOP_OPTIONAL,
    TOP_REQUIRED,
)
from watchlists.records import (
    NAME_KINDS,
    SCHEMAS,
    EntityRecord,
    ImportFormatError,
    NameRecord,
    RelationRecord,
    SourceRecord,
)
from watchlists.scripts import script_problem


class SeedFormatError(ImportFormatError):
    """The seed file breaks the format; the message names the entry id and field."""


# Builds the error for one field of the entry being parsed.
_Fail = Callable[[str, str], SeedFormatError]


@dataclass(slots=True)
class SeedDocument:
    """A document that entries cite, declared once at the top of the file."""

    file: str
    publisher: str | None = None
    title: str | None = None
    date: str | None = None
    url: str | None = None
    note: str | None = None


@dataclass(slots=True)
class SeedMetadata:
    name: str
    title: str
    description: str
    publisher: str
    version: str
    date: str


@dataclass(slots=True)
class SeedList:
    """A validated seed file: list metadata, cited documents and entity records."""

    metadata: SeedMetadata
    entities: list[EntityRecord]
    documents: dict[str, SeedDocument] = field(default_factory=dict)

    def by_id(self) -> dict[str, EntityRecord]:
        return {e.source_id: e for e in self.entities}


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate mapping keys instead of keeping the last."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    mapping: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node)
        if key in mapping:
            raise SeedFormatError(f"line {key_node.start_mark.line + 1}: duplicate key {key!r}")
        mapping[key] = loader.construct_object(value_node, deep=True)
    return mapping


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_seed_file(path: Path | str = SEED_PATH) -> SeedList:
    """Parse and validate a seed YAML file; raise SeedFormatError on any problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SeedFormatError(f"{path}: cannot read seed file: {exc}") from exc
    except UnicodeDecodeError as exc:
        raw = path.read_bytes()
        line = raw.count(b"\n", 0, exc.start) + 1
        raise SeedFormatError(
            f"{path.name} line {line}: not valid UTF-8 (byte 0x{raw[exc.start]:02x}); "
            "save the file as UTF-8"
        ) from None
    try:
        data = yaml.load(text, Loader=_StrictLoader)
    except SeedFormatError as exc:
        raise SeedFormatError(f"{path.name}: {exc}") from None
    except yaml.YAMLError as exc:
        raise SeedFormatError(f"{path.name}: not valid YAML: {exc}") from exc
    return parse_seed_data(data, source=path.name)


def parse_seed_data(data: Any, source: str = "<seed>") -> SeedList:
    """Validate already-parsed seed data (a mapping) and build the records."""
    if not isinstance(data, Mapping):
        raise SeedFormatError(f"{source}: the top level must be a mapping")
    _check_keys(data, TOP_REQUIRED, TOP_OPTIONAL, f"{source}: list metadata")
    meta_values: dict[str, str] = {}
    for key in TOP_REQUIRED[:-1]:
        value = data[key]
        if not isinstance(value, str) or not value.strip():
            raise SeedFormatError(
                f"{source}: list field {key!r} must be a non-empty string (quote versions "
                f"and dates)"
            )
        meta_values[key] = value.strip()
    metadata = SeedMetadata(**meta_values)
    documents = _parse_documents(data.get("documents") or [], source)
    raw_entities = data["entities"]
    if not isinstance(raw_entities, list) or not raw_entities:
        raise SeedFormatError(f"{source}: 'entities' must be a non-empty list")

    entities: list[EntityRecord] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_entities):
        record = _parse_entity(raw, index, documents, source)
        if record.source_id in seen:
            raise SeedFormatError(f"{source}: entity {record.source_id!r}: duplicate id")
        seen.add(record.source_id)
        entities.append(record)
    for record in entities:
        for i, relation in enumerate(record.relations):
            if relation.target not in seen:
                raise SeedFormatError(
                    f"{source}: entity {record.source_id!r}: field 'relations[{i}].target': "
                    f"unknown id {relation.target!r}"
                )
    return SeedList(metadata=metadata, entities=entities, documents=documents)


def _parse_documents(raw: Any, source: str) -> dict[str, SeedDocument]:
    if not isinstance(raw, list):
        raise SeedFormatError(f"{source}: 'documents' must be a list")
    documents: dict[str, SeedDocument] = {}
    for i, item in enumerate(raw):
        where = f"{source}: documents[{i}]"
        if not isinstance(item, Mapping):
            raise SeedFormatError(f"{where}: must be a mapping")
        _check_keys(item, ("file",), DOCUMENT_FIELDS[1:], where)
        values = {k: _optional_str(item.get(k), f"{where}.{k}") for k in DOCUMENT_FIELDS}
        doc = SeedDocument(**values)  # type: ignore[arg-type]
        if not doc.file:
            raise SeedFormatError(f"{where}: 'file' must be a non-empty string")
        if doc.file in documents:
            raise SeedFormatError(f"{where}: duplicate document {doc.file!r}")
        documents[doc.file] = doc
    return documents


def _parse_entity(
    raw: Any, index: int, documents: dict[str, SeedDocument], source: str
) -> EntityRecord:
    if not isinstance(raw, Mapping):
        raise SeedFormatError(f"{source}: entities[{index}] must be a mapping")
    entity_id = raw.get("id")
    if not isinstance(entity_id, str) or not ID_RE.match(entity_id):
        raise SeedFormatError(
            f"{source}: entities[{index}]: field 'id': {entity_id!r} must be a lowercase "
            f"slug such as 'dprk-labour-air-koryo'"
        )

    def fail(field_name: str, problem: str) -> SeedFormatError:
        return SeedFormatError(f"{source}: entity {entity_id!r}: field {field_name!r}: {problem}")

    missing = [k for k in ENTITY_REQUIRED if k not in raw]
    if missing:
        raise fail(missing[0], "is required")
    unknown = sorted(set(raw) - set(ENTITY_REQUIRED) - set(ENTITY_OPTIONAL), key=str)
    if unknown:
        raise fail(str(unknown[0]), "unknown field")

    schema = raw["schema"]
    if schema not in SCHEMAS:
        raise fail("schema", f"unknown schema {schema!r}; use one of {', '.join(SCHEMAS)}")
    category = raw["category"]
    if category not in CATEGORIES:
        raise fail("category", f"unknown category {category!r}; use one of {', '.join(CATEGORIES)}")
    status = raw["status"]
    if status not in STATUSES:
        raise fail("status", f"{status!r} must be one of {', '.join(STATUSES)}")
    countries = raw["countries"]
    if not isinstance(countries, list):
        raise fail("countries", "must be a list of ISO 3166 alpha-2 codes")
    # Extractor output may not know the country yet; a reviewed entry must.
    if not countries and status == "reviewed":
        raise fail("countries", "a reviewed entry needs at least one country")
    for code in countries:
        # YAML 1.1 reads an unquoted `no` (Norway) as false; say so.
        if not isinstance(code, str) or not COUNTRY_RE.match(code):
            raise fail("countries", f"{code!r} is not a lowercase alpha-2 code (quote 'no')")

    unnamed = raw.get("unnamed", False)
    if not isinstance(unnamed, bool):
        raise fail("unnamed", "must be true or false")
    raw_names = raw.get("names") or []
    label = raw.get("label")
    raw_properties = raw.get("properties") or {}
    if not isinstance(raw_properties, Mapping):
        raise fail("properties", "must be a mapping")
    reserved = sorted(set(raw_properties) & {"status", "unnamed", "label"}, key=str)
    if reserved:
        raise fail(f"properties.{reserved[0]}", "is set by the loader; use the entry field")
    properties: dict[str, Any] = dict(raw_properties)
    if unnamed:
        # A description is not a name: it must never become a screenable name.
        if raw_names:
            raise fail("names", "an unnamed entity has no names; put the description in 'label'")
        if not isinstance(label, str) or not label.strip():
            raise fail("label", "an unnamed entity needs a descriptive label")
        properties["label"] = label.strip()
    else:
        if label is not None:
            raise fail("label", "only unnamed entities (unnamed: true) carry a label")
        if not raw_names:
            raise fail("names", "a named entity needs at least a primary name")
    names = [_parse_name(n, i, fail) for i, n in enumerate(raw_names)]
    if names:
        if names[0].kind != "primary":
            raise fail("names[0].kind", "the first name must be the primary name")
        if sum(n.kind == "primary" for n in names) != 1:
            raise fail("names", "exactly one name must have kind 'primary'")
        seen_values: set[str] = set()
        for i, name in enumerate(names):
            if name.value in seen_values:
                raise fail(f"names[{i}].value", f"duplicate name {name.value!r}")
            seen_values.add(name.value)
    properties["status"] = status
    properties["unnamed"] = unnamed

    relations = _parse_relations(raw.get("relations") or [], entity_id, fail)
    sources = _parse_sources(raw["sources"], documents, fail)
    return EntityRecord(
        source_id=entity_id,
        schema=schema,
        names=names,
        category=category,
        countries=list(countries),
        programs=_str_list(raw.get("programs"), "programs", fail),
        addresses=_str_list(raw.get("addresses"), "addresses", fail),
        notes=_optional_str(raw.get("notes"), "notes", fail),
        sources=sources,
        relations=relations,
        properties=properties,
    )


def _parse_name(raw: Any, i: int, fail: _Fail) -> NameRecord:
    where = f"names[{i}]"
    if not isinstance(raw, Mapping):
        raise fail(where, "must be a mapping with value, kind, lang and script")
    unknown = sorted(set(raw) - set(NAME_FIELDS), key=str)
    if unknown:
        raise fail(f"{where}.{unknown[0]}", "unknown field")
    value = raw.get("value")
    if not isinstance(value, str) or not value.strip() or value != value.strip():
        raise fail(f"{where}.value", "must be a non-empty string without outer spaces")
    kind = raw.get("kind", "alias")
    if kind not in NAME_KINDS:
        hint = " (unnamed entities use 'label', not a name)" if kind == "description" else ""
        raise fail(f"{where}.kind", f"unknown kind {kind!r}; use one of {NAME_KINDS}{hint}")
    lang = raw.get("lang")
    if lang is not None and (not isinstance(lang, str) or not LANG_RE.match(lang)):
        raise fail(f"{where}.lang", f"{lang!r} must be an ISO 639-1 code such as 'ru'")
    script = raw.get("script")
    if script not in SCRIPTS:
        raise fail(f"{where}.script", f"{script!r} must be one of {', '.join(SCRIPTS)}")
    problem = script_problem(value, script)
    if problem:
        raise fail(f"{where}.value", f"{value!r} {problem}")
    parts = raw.get("parts")
    if parts is not None and (
        not isinstance(parts, Mapping)
        or not all(isinstance(k, str) and isinstance(v, str) for k, v in parts.items())
    ):
        raise fail(f"{where}.parts", "must map part names to strings")
    return NameRecord(
        value=value,
        kind=kind,
        lang=lang,
        script=script,
        parts=dict(parts) if parts else None,
    )


def _parse_relations(raw: Any, entity_id: str, fail: _Fail) -> list[RelationRecord]:
    if not isinstance(raw, list):
        raise fail("relations", "must be a list")
    relations = []
    for i, item in enumerate(raw):
        where = f"relations[{i}]"
        if not isinstance(item, Mapping):
            raise fail(where, "must be a mapping with type and target")
        unknown = sorted(set(item) - set(RELATION_FIELDS), key=str)
        if unknown:
            raise fail(f"{where}.{unknown[0]}", "unknown field")
        rel_type = item.get("type")
        if rel_type not in RELATION_TYPES:
            raise fail(
                f"{where}.type",
                f"unknown type {rel_type!r}; use one of {', '.join(RELATION_TYPES)}",
            )
        target = item.get("target")
        if not isinstance(target, str) or not target:
            raise fail(f"{where}.target", "must be the id of another entry")
        if target == entity_id:
            raise fail(f"{where}.target", "an entry cannot relate to itself")
        note = _optional_str(item.get("note"), f"{where}.note", fail)
        relations.append(RelationRecord(type=rel_type, target=target, note=note))
    return relations


def _parse_sources(raw: Any, documents: dict[str, SeedDocument], fail: _Fail) -> list[SourceRecord]:
    if not isinstance(raw, list) or not raw:
        raise fail("sources", "at least one source is required")
    sources = []
    for i, item in enumerate(raw):
        where = f"sources[{i}]"
        if not isinstance(item, Mapping):
            raise fail(where, "must be a mapping with document and claim")
        unknown = sorted(set(item) - set(SOURCE_FIELDS), key=str)
        if unknown:
            raise fail(f"{where}.{unknown[0]}", "unknown field")
        document = item.get("document")
        if not isinstance(document, str) or not document:
            raise fail(f"{where}.document", "must name the cited document")
        if documents and document not in documents:
            raise fail(f"{where}.document", f"{document!r} is not declared under 'documents'")
        claim = item.get("claim")
        if not isinstance(claim, str) or not claim.strip():
            raise fail(f"{where}.claim", "must state the supported claim in our own words")
        declared = documents.get(document) or SeedDocument(file=document)
        # `evidence` (a quote kept for reviewers of extractor output) is not published.
        sources.append(
            SourceRecord(
                document=document,
                claim=" ".join(claim.split()),
                publisher=_optional_str(item.get("publisher"), f"{where}.publisher", fail)
                or declared.publisher,
                title=_optional_str(item.get("title"), f"{where}.title", fail) or declared.title,
                date=_optional_str(item.get("date"), f"{where}.date", fail) or declared.date,
                url=_optional_str(item.get("url"), f"{where}.url", fail) or declared.url,
            )
        )
    return sources


def _optional_str(value: Any, where: str, fail: _Fail | None = None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        message = "must be a string (quote dates and numbers)"
        if fail is not None:
            raise fail(where, message)
        raise SeedFormatError(f"{where}: {message}")
    return " ".join(value.split()) or None


def _str_list(value: Any, where: str, fail: _Fail) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise fail(where, "must be a list of non-empty strings")
    return [v.strip() for v in value]


def _check_keys(
    data: Mapping[str, Any], required: tuple[str, ...], optional: tuple[str, ...], where: str
) -> None:
    missing = [k for k in required if k not in data]
    if missing:
        raise SeedFormatError(f"{where}: field {missing[0]!r} is required")
    unknown = sorted(set(data) - set(required) - set(optional), key=str)
    if unknown:
        raise SeedFormatError(f"{where}: unknown field {unknown[0]!r}")
