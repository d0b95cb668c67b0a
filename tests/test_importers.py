"""Importers for official lists: counts on the real files, names, and errors.

The real files live in the shared data folder beside the repository; tests
that need them are skipped when it is absent. Small excerpts and damaged
copies are in tests/fixtures/importers (see the README there).
"""

from __future__ import annotations

import tracemalloc
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import pytest

from watchlists.countries import country_code, normalize_countries, normalize_country
from watchlists.importers import IMPORTERS
from watchlists.importers.ofac import locate_files, parse_date, read_ofac_csv
from watchlists.importers.uk_ofsi import read_uk_ofsi
from watchlists.importers.un import read_un_xml
from watchlists.importers.us_csl import list_code, read_us_csl
from watchlists.records import NAME_KINDS, SCHEMAS, EntityRecord, ImportFormatError

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "importers"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"

SDN_2024 = SHARED / "ofac" / "2024-05-03" / "sdn.csv"
SDN_2021 = SHARED / "ofac" / "2021-07"
CONS_2025 = SHARED / "ofac" / "cons-2025-12"
UN_XML = SHARED / "un" / "consolidated_2026-02.xml"
US_CSL = SHARED / "us_csl" / "consolidated_2022-04.csv"
UK_OFSI = SHARED / "uk_ofsi" / "conlist_excerpt_2020.csv"


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"shared data not available: {path} (expected beside the repository)")
    return path


def _by_id(records: Iterable[EntityRecord]) -> dict[str, EntityRecord]:
    return {r.source_id: r for r in records}


def _names(record: EntityRecord, kind: str | None = None) -> list[str]:
    return [n.value for n in record.names if kind is None or n.kind == kind]


def _check_valid(records: list[EntityRecord]) -> None:
    """Invariants every importer must keep."""
    ids = [r.source_id for r in records]
    assert len(ids) == len(set(ids)), "source ids must be unique"
    for r in records:
        assert r.source_id
        assert r.schema in SCHEMAS
        assert r.names and r.names[0].kind == "primary"
        assert sum(n.kind == "primary" for n in r.names) == 1
        assert all(n.kind in NAME_KINDS and n.value == n.value.strip() for n in r.names)
        assert len({n.value for n in r.names}) == len(r.names)
        assert len(set(r.countries)) == len(r.countries)


# --- real files (module-scoped: each file is parsed once) -------------------


@pytest.fixture(scope="module")
def sdn_2024() -> list[EntityRecord]:
    return list(read_ofac_csv(_need(SDN_2024)))


@pytest.fixture(scope="module")
def sdn_2021() -> list[EntityRecord]:
    return list(read_ofac_csv(_need(SDN_2021)))


@pytest.fixture(scope="module")
def un_records() -> list[EntityRecord]:
    return list(read_un_xml(_need(UN_XML)))


@pytest.fixture(scope="module")
def csl_records() -> list[EntityRecord]:
    return list(read_us_csl(_need(US_CSL)))


def test_ofac_2024_sdn_counts(sdn_2024: list[EntityRecord]) -> None:
    _check_valid(sdn_2024)
    assert len(sdn_2024) == 14_965
    assert Counter(r.schema for r in sdn_2024) == {
        "organization": 6_884,
        "person": 6_854,
        "vessel": 851,
        "aircraft": 376,
    }
    # No alt.csv here: the only aliases are the weak ones OFAC keeps in remarks
    # (3,578 a.k.a. + 87 f.k.a. + 1 n.k.a.; 3 of them are cut off by OFAC's
    # 1,000-character remarks limit, and this snapshot has no sdn_comments.csv).
    kinds = Counter(n.kind for r in sdn_2024 for n in r.names)
    assert kinds == {"primary": 14_965, "weak_alias": 3_663}
    truncated = [r.source_id for r in sdn_2024 if r.properties.get("remarks_truncated")]
    assert len(truncated) == 17 and "27307" in truncated
    assert sum(any(p.startswith("DPRK") for p in r.programs) for r in sdn_2024) == 484
    # A country from nationality, flag, address or an identifier's issuer (5,998 before
    # identifiers counted).
    assert sum(bool(r.countries) for r in sdn_2024) == 11_159


