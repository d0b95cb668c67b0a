"""normalize_name: every rule of screening.matching.normalize, one input at a time."""

from __future__ import annotations

import pytest

from screening.matching import DEFAULT_THRESHOLD, compare
from screening.matching.normalize import (
    fold_homoglyphs,
    fold_punctuation,
    name_variants,
    normalize_name,
    remove_invisible,
    split_camel_case,
    strip_diacritics,
)
from screening.matching.scripts import has_other_script

# -- 1. NFKC, casefold, invisible and control characters


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("AIR KORYO", "air koryo"),
        ("ＡＩＲ ＫＯＲＹＯ", "air koryo"),  # full-width forms
        ("𝐊𝐨𝐫𝐲𝐨", "koryo"),  # mathematical bold letters
        ("ﬁne", "fine"),  # ligature
        ("Ⅻ", "xii"),  # roman numeral
        ("①", "1"),  # circled digit
        ("Straße", "strasse"),  # casefold, not lower()
        ("İstanbul", "istanbul"),
    ],
)
def test_nfkc_and_casefold_give_plain_lowercase_letters(raw: str, expected: str) -> None:
    assert normalize_name(raw) == expected


@pytest.mark.parametrize(
    "invisible",
    [
        "\u200b",  # zero-width space
        "\u200c",  # zero-width non-joiner
        "\u200d",  # zero-width joiner
        "\u2060",  # word joiner
        "\ufeff",  # byte order mark
        "\u00ad",  # soft hyphen
        "\u200e",  # left-to-right mark
        "\u200f",  # right-to-left mark
        "\u202e",  # right-to-left override
        "\u2066",  # left-to-right isolate
        "\u180e",  # Mongolian vowel separator
        "\u034f",  # combining grapheme joiner
        "\ufe0f",  # variation selector 16
        "\U000e0100",  # variation selector 17
    ],
)
def test_invisible_characters_inside_a_word_vanish(invisible: str) -> None:
    assert normalize_name(f"Ko{invisible}ryo") == "koryo"
    assert normalize_name(f"Air{invisible}Koryo") == "airkoryo"


@pytest.mark.parametrize("control", ["\x00", "\x07", "\t", "\n", "\r", "\x7f", "\x85", "\u2028"])
def test_control_characters_separate_words(control: str) -> None:
    assert normalize_name(f"Air{control}Koryo") == "air koryo"


def test_remove_invisible_drops_format_characters_and_spaces_out_controls() -> None:
    assert remove_invisible("a\u200bb\u00adc\u200fd\x00e\x1ff\u2028g") == "abcd e f g"


@pytest.mark.parametrize("space", ["\u00a0", "\u2003", "\u3000", "\u202f"])
def test_unicode_spaces_are_ordinary_spaces(space: str) -> None:
    assert normalize_name(f"Rungra{space}888") == "rungra 888"


# -- 2. Homoglyphs


def test_cyrillic_lookalikes_inside_a_latin_word_are_read_as_latin() -> None:
    # Cyrillic А and о among Latin letters.
    assert normalize_name("\u0410ir K\u043eryo") == "air koryo"
    assert normalize_name("\u041a\u0410MAZ") == "kamaz"


def test_greek_lookalikes_inside_a_latin_word_are_read_as_latin() -> None:
    assert normalize_name("K\u03bfrea") == "korea"  # Greek omicron
    assert normalize_name("\u0391\u0399R") == "air"  # Greek Alpha, Iota


def test_word_of_lookalikes_only_is_latin_when_the_name_is_latin() -> None:
    # Х read as the Latin X, not transliterated as "kh".
    assert normalize_name("ХОМА Trading") == "xoma trading"


def test_word_of_lookalikes_only_is_transliterated_in_a_cyrillic_name() -> None:
    assert normalize_name("ХОМА Торговля") == "khoma torgovlya"
    assert normalize_name("ХОМА") == "khoma"


