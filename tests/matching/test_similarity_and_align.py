"""Token similarity and alignment: how words are paired and what each pairing is worth."""

from __future__ import annotations

import random

import pytest

from screening.matching import DEFAULT_THRESHOLD, compare
from screening.matching.align import align, pair_score
from screening.matching.config import DEFAULT_CONFIG
from screening.matching.similarity import (
    edit_budget,
    may_be_similar,
    string_similarity,
    token_similarity,
)
from screening.matching.tokens import Tag, Token, analyse_name, lexeme


def similarity(a: str, b: str) -> tuple[float, str]:
    return token_similarity(lexeme(a), lexeme(b))


def token(text: str, tag: Tag) -> Token:
    return Token(lexeme(text), tag)


def edges(query: str, listed: str, schema: str | None = None) -> list[tuple[str, str, str]]:
    """The aligned (query words, listed words, method) of two names' canonical forms."""
    q = analyse_name(query, schema)[0].tokens
    c = analyse_name(listed, schema)[0].tokens
    alignment = align(q, c, DEFAULT_CONFIG)
    return sorted(
        (
            " ".join(q[i].text for i in e.query),
            " ".join(c[j].text for j in e.listed),
            e.method,
        )
        for e in alignment.edges
    )


# -- Token similarity


def test_same_word_is_exact() -> None:
    assert similarity("koryo", "koryo") == (1.0, "exact")


@pytest.mark.parametrize(
    ("a", "b"), [("jong", "jeong"), ("khusnullin", "husnullin"), ("vekselberg", "wekselberg")]
)
def test_same_romanisation_key_scores_the_romanisation_score(a: str, b: str) -> None:
    assert similarity(a, b) == (DEFAULT_CONFIG.romanisation_score, "romanisation")


def test_one_edit_in_a_short_word_is_an_edit_ratio() -> None:
    assert similarity("kim", "kin") == pytest.approx((2 / 3, "edit"))


def test_a_swap_of_two_letters_in_a_three_letter_word_is_one_edit() -> None:
    assert similarity("hea", "hae") == pytest.approx((2 / 3, "edit"))


def test_one_typo_in_a_long_word_is_discounted_jaro_winkler() -> None:
    score, method = similarity("rotenberg", "rotenburg")
    assert method == "jaro_winkler"
    assert score == pytest.approx(0.9556 - DEFAULT_CONFIG.jaro_winkler_discount, abs=1e-3)


@pytest.mark.parametrize(("a", "b"), [("stephen", "steven"), ("catherine", "kathryn")])
def test_same_sound_scores_the_phonetic_score(a: str, b: str) -> None:
    assert similarity(a, b) == (DEFAULT_CONFIG.phonetic_score, "phonetic")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("olga", "oleg"),  # same phonetic codes, spelled too differently
        ("kim", "lee"),
        ("mohammed", "mahmoud"),
        ("김정은", "김종은"),  # one syllable apart is a different Hangul name
    ],
)
def test_different_words_do_not_match(a: str, b: str) -> None:
    assert similarity(a, b) == (0.0, "none")


def test_edit_budget_grows_with_word_length() -> None:
    assert [edit_budget("x" * n) for n in range(14)] == [0, 0, 0, 1, 1, 2, 2, 2, 2, 2, 2, 3, 3, 3]


def test_edit_budget_for_hangul_counts_syllables() -> None:
    assert edit_budget("김정은") == 0
    assert edit_budget("조선로동당") == 1


def test_string_similarity_of_joined_words() -> None:
    assert string_similarity("airkoryo", "airkoryo") == 1.0
    assert string_similarity("airkoryo", "airkoryu") == 0.875
    assert string_similarity("ab", "cd") == 0.0


# -- Tag rules of a single pairing


def test_any_two_legal_forms_agree() -> None:
    assert pair_score(token("llc", Tag.LEGAL), token("ooo", Tag.LEGAL), DEFAULT_CONFIG) == (
        1.0,
        "legal_form",
    )


def test_a_legal_form_never_meets_another_kind_of_word() -> None:
    llc = token("llc", Tag.LEGAL)
    assert pair_score(llc, token("llc", Tag.NAME), DEFAULT_CONFIG) == (0.0, "none")


def test_numbers_meet_only_equal_numbers() -> None:
    n888, n889 = token("888", Tag.NUMBER), token("889", Tag.NUMBER)
    assert pair_score(n888, n888, DEFAULT_CONFIG) == (1.0, "exact")
    assert pair_score(n888, n889, DEFAULT_CONFIG) == (0.0, "none")


def test_a_patronymic_meets_only_a_patronymic() -> None:
    patronymic = token("ivanovich", Tag.PATRONYMIC)
    assert pair_score(patronymic, token("ivanov", Tag.NAME), DEFAULT_CONFIG) == (0.0, "none")
    assert pair_score(patronymic, patronymic, DEFAULT_CONFIG) == (1.0, "exact")