def test_ofac_2024_dprk_entries(sdn_2024: list[EntityRecord]) -> None:
    records = _by_id(sdn_2024)
    komid = records["9345"]
    assert komid.primary_name == "KOREA MINING DEVELOPMENT TRADING CORPORATION"
    assert komid.schema == "organization"
    assert _names(komid, "weak_alias") == ["KOMID"]
    assert komid.programs == ["NPWMD", "DPRK2"]

    kim = records["20157"]
    assert kim.schema == "person"
    assert kim.names[0].parts == {"last": "KIM", "first": "Jong Un"}
    assert kim.properties["birth_dates"] == ["1984-01-08"]
    assert kim.properties["titles"] == ["Chairman of the Workers' Party of Korea"]

    vessel = records["17069"]
    assert vessel.primary_name == "CHONG CHON GANG"
    assert vessel.schema == "vessel"
    assert vessel.properties["vessel_type"] == "General Cargo"
    assert "kp" in vessel.countries  # from the vessel flag


def test_ofac_identifiers_give_the_country_that_issued_them(tmp_path: Path) -> None:
    """A registration or tax number's country is where the company is; a person's papers
    say whose they are. A linked entity's country is not the entity's."""
    sdn = tmp_path / "sdn.csv"
    sdn.write_text(
        '1,"ZARNOVIA TRADE LLC",-0- ,"RUSSIA-EO14024",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,'
        '"Tax ID No. 7722497881 (Russia); Unified Social Credit Code (USCC) 91A (China); '
        'Linked To: KESTREL 2 GROUP (Iran); Website www.zarnovia.example."\n'
        '2,"ZARNOV, Ivo",individual,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,'
        '"DOB 01 Jan 1970; alt. Passport 6067015 (Comoros); Case No. 12 (Not A Country)."\n',
        encoding="utf-8",
    )
    company, person = list(read_ofac_csv(sdn))
    assert company.countries == ["ru", "cn"]
    assert company.properties["linked_to"] == ["KESTREL 2 GROUP (Iran)"]
    assert person.countries == ["km"]


def test_ofac_2021_set_uses_alt_add_and_comments(sdn_2021: list[EntityRecord]) -> None:
    _check_valid(sdn_2021)
    assert len(sdn_2021) == 8_976
    kinds = Counter(n.kind for r in sdn_2021 for n in r.names)
    # alt.csv has 11,910 rows (11,523 aka + 18 nka -> alias, 369 fka -> former_name);
    # 4 repeat the primary name and 2 repeat another alias of the same entry.
    assert kinds["alias"] + kinds["former_name"] == 11_910 - 6
    assert kinds["former_name"] == 369
    # add.csv has 13,837 rows; 2,397 are all "-0-" and carry no address.
    assert sum(len(r.addresses) for r in sdn_2021) == 13_837 - 2_397

    records = _by_id(sdn_2021)
    komid = records["9345"]
    assert "CHANGGWANG SINYONG CORPORATION" in _names(komid, "alias")
    assert _names(komid, "weak_alias") == ["KOMID"]
    assert "Central District, Pyongyang, Korea, North" in komid.addresses
    assert komid.countries[:2] == ["kp", "cn"]
    # Remarks cut at OFAC's field limit continue in sdn_comments.csv.
    tian = records["28263"]
    assert tian.notes is not None and tian.notes.endswith("Linked To: LAZARUS GROUP.")
    assert not any(r.properties.get("remarks_truncated") for r in sdn_2021)
    assert "snowsjohn" in _names(tian, "weak_alias")
    assert tian.properties["linked_to"] == ["LAZARUS GROUP"]


def test_ofac_consolidated_folder() -> None:
    records = list(read_ofac_csv(_need(CONS_2025)))
    _check_valid(records)
    assert len(records) == 442
    files = [p.name for p in IMPORTERS["ofac-csv"].source_files(CONS_2025)]
    assert files == ["cons_prim.csv", "cons_alt.csv", "cons_add.csv", "cons_comments.csv"]


