"""Shapes of names that a red-team tester wrote by hand and the generator never made
(``benchmarks/bench_handmade.py``): each test states the general rule, with invented
or listed names as its examples."""

from __future__ import annotations

import pytest

from screening.matching import CandidateIndex, ListedName, compare
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
    assert len(analyse_name("INVESTITSIONNAYA GRUPPA PARTNERY OOO")) == 1
    assert not compare("PARTNERRE LTD", "INVESTITSIONNAYA GRUPPA PARTNERY OOO").match
