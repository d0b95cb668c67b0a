"""The curated seed list: it loads, it is sourced, and it keeps its own rules."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from watchlists.curation.seeds import (
    CATEGORIES,
    RELATION_TYPES,
    SEED_PATH,
    SeedFormatError,
    SeedList,
    load_seed_file,
)
from watchlists.records import EntityRecord
from watchlists.scripts import script_problem

# Outlets, agencies and people quoted as sources; none may be a listed entity.
NOT_ENTITIES = (
    "Daily NK",
    "NK News",
    "The Diplomat",
    "The Gaze",
    "Wall Street Journal",
    "CNN",
    "Rodong Sinmun",
    "Asan Institute",
    "Observo",
    "National Intelligence Service",
    "Institute for National Security Strategy",
    "Federal Migration Service",
    "Office of Foreign Assets Control",
    "Eric Lafforgue",
    "Peter Leonard",
    "Zane Han",
)

COPY_RUN = 8  # words; a longer run shared with the article counts as copied


@pytest.fixture(scope="module")
def seed_list() -> SeedList:
    return load_seed_file(SEED_PATH)


@pytest.fixture(scope="module")
def entities(seed_list: SeedList) -> dict[str, EntityRecord]:
    return seed_list.by_id()


@pytest.fixture(scope="module")
def seed_documents(shared_dir: Path) -> dict[str, str]:
    folder = shared_dir / "seeds"
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))}


def test_seed_file_loads_with_list_metadata(seed_list: SeedList) -> None:
    meta = seed_list.metadata
    assert meta.name == "dprk-labour"
    assert meta.publisher == "project maintainers"
    assert meta.title and meta.description and meta.version and meta.date
    assert len(seed_list.entities) >= 30


def test_ids_are_unique_slugs(seed_list: SeedList) -> None:
    ids = [e.source_id for e in seed_list.entities]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"dprk-labour-[a-z0-9-]+", i) for i in ids)


def test_every_entry_cites_an_existing_seed_document(
    seed_list: SeedList, seed_documents: dict[str, str]
) -> None:
    assert set(seed_list.documents) == set(seed_documents)
    for entity in seed_list.entities:
        assert entity.sources, entity.source_id
        for source in entity.sources:
            assert source.document in seed_documents, (entity.source_id, source.document)
            assert source.title, entity.source_id
            assert len(source.claim.split()) >= 5, entity.source_id


def test_relations_resolve_to_other_entries(seed_list: SeedList) -> None:
    ids = {e.source_id for e in seed_list.entities}
    for entity in seed_list.entities:
        for relation in entity.relations:
            assert relation.target in ids
            assert relation.target != entity.source_id
            assert relation.type in RELATION_TYPES


def test_no_outlet_journalist_or_defector_is_listed(seed_list: SeedList) -> None:
    listed = {n.value.casefold() for e in seed_list.entities for n in e.names}
    for outsider in NOT_ENTITIES:
        assert not any(outsider.casefold() in name for name in listed), outsider


def test_native_script_names_use_their_script(seed_list: SeedList) -> None:
    for entity in seed_list.entities:
        for name in entity.names:
            assert script_problem(name.value, name.script or "") is None, name
            if name.script == "Cyrl":
                assert re.search(r"[\u0400-\u04ff]", name.value), name
                assert name.lang in {"ru", "uk"}, name
            if name.script == "Hang":
                assert re.search(r"[\uac00-\ud7a3]", name.value), name
                assert name.lang == "ko", name


def test_korean_names_come_with_a_romanisation(seed_list: SeedList) -> None:
    """A Hangul name is matched through its romanisations as well (MR and Revised)."""
    for entity in seed_list.entities:
        kinds_in_hangul = {n.kind for n in entity.names if n.script == "Hang"}
        if kinds_in_hangul - {"former_name"}:
            romanised = [n for n in entity.names if n.lang == "ko" and n.script == "Latn"]
            assert romanised, entity.source_id


def _words(text: str) -> list[str]:
    return re.findall(r"[\w']+", text.replace("’", "'").casefold())


def _runs(words: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def test_claims_are_in_our_own_words(seed_list: SeedList, seed_documents: dict[str, str]) -> None:
    article_runs = {doc: _runs(_words(text), COPY_RUN) for doc, text in seed_documents.items()}
    copied = []
    for entity in seed_list.entities:
        for source in entity.sources:
            shared = _runs(_words(source.claim), COPY_RUN) & article_runs[source.document]
            copied += [(entity.source_id, " ".join(run)) for run in shared]
    assert not copied


def test_unnamed_entries_have_a_label_and_no_screenable_name(seed_list: SeedList) -> None:
    unnamed = [e for e in seed_list.entities if e.properties["unnamed"]]
    assert len(unnamed) >= 5
    for entity in unnamed:
        assert entity.names == []
        assert entity.primary_name == ""
        assert entity.properties["label"]
    education = seed_list.by_id()["dprk-labour-mmc-affiliated-education-center"]
    assert education.category == "student_visa_intermediary"
    assert [(r.type, r.target) for r in education.relations] == [
        ("affiliated_with", "dprk-labour-intergovernmental-migration-center")
    ]


def test_named_entries_start_with_their_primary_name(seed_list: SeedList) -> None:
    for entity in seed_list.entities:
        if not entity.properties["unnamed"]:
            assert entity.names[0].kind == "primary"
        assert entity.properties["status"] in {"reviewed", "needs_review"}
        assert entity.category in CATEGORIES


@pytest.mark.parametrize(
    ("entity_id", "category", "name"),
    [
        ("dprk-labour-external-construction-guidance-bureau", "state_bureau", None),
        ("dprk-labour-ministry-of-social-security", "state_bureau", "사회안전성"),
        ("dprk-labour-ministry-of-state-security", "state_bureau", "국가보위성"),
        ("dprk-labour-air-koryo", "transport", "고려항공"),
        ("dprk-labour-intergovernmental-migration-center", "recruitment_agency", "MMC"),
        ("dprk-labour-sergei-tkachuk", "executive", "Сергей Ткачук"),
        ("dprk-labour-marat-khusnullin", "official", "Марат Хуснуллин"),
        ("dprk-labour-denis-pushilin", "official", "Денис Пушилин"),
        ("dprk-labour-donetsk-peoples-republic", "region", "ДНР"),
        ("dprk-labour-kursk-oblast", "region", "Курская область"),
        ("dprk-labour-moscow-oblast", "region", "Московская область"),
        ("dprk-labour-korean-peoples-army", "state_bureau", "조선인민군"),
        ("dprk-labour-air-koryo", "transport", "Koryo Hanggong"),  # McCune-Reischauer
    ],
)
def test_key_entries_exist(
    entities: dict[str, EntityRecord], entity_id: str, category: str, name: str | None
) -> None:
    entity = entities[entity_id]
    assert entity.category == category
    assert entity.sources
    if name is not None:
        assert name in {n.value for n in entity.names}


def test_agency_is_run_by_its_director(entities: dict[str, EntityRecord]) -> None:
    mmc = entities["dprk-labour-intergovernmental-migration-center"]
    assert ("run_by", "dprk-labour-sergei-tkachuk") in {(r.type, r.target) for r in mmc.relations}


def test_sources_carry_the_document_publisher_and_headline(
    entities: dict[str, EntityRecord],
) -> None:
    source = entities["dprk-labour-ministry-of-state-security"].sources[0]
    assert source.publisher == "Daily NK"
    assert source.title and source.title.startswith("N. Korea prepares workers")


# ---------------------------------------------------------------- validation

MINIMAL = """\
name: test-list
title: Test
description: A test list.
publisher: project maintainers
version: "1"
date: "2026-01-01"
documents:
  - {file: doc.txt, publisher: Someone, title: A headline}