def test_un_counts(un_records: list[EntityRecord]) -> None:
    _check_valid(un_records)
    assert len(un_records) == 1_003
    assert Counter(r.schema for r in un_records) == {"person": 730, "organization": 273}
    kinds = Counter(n.kind for r in un_records for n in r.names)
    assert kinds["weak_alias"] == 615  # QUALITY "Low"
    assert kinds["former_name"] == 18  # f.k.a. (19, one repeats)
    scripts = Counter(
        n.script for r in un_records for n in r.names if n.script not in (None, "Latn")
    )
    assert scripts["Arab"] >= 366 and scripts["Cyrl"] == 11
    dprk = [r for r in un_records if r.source_id.startswith("KP")]
    assert all(r.programs == ["DPRK"] for r in dprk) and len(dprk) == 155


def test_un_dprk_entries(un_records: list[EntityRecord]) -> None:
    records = _by_id(un_records)
    yun = records["KPi.001"]
    assert _names(yun) == ["YUN HO-JIN", "Yun Ho-chin"]
    assert yun.names[0].parts == {"first": "YUN", "second": "HO-JIN"}
    assert yun.countries == ["kp"]
    assert yun.properties["birth_dates"] == ["1944-10-13"]
    assert records["KPi.066"].properties["birth_dates"] == ["1967/1969"]

    komid = records["KPe.001"]
    assert _names(komid) == [
        "KOREA MINING DEVELOPMENT TRADING CORPORATION",
        "CHANGGWANG SINYONG CORPORATION",
        "EXTERNAL TECHNOLOGY GENERAL CORPORATION",
        "DPRKN MINING DEVELOPMENT TRADING COOPERATION",
        "KOMID",
    ]
    assert komid.addresses == ["Central District, Pyongyang, Democratic People's Republic of Korea"]


def test_un_original_script_alias(un_records: list[EntityRecord]) -> None:
    umarov = next(r for r in un_records if r.primary_name == "DOKU KHAMATOVICH UMAROV")
    original = next(n for n in umarov.names if n.script == "Cyrl")
    assert original.value == "Умаров Доку Хаматович" and original.kind == "alias"
    saddam = _by_id(un_records)["IQi.001"]
    assert any(n.script == "Arab" and n.kind == "alias" for n in saddam.names)


def test_us_csl_counts(csl_records: list[EntityRecord]) -> None:
    _check_valid(csl_records)
    assert len(csl_records) == 14_160
    codes = Counter(r.properties["list_code"] for r in csl_records)
    assert codes["SDN"] == 10_026 and codes["EL"] == 2_001 and len(codes) == 13
    records = _by_id(csl_records)
    # The same OFAC entity on three sub-lists is three records.
    assert {"SDN:18725", "CAP:18725", "SSI:18725"} <= records.keys()
    # A row published twice in one sub-list keeps both, with a stable suffix.
    assert {"CAP:15268", "CAP:15268#2"} <= records.keys()
    assert {c for r in csl_records for c in r.countries if len(c) != 2} == set()


def test_uk_ofsi_shared_excerpt() -> None:
    records = list(read_uk_ofsi(_need(UK_OFSI)))
    _check_valid(records)
    assert len(records) == 41  # 77 name rows, 41 Group IDs
    battalion = next(r for r in records if r.primary_name.startswith("14TH MOTORIZED"))
    assert "’2nd Army Corps’" in (battalion.notes or "")  # cp1252 0x92, decoded


def test_ofac_reader_streams_in_bounded_memory() -> None:
    """Records are produced one at a time, never the whole file at once.

    Time and the whole import's peak memory are measured by
    benchmarks/bench_import.py, not here: tests do not depend on machine speed.
    """
    path = _need(SDN_2024)
    tracemalloc.start()
    try:
        count = 0
        for _ in read_ofac_csv(path):
            count += 1
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 14_965
    # The file is 3.9 MB and its records take several times that in Python objects.
    assert peak < 5_000_000, f"peak {peak / 1e6:.1f} MB"


