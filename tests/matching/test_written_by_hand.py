"""Shapes of names that a red-team tester wrote by hand and the generator never made
(``benchmarks/bench_handmade.py``): each test states the general rule, with invented
or listed names as its examples."""

from __future__ import annotations

import pytest

from screening.matching import CandidateIndex, ListedName, compare
from screening.matching.results import EntityFacts
from screening.matching.tokens import Tag, analyse_name
from tests.matching.listed import NAMES


@pytest.fixture(scope="module")
def index() -> CandidateIndex:
    return CandidateIndex.build(NAMES)


def _tags(text: str, schema: str | None = None) -> list[tuple[str, Tag]]:
    form = analyse_name(text, schema)[0]
    return [(t.text, t.tag) for t in form.tokens]


# -- a city after a name is its seat, not a word of it -------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "Tanchon Commercial Bank, Pyongyang",
        "Tanchon Commercial Bank (Pyongyang, DPRK)",
        "Tanchon Commercial Bank - Pyongyang",
        "Tanchon Commercial Bank (Korea, DPR)",
        "Tanchon Commercial Bank, DPR Korea",
    ],
)
def test_a_city_or_country_after_an_organisation_is_a_qualifier(
    index: CandidateIndex, query: str
) -> None:
    matches = index.search(query)
    assert matches and matches[0].name.entity_id == "kp-tanchon"
    assert matches[0].score >= 0.9


def test_a_name_and_its_seat_after_a_comma_are_not_read_as_surname_and_given_name() -> None:
    assert _tags("Tanchon Commercial Bank, Pyongyang")[0] == ("tanchon", Tag.NAME)
    assert _tags("Tanchon Commercial Bank, Pyongyang")[-1] == ("pyongyang", Tag.QUALIFIER)
    # A person's name keeps its reading.
    assert [t for t, _ in _tags("Putin, Vladimir")] == ["vladimir", "putin"]


@pytest.mark.parametrize(
    "name", ["Pyongyang University of Automation", "Moscow Industrial Bank", "Tehran Metro Company"]
)
def test_a_city_opening_a_name_stays_a_word_of_it(name: str) -> None:
    assert _tags(name)[0][1] is Tag.NAME


# -- Korean organisation words written in Latin letters ------------------------------


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("Choson Kumsan Muyok Hoesa", "KOREA KUMSAN TRADING CORPORATION"),
        ("Tanchon Sangop Unhaeng", "TANCHON COMMERCIAL BANK"),
        ("Tanchon Sang-op Un-haeng", "TANCHON COMMERCIAL BANK"),
        ("Joseon Daeoe Geonseol Chonghoesa", "KOREA GENERAL CORPORATION FOR EXTERNAL CONSTRUCTION"),
        ("Choson Workers' Party", "WORKERS' PARTY OF KOREA"),
    ],
)
def test_romanised_korean_common_words_read_as_their_translation(query: str, listed: str) -> None:
    assert compare(query, listed).match


@pytest.mark.parametrize("name", ["CONSOL Energy Inc.", "Susan Miller Trading", "Tuja Cafe"])
def test_one_word_that_happens_to_spell_a_korean_word_is_not_translated(name: str) -> None:
    texts = [form.text for form in analyse_name(name)]
    assert len(texts) == 1, texts


# -- Russian initials written with two Latin letters ------------------------------------


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("Kovalchuk Yu.V.", "KOVALCHUK, Yuri Valentinovich"),
        ("Ye. V. Prigozhin", "PRIGOZHIN, Yevgeniy Viktorovich"),
        ("Naryshkin S.Ye.", "NARYSHKIN, Sergey Yevgenyevich"),
        ("Kh. M. Zakayev", "ZAKAYEV, Khasan Magomedovich"),
    ],
)
def test_an_initial_of_one_cyrillic_letter_written_with_two_latin_ones(
    query: str, listed: str
) -> None:
    assert compare(query, listed, schema="person").match