entities:
  - id: test-agency
    schema: company
    category: recruitment_agency
    countries: [ru]
    status: reviewed
    names:
      - {value: Example Agency, kind: primary, lang: en, script: Latn}
    sources:
      - {document: doc.txt, claim: Places workers with employers.}
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "list.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_minimal_file_loads(tmp_path: Path) -> None:
    seed_list = load_seed_file(_write(tmp_path, MINIMAL))
    (entity,) = seed_list.entities
    assert entity.primary_name == "Example Agency"
    assert entity.sources[0].publisher == "Someone"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("schema: company", "schema: firm", "field 'schema': unknown schema 'firm'"),
        ("category: recruitment_agency", "category: spy", "field 'category'"),
        ("kind: primary", "kind: nickname", "field 'names[0].kind'"),
        ("script: Latn}", "script: Cyrl}", "field 'names[0].value'"),
        ("countries: [ru]", "countries: [RU]", "field 'countries'"),
        ("status: reviewed", "status: done", "field 'status'"),
        ("document: doc.txt,", "document: other.txt,", "field 'sources[0].document'"),
        ("    sources:\n      - {document: doc.txt, claim: Places workers with employers.}\n", "",
         "field 'sources': is required"),
        ("    status: reviewed\n", "    status: reviewed\n    colour: red\n",
         "field 'colour': unknown field"),
    ],
)  # fmt: skip
def test_errors_name_the_entry_and_field(tmp_path: Path, old: str, new: str, message: str) -> None:
    assert old in MINIMAL
    with pytest.raises(SeedFormatError, match=re.escape(message)) as info:
        load_seed_file(_write(tmp_path, MINIMAL.replace(old, new)))
    assert "'test-agency'" in str(info.value)