# --- fixtures ---------------------------------------------------------------


def test_ofac_fixture_set_folder() -> None:
    folder = FIXTURES / "ofac_2021_excerpt"
    files = locate_files(folder)
    assert files.alt and files.add and files.comments
    records = _by_id(read_ofac_csv(folder))
    assert len(records) == 7
    bank = records["306"]
    assert [(n.value, n.kind) for n in bank.names] == [
        ("BANCO NACIONAL DE CUBA", "primary"),
        ("NATIONAL BANK OF CUBA", "alias"),
        ("BNC", "weak_alias"),
    ]
    assert bank.countries == ["ch", "es", "jp", "pa"]
    djibo = records["32391"]
    assert djibo.names[1].parts == {"last": "KOUNOU", "first": "Ousmane Illasou"}
    assert djibo.properties["birth_dates"] == ["1984"]
    assert djibo.properties["gender"] == "male"
    assert djibo.countries == ["ne", "ml"]


def test_ofac_single_file_ignores_siblings() -> None:
    records = list(read_ofac_csv(FIXTURES / "ofac_2021_excerpt" / "sdn.csv"))
    assert all(n.kind in ("primary", "weak_alias") for r in records for n in r.names)
    assert all(not r.addresses for r in records)


def test_registry_and_progress() -> None:
    assert {"ofac-csv", "un-xml", "us-csl", "uk-ofsi"} <= IMPORTERS.keys()
    cases = {
        "ofac-csv": FIXTURES / "ofac_2024_sdn_excerpt.csv",
        "un-xml": FIXTURES / "un_excerpt.xml",
        "us-csl": FIXTURES / "us_csl_excerpt.csv",
        "uk-ofsi": FIXTURES / "uk_ofsi_excerpt.csv",
    }
    for name, path in cases.items():
        importer = IMPORTERS[name]
        steps: list[int] = []
        records = list(importer.read(path, steps.append))
        assert sum(steps) == len(records) > 0, name
        assert importer.source_files(path) == [path]
        total = importer.total(path)
        assert total is not None and total >= len(records), name
    assert IMPORTERS["ofac-csv"].total(FIXTURES / "missing") is None


def test_un_fixture() -> None:
    records = _by_id(read_un_xml(FIXTURES / "un_excerpt.xml"))
    assert list(records) == [
        "CDi.003",
        "KPi.001",
        "KPi.066",
        "QDi.290",
        "IQi.001",
        "KPe.001",
        "CDe.001",
    ]
    gaston = records["CDi.003"]
    assert ("Rumuli", "weak_alias") in [(n.value, n.kind) for n in gaston.names]
    assert gaston.properties["positions"][0] == "FDLR Interim President"
    assert gaston.properties["birth_places"] == [
        "Musanze District, Northern Province, Rwanda",
        "Ruhengeri, Rwanda",
    ]
    assert records["CDe.001"].names[1].kind in ("alias", "former_name")


def test_us_csl_fixture() -> None:
    records = _by_id(read_us_csl(FIXTURES / "us_csl_excerpt.csv"))
    abbas = records["SDN:21944"]
    assert abbas.schema == "person"
    assert abbas.names[0].parts == {"last": "'ABBAS", "first": "Rim"}
    assert abbas.countries == ["sy"]
    # A quoted address spanning two lines is one record.
    elink = records["MEU:026dba5afe5742c3d9b83179846272ca67cdb5c0"]
    assert elink.addresses == [
        "Room 717, Building 41, No.8633 Zhongchun Road, Minhang District, Shanghai, CN"
    ]
    assert elink.countries == ["cn"]
    assert list_code("Non-SDN Menu-Based Sanctions List (NS-MBS List) - Treasury") == "NS-MBS"


def test_uk_ofsi_last_updated_layout() -> None:
    plain = list(read_uk_ofsi(FIXTURES / "uk_ofsi_excerpt.csv"))
    official = list(read_uk_ofsi(FIXTURES / "uk_ofsi_last_updated.csv"))
    assert [r.to_dict() for r in plain] == [r.to_dict() for r in official]
    qahtani = official[0]
    assert qahtani.source_id == "13349"
    assert qahtani.properties["birth_dates"] == ["1980", "1981"]
    assert qahtani.countries == ["sa", "qa", "af"]