def test_a_two_letter_word_without_a_dot_is_not_an_initial() -> None:
    assert [t for t, _ in _tags("Yu Jin", "person")] == ["yu", "jin"]


# -- Korean names in Russian spelling -------------------------------------------------


def test_kontsevich_ve_is_oe_also_after_chkh() -> None:
    assert "choe ryon hae" in [f.text for f in analyse_name("Чхве Рён Хэ", "person")]
    assert compare("ЧХВЕ Рён Хэ", "CHOE Ryong Hae", schema="person").match


def test_a_hyphenated_given_name_in_russian_spelling_reads_as_korean() -> None:
    assert compare("Пак Ён-Сик", "PAK Yong Sik", schema="person").match


# -- two letters with a vowel are a syllable, not two initials ---------------------------


def test_a_korean_syllable_is_not_read_as_the_initials_of_two_given_names() -> None:
    assert not compare("Kim Ki-duk", "KIM, Kwang-Il", schema="person").match
    assert compare("JC Juncker", "Jean Claude Juncker", schema="person").match


# -- abbreviations of generic words ---------------------------------------------------


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("Haejin Ship Mgmt Co Ltd", "HAEJIN SHIP MANAGEMENT COMPANY LIMITED"),
        ("Green Pine Assoc. Corp", "GREEN PINE ASSOCIATION CORPORATION"),
    ],
)
def test_abbreviated_generic_words(query: str, listed: str) -> None:
    assert compare(query, listed).score >= 0.95


# -- letters that also read as initials do not push the name out ------------------------


def test_a_dotted_out_name_is_found_among_many_names_its_letters_start() -> None:
    """Each letter of "T.A.C.T.I.C.A.L." is also read as an initial, and runs of those
    initials (tac, cal, les) meet listed words; initials only order names of equal
    estimate, so the name the letters spell stays first."""
    words = ["Act", "Cal", "Les", "Sil", "Tic", "Ile", "Mis", "Ica"]
    listed = [
        ListedName(k, f"x-{k}", f"{a} {b} {c} Trading", "company")
        for k, (a, b, c) in enumerate(
            (a, b, c) for a in words for b in words for c in words if len({a, b, c}) == 3
        )
    ]
    target = len(listed)
    listed.append(ListedName(target, "ru-tmc", "TACTICAL MISSILES CORPORATION JSC", "company"))
    index = CandidateIndex.build(listed)
    assert len(listed) > index.max_candidates
    found = index.search("T.A.C.T.I.C.A.L. M.I.S.S.I.L.E.S. Corporation JSC")
    assert found and found[0].name.entity_id == "ru-tmc"


# -- more common words of Korean and Russian organisation names ------------------------


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("대동신용은행", "DAEDONG CREDIT BANK"),
        ("평양자동화대학", "PYONGYANG UNIVERSITY OF AUTOMATION"),
        ("39호실", "OFFICE 39"),
        # 해운 is "shipping" in some list names and "maritime" in others.
        ("원양해운관리회사", "OCEAN MARITIME MANAGEMENT COMPANY"),
        ("금별해운회사", "KUMBYOL SHIPPING COMPANY"),
        ("Агентство интернет-исследований", "INTERNET RESEARCH AGENCY LLC"),
        ("ООО «Агентство интернет-исследований»", "INTERNET RESEARCH AGENCY LLC"),
    ],
)
def test_common_words_of_korean_and_russian_names_read_as_lists_translate_them(
    query: str, listed: str
) -> None:
    assert compare(query, listed).match


def test_a_russian_recruitment_agency_reads_in_english_too() -> None:
    texts = [form.text for form in analyse_name("Кадровое агентство Восток")]
    assert "recruitment agency vostok" in texts


def test_a_russian_name_that_a_list_writes_in_latin_letters_is_not_translated() -> None:
    """Lists write Russian names transliterated (INVESTITSIONNAYA GRUPPA PARTNERY OOO);
    reading their common words as English ones would leave one fuzzy word to carry the
    name (Partnerre Ltd)."""
    assert len(analyse_name("INVESTITSIONNAYA GRUPPA PARTNERY OOO", listed=True)) == 1
    assert not compare("PARTNERRE LTD", "INVESTITSIONNAYA GRUPPA PARTNERY OOO").match


