"""A familiar form of a given name meets its full name in persons' names, and only
there (issue 13, round 2): Ted Doe is Theodore Doe, Bill Holdings is not William
Holdings."""

from __future__ import annotations

import pytest

from screening.matching import DEFAULT_THRESHOLD, CandidateIndex, ListedName, compare
from screening.matching.given_names import HYPOCORISM_NAMES, HYPOCORISMS
from screening.matching.normalize import normalize_name
from screening.matching.phonetic import HYPOCORISM_KEYS


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("Ted Doe", "Theodore Doe"),
        ("Bill Gates", "William Gates"),
        ("Bob Marley", "Robert Marley"),
        ("Peggy Olson", "Margaret Olson"),
        ("Bibi Netanyahu", "Benjamin Netanyahu"),
        ("Sasha Petrov", "Aleksandr Petrov"),
        ("Sasha Petrov", "Alexander Petrov"),  # the full name in another spelling
        ("Volodya Putin", "Vladimir Putin"),
        ("Dima Medvedev", "Dmitriy Medvedev"),
        ("Dima Medvedev", "Dmitry Medvedev"),
        ("Misha Ivanov", "Mikhail Ivanov"),
        ("Pepe Garcia", "José Garcia"),
        ("Paco Lopez", "Francisco Lopez"),
        ("Beppe Grillo", "Giuseppe Grillo"),
        ("Hansi Müller", "Hans Müller"),
    ],
)
def test_familiar_form_of_a_given_name_meets_its_full_name(query: str, listed: str) -> None:
    result = compare(query, listed, "person")
    assert result.match
    assert compare(listed, query, "person").match
    methods = {p["method"] for p in result.explanation["pairs"]}
    assert "hypocorism" in methods


def test_familiar_form_scores_below_the_full_name_itself() -> None:
    nickname = compare("Ted Doe", "Theodore Doe", "person").score
    assert DEFAULT_THRESHOLD <= nickname < compare("Theodore Doe", "Theodore Doe", "person").score
    assert nickname < 1.0


def test_familiar_forms_count_only_in_persons_names() -> None:
    assert not compare("Bill Holdings", "William Holdings", "company").match
    assert not compare("Bill Trading LLC", "William Trading LLC", "company").match
    assert not compare("Bill Doe", "William Doe").match  # schema unknown: not a person
    assert compare("Bill Doe", "William Doe", "person").match


def test_a_familiar_form_keeps_its_own_spelling_for_typos() -> None:
    assert compare("Bil Doe", "Bill Doe", "person").match
    assert compare("Bil Trading", "Bill Trading", "company").match


def test_index_offers_the_full_name_for_a_familiar_form_and_back() -> None:
    names = [
        ListedName(1, "td", "Theodore Doe", "person"),
        ListedName(2, "bn", "Benjamin Netanyahu", "person"),
        ListedName(3, "ap", "Sasha Petrov", "person"),
        ListedName(4, "wh", "William Holdings", "company"),
    ]
    index = CandidateIndex.build(names)
    assert "td" in [m.name.entity_id for m in index.search("Ted Doe", "person")]
    assert "bn" in [m.name.entity_id for m in index.search("Bibi Netanyahu", "person")]
    assert "ap" in [m.name.entity_id for m in index.search("Aleksandr Petrov", "person")]
    assert "wh" not in [m.name.entity_id for m in index.search("Bill Holdings", "company")]


def test_table_is_normalised_and_each_familiar_form_has_one_full_name() -> None:
    seen: dict[str, str] = {}
    for full, forms in HYPOCORISMS.items():
        assert normalize_name(full) == full
        for form in forms:
            assert normalize_name(form) == form and " " not in form
            assert form not in HYPOCORISMS, form  # a full name of its own
            assert seen.setdefault(form, full) == full, form
            assert len(form) >= 3, form
    assert len(HYPOCORISM_NAMES) >= 300
    # Particles and the Korean or Arabic spellings keep their own keys.
    for word in ("ben", "bin", "kim", "lee", "al"):
        assert word not in HYPOCORISM_KEYS