# --- errors -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("reader", "fixture", "expected"),
    [
        (read_ofac_csv, "ofac_truncated_sdn.csv", "ofac_truncated_sdn.csv line 5: malformed CSV"),
        (read_ofac_csv, "ofac_bad_bytes_sdn.csv", "ofac_bad_bytes_sdn.csv line 3: not valid utf-8"),
        (
            read_ofac_csv,
            "ofac_wrong_columns_sdn.csv",
            "ofac_wrong_columns_sdn.csv line 2: expected 12 columns, got 5",
        ),
        (
            read_un_xml,
            "un_truncated.xml",
            "un_truncated.xml: XML truncated or malformed at line 121",
        ),
        (
            read_un_xml,
            "un_malformed.xml",
            "un_malformed.xml: XML truncated or malformed at line 70",
        ),
        (read_un_xml, "un_bad_bytes.xml", "un_bad_bytes.xml line 69: not valid UTF-8"),
        (
            read_us_csl,
            "us_csl_wrong_columns.csv",
            "us_csl_wrong_columns.csv line 3: expected 29 columns, got 26",
        ),
        (
            read_us_csl,
            "us_csl_truncated.csv",
            "us_csl_truncated.csv line 8: malformed CSV: file ends inside a quoted field",
        ),
        (
            read_us_csl,
            "us_csl_bad_bytes.csv",
            "us_csl_bad_bytes.csv line 4: not valid utf-8 (byte 0xed at column 102)",
        ),
    ],
)
def test_damaged_fixtures_raise(reader: object, fixture: str, expected: str) -> None:
    with pytest.raises(ImportFormatError) as info:
        list(reader(FIXTURES / fixture))  # type: ignore[operator]
    assert str(info.value).startswith(expected), str(info.value)


@pytest.mark.parametrize(
    ("reader", "fixture", "needle"),
    [
        (read_ofac_csv, "ofac_2024_sdn_excerpt.csv", b"KOREA MINING"),
        (read_us_csl, "us_csl_excerpt.csv", b"ARIMERO"),
        (read_uk_ofsi, "uk_ofsi_excerpt.csv", b"ANSAR AL SHARIA"),
    ],
)
def test_nul_byte_is_damage_not_data(
    tmp_path: Path, reader: object, fixture: str, needle: bytes
) -> None:
    """Valid UTF-8 but never part of a list (and PostgreSQL cannot store it)."""
    source = (FIXTURES / fixture).read_bytes()
    line = source[: source.index(needle)].count(b"\n") + 1
    damaged = tmp_path / fixture
    damaged.write_bytes(source.replace(needle, needle[:3] + b"\x00" + needle[3:], 1))
    with pytest.raises(ImportFormatError, match=rf"{fixture} line {line}: NUL byte at column"):
        list(reader(damaged))  # type: ignore[operator]


def test_utf16_file_is_refused_with_its_line(tmp_path: Path) -> None:
    text = (FIXTURES / "ofac_2024_sdn_excerpt.csv").read_text(encoding="utf-8")
    utf16 = tmp_path / "sdn.csv"
    utf16.write_bytes(text.encode("utf-16-le"))  # no byte-order mark
    with pytest.raises(ImportFormatError, match=r"sdn\.csv line 1: NUL byte .* UTF-16"):
        list(read_ofac_csv(utf16))


def test_ofac_other_encoding_on_request() -> None:
    records = list(read_ofac_csv(FIXTURES / "ofac_bad_bytes_sdn.csv", encoding="cp1252"))
    assert records[2].primary_name == "CHÖNG CHON GANG"


