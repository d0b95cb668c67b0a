"""Cyrillic romanisation: BGN/PCGN, ICAO (passports), German and French styles."""

from __future__ import annotations

import pytest

from screening.matching import DEFAULT_THRESHOLD, compare
from screening.matching.cyrillic import (
    STYLES,
    has_cyrillic,
    is_cyrillic,
    transliterate_cyrillic,
)
from screening.matching.normalize import name_variants, normalize_name

# One row per word: its spelling in BGN/PCGN, ICAO, German and French style.
WORDS: list[tuple[str, str, str, str, str]] = [
    ("хуснуллин", "khusnullin", "khusnullin", "chusnullin", "khousnoullin"),
    ("евгений", "yevgeniy", "evgenii", "jewgenij", "evgenii"),
    ("ёлкин", "elkin", "elkin", "jolkin", "iolkin"),
    ("жуков", "zhukov", "zhukov", "schukow", "joukov"),
    ("щукин", "shchukin", "shchukin", "schtschukin", "chtchoukin"),
    ("цой", "tsoy", "tsoi", "zoj", "tsoi"),
    ("чехов", "chekhov", "chekhov", "tschechow", "tchekhov"),
    ("юрий", "yuriy", "iurii", "jurij", "iourii"),
    ("яковлев", "yakovlev", "iakovlev", "jakowlew", "iakovlev"),
    ("шойгу", "shoygu", "shoigu", "schojgu", "choigou"),
    ("зеленский", "zelenskiy", "zelenskii", "selenskij", "zelenskii"),
    ("хрущёв", "khrushchev", "khrushchev", "chruschtschjow", "khrouchtchiov"),
    ("семён", "semen", "semen", "semjon", "semion"),
]


@pytest.mark.parametrize(("cyrillic", "bgn", "icao", "german", "french"), WORDS)
def test_each_style_spells_every_letter_its_own_way(
    cyrillic: str, bgn: str, icao: str, german: str, french: str
) -> None:
    assert transliterate_cyrillic(cyrillic, "bgn") == bgn
    assert transliterate_cyrillic(cyrillic, "icao") == icao
    assert transliterate_cyrillic(cyrillic, "german") == german
    assert transliterate_cyrillic(cyrillic, "french") == french


def test_bgn_is_the_default_style() -> None:
    assert transliterate_cyrillic("хуснуллин") == "khusnullin"
    assert STYLES == ("bgn", "icao", "german", "french")


@pytest.mark.parametrize(
    ("style", "word_start", "after_vowel", "after_consonant", "after_hard_sign"),
    [
        ("bgn", "yelena", "sergeyev", "vera", "podyezd"),
        ("german", "jelena", "sergejew", "wera", "podjesd"),
        ("icao", "elena", "sergeev", "vera", "podieezd"),
        ("french", "elena", "sergeev", "vera", "podezd"),
    ],
)
def test_iotated_e_at_word_start_and_after_vowels_or_hard_sign(
    style: str, word_start: str, after_vowel: str, after_consonant: str, after_hard_sign: str
) -> None:
    assert transliterate_cyrillic("елена", style) == word_start
    assert transliterate_cyrillic("сергеев", style) == after_vowel
    assert transliterate_cyrillic("вера", style) == after_consonant
    assert transliterate_cyrillic("подъезд", style) == after_hard_sign


def test_icao_writes_the_hard_sign_as_ie() -> None:
    assert transliterate_cyrillic("объект", "icao") == "obieekt"
    assert transliterate_cyrillic("объект", "bgn") == "obyekt"


def test_soft_sign_is_dropped() -> None:
    assert transliterate_cyrillic("ильич", "bgn") == "ilich"


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("київ", "kiyiv"),  # Ukrainian ї
        ("єгор", "yegor"),  # Ukrainian є
        ("ґанок", "ganok"),  # Ukrainian ґ
        ("ђорђе", "djordje"),  # Serbian ђ
        ("љубљана", "ljubljana"),  # Serbian љ
        ("његош", "njegosh"),  # Serbian њ
        ("қазақстан", "kazakstan"),  # Kazakh қ
        ("өскемен", "oskemen"),  # Kazakh ө
        ("ўладзімір", "wladzimir"),  # Belarusian ў and і
    ],
)
def test_other_cyrillic_languages_are_covered(cyrillic: str, latin: str) -> None:
    assert transliterate_cyrillic(cyrillic, "bgn") == latin


@pytest.mark.parametrize(("accented", "latin"), [("ѐ", "e"), ("ѝ", "i"), ("ӧ", "o"), ("ӱ", "u")])
def test_accented_letter_missing_from_the_tables_is_spelled_as_its_base(
    accented: str, latin: str
) -> None:
    assert transliterate_cyrillic(accented, "bgn") == latin
    assert normalize_name(accented.upper()) == latin


