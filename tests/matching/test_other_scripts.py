"""Names in scripts the matcher has no romanisation of its own for (Arabic, Hebrew,
Chinese, Japanese kana, Devanagari, Khmer, Ethiopic, Thai) meet their Latin spellings
through the reading of ``scripts`` (issue 13, round 2)."""

from __future__ import annotations

import pytest

from screening.matching import DEFAULT_THRESHOLD, CandidateIndex, ListedName, compare
from screening.matching.tokens import analyse_name


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("فرناندو بيريز", "Fernando Pérez"),  # Arabic
        ("بشار الأسد", "Bashar al-Assad"),
        ("أسامة بن لادن", "Osama bin Laden"),
        ("علي خامنئي", "Ali Khamenei"),
        ("فلاديمير بوتين", "Vladimir Putin"),  # Arabic spelling a Russian name
        ("باراک اوباما", "Barack Obama"),  # Persian
        ("バラク・オバマ", "Barack Obama"),  # katakana, words parted by the middle dot
        ("习近平", "Xi Jinping"),  # Chinese: surname, then the given name in one word
        ("毛泽东", "Mao Zedong"),
        ("ប៉ុល ពត", "Pol Pot"),  # Khmer
        ("नरेंद्र मोदी", "Narendra Modi"),  # Devanagari
        ("बराक ओबामा", "Barack Obama"),
        ("บารัก โอบามา", "Barack Obama"),  # Thai
    ],
)
def test_name_in_another_script_meets_its_latin_spelling(query: str, listed: str) -> None:
    assert compare(query, listed, "person").match
    assert compare(listed, query, "person").match


def test_ethiopic_spellings_of_one_name_meet_through_their_reading() -> None:
    assert compare("ዐቢዮት አሕመድ", "ዐቢይ አሕመድ", "person").match


def test_different_names_in_another_script_stay_apart() -> None:
    assert not compare("فرناندو بيريز", "Bashar al-Assad", "person").match
    assert not compare("バラク・オバマ", "Vladimir Putin", "person").match


def test_chinese_names_in_characters_compare_their_characters() -> None:
    # Read aloud both are "xi jin..." or "gao shi...": only the characters tell them apart.
    assert not compare("习近朋", "习近平", "person").match
    assert not compare("高石早苗", "高市早苗", "person").match
    assert compare("习近平", "习近平", "person").score == 1.0


def test_reading_is_a_form_of_the_name_with_the_original_kept_for_chinese() -> None:
    forms = analyse_name("习近平", "person")
    assert forms[0].text == "xi jinping"
    assert any(f.native and f.text == "习近平" for f in forms)


def test_index_offers_the_latin_name_for_a_query_in_another_script() -> None:
    names = [
        ListedName(1, "fp", "Fernando Pérez", "person"),
        ListedName(2, "bo", "Barack Obama", "person"),
        ListedName(3, "xj", "Xi Jinping", "person"),
        ListedName(4, "pp", "Pol Pot", "person"),
        ListedName(5, "ba", "بشار الأسد", "person"),
        ListedName(6, "vp", "Vladimir Putin", "person"),
    ]
    index = CandidateIndex.build(names)
    for query, entity in [
        ("فرناندو بيريز", "fp"),
        ("バラク・オバマ", "bo"),
        ("习近平", "xj"),
        ("ប៉ុល ពត", "pp"),
        ("Bashar al-Assad", "ba"),
    ]:
        found = [m.name.entity_id for m in index.search(query, "person")]
        assert entity in found, query
        for listed in names:
            pair = compare(query, listed.text, "person", rarity=index.rarity)
            if pair.score >= DEFAULT_THRESHOLD:
                assert listed.entity_id in found, (query, listed.text)
