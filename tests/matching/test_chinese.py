"""Chinese names in Wade–Giles meet their Pinyin spelling, and careless spellings of a
syllable meet its Pinyin (issue 13, round 2)."""

from __future__ import annotations

import pytest

from screening.matching import CandidateIndex, ListedName, compare
from screening.matching.chinese import pinyin_reading, syllable_key, syllables


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("Hsi Chin-ping", "Xi Jinping"),
        ("Mao Tse-tung", "Mao Zedong"),
        ("Chou En-lai", "Zhou Enlai"),
        ("Teng Hsiao-ping", "Deng Xiaoping"),
        ("Shi Jinping", "Xi Jinping"),
        ("Si Jinpin", "Xi Jinping"),
        ("Hsi Jinping", "Xi Jinping"),
    ],
)
def test_wade_giles_and_careless_spellings_meet_pinyin(query: str, listed: str) -> None:
    assert compare(query, listed, "person").match
    assert compare(listed, query, "person").match


def test_wade_giles_syllables_read_in_pinyin() -> None:
    assert pinyin_reading(["hsi", "chin", "ping"]) == ["xi", "jin", "ping"]
    assert pinyin_reading(["mao", "tse", "tung"]) == ["mao", "ze", "dong"]
    assert syllables("chih") == ("zhi",)
    assert syllables("tzu") == ("zi",)
    assert syllables("jinping") == ("jin", "ping")
    assert pinyin_reading(["xi", "jinping"]) is None  # already Pinyin
    assert pinyin_reading(["john", "smith"]) is None
    assert syllable_key("shi") == syllable_key("xi") == syllable_key("hsi")


def test_loose_syllables_count_only_between_chinese_names() -> None:
    # The same two words inside a longer, non-Chinese name are not read as syllables.
    assert not compare("Shi Holdings Corporation", "Xi Holdings Corporation", "company").match
    assert not compare("Xi Jinping", "Shi Jinping Smith Jones Brown", "person").match


def test_korean_names_are_not_read_as_chinese() -> None:
    assert syllables("jang") is None and syllables("jong") is None
    assert not compare("JANG YONG MIN", "JANG YONG SON", "person").match


def test_index_offers_the_pinyin_name_for_a_wade_giles_query() -> None:
    names = [
        ListedName(1, "xj", "Xi Jinping", "person"),
        ListedName(2, "mz", "Mao Zedong", "person"),
        ListedName(3, "lp", "Li Peng", "person"),
    ]
    index = CandidateIndex.build(names)
    assert "xj" in [m.name.entity_id for m in index.search("Hsi Chin-ping", "person")]
    assert "mz" in [m.name.entity_id for m in index.search("Mao Tse-tung", "person")]
    assert "xj" in [m.name.entity_id for m in index.search("Shi Jinping", "person")]
    listed_wg = CandidateIndex.build([ListedName(1, "mz", "Mao Tse-tung", "person")])
    assert "mz" in [m.name.entity_id for m in listed_wg.search("Mao Zedong", "person")]