def test_truncated_copies_raise(tmp_path: Path) -> None:
    ofsi = (FIXTURES / "uk_ofsi_excerpt.csv").read_bytes()
    short = tmp_path / "conlist.csv"
    short.write_bytes(ofsi[: ofsi.index(b"ANSAR AL SHARIA") + 20])  # row cut short
    with pytest.raises(ImportFormatError, match=r"conlist\.csv line 4: expected 29 columns, got 6"):
        list(read_uk_ofsi(short))

    xml = (FIXTURES / "un_excerpt.xml").read_bytes()
    at_tag = tmp_path / "un.xml"
    at_tag.write_bytes(xml[: xml.index(b"</INDIVIDUALS>")])
    with pytest.raises(ImportFormatError, match=r"un\.xml: XML truncated .*no element found"):
        list(read_un_xml(at_tag))


def test_wrong_files_raise(tmp_path: Path) -> None:
    with pytest.raises(ImportFormatError, match=r"alt\.csv line 1: expected 12 columns, got 5"):
        list(read_ofac_csv(FIXTURES / "ofac_2021_excerpt" / "alt.csv"))
    other = tmp_path / "other.xml"
    other.write_text("<sdnList><sdnEntry/></sdnList>", encoding="utf-8")
    with pytest.raises(ImportFormatError, match=r"other\.xml: not a UN consolidated list"):
        list(read_un_xml(other))
    with pytest.raises(ImportFormatError, match="not a CSL file"):
        list(read_us_csl(FIXTURES / "ofac_2024_sdn_excerpt.csv"))
    with pytest.raises(ImportFormatError, match=r"not an OFSI ConList\.csv"):
        list(read_uk_ofsi(FIXTURES / "us_csl_excerpt.csv"))
    with pytest.raises(ImportFormatError, match=r"no sdn\.csv or cons_prim\.csv"):
        list(read_ofac_csv(tmp_path))
    empty = tmp_path / "sdn.csv"
    empty.write_bytes(b"\x1a")
    with pytest.raises(ImportFormatError, match=r"sdn\.csv: no records"):
        list(read_ofac_csv(empty))
    (tmp_path / "cons_prim.csv").write_bytes(b"")
    with pytest.raises(ImportFormatError, match="holds both"):
        list(read_ofac_csv(tmp_path))


def test_duplicate_ent_num_raises(tmp_path: Path) -> None:
    line = (FIXTURES / "ofac_2024_sdn_excerpt.csv").read_bytes().split(b"\r\n")[0]
    dup = tmp_path / "sdn.csv"
    dup.write_bytes(line + b"\r\n" + line + b"\r\n")
    with pytest.raises(ImportFormatError, match="line 2: duplicate ent_num 306"):
        list(read_ofac_csv(dup))


# --- small units ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("01 Jan 1960", "1960-01-01"),
        ("Jan 1960", "1960-01"),
        ("1960", "1960"),
        ("circa 1958", "1958~"),
        ("1967 to 1969", "1967/1969"),
        ("01 Jan 1960 to 31 Dec 1962", "1960-01-01/1962-12-31"),
        ("circa 1979-1982", "circa 1979-1982"),
    ],
)
def test_ofac_dates(text: str, iso: str) -> None:
    assert parse_date(text) == iso


def test_countries() -> None:
    assert country_code("Korea, North") == "kp"
    assert country_code("Democratic People's Republic of Korea") == "kp"
    assert country_code("DPRK") == "kp"
    assert country_code("KP") == "kp"
    assert country_code("Iran (Islamic Republic of)") == "ir"
    assert country_code("Türkiye") == "tr"
    assert country_code("Cote d Ivoire") == country_code("Côte d’Ivoire") == "ci"
    assert country_code("Bahamas, The") == "bs"
    assert country_code("Burma") == "mm"
    assert country_code("Iraqi") == "iq"
    assert country_code("Afghanistan (since 2009)") == "af"
    assert country_code("na") is None  # the UN's "not available", not Namibia
    assert normalize_country("-0- ") is None
    assert normalize_country("Region: Kafia Kingi") == "Region: Kafia Kingi"
    assert normalize_countries(["Russia", "Russian Federation", "RU", None, "undetermined"]) == [
        "ru"
    ]