def test_duplicate_id_is_rejected(tmp_path: Path) -> None:
    entry = MINIMAL.split("entities:\n", 1)[1]
    with pytest.raises(SeedFormatError, match="'test-agency': duplicate id"):
        load_seed_file(_write(tmp_path, MINIMAL + entry))


def test_file_in_another_encoding_is_rejected_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "list.yaml"
    path.write_bytes(MINIMAL.replace("Example Agency", "Agence Générale").encode("latin-1"))
    line = MINIMAL[: MINIMAL.index("Example Agency")].count("\n") + 1
    with pytest.raises(SeedFormatError, match=rf"list\.yaml line {line}: not valid UTF-8"):
        load_seed_file(path)


def test_relation_to_unknown_id_is_rejected(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        "    status: reviewed\n",
        "    status: reviewed\n    relations:\n      - {type: run_by, target: nobody}\n",
    )
    with pytest.raises(SeedFormatError, match=r"'relations\[0\].target': unknown id 'nobody'"):
        load_seed_file(_write(tmp_path, text))


def test_duplicate_yaml_key_is_rejected(tmp_path: Path) -> None:
    text = MINIMAL.replace("    status: reviewed\n", "    status: reviewed\n    status: reviewed\n")
    with pytest.raises(SeedFormatError, match="duplicate key 'status'"):
        load_seed_file(_write(tmp_path, text))


def test_unnamed_entry_keeps_its_label_out_of_names(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        "    names:\n      - {value: Example Agency, kind: primary, lang: en, script: Latn}\n",
        "    unnamed: true\n    label: an agency in Moscow\n",
    )
    (entity,) = load_seed_file(_write(tmp_path, text)).entities
    assert entity.names == []
    assert entity.properties["label"] == "an agency in Moscow"


def test_description_as_a_name_is_rejected(tmp_path: Path) -> None:
    text = MINIMAL.replace("kind: primary", "kind: description")
    with pytest.raises(SeedFormatError, match="use 'label'"):
        load_seed_file(_write(tmp_path, text))


def test_latin_letter_inside_cyrillic_name_is_rejected() -> None:
    assert script_problem("Сергей Ткачук", "Cyrl") is None
    assert script_problem("Сергeй Ткачук", "Cyrl")  # Latin 'e'
    assert script_problem("고려항공", "Hang") is None
    assert script_problem("Koryo", "Hang")


# ------------------------------------------------- short forms and aliases


def _is_capitals_short_form(value: str) -> bool:
    letters = [c for c in value if c.isalpha()]
    return " " not in value and 0 < len(letters) <= 4 and value.isupper()