def test_cyrillic_word_with_letters_that_are_not_lookalikes_is_transliterated() -> None:
    assert normalize_name("Ромашка Trading") == "romashka trading"


def test_fold_homoglyphs_leaves_a_wholly_cyrillic_name_for_transliteration() -> None:
    assert fold_homoglyphs("Ромашка") == "Ромашка"
    assert fold_homoglyphs("\u0410ir K\u043eryo") == "Air Koryo"


def test_homoglyph_spelling_of_airline_matches() -> None:
    result = compare("\u0410ir K\u043eryo", "Air Koryo")
    assert result.score == 1.0


# -- 3. Camel case


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("KHUSNULLINMarat", "khusnullin marat"),
        ("BlackRock", "black rock"),
        ("ABCTrading", "abc trading"),
        # Runs shorter than three letters stay whole.
        ("GmbH", "gmbh"),
        ("McDonald", "mcdonald"),
        ("DeBeers", "debeers"),
    ],
)
def test_camel_case_splits_only_between_runs_of_three_letters(raw: str, expected: str) -> None:
    assert normalize_name(raw) == expected


def test_split_camel_case_keeps_case_for_later_casefolding() -> None:
    assert split_camel_case("KHUSNULLINMarat") == "KHUSNULLIN Marat"


# -- 4. Diacritics


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Société Générale", "societe generale"),
        ("Çelik", "celik"),
        ("Ångström", "angstrom"),
        ("Ko\u0301ryo", "koryo"),  # decomposed accent
        ("Øresund", "oresund"),
        ("Łódź", "lodz"),
        ("Ðorđe", "dorde"),
        ("ÆSIR", "aesir"),
        ("Œuvre", "oeuvre"),
        ("þór", "thor"),
        ("ſtraße", "strasse"),
        ("Ħal", "hal"),
        ("ŋ", "ng"),
        ("Ǣ", "ae"),  # æ under a macron
        ("ǿ", "o"),  # ø under an acute
    ],
)
def test_latin_diacritics_and_special_letters_are_stripped(raw: str, expected: str) -> None:
    assert normalize_name(raw) == expected


def test_marks_of_other_scripts_are_kept_because_they_are_letters() -> None:
    # The vowel signs survive accent stripping, and the reading spells them.
    assert strip_diacritics("Éé ñ नमस्ते") == "Ee n नमस्ते"
    assert normalize_name("नमस्ते") == "namaste"


def test_a_mark_with_no_letter_to_sit_on_is_dropped() -> None:
    assert normalize_name("\u0301Koryo") == "koryo"
    assert normalize_name("🙂\u05b5Koryo") == "koryo"  # Hebrew point after an emoji


# -- 5. Punctuation and spacing


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("A.I.R. Koryo", "air koryo"),
        ("A. I. R. Koryo", "air koryo"),
        ("S.A.R.L.", "sarl"),
        ("Air-Koryo", "air koryo"),
        ("Air  Koryo", "air koryo"),
        ("  Air Koryo  ", "air koryo"),
        ("Air/Koryo (Pyongyang)", "air koryo pyongyang"),
        ("AIRKORYO", "airkoryo"),
        ("J. Smith", "j smith"),
    ],
)
def test_punctuation_and_spacing_are_folded(raw: str, expected: str) -> None:
    assert normalize_name(raw) == expected


@pytest.mark.parametrize(
    "variant", ["A.I.R. Koryo", "Air-Koryo", "AIRKORYO", "airkoryo", "AIR KORYO"]
)
def test_punctuation_and_spacing_variants_of_airline_match(variant: str) -> None:
    assert compare(variant, "Air Koryo").score >= 0.95