# -- Russian names typed in Latin letters ---------------------------------------------


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        # Two English words' worth of Russian common words...
        ("Goskorporatsiya Rostekh", "STATE CORPORATION ROSTEC"),
        ("Nauchno-Issledovatelskiy Institut Kvant", "KVANT RESEARCH INSTITUTE"),
        # ...or one beside a Russian legal form.
        ("OOO Agentstvo Internet Issledovaniy", "INTERNET RESEARCH AGENCY LLC"),
        ("ZAO Torgovaya Kompaniya Sibir", "SIBIR TRADING COMPANY"),
        # ChVK (ЧВК) is a private military company, in either script.
        ("ChVK Vagner", "PRIVATE MILITARY COMPANY 'WAGNER'"),
        ("ЧВК «Вагнер»", "PRIVATE MILITARY COMPANY 'WAGNER'"),
        # AK (aktsionernaya kompaniya) is a joint-stock company.
        ("AK ALROSA (PAO)", "PUBLIC JOINT STOCK COMPANY ALROSA"),
    ],
)
def test_a_query_of_russian_words_in_latin_letters_reads_in_english_too(
    query: str, listed: str
) -> None:
    assert compare(query, listed).match


@pytest.mark.parametrize("name", ["Zavod Kvant", "Grupp Holdings", "Sergei Institutov"])
def test_one_russian_word_without_a_russian_legal_form_stays_as_written(name: str) -> None:
    assert len(analyse_name(name)) == 1


# -- a country's Russian name in its case forms -----------------------------------------


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("ПАО Сбербанк России", "PUBLIC JOINT STOCK COMPANY SBERBANK OF RUSSIA"),
        ("Промсвязьбанк России", "PROMSVYAZBANK OF RUSSIA"),
        ("Морское агентство Кореи Рёнбон", "RYONBONG MARITIME AGENCY OF KOREA"),
    ],
)
def test_a_country_named_in_a_russian_case_form_is_a_qualifier(query: str, listed: str) -> None:
    assert compare(query, listed).match
    assert Tag.QUALIFIER in {tag for _, tag in _tags(query)}


def test_a_russian_country_name_found_through_the_index() -> None:
    names = [ListedName(0, "ru-sber", "PUBLIC JOINT STOCK COMPANY SBERBANK OF RUSSIA", "Company"),
             ListedName(1, "ru-sber-jsc", "JOINT STOCK COMPANY SBERBANK", "Company")]  # fmt: skip
    matches = CandidateIndex.build(names).search("ПАО Сбербанк России")
    assert matches and matches[0].name.entity_id == "ru-sber"


def test_kuba_is_a_country_only_as_the_last_word() -> None:
    assert _tags("Kuba Nowak Trading")[0] == ("kuba", Tag.NAME)


# -- a query followed by its own acronym ------------------------------------------------


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("Islamic Republic of Iran Shipping Lines (IRISL), Tehran, Iran",
         "ISLAMIC REPUBLIC OF IRAN SHIPPING LINES"),
        ("Korea Mining Development Trading Corporation (KMDTC)",
         "KOREA MINING DEVELOPMENT TRADING CORPORATION"),
        ("Pyongyang Informatics Centre - PIC", "PYONGYANG INFORMATICS CENTRE"),
    ],
)  # fmt: skip
def test_an_acronym_of_the_query_s_own_words_costs_nothing(query: str, listed: str) -> None:
    assert compare(query, listed).score >= 0.9


def test_a_listed_name_keeps_its_own_acronym() -> None:
    """GLOBAL TECHNOLOGY IMPORT & EXPORT (GTI) is told from other firms by its acronym."""
    assert not compare("GlobalTech Corp", "GLOBAL TECHNOLOGY IMPORT & EXPORT, S.A. (GTI)").match
    assert len(analyse_name("GLOBAL TECHNOLOGY IMPORT & EXPORT, S.A. (GTI)", listed=True)) == 1