def test_every_capitals_short_form_is_an_abbreviation(seed_list: SeedList) -> None:
    """The matcher lets an abbreviation match only the whole query ("MMC"), never one
    word of a longer name ("MMC Norilsk Nickel"), so every such short form needs the kind."""
    short_forms = [
        (entity.source_id, name.value, name.kind)
        for entity in seed_list.entities
        for name in entity.names
        if _is_capitals_short_form(name.value)
    ]
    assert {value for _, value, _ in short_forms} >= {"MMC", "DPR", "DNR", "LPR", "LNR", "KPA",
                                                       "WPK", "КНА", "ДНР", "ЛНР"}  # fmt: skip
    assert [s for s in short_forms if s[2] != "abbreviation"] == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("MMC", "dprk-labour-intergovernmental-migration-center"),
        ("MMC Norilsk Nickel", None),  # another company
        ("DPR Korea Trading", None),  # "DPR Korea" is North Korea, not the DPR
        ("DPR Korea", None),
        ("KPA Logistics Ltd", None),
    ],
)
def test_the_seed_lists_abbreviations_match_only_the_whole_query(
    seed_list: SeedList, query: str, expected: str | None
) -> None:
    from screening.matching import CandidateIndex, ListedName

    pairs = [(entity, name) for entity in seed_list.entities for name in entity.names]
    index = CandidateIndex.build(
        [
            ListedName(i, entity.source_id, name.value, entity.schema, name.kind)
            for i, (entity, name) in enumerate(pairs)
        ]
    )
    found = [m.name.entity_id for m in index.search(query)]
    assert found[:1] == ([expected] if expected else [])


def test_short_form_check_catches_a_capitals_alias(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        "kind: primary, lang: en, script: Latn}\n",
        "kind: primary, lang: en, script: Latn}\n      - {value: EA, kind: alias, script: Latn}\n",
    )
    (entity,) = load_seed_file(_write(tmp_path, text)).entities
    assert [n.value for n in entity.names if _is_capitals_short_form(n.value)] == ["EA"]
    assert entity.names[1].kind != "abbreviation"  # what the test above would reject


@pytest.mark.parametrize(
    ("entity_id", "name"),
    [
        ("dprk-labour-kim-jong-un", "Gim Jeong-eun"),  # Revised Romanization
        ("dprk-labour-kim-jong-il", "Gim Jeong-il"),
        ("dprk-labour-ministry-of-labour", "로동성"),  # North Korean spelling
        ("dprk-labour-ministry-of-labour", "노동성"),  # South Korean spelling
        ("dprk-labour-workers-party-of-korea", "조선로동당"),
        ("dprk-labour-workers-party-of-korea", "조선노동당"),
        ("dprk-labour-external-construction-guidance-bureau", "대외건설지도국"),
    ],
)
def test_korean_names_in_both_romanisations_and_both_spellings(
    entities: dict[str, EntityRecord], entity_id: str, name: str
) -> None:
    assert name in {n.value for n in entities[entity_id].names}


def test_ministries_with_shared_english_names_say_to_screen_with_the_country(
    entities: dict[str, EntityRecord],
) -> None:
    for entity_id in (
        "dprk-labour-ministry-of-labour",
        "dprk-labour-ministry-of-national-defence",
        "dprk-labour-ministry-of-state-security",
        "dprk-labour-ministry-of-social-security",
    ):
        entity = entities[entity_id]
        assert entity.countries == ["kp"]
        assert "Screen with the country" in (entity.notes or ""), entity_id
    assert "China" in (entities["dprk-labour-ministry-of-state-security"].notes or "")


def test_a_native_name_without_a_seed_document_names_its_source(
    entities: dict[str, EntityRecord],
) -> None:
    """The bureau's Korean name is in no seed document: its notes must say where it is from."""
    notes = entities["dprk-labour-external-construction-guidance-bureau"].notes or ""
    assert "대외건설지도국" in notes and "Daily NK" in notes


def test_claims_from_document_000_give_no_year_for_last_january(
    seed_list: SeedList,
) -> None:
    """Document 000 says "last January"; only 001 and 003 give the year."""
    dated = [
        entity.source_id
        for entity in seed_list.entities
        for source in entity.sources
        if source.document.startswith("000_") and "2024" in source.claim
    ]
    assert dated == []


def test_air_koryo_route_has_only_what_the_document_says(
    entities: dict[str, EntityRecord],
) -> None:
    route = entities["dprk-labour-air-koryo"].properties["route"]
    assert "overland" not in route
    assert "via Moscow" in route and "Volgograd" in route


def test_putin_is_left_for_review(entities: dict[str, EntityRecord]) -> None:
    putin = entities["dprk-labour-vladimir-putin"]
    assert putin.properties["status"] == "needs_review"
    assert not any("agreed to more worker deployments" in s.claim for s in putin.sources)
