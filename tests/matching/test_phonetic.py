"""Romanisation keys and phonetic codes: which spellings count as one word."""

from __future__ import annotations

import pytest

from screening.matching.phonetic import (
    PhoneticCodes,
    phonetic_codes,
    phonetic_keys,
    phonetic_match,
    romanisation_key,
)


@pytest.mark.parametrize(
    ("a", "b", "key"),
    [
        # Korean: eo/o, eu/u, k/g, p/b, t/d, ch/j, ryo/ryeo, jong/jeong/chong
        ("ryo", "ryeo", "rio"),
        ("koryo", "goryeo", "korio"),
        ("jong", "jeong", "jong"),
        ("chong", "jeong", "jong"),
        ("chol", "cheol", "jol"),
        ("un", "eun", "un"),
        ("kim", "gim", "kim"),
        ("kwang", "gwang", "kvank"),
        ("pyong", "byong", "pionk"),
        ("pak", "bak", "pak"),
        ("dong", "tong", "tonk"),
        # Cyrillic: kh/h, zh/j, dzh/dj, sch/sh, ts/tz, w/v, z/s, y/i, ou/oo/u, doubles
        ("khusnullin", "husnullin", "husnulin"),
        ("zhukov", "joukov", "jukov"),
        ("dzhokhar", "djokhar", "johar"),
        ("schukow", "shukov", "shukov"),
        ("tsar", "tzar", "jar"),
        ("chang", "tsang", "jank"),
        ("vladimir", "wladimir", "vlatimir"),
        ("zelenskyy", "zelenskiy", "selenski"),
        ("yevgeny", "evgeny", "evkeni"),
        ("sergej", "sergei", "serkei"),
        ("nooristani", "nuristani", "nuristani"),
        ("emmanuel", "emanuel", "emanuel"),
        ("alexandr", "aleksandr", "aleksantr"),
        # General: ph/f, q/k, c/k/s, h after a consonant, h ending a syllable
        ("philip", "filip", "filip"),
        ("qaddafi", "gaddafi", "katafi"),
        ("cecil", "sesil", "sesil"),
        ("thae", "tae", "tae"),
        ("dhaka", "daka", "taka"),
        ("ahn", "an", "an"),
        ("shah", "sha", "sha"),
    ],
)
def test_romanisation_variants_share_one_key(a: str, b: str, key: str) -> None:
    assert romanisation_key(a) == key
    assert romanisation_key(b) == key


@pytest.mark.parametrize(("word", "key"), [("zelenskyy", "selenski"), ("selenskyj", "selenski")])
def test_final_y_and_j_read_as_i(word: str, key: str) -> None:
    assert romanisation_key(word) == key


@pytest.mark.parametrize(
    ("spellings", "key"),
    [
        (["lee", "yi", "rhee", "ri", "li"], "ri"),
        (["park", "pak", "bak"], "pak"),
        (["choi", "choe", "chwe", "tsoi", "tsoy"], "choe"),  # Tsoi/Tsoy: Цой
        (["lim", "rim", "im"], "rim"),
        (["roh", "ro", "noh"], "ro"),
        (["hyun", "hyon", "hyeon"], "hyon"),
        (["jung", "chung", "jong", "jeong"], "jong"),
        (["bin", "ibn", "ben"], "bin"),
        (["al", "el", "ul"], "al"),
        (["mohammed", "muhammad", "mohamed", "mhd"], "mhmd"),
    ],
)
def test_conventional_spellings_no_rule_folds_share_one_key(spellings: list[str], key: str) -> None:
    assert {romanisation_key(s) for s in spellings} == {key}


def test_h_after_a_vowel_is_dropped_before_a_consonant_or_at_the_end() -> None:
    assert romanisation_key("ahn") == romanisation_key("an")
    assert romanisation_key("shah") == romanisation_key("sha")


@pytest.mark.parametrize(("a", "b"), [("kim", "lee"), ("olga", "oleg"), ("jong", "jang")])
def test_different_words_keep_different_keys(a: str, b: str) -> None:
    assert romanisation_key(a) != romanisation_key(b)


@pytest.mark.parametrize("token", ["888", "ким", "김정은", "r2d2", ""])
def test_tokens_that_are_not_plain_latin_letters_are_their_own_key(token: str) -> None:
    assert romanisation_key(token) == token


def test_phonetic_codes_are_computed_on_the_folded_key() -> None:
    expected = PhoneticCodes(metaphone="KTF", nysiis="CATAF", soundex="K310", match_rating="KTF")
    assert phonetic_codes("qaddafi") == expected
    assert phonetic_codes("gaddafi") == expected


@pytest.mark.parametrize("token", ["a", "ким", "888", "김"])
def test_short_or_non_latin_tokens_have_no_phonetic_codes(token: str) -> None:
    assert phonetic_codes(token) == PhoneticCodes()


def _codes(metaphone: str, nysiis: str, soundex: str, match_rating: str) -> PhoneticCodes:
    return PhoneticCodes(metaphone, nysiis, soundex, match_rating)


def test_phonetic_match_needs_the_same_soundex() -> None:
    a = _codes("KM", "CAN", "K500", "KM")
    assert not phonetic_match(a, _codes("KM", "CAN", "K600", "KM"))


def test_phonetic_match_never_matches_tokens_without_codes() -> None:
    assert not phonetic_match(PhoneticCodes(), PhoneticCodes())


def test_phonetic_match_with_soundex_and_metaphone_and_nysiis() -> None:
    a = _codes("STFN", "STAFAN", "S315", "STFN")
    assert phonetic_match(a, _codes("STFN", "STAFAN", "S315", "STVN"))


def test_phonetic_match_rejects_soundex_and_one_code_alone() -> None:
    # Match rating codes of six letters or more do not vote.
    a = _codes("TMSN", "TANSAN", "T525", "TMPSNX")
    assert not phonetic_match(a, _codes("TMSN", "OTHER", "T525", "TMPSNX"))
    # Nor do codes under three letters.
    b = _codes("KM", "CAN", "K500", "KM")
    assert not phonetic_match(b, _codes("KN", "CAN", "K500", "KM"))


def test_match_rating_of_three_to_five_letters_casts_the_second_vote() -> None:
    a = _codes("KTRN", "CATARAN", "K365", "KTRN")
    assert phonetic_match(a, _codes("KTRN", "CATRAN", "K365", "KTRN"))
    assert not phonetic_match(a, _codes("KTRN", "CATRAN", "K365", "KTRM"))


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("stephen", "steven", True),
        ("catherine", "kathryn", True),
        ("kaplan", "caplan", True),
        ("kim", "kun", False),  # NYSIIS alone reads Kim as Kun
        ("thompson", "tomson", False),
        ("mohammed", "mahmoud", False),
    ],
)
def test_phonetic_match_on_real_names(a: str, b: str, same: bool) -> None:
    assert phonetic_match(phonetic_codes(a), phonetic_codes(b)) is same


def test_phonetic_keys_are_the_romanisation_key_and_metaphone() -> None:
    assert phonetic_keys("qaddafi") == ("katafi", "~KTF")
    assert phonetic_keys("Khusnullin".lower()) == ("husnulin", "~HSNLN")
    assert phonetic_keys("888") == ("888",)
    assert phonetic_keys("a") == ("a",)