def test_a_word_that_spells_no_run_of_the_others_is_kept() -> None:
    assert len(analyse_name("Amber Trading Company (ATX)")) == 1


# -- Korean syllables that start with different consonants ------------------------------


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("Pak Yong Nam", "PAK, Bong Nam"),
        ("Kim Song Hun", "KIM Jong Un"),
        ("Kim Yong Hwan", "KIM, Kwang Yon"),
        ("Choe Myong Su", "CHOE Pyong Su"),
    ],
)
def test_korean_names_one_syllable_apart_are_different_people(query: str, listed: str) -> None:
    """Yong and Bong differ by a letter but are different syllables, so different given
    names: a Korean surname is shared by millions, the given name tells people apart."""
    assert not compare(query, listed, "Person").match


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("Bak Yong Nam", "PAK Yong Nam"),  # ㅂ: p or b
        ("Ri Yong Ho", "YI Yong Ho"),  # ㄹ dropped in the South
        ("Son Jong Hyok", "SON YONG HYOK"),  # j for y
        ("Ku Ja Hyong", "KU JA YOUNG"),  # ㅎ and ㅇ confused
        ("Kim Yung Chol", "KIM Yong Chol"),  # a vowel misspelt
        ("Kim Yong Chul", "KIM Yong Chol"),
        ("Gim Jeong Eun", "KIM Jong Un"),
    ],
)
def test_korean_syllables_spelt_another_way_still_match(query: str, listed: str) -> None:
    assert compare(query, listed, "Person").match


def test_other_names_keep_their_typo_allowance_at_the_first_letter() -> None:
    assert compare("Bladimir Putin", "Vladimir Putin", "Person").match


@pytest.mark.parametrize(
    "query",
    [
        "Пак Ёнсик (Северная Корея)",
        "Пак Ён Сик - КНДР",
        "Пак Ён Сик (Пхеньян)",
        "Пак Ён-Сик — Северная Корея",
    ],
)
def test_a_korean_name_in_russian_spelling_with_its_country_after_it(query: str) -> None:
    assert compare(query, "PAK, Yong Sik", "Person").match
    assert analyse_name(query)[0].from_kontsevich


def test_a_russian_name_with_its_country_after_it_is_not_read_as_korean() -> None:
    assert not analyse_name("Иванов Иван (Россия)")[0].from_kontsevich


# -- a country beside a listed name of generic words --------------------------------------


@pytest.fixture(scope="module")
def generic_index() -> CandidateIndex:
    names = [
        ListedName(0, "sy-industrial", "INDUSTRIAL BANK", "Organization"),
        ListedName(1, "kp-tanchon", "TANCHON COMMERCIAL BANK", "Organization"),
    ]
    return CandidateIndex.build(names, facts={"sy-industrial": EntityFacts(countries=("sy",))})


@pytest.mark.parametrize("query", ["Industrial Bank of Korea", "Industrial Bank (Iran)"])
def test_another_country_tells_a_generic_name_from_the_listed_one(
    generic_index: CandidateIndex, query: str
) -> None:
    """INDUSTRIAL BANK is a Syrian bank; with nothing but generic words, the country a
    query adds is what names its bank."""
    assert generic_index.search(query) == []


@pytest.mark.parametrize(
    "query", ["Industrial Bank, Syria", "Industrial Bank (SY)", "Industrial Bank"]
)
def test_the_entity_s_own_country_beside_a_generic_name_still_matches(
    generic_index: CandidateIndex, query: str
) -> None:
    matches = generic_index.search(query)
    assert matches and matches[0].name.entity_id == "sy-industrial"


def test_a_country_beside_a_distinctive_name_stays_cheap(generic_index: CandidateIndex) -> None:
    matches = generic_index.search("Tanchon Commercial Bank of Korea")
    assert matches and matches[0].score >= 0.9
