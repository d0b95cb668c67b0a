"""Hangul: syllable decomposition into Revised Romanization and McCune–Reischauer."""

from __future__ import annotations

import pytest

from screening.matching import DEFAULT_THRESHOLD, compare
from screening.matching.hangul import (
    NAME_SYLLABLES,
    has_hangul,
    initial_sound_law,
    is_hangul,
    romanize_hangul,
    romanize_syllable,
)
from screening.matching.normalize import name_variants, normalize_name

# The 19 initial consonants, each before the vowel ㅏ.
INITIALS = "가까나다따라마바빠사싸아자짜차카타파하"
# The 21 vowels, each after the silent ㅇ.
VOWELS = "아애야얘어에여예오와왜외요우워웨위유으의이"


def test_initial_consonants_in_revised_romanization() -> None:
    assert [romanize_syllable(c, "rr") for c in INITIALS] == [
        "ga", "kka", "na", "da", "tta", "ra", "ma", "ba", "ppa", "sa",
        "ssa", "a", "ja", "jja", "cha", "ka", "ta", "pa", "ha",
    ]  # fmt: skip


def test_initial_consonants_in_mccune_reischauer() -> None:
    assert [romanize_syllable(c, "mr") for c in INITIALS] == [
        "ka", "kka", "na", "ta", "tta", "ra", "ma", "pa", "ppa", "sa",
        "ssa", "a", "cha", "tcha", "cha", "ka", "ta", "pa", "ha",
    ]  # fmt: skip


def test_vowels_in_revised_romanization() -> None:
    assert [romanize_syllable(c, "rr") for c in VOWELS] == [
        "a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae",
        "oe", "yo", "u", "wo", "we", "wi", "yu", "eu", "ui", "i",
    ]  # fmt: skip


def test_vowels_in_mccune_reischauer_without_breves() -> None:
    # ㅓ and ㅗ both "o", ㅡ and ㅜ both "u": MR's breves are dropped.
    assert [romanize_syllable(c, "mr") for c in VOWELS] == [
        "a", "ae", "ya", "yae", "o", "e", "yo", "ye", "o", "wa", "wae",
        "oe", "yo", "u", "wo", "we", "wi", "yu", "u", "ui", "i",
    ]  # fmt: skip


def test_final_consonants_are_spelled_as_pronounced_at_a_syllable_end() -> None:
    finals = [chr(0xAC00 + final) for final in range(28)]  # 가 with each final
    assert [romanize_syllable(c, "rr") for c in finals] == [
        "ga", "gak", "gak", "gak", "gan", "gan", "gan", "gat", "gal", "gak",
        "gam", "gap", "gal", "gal", "gap", "gal", "gam", "gap", "gap", "gat",
        "gat", "gang", "gat", "gat", "gak", "gat", "gap", "gat",
    ]  # fmt: skip


@pytest.mark.parametrize(("syllable", "rr", "mr"), [("옷", "ot", "ot"), ("닭", "dak", "tak")])
def test_final_clusters_and_fricatives_neutralise(syllable: str, rr: str, mr: str) -> None:
    assert romanize_syllable(syllable, "rr") == rr
    assert romanize_syllable(syllable, "mr") == mr


def test_romanize_syllable_returns_other_characters_unchanged() -> None:
    assert romanize_syllable("A") == "A"
    assert romanize_syllable("ㄱ") == "ㄱ"


@pytest.mark.parametrize(
    ("hangul", "mr", "rr"),
    [
        ("김정은", "kim chong un", "kim jeong eun"),
        ("고려", "ko ryo", "go ryeo"),
        ("평양", "pyong yang", "pyeong yang"),
        ("최룡해", "choe ryong hae", "choi ryong hae"),
    ],
)
def test_short_words_come_out_one_token_per_syllable(hangul: str, mr: str, rr: str) -> None:
    assert romanize_hangul(hangul, "mr") == mr
    assert romanize_hangul(hangul, "rr") == rr


def test_words_longer_than_a_name_stay_one_token() -> None:
    assert NAME_SYLLABLES == 3
    assert romanize_hangul("조선로동당", "mr") == "chosonrotongtang"
    assert romanize_hangul("조선로동당", "rr") == "joseonrodongdang"


@pytest.mark.parametrize(
    ("hangul", "mr", "rr"),
    [
        ("이명박", "ri myong pak", "lee myeong bak"),
        ("리선권", "ri son kwon", "lee seon gwon"),
        ("박봉주", "pak pong chu", "park bong ju"),
        ("김정은", "kim chong un", "kim jeong eun"),
        ("윤호진", "yun ho chin", "yoon ho jin"),
    ],
)
def test_leading_surname_gets_the_conventional_spelling_of_its_side(
    hangul: str, mr: str, rr: str
) -> None:
    assert romanize_hangul(hangul, "mr") == mr
    assert romanize_hangul(hangul, "rr") == rr


