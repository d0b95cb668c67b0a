"""Issue 13, round 2: invented examples of each rule, none taken from a benchmark."""

from __future__ import annotations

import pytest

from screening.matching.model import DEFAULT_THRESHOLD, compare
from screening.matching.tokens import Tag, analyse_name

# -- an acronym meets a full name only as a whole --------------------------------------


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        # The query's words spell MINT, a word inside a longer listed name.
        ("Marlow Industrial Northern Textiles Inc.", "LLC Kasimov Mint"),
        # The listed acronym stands beside another name word.
        ("Blue Ocean Lumber Trading Corp", "Vostok Bolt LLC"),
    ],
)
def test_words_spelling_a_word_of_a_longer_name_are_no_acronym(query: str, listed: str) -> None:
    assert compare(query, listed, schema="company").score < DEFAULT_THRESHOLD


def test_a_query_written_as_the_acronym_still_meets_the_full_name() -> None:
    assert compare("GRTC", "Gumsong River Trading Corporation", schema="company").match
    assert compare("The GRTC", "Gumsong River Trading Corporation", schema="company").match


# -- Korean names in popular Russian spelling --------------------------------------


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("Чон Чхоль Ир", "CHON Chol Il"),  # a closing ㄹ written р
        ("Мун Сор Бок", "MUN Sol Bok"),
        ("Кан Хи Сук", "KANG Hui Suk"),  # 희 written Хи
    ],
)
def test_popular_russian_spellings_of_korean_syllables(query: str, listed: str) -> None:
    assert compare(query, listed, schema="person").match


def test_a_syllable_read_as_hui_is_not_any_h_syllable() -> None:
    assert compare("Кан Хи Сук", "KANG Hyon Suk", schema="person").score < DEFAULT_THRESHOLD


# -- Hangul organisation names: more of the common vocabulary ----------------------


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("조선민족출판사", "KOREA NATIONAL PUBLISHING HOUSE"),
        ("조선콤퓨터회사", "KOREA COMPUTER COMPANY"),
        ("조선아연무역회사", "KOREA ZINC TRADING COMPANY"),
        # 국 rendered "administration" where 국가 is "national".
        ("국가과학개발국", "NATIONAL SCIENCE DEVELOPMENT ADMINISTRATION"),
    ],
)
def test_hangul_names_with_more_common_words(query: str, listed: str) -> None:
    assert compare(query, listed, schema="organization").match


# -- a seat of cities and countries after the name --------------------------------


def test_a_closing_city_and_country_stay_qualifiers_after_a_country_named_name() -> None:
    forms = analyse_name("Bank Rossiya (Saint Petersburg, Russia)", "organization")
    assert any(
        [t.tag for t in f.tokens][-2:] == [Tag.QUALIFIER, Tag.QUALIFIER]
        and f.tokens[1].tag is Tag.NAME
        for f in forms
    )


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("Bank Rossiya (Moscow, Russia)", "BANK ROSSIYA"),
        ("Korea Bank, Pyongyang, North Korea", "KOREA BANK"),
    ],
)
def test_a_seat_after_a_name_of_common_words_costs_little(query: str, listed: str) -> None:
    assert compare(query, listed, schema="organization").match
