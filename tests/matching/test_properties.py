"""Properties over arbitrary Unicode: normalisation and scoring never raise, scores lie in [0, 1].

Text is drawn from every Unicode category (surrogates cannot be encoded and
are left out) and, to make odd cases common rather than rare, from a
handful of characters evasions use: zero-width and bidi controls, combining
marks, variation selectors, emoji, control characters, Cyrillic and Greek
look-alikes, Hangul syllables and jamo.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from screening.matching import DEFAULT_THRESHOLD, CandidateIndex, ListedName, compare
from screening.matching.normalize import name_variants, normalize_name
from screening.matching.tokens import Tag, analyse_name
from tests.matching.listed import NAMES

ODD_CHARACTERS = (
    "\u200b\u200c\u200d\u2060\ufeff\u00ad"  # zero-width, soft hyphen
    "\u200e\u200f\u202a\u202e\u2066\u2069"  # bidi marks, overrides, isolates
    "\u0301\u0308\u0327\u05b5\u093f\u034f\ufe0f"  # combining marks, grapheme joiner, VS16
    "🙂\U0001f468\u200d\U0001f469\U0001f1f0\U0001f1f5"  # emoji, ZWJ sequence, flag
    "\x00\x07\x1b\x7f\x85\t\n\r\u2028\u3000\u00a0"  # controls and odd spaces
    "АаВЕеКкМНОоРрСсТХхУу"  # Cyrillic look-alikes
    "ΑΒΕΙΚΟΡΤΧοαρ"  # Greek look-alikes
    "김정은고려ㄱㅏ\u1100"  # Hangul syllables and jamo
    "عبריתँ中"  # right-to-left and other scripts
    " .-'’&+_/0123456789"  # punctuation and digits
)
NAME_CHARACTERS = st.characters(codec="utf-8") | st.sampled_from(ODD_CHARACTERS)
NAMES_TEXT = st.text(NAME_CHARACTERS, max_size=40)
SCHEMAS = st.sampled_from([None, "person", "company", "organization", "vessel"])

# The scripts the normaliser spells in Latin: ASCII, Latin-1 letters, Russian,
# Greek (with accents), Hangul syllables, plus punctuation and invisible characters.
_RUSSIAN = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
_GREEK = "αβγδεζηθικλμνξοπρσςτυφχψωάέήίόύώϊϋΐΰ"
_LATIN_1 = "".join(chr(c) for c in range(0xC0, 0x100) if chr(c) not in "×÷")
HANDLED_TEXT = st.text(
    st.characters(min_codepoint=0x20, max_codepoint=0x7E)
    | st.sampled_from(_RUSSIAN + _RUSSIAN.upper() + _GREEK + _GREEK.upper() + _LATIN_1)
    | st.sampled_from("\u200b\u200f\u00ad\t\u0301\u0308")
    | st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3),
    max_size=30,
)
LATIN_OUTPUT = re.compile(r"[a-z0-9]+(?: [a-z0-9]+)*")


def assert_normalised(text: str) -> None:
    """Casefolded, single-spaced words of letters, marks and digits; or empty."""
    assert text == text.casefold()
    assert text == text.strip()
    assert "  " not in text
    for char in text:
        assert char == " " or char.isalnum() or not char.isascii(), repr(text)
        assert char == " " or not char.isspace(), repr(text)


@settings(max_examples=400, deadline=None)
@given(NAMES_TEXT)
def test_normalize_name_never_raises_and_gives_single_spaced_casefolded_words(text: str) -> None:
    assert_normalised(normalize_name(text))


@settings(max_examples=400, deadline=None)
@given(NAMES_TEXT)
def test_normalize_name_is_idempotent(text: str) -> None:
    once = normalize_name(text)
    assert normalize_name(once) == once


@settings(max_examples=300, deadline=None)
@given(NAMES_TEXT)
def test_name_variants_start_with_the_canonical_form_and_repeat_none(text: str) -> None:
    variants = name_variants(text)
    assert variants[0] == normalize_name(text)
    assert len(set(variants)) == len(variants)
    for variant in variants:
        assert_normalised(variant)


@settings(max_examples=300, deadline=None)
@given(HANDLED_TEXT)
def test_names_in_handled_scripts_come_out_as_lowercase_latin(text: str) -> None:
    for variant in name_variants(text):
        assert variant == "" or LATIN_OUTPUT.fullmatch(variant), (text, variant)


@settings(max_examples=200, deadline=None)
@given(NAMES_TEXT, NAMES_TEXT, SCHEMAS)
def test_compare_never_raises_and_scores_within_zero_and_one(
    a: str, b: str, schema: str | None
) -> None:
    result = compare(a, b, schema=schema)
    assert 0.0 <= result.score <= 1.0
    assert result.match is (result.score >= DEFAULT_THRESHOLD)
    assert result.explanation["score"] == round(result.score, 4)


@settings(max_examples=100, deadline=None)
@given(NAMES_TEXT, SCHEMAS, st.floats(min_value=0.0, max_value=1.0))
def test_a_name_compared_with_itself_scores_one(
    text: str, schema: str | None, threshold: float
) -> None:
    result = compare(text, text, schema=schema, threshold=threshold)
    expected = 1.0 if analyse_name(text, schema) else 0.0
    assert result.score == expected


INDEX = CandidateIndex.build(NAMES)


@settings(max_examples=150, deadline=None)
@given(NAMES_TEXT, SCHEMAS, st.sampled_from([0.0, 0.5, DEFAULT_THRESHOLD, 0.9, 1.0]))
def test_search_never_raises_and_reports_scores_in_range_above_threshold(
    query: str, schema: str | None, threshold: float
) -> None:
    matches = INDEX.search(query, schema=schema, threshold=threshold)
    scores = [m.score for m in matches]
    assert all(threshold <= s <= 1.0 for s in scores)
    assert scores == sorted(scores, reverse=True)
    entities = [m.name.entity_id for m in matches]
    assert len(entities) == len(set(entities))


# Names that search can find: at least one word that is not a legal form,
# particle or title (those bring no candidates).
def _findable(text: str, schema: str | None) -> bool:
    forms = analyse_name(text, schema)
    return bool(forms) and any(
        t.tag not in (Tag.LEGAL, Tag.STOP, Tag.TITLE) for t in forms[0].tokens
    )


@settings(max_examples=60, deadline=None)
@given(st.lists(NAMES_TEXT, min_size=1, max_size=5), SCHEMAS)
def test_any_listed_name_is_found_by_its_own_spelling(texts: list[str], schema: str | None) -> None:
    index = CandidateIndex.build(
        ListedName(i, f"entity-{i}", text, schema) for i, text in enumerate(texts)
    )
    for i, text in enumerate(texts):
        matches = index.search(text, schema=schema)
        assert all(0.0 <= m.score <= 1.0 for m in matches)
        if _findable(text, schema):
            assert (f"entity-{i}", 1.0) in [(m.name.entity_id, m.score) for m in matches]


@pytest.mark.parametrize(
    "text",
    [
        "\u202eoyroK riA",  # right-to-left override
        "A\u0301\u0301\u0301ir",  # stacked marks
        "👨\u200d👩\u200d👧 Koryo",  # ZWJ emoji sequence
        "\x00" * 5,
        "\U0010ffff\U000e0001",  # last code point, language tag
        "ᅟᅠ\u3164",  # Hangul fillers
    ],
)
def test_known_odd_inputs_are_handled(text: str) -> None:
    assert_normalised(normalize_name(text))
    assert 0.0 <= compare(text, "Air Koryo").score <= 1.0
    assert all(0.0 <= m.score <= 1.0 for m in INDEX.search(text))