def test_non_cyrillic_text_passes_through() -> None:
    assert transliterate_cyrillic("air koryo 888 고려", "bgn") == "air koryo 888 고려"
    assert transliterate_cyrillic("abc е", "bgn") == "abc ye"


def test_unknown_style_raises_instead_of_falling_back() -> None:
    with pytest.raises(ValueError, match="unknown Cyrillic style 'ukrainian'"):
        transliterate_cyrillic("київ", "ukrainian")


def test_cyrillic_detection_covers_the_cyrillic_blocks_only() -> None:
    assert is_cyrillic("Ѐ") and is_cyrillic("я") and is_cyrillic("ԯ")
    assert not is_cyrillic("Ա") and not is_cyrillic("z")
    assert has_cyrillic("kamaz Камаз")
    assert not has_cyrillic("kamaz")


def test_normalised_cyrillic_name_keeps_bgn_icao_and_german_variants() -> None:
    assert name_variants("Хуснуллин") == ("khusnullin", "chusnullin")
    assert name_variants("Евгений Пригожин") == (
        "yevgeniy prigozhin",
        "evgenii prigozhin",
        "jewgenij prigoschin",
    )


@pytest.mark.parametrize("latin", ["Khusnullin", "Husnullin", "Chusnullin", "KHUSNULLIN"])
def test_cyrillic_surname_matches_each_latin_spelling(latin: str) -> None:
    result = compare("Хуснуллин", latin, schema="person")
    assert result.score >= 0.95


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("Хуснуллин Марат Шакирзянович", "KHUSNULLIN, Marat Shakirzyanovich"),
        ("Пригожин Евгений Викторович", "PRIGOZHIN, Yevgeniy Viktorovich"),
        ("Зеленський Володимир", "Volodymyr Zelenskyy"),
        ("Шойгу Сергей", "Sergei SHOIGU"),
    ],
)
def test_cyrillic_spelling_of_listed_person_matches(cyrillic: str, latin: str) -> None:
    assert compare(cyrillic, latin, schema="person").match
    assert compare(latin, cyrillic, schema="person").match


def test_cyrillic_spelling_of_agency_matches() -> None:
    result = compare("ООО Центр Миграции Амур", "Tsentr Migratsii Amur LLC", schema="company")
    assert result.score == 1.0
    assert result.score >= DEFAULT_THRESHOLD


def test_russian_spelling_of_korean_name_matches() -> None:
    assert compare("Ким Чен Ын", "Kim Jong Un", schema="person").match


@pytest.mark.parametrize(
    ("russian", "listed"),
    [("Ким Ён Чхоль", "KIM Yong Chol"), ("Пак Ён Сик", "PAK Yong Sik"), ("Ри Су Ён", "RI Su Yong")],
)
def test_kontsevich_spelling_of_korean_name_matches(russian: str, listed: str) -> None:
    assert compare(russian, listed, schema="person").match


def test_russian_name_is_not_read_as_korean() -> None:
    assert compare("Сергей Шойгу", "Sergei Shoigu", schema="person").match
    assert compare("Ким Ён Чхоль", "Kim Yen Chkhol", schema="person").match


@pytest.mark.parametrize(
    ("russian", "listed"),
    [
        ("Мин Пён Чоль", "MIN, Byong Chol"),  # 민: a surname beyond the commonest dozen
        ("Квак Чон Чоль", "KWAK, Chong Chol"),
        ("Цой Ен Гун", "CHOE Yong Gun"),  # Koryo-saram spelling, word-initial е as yo
    ],
)
def test_korean_surnames_in_russian_spelling_are_recognised(russian: str, listed: str) -> None:
    assert compare(russian, listed, schema="person").match


@pytest.mark.parametrize(
    ("russian", "listed"),
    [
        ("Хван Со Юн", "HWANG, Pyong So"),  # yun or yung is not pyong
        ("Ким Мин Чун", "KIM, Man Chun"),  # min is not man
        ("Чон По Ра", "PO CHON"),  # a third syllable is another given name
    ],
)
def test_a_guessed_korean_reading_needs_every_syllable(russian: str, listed: str) -> None:
    """Readings of a Russian spelling are guesses (н is n or ng, in several systems);
    the best of them must not meet a different Korean name by a loose syllable."""
    assert not compare(russian, listed, schema="person").match
    assert not compare(russian, listed).match


def test_a_latin_korean_name_keeps_its_typo_allowance() -> None:
    assert compare("Kim Jong On", "Kim Jong Un", schema="person").match
    assert compare("Ким Чен Ын", "Kim Jong Un", schema="person").match