def test_an_initial_meets_a_word_starting_with_it() -> None:
    j = token("j", Tag.INITIAL)
    assert pair_score(j, token("john", Tag.NAME), DEFAULT_CONFIG) == (0.9, "initial")
    assert pair_score(token("john", Tag.NAME), j, DEFAULT_CONFIG) == (0.9, "initial")
    assert pair_score(j, token("peter", Tag.NAME), DEFAULT_CONFIG) == (0.0, "none")
    assert pair_score(j, j, DEFAULT_CONFIG) == (1.0, "exact")
    assert pair_score(j, token("k", Tag.INITIAL), DEFAULT_CONFIG) == (0.0, "none")


def test_particles_and_titles_must_be_spelled_alike_or_share_a_key() -> None:
    assert pair_score(token("al", Tag.STOP), token("el", Tag.STOP), DEFAULT_CONFIG) == (
        0.95,
        "romanisation",
    )
    assert pair_score(token("of", Tag.STOP), token("on", Tag.STOP), DEFAULT_CONFIG) == (0.0, "none")
    assert pair_score(token("mr", Tag.TITLE), token("dr", Tag.TITLE), DEFAULT_CONFIG) == (
        0.0,
        "none",
    )


# -- Alignment


def test_word_order_is_free() -> None:
    assert edges("Koryo Air", "Air Koryo") == [
        ("air", "air", "exact"),
        ("koryo", "koryo", "exact"),
    ]


def test_words_written_together_meet_the_run_they_join() -> None:
    assert edges("AIRKORYO", "Air Koryo") == [("airkoryo", "air koryo", "joined")]
    assert edges("Air Koryo", "AIRKORYO") == [("air koryo", "airkoryo", "joined")]
    assert edges("Ramimakhlouf", "Rami Makhlouf") == [("ramimakhlouf", "rami makhlouf", "joined")]


def test_an_acronym_meets_the_words_it_abbreviates_skipping_particles() -> None:
    assert edges("KPA", "Korean People's Army") == [("kpa", "korean peoples army", "acronym")]
    # Only the side written as the acronym may abbreviate: a listed acronym is not
    # spelled out by query words.
    assert edges("Ministry of State Security", "MSS") == []


def test_words_that_spell_a_listed_acronym_do_not_match_it() -> None:
    # Issue 13: Bjørg Mona Iversen is not BMI (Bank Melli Iran), the
    # Intergovernmental Panel on Climate Change is not IPCC (a petrochemical firm).
    assert not compare("Bjørg Mona Iversen", "BMI").match
    assert not compare("Intergovernmental Panel on Climate Change", "IPCC").match
    assert not compare("Ministry of State Security", "MSS", schema="organization").match


def test_an_acronym_never_stands_for_a_persons_name() -> None:
    assert not compare("BMI", "Bjørg Mona Iversen", schema="person").match


def test_an_initial_meets_the_word_it_abbreviates() -> None:
    assert edges("J. Smith", "John Smith") == [
        ("j", "john", "initial"),
        ("smith", "smith", "exact"),
    ]


def test_unaligned_tokens_are_left_over_on_their_side() -> None:
    q = analyse_name("Kim Jong Un")[0].tokens
    c = analyse_name("Kim Jong Il")[0].tokens
    alignment = align(q, c, DEFAULT_CONFIG)
    assert alignment.query_extra == [2]
    assert alignment.listed_extra == [2]


# -- Pair-level rules


def test_numbers_must_agree() -> None:
    assert compare("Rungra 888", "Rungra 888").score == 1.0
    assert compare("Rungra 888", "Rungra 889").score < DEFAULT_THRESHOLD
    assert compare("Bureau 39", "Bureau 93").score < DEFAULT_THRESHOLD


def test_spelled_number_matches_its_digits() -> None:
    assert compare("Unit Forty-Four", "Unit 44").score == 1.0
    assert compare("Third Bureau", "Bureau 3").score == 1.0


@pytest.mark.parametrize(
    ("acronym", "name"),
    [
        ("KPA", "Korean People's Army"),
        ("K.P.A.", "Korean People's Army"),
        ("K P A", "Korean People's Army"),
        ("RGB", "Reconnaissance General Bureau"),
        ("KKBC", "Korea Kwangson Banking Corp"),
    ],
)
def test_acronym_matches_the_name_it_abbreviates(acronym: str, name: str) -> None:
    assert compare(acronym, name, schema="organization").match


@pytest.mark.parametrize("initials", ["K.P.A.", "K. P. A.", "K P A", "K-P-A"])
def test_dotted_or_spaced_initials_equal_the_acronym(initials: str) -> None:
    assert compare(initials, "KPA", schema="organization").score == 1.0


def test_acronym_must_spell_the_words_in_order() -> None:
    assert compare("PKA", "Korean People's Army", schema="organization").score == 0.0


@pytest.mark.parametrize("initials", ["N.N.", "N N", "NN"])
def test_initials_alone_do_not_identify_a_person(initials: str) -> None:
    assert compare(initials, "Nursultan Nazarbayev", schema="person").score < DEFAULT_THRESHOLD