def test_initialism_without_final_dot_closes_up() -> None:
    assert normalize_name("A.I.R Koryo") == "air koryo"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Qa'ida", "qaida"),
        ("Al-Qa’ida", "al qaida"),
        ("Qa\u02bcida", "qaida"),
        ("O`Brien", "obrien"),
    ],
)
def test_apostrophes_vanish(raw: str, expected: str) -> None:
    assert normalize_name(raw) == expected


def test_ampersand_and_plus_read_and() -> None:
    assert normalize_name("Smith & Wesson") == "smith and wesson"
    assert normalize_name("Koryo+Air") == "koryo and air"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Sech1n", "sechin"),
        ("K0ry0", "koryo"),
        ("Leet5peak", "leetspeak"),
        ("Pyongyang Tr4ding", "pyongyang trading"),
        ("Ivan1", "ivani"),  # final 0, 1 or 3 after three letters
        ("K0ry0_", "koryo"),  # an underscore ends a word like a space
    ],
)
def test_leetspeak_digits_inside_or_ending_a_word_read_as_letters(raw: str, expected: str) -> None:
    assert normalize_name(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Rungra 888", "rungra 888"),  # a number alone is a number
        ("R2D2", "r2d2"),  # a digit between a letter and a digit stays
        ("Air 2", "air 2"),
        ("Ivan4", "ivan4"),  # only 0, 1 and 3 are read at the end of a word
        ("4ir", "4ir"),  # nor at its start
    ],
)
def test_digits_that_are_not_leetspeak_stay_digits(raw: str, expected: str) -> None:
    assert normalize_name(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("PAK H@ Rin", "pak ha rin"),  # a syllable of two ends in "@" for a
        ("JONG Bo R@", "jong bo ra"),
        ("R$ 100", "r 100"),  # "$" after one letter is a currency's sign
        ("J! Hun", "j hun"),  # and "!" a mark
    ],
)
def test_a_final_at_sign_after_one_letter_is_an_a(raw: str, expected: str) -> None:
    assert normalize_name(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("K O R Y O", "koryo"),
        ("K-O-R-Y-O", "koryo"),
        ("K O R Y O Air", "koryo air"),
        ("L I M", "lim"),
        ("A B", "a b"),  # two letters may be initials
    ],
)
def test_three_or_more_spaced_letters_close_up(raw: str, expected: str) -> None:
    assert normalize_name(raw) == expected


def test_fold_punctuation_applies_every_rule_in_one_pass() -> None:
    text = "qa'ida a.i.r. koryo a & b sech1n k o r y o"
    assert fold_punctuation(text) == "qaida air koryo a and b sechin koryo"


# -- Small alphabets and other scripts


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Αθήνα", "athina"),  # Greek
        ("Ερεβάν", "erevan"),
        ("Ή", "i"),  # a Greek word of accented letters only
        ("Ό", "o"),
        ("Երևան", "erevan"),  # Armenian, with the ligature և
        ("Ուրարտու", "urartu"),  # Armenian ու is u
        ("თბილისი", "tbilisi"),  # Georgian
    ],
)
def test_greek_armenian_and_georgian_are_spelled_in_latin(raw: str, expected: str) -> None:
    assert normalize_name(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("习近平", "xi jinping"),  # Chinese: a personal name is surname and given name
        ("贝拉克·奥巴马", "beilake aobama"),  # a foreign name: one word per dotted part
        ("バラク・オバマ", "baraku obama"),  # kana
        ("ジョン", "jon"),  # the small yo joins the syllable before it
        ("فرناندو بيريز", "frnandu biriz"),  # Arabic: long vowels read as vowels
        ("بشار الأسد", "bashar al asd"),  # the article apart, an unwritten a after bsh
        ("בנימין", "banimin"),  # Hebrew
        ("बराक ओबामा", "barak obama"),  # Devanagari: the inherent a, not at a word's end
        ("ប៉ុល ពត", "bol pt"),  # Khmer
        ("ዐቢይ አሕመድ", "abiy ahmed"),  # Ethiopic
        ("บารัก โอบามา", "barak oobama"),  # Thai
    ],
)
def test_other_scripts_are_read_in_latin_letters(raw: str, expected: str) -> None:
    assert normalize_name(raw) == expected


