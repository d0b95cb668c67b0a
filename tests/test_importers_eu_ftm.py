"""The EU financial sanctions XML and FollowTheMoney importers: names, identifiers,
birth dates, deltas, and errors that name the file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from watchlists.importers import IMPORTERS
from watchlists.importers.eu_xml import read_eu_xml
from watchlists.importers.ftm import (
    dataset_version,
    delta_versions,
    is_delta_source,
    local_delta_file,
    read_delta,
    read_ftm,
)
from watchlists.records import ImportFormatError

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "importers"
EU_XML = FIXTURES / "eu_fsf_excerpt.xml"
YENTE = Path(__file__).resolve().parents[2] / "shared" / "data" / "ftm" / "yente-fixtures"


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"shared data not available: {path}")
    return path


# --- EU financial sanctions XML --------------------------------------------------------


def test_eu_xml_reads_persons_and_enterprises_with_their_names() -> None:
    records = {r.source_id: r for r in read_eu_xml(EU_XML)}
    assert sorted(records) == ["4154", "5765", "8282", "9120"]
    tobacco = records["8282"]
    assert tobacco.schema == "organization"
    assert [(n.value, n.kind) for n in tobacco.names] == [
        ('LLC "Inter Tobacco"', "primary"),
        ("Общество с ограниченной ответственностью «Интер Тобако»", "alias"),
        ("Inter Tabak", "weak_alias"),
    ]
    assert tobacco.names[1].lang == "ru" and tobacco.names[1].script == "Cyrl"
    assert tobacco.programs == ["BLR"] and tobacco.countries == ["by"]
    assert tobacco.properties["eu_reference_number"] == "EU.8282.49"
    assert tobacco.addresses == ["Pritytskogo Street 156, Minsk, 220017, BELARUS"]
    plotnikov = records["5765"]
    assert plotnikov.schema == "person"
    assert plotnikov.names[0].parts == {
        "first": "Vladimir",
        "middle": "Nikolaevich",
        "last": "PLOTNIKOV",
    }


def test_eu_xml_identifiers_and_birth_dates_are_in_the_listing_digest() -> None:
    records = {r.source_id: r for r in read_eu_xml(EU_XML)}
    assert records["9120"].properties["identifiers"] == [
        {"type": "inn", "value": "7702013180"},
        {"type": "ogrn", "value": "1027739051418"},
        {"type": "imo", "value": "9292211"},
    ]
    assert records["8282"].properties["identifiers"] == [
        {"type": "registration_number", "value": "808000714"}
    ]
    assert records["5765"].properties["birth_dates"] == ["1961-11-30"]
    assert records["4154"].properties["birth_dates"] == ["1969~", "1966/1968"]
    assert records["4154"].properties["un_reference_number"] == "KPi.066"
    before = records["9120"].listing_hash()
    records["9120"].properties["identifiers"][0]["value"] = "7702013181"
    assert records["9120"].listing_hash() != before


def test_eu_xml_is_registered_as_a_format() -> None:
    importer = IMPORTERS["eu-xml"]
    assert importer.total(EU_XML) == 4
    assert [p.name for p in importer.source_files(EU_XML)] == ["eu_fsf_excerpt.xml"]


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda text: text[: text.index("<sanctionEntity", 2000) + 40], "truncated or malformed"),
        (lambda text: text.replace("</nameAlias>", "</name>", 1), "truncated or malformed"),
        (
            lambda text: text.replace("<export ", "<other ", 1).replace("</export>", "</other>"),
            "not an EU",
        ),
    ],
)
def test_eu_xml_damaged_files_name_the_file(tmp_path: Path, damage: object, message: str) -> None:
    broken = tmp_path / "eu.xml"
    broken.write_text(damage(EU_XML.read_text(encoding="utf-8")), encoding="utf-8")  # type: ignore[operator]
    with pytest.raises(ImportFormatError, match=message) as caught:
        list(read_eu_xml(broken))
    assert "eu.xml" in str(caught.value)


def test_eu_xml_bad_byte_names_the_line(tmp_path: Path) -> None:
    data = EU_XML.read_bytes().replace(b"Minsk", b"Min\xe7k", 1)
    broken = tmp_path / "eu.xml"
    broken.write_bytes(data)
    with pytest.raises(ImportFormatError, match=r"eu.xml line 14: not valid UTF-8"):
        list(read_eu_xml(broken))


# --- FollowTheMoney -------------------------------------------------------------------


def test_ftm_full_export_keeps_targets_of_listed_schemas() -> None:
    records = {r.source_id: r for r in read_ftm(_need(YENTE / "t1"))}
    # 4 persons and 2 organisations are targets; the address is context.
    assert len(records) == 6
    tobacco = records["NK-2GdmHtZTeNXjNVrBGEXZNj"]
    assert tobacco.schema == "organization"
    assert tobacco.primary_name == "RAB „Inter Tobacco“"
    assert tobacco.properties["identifiers"] == [
        {"type": "registration_number", "value": "808000714"}
    ]
    assert tobacco.countries == ["by"]


def test_ftm_maps_russian_numbers_and_birth_dates() -> None:
    records = list(read_ftm(_need(YENTE / "zala" / "entities.ftm.json")))
    person = next(r for r in records if r.source_id == "NK-2Tbri3s6GgNtAwsSXh4qpL")
    assert person.schema == "person"
    assert person.properties["birth_dates"] == ["1988-01-07"]
    assert {"type": "inn", "value": "183116181362"} in person.properties["identifiers"]
    companies = [r for r in records if r.schema == "company"]
    assert companies and all(
        any(i["type"] == "ogrn" for i in c.properties.get("identifiers", []))
        for c in companies
        if c.properties.get("identifiers")
    )
    assert not any(r.properties["type"] in ("Sanction", "Address") for r in records)


def test_ftm_delta_index_lists_versions_oldest_first_and_local_files() -> None:
    index = _need(YENTE / "t2" / "delta.json")
    versions = [v for v, _url in delta_versions(index)]
    assert versions == sorted(versions) and versions[0] == "20240527134702-zbn"
    assert is_delta_source(index) and is_delta_source(YENTE / "t2")
    assert not is_delta_source(YENTE / "t1")
    assert dataset_version(YENTE / "t1") == "20240527134702-zbn"
    ops = list(read_delta(local_delta_file(index, "20240528014702-pfh")))
    assert [(o.op, o.source_id) for o in ops] == [
        ("ADD", "NK-500Poltergeist"),
        ("MOD", "NK-2T3S8Hu29ktYnKSTgQp2wL"),
    ]
    deleted = list(read_delta(local_delta_file(index, "20240528074703-npf")))
    assert [(o.op, o.source_id, o.record) for o in deleted] == [("DEL", "NK-500Poltergeist", None)]


def test_ftm_truncated_or_garbled_lines_name_the_line(tmp_path: Path) -> None:
    source = _need(YENTE / "t1" / "entities.ftm.json").read_bytes()
    truncated = tmp_path / "entities.ftm.json"
    truncated.write_bytes(source[: len(source) // 2])
    with pytest.raises(ImportFormatError, match=r"entities.ftm.json line \d+: truncated"):
        list(read_ftm(truncated))
    garbled = tmp_path / "garbled.json"
    garbled.write_bytes(source.replace(b'"schema"', b'\xff"schema"', 1))
    with pytest.raises(ImportFormatError, match=r"garbled.json line 1: not valid UTF-8"):
        list(read_ftm(garbled))
    delta = tmp_path / "entities.delta.json"
    delta.write_text('{"op": "PATCH", "entity": {"id": "x"}}\n')
    with pytest.raises(ImportFormatError, match="line 1: expected"):
        list(read_delta(delta))