# -- Thin evidence: what screening real company names against the lists taught


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("TPG Inc.", "Tartous Port General Company"),  # a company called TPG
        ("SAP SE", "JSC Smolensk Aircraft Plant"),
        ("Advanced Micro Devices", "AMD Co. Ltd Agency"),  # acronym inside a longer name
        ("Meta Platforms, Inc.", "MP Limited Liability Company"),  # two letters
    ],
)
def test_short_acronym_inside_a_longer_name_is_not_evidence(query: str, listed: str) -> None:
    assert compare(query, listed, schema="company").score < DEFAULT_THRESHOLD


def test_four_letter_acronym_may_sit_inside_a_longer_name() -> None:
    assert compare("The KCST", "Korean Committee for Space Technology", "organization").match


def methods(query: str, listed: str, schema: str) -> set[str]:
    return {p["method"] for p in compare(query, listed, schema).explanation["pairs"]}


def test_a_persons_two_initials_written_together_meet_the_given_names() -> None:
    assert "acronym" in methods("JC Juncker", "Jean-Claude Juncker", "person")
    assert compare("JC Juncker", "Jean-Claude Juncker", schema="person").match


def test_a_lone_letter_in_an_organisation_name_is_no_initial() -> None:
    assert "initial" not in methods("Argo International Holdings", "Argo I", "company")
    assert "initial" in methods("J Smith", "John Smith", "person")


@pytest.mark.parametrize(
    ("query", "listed"),
    [("Tesla Inc", "Desta"), ("Nike Inc", "Nica"), ("UBS Group AG", "AO UPZ")],
)
def test_one_short_word_near_a_listed_word_is_not_enough(query: str, listed: str) -> None:
    assert compare(query, listed).score < DEFAULT_THRESHOLD


@pytest.mark.parametrize(
    ("query", "listed"),
    [("Macrosoft Corporation", "Microsoft Corporation"), ("Trafigura Grup", "Trafigura Group")],
)
def test_a_long_word_one_typo_away_still_matches(query: str, listed: str) -> None:
    assert compare(query, listed, schema="company").match


def test_joined_words_must_be_spelled_nearly_alike() -> None:
    assert compare("AIRKORYO", "Air Koryo").match
    assert compare("Netcapital Inc.", "RT-Capital LLC", schema="company").score < DEFAULT_THRESHOLD


def test_a_misspelt_patronymic_still_meets_the_patronymic() -> None:
    pairs = compare(
        "Fedorenko Konstantin Albertovch", "Fedorenko Konstantin Albertovich", schema="person"
    ).explanation["pairs"]
    assert {(p["query"], p["listed"]) for p in pairs} >= {("albertovch", "albertovich")}


def test_a_fuller_person_name_than_the_listed_one_matches() -> None:
    assert compare("Anjem Iftikhar Choudary Mahmood", "Anjem Choudary", schema="person").match


def test_may_be_similar_is_false_only_for_words_that_score_zero() -> None:
    """The compact index skips building a lexeme for a word ``may_be_similar`` rules out:
    it must never rule out a word ``token_similarity`` gives anything."""
    rng = random.Random(3)
    words = ["mohammed", "muhammad", "kim", "gim", "jong", "jeong", "trading", "tradeing",
             "khusnullin", "husnullin", "sancho", "sanchez", "scholze", "olga", "oleg",
             "ryonbong", "ryongbong", "pyongyang", "phyongyang", "cement", "sement", "kang",
             "gang", "al", "el", "internationale", "international", "ali", "aly", "li"]  # fmt: skip
    for _ in range(600):
        word = rng.choice(words)
        at = rng.randrange(len(word))
        # a dropped, doubled, changed or swapped letter, or another listed word
        word2 = rng.choice([
            word[:at] + word[at + 1 :], word[:at] + word[at] + word[at:],
            word[:at] + rng.choice("aeiouhkgjy") + word[at + 1 :],
            word[:at] + word[at + 1 : at + 2] + word[at : at + 1] + word[at + 2 :],
            rng.choice(words),
        ])  # fmt: skip
        if not word2:
            continue
        a, b = lexeme(word), lexeme(word2)
        if token_similarity(a, b)[0] > 0.0:
            assert may_be_similar(a, b.text, b.key), (word, word2)
    assert not may_be_similar(lexeme("trading"), "kim", lexeme("kim").key)


@pytest.mark.parametrize(
    ("word", "other"),
    [
        ("xi", "shi"),
        ("peggy", "becky"),
        ("bobby", "bibi"),
        ("willie", "vinnie"),
        ("betty", "patti"),
    ],
)
def test_may_be_similar_keeps_words_compared_beyond_the_edit_budget(word: str, other: str) -> None:
    """Chinese syllables meet by their loose key, and a familiar form of a given name by
    its own spelling's key as well as its full name's: both go beyond the edit budget of
    the words' texts and keys, so the prefilter of both indexes must keep them."""
    a, b = lexeme(word), lexeme(other)
    assert token_similarity(a, b)[0] >= DEFAULT_CONFIG.min_token_similarity
    assert may_be_similar(a, b.text, b.key) and may_be_similar(b, a.text, a.key)