def test_latin_names_do_not_take_the_reading_of_other_scripts() -> None:
    assert not has_other_script("José Müller-Lüdenscheidt Ødegård")
    assert has_other_script("Kim 金正恩")


@pytest.mark.parametrize("raw", ["", "   ", "!!!", "🙂", "\u200b", "\x00\x01"])
def test_nothing_name_like_gives_an_empty_string(raw: str) -> None:
    assert normalize_name(raw) == ""


# -- name_variants


def test_latin_name_has_one_variant() -> None:
    assert name_variants("Air Koryo") == ("air koryo",)


def test_cyrillic_name_has_bgn_icao_and_german_variants_canonical_first() -> None:
    assert name_variants("Юрий") == ("yuriy", "iurii", "jurij")
    assert normalize_name("Юрий") == "yuriy"


def test_identical_variants_are_listed_once() -> None:
    assert name_variants("Путин") == ("putin",)


def test_hangul_name_has_mccune_reischauer_and_revised_variants() -> None:
    assert name_variants("고려") == ("ko ryo", "go ryeo")


def test_mixed_cyrillic_and_hangul_name_has_every_combination() -> None:
    assert name_variants("Юрий 고려") == (
        "yuriy ko ryo",
        "yuriy go ryeo",
        "iurii ko ryo",
        "iurii go ryeo",
        "jurij ko ryo",
        "jurij go ryeo",
    )


def test_evasion_variants_still_match_above_threshold() -> None:
    listed = "Korea Ryonbong General Corporation"
    for evasion in (
        "Korea Ryonb\u200bong General Corporation",
        "K\u043erea Ry\u043enbong General Corporation",
        "KOREA RYONBONG GENERAL CORPORATION",
        "Korea-Ryonbong General Corp.",
        "Kor3a Ry0nbong General Corporation",
    ):
        assert compare(evasion, listed).score >= DEFAULT_THRESHOLD, evasion


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("LERMA +RAD1NG S.A.", "lerma trading s a"),  # + as t, 1 as i
        ("GLOBA1 +RADE", "global trade"),  # + as t, 1 as l
    ],
)
def test_each_ambiguous_leet_mark_is_read_both_ways(raw: str, expected: str) -> None:
    """1 is i or l and + is t or "and", independently of each other."""
    assert expected in name_variants(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("H O Y o n g I l", "ho yong il"),
        ("K O I l H w a n", "ko il hwan"),
        ("K o r e a K w a n g s o n", "korea kwangson"),
        ("G m b H", "gmbh"),  # a legal form in mixed case stays whole
        ("K O R Y O", "koryo"),  # one case: no word breaks to see
    ],
)
def test_spaced_out_letters_in_mixed_case_break_where_a_word_starts(
    raw: str, expected: str
) -> None:
    assert name_variants(raw)[0] == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("S H I ' A R  M u h a m m a d", "shiar muhammad"),  # the name's own apostrophe
        ("1 5 K H O R D A D", "15 khordad"),  # digits join, and part from letters
        ("Boeing 7 4 7", "boeing 747"),
        ("Unit 7 A", "unit 7 a"),  # too short to be spaced out
    ],
)
def test_spaced_out_runs_with_apostrophes_and_digits(raw: str, expected: str) -> None:
    assert name_variants(raw)[0] == expected


def test_a_consonant_and_a_1_are_also_read_as_a_syllable() -> None:
    """R1, Thae Chol: RI written with a 1; a vowel and a 1 (A1) stay as they are."""
    assert "ri thae chol" in name_variants("R1 Thae Chol")
    assert compare("R1, Thae Chol", "RI, Thae Chol", "person").match
    assert all("ai" not in v.split() for v in name_variants("A1 Group"))