def test_a_single_syllable_is_not_taken_for_a_surname() -> None:
    assert romanize_hangul("김", "rr") == "gim"
    assert romanize_hangul("이", "mr") == "i"


def test_text_around_hangul_passes_through_and_stray_jamo_become_spaces() -> None:
    assert romanize_hangul("Kim 김정은!", "mr") == "Kim kim chong un!"
    assert romanize_hangul("김 정은", "rr") == "gim jeong eun"
    assert romanize_hangul("ㄱ고려", "mr") == " ko ryo"


def test_unknown_romanisation_system_raises() -> None:
    with pytest.raises(ValueError, match="unknown Korean romanisation 'yale'"):
        romanize_hangul("김정은", "yale")


def test_hangul_detection_covers_syllables_and_jamo() -> None:
    assert is_hangul("김") and is_hangul("ㄱ") and is_hangul("ᄀ")
    assert not is_hangul("a") and not is_hangul("中")
    assert has_hangul("Air 고려")
    assert not has_hangul("Air Koryo")


# -- Initial sound law (두음법칙): the South drops or softens a word-initial ㄹ/ㄴ


@pytest.mark.parametrize(
    ("north", "south"),
    [
        ("리", "이"),  # ㄹ before i drops
        ("류경", "유경"),  # ㄹ before yu drops
        ("량강도", "양강도"),  # ㄹ before ya drops
        ("로동당", "노동당"),  # ㄹ before other vowels becomes ㄴ
        ("력사", "역사"),
        ("녀자", "여자"),  # ㄴ before yeo drops
    ],
)
def test_initial_sound_law_respells_the_first_syllable(north: str, south: str) -> None:
    assert initial_sound_law(north) == south


@pytest.mark.parametrize("word", ["김정은", "나라", "조선로동당", "Kim", ""])
def test_initial_sound_law_leaves_other_words_alone(word: str) -> None:
    assert initial_sound_law(word) == word


def test_initial_sound_law_touches_only_the_first_syllable() -> None:
    assert initial_sound_law("로동로동") == "노동로동"


# -- Matching


def test_hangul_name_has_both_romanisations() -> None:
    assert name_variants("김정은") == ("kim chong un", "kim jeong eun")
    assert normalize_name("고려") == "ko ryo"


@pytest.mark.parametrize("latin", ["Kim Jong Un", "KIM Jong-un", "Gim Jeong-eun", "Kim Chong-un"])
def test_hangul_spelling_of_leader_matches_mr_and_rr(latin: str) -> None:
    assert compare("김정은", latin, schema="person").score >= 0.95
    assert compare(latin, "김정은", schema="person").score >= 0.95


@pytest.mark.parametrize("latin", ["Koryo", "Goryeo", "KORYO"])
def test_hangul_spelling_of_koryo_matches(latin: str) -> None:
    assert compare("고려", latin).score >= 0.95


@pytest.mark.parametrize(
    ("hangul", "latin"),
    [
        ("최룡해", "CHOE Ryong Hae"),
        ("최룡해", "Choi Ryong-hae"),
        ("리병철", "RI Pyong Chol"),
        ("리병철", "Lee Byeong-cheol"),
        ("박봉주", "PAK Pong Ju"),
        ("박봉주", "Park Bong-ju"),
    ],
)
def test_surnames_match_both_conventions(hangul: str, latin: str) -> None:
    assert compare(hangul, latin, schema="person").score >= 0.95


def test_north_and_south_hangul_spellings_meet_under_the_initial_sound_law() -> None:
    assert compare("리선권", "이선권", schema="person").score == 1.0
    assert compare("로동신문", "노동신문").score == 1.0


def test_hangul_names_compare_syllable_by_syllable_not_by_romanisation() -> None:
    # 정 and 종 both romanise as "jong" in MR, but they are different syllables.
    assert compare("김정은", "김종은", schema="person").score < DEFAULT_THRESHOLD


def test_hangul_name_with_space_after_surname_matches() -> None:
    assert compare("김정은", "김 정은", schema="person").score >= DEFAULT_THRESHOLD


@pytest.mark.parametrize(
    ("hangul", "listed"),
    [
        # 성 (ministry) and 군 (army) inside a word are syllables of a proper name here.
        ("조선광성무역회사", "KOREA KWANGSONG TRADING COMPANY"),
        ("조선단군무역회사", "KOREA TANGUN TRADING CORPORATION"),
    ],
)
def test_a_one_syllable_word_inside_a_word_may_be_part_of_a_name(hangul: str, listed: str) -> None:
    assert compare(hangul, listed, "Company").match


def test_a_one_syllable_prefix_is_still_translated() -> None:
    assert "general trading company" in name_variants("총무역회사")
