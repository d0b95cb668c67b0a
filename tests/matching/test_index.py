"""CandidateIndex: finding listed names from any spelling, scoring only a few candidates."""

from __future__ import annotations

import pickle
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from screening.matching import DEFAULT_THRESHOLD, CandidateIndex, ListedName, Match, compare
from screening.matching.tokens import analyse_name
from tests.matching.listed import LISTED, NAMES


@pytest.fixture(scope="module")
def index() -> CandidateIndex:
    return CandidateIndex.build(NAMES)


def found(matches: list[Match]) -> list[str]:
    return [m.name.entity_id for m in matches]


@pytest.mark.parametrize(
    ("query", "schema", "entity"),
    [
        # exact, reordered, typo, legal form
        ("Air Koryo", None, "kp-air-koryo"),
        ("Koryo Air", None, "kp-air-koryo"),
        ("Air Koyro", None, "kp-air-koryo"),
        ("Air Koryo LLC", "company", "kp-air-koryo"),
        ("Romashka LLC", "company", "ru-romashka"),
        ("OOO Romashka", None, "ru-romashka"),
        ("Korea Rungra 888 Trading", None, "kp-rungra"),
        # evasions: homoglyphs, zero-width, joined words, spaced letters
        ("\u0410ir K\u043eryo", None, "kp-air-koryo"),
        ("Air\u200bKoryo", None, "kp-air-koryo"),
        ("AIRKORYO", None, "kp-air-koryo"),
        ("Ramimakhlouf", None, "sy-makhlouf"),
        ("T A N C H O N Commercial Bank", None, "kp-tanchon"),
        # Hangul, both romanisations
        ("고려항공", None, "kp-air-koryo"),
        ("김정은", "person", "kp-kim-jong-un"),
        ("Kim Jong-un", "person", "kp-kim-jong-un"),
        ("Gim Jeong-eun", "person", "kp-kim-jong-un"),
        ("최룡해", "person", "kp-choe-ryong-hae"),
        ("리수용", "person", "kp-ri-su-yong"),
        # Cyrillic either side
        ("Хуснуллин Марат", "person", "ru-khusnullin"),
        ("Husnullin Marat", "person", "ru-khusnullin"),
        ("Marat Khusnullin", "person", "ru-khusnullin"),
        ("Prigozhin Yevgeny", "person", "ru-prigozhin"),
        ("Сечин Игорь", "person", "ru-sechin"),
        # acronyms
        ("KPA", None, "kp-kpa"),
        ("R.G.B.", None, "kp-rgb"),
    ],
)
def test_search_finds_listed_name_from_any_spelling(
    index: CandidateIndex, query: str, schema: str | None, entity: str
) -> None:
    matches = index.search(query, schema=schema)
    assert found(matches)[:1] == [entity]


@pytest.mark.parametrize(
    ("query", "schema"),
    [
        ("Korean Air", None),
        ("International Organization for Migration", "organization"),
        ("Rungra 889", None),
        ("Office 38", None),
        ("Gazprom Neft", None),
        ("Kim Jong Il", "person"),
    ],
)
def test_search_finds_nothing_for_hard_negatives(
    index: CandidateIndex, query: str, schema: str | None
) -> None:
    assert index.search(query, schema=schema) == []


def test_search_returns_one_match_per_entity(index: CandidateIndex) -> None:
    # Both of the entity's names match; only the better is reported.
    matches = index.search("김정은", schema="person", threshold=0.5)
    assert found(matches).count("kp-kim-jong-un") == 1
    assert matches[0].name.text == "김정은"
    assert matches[0].score == 1.0


def test_search_lists_matches_best_first(index: CandidateIndex) -> None:
    matches = index.search("Korea Ryonbong General Corporation", threshold=0.5)
    assert found(matches) == ["kp-ryonbong", "kp-ryonbong-trading"]
    assert matches[0].score == 1.0
    assert matches[0].score > matches[1].score


def test_search_respects_the_threshold(index: CandidateIndex) -> None:
    query = "Korea Ryonbong General Corporation"
    loose = index.search(query, threshold=0.5)
    assert found(loose) == ["kp-ryonbong", "kp-ryonbong-trading"]
    runner_up = loose[1].score
    assert runner_up >= 0.5
    # A score equal to the threshold is a match; anything above it prunes.
    assert found(index.search(query, threshold=runner_up)) == found(loose)
    assert found(index.search(query, threshold=runner_up + 0.001)) == ["kp-ryonbong"]
    assert found(index.search(query, threshold=1.0)) == ["kp-ryonbong"]


def test_search_respects_the_limit(index: CandidateIndex) -> None:
    matches = index.search("Korea Ryonbong General Corporation", threshold=0.5, limit=1)
    assert found(matches) == ["kp-ryonbong"]


def test_search_records_the_threshold_and_explains_each_match(index: CandidateIndex) -> None:
    (match,) = index.search("Air Koryo LLC", schema="company", threshold=0.8)
    assert match.explanation["threshold"] == 0.8
    assert match.explanation["score"] == round(match.score, 4)
    assert [p["listed"] for p in match.explanation["pairs"]] == ["air", "koryo"]


def test_search_penalises_a_person_query_against_a_company_name(index: CandidateIndex) -> None:
    (as_person,) = index.search("Sechin Igor", schema="person")
    (as_company,) = index.search("Sechin Igor", schema="company")
    assert as_company.explanation["features"]["schema_mismatch"]["value"] == 1.0
    assert as_person.explanation["features"]["schema_mismatch"]["value"] == 0.0
    assert as_company.score == pytest.approx(as_person.score - 0.1)


@pytest.mark.parametrize("query", ["", "   ", "!!!"])
def test_search_for_a_name_without_letters_finds_nothing(index: CandidateIndex, query: str) -> None:
    assert index.search(query) == []
    assert index.candidates(query) == []


def test_a_listed_name_without_letters_is_kept_but_never_found(index: CandidateIndex) -> None:
    assert len(index) == len(LISTED)
    assert index.names[-1] == NAMES[-1]
    assert NAMES[-1].text == "!!!"
    for query in ("!!!", "Air Koryo", "Golden Star"):
        assert "xx-no-letters" not in found(index.search(query, threshold=0.0))


@pytest.mark.parametrize(
    "query", ["Air Koryo", "AIRKORYO", "Korean Air", "김정은", "Хуснуллин Марат", "Rungra 889"]
)
def test_candidates_are_a_small_subset_of_the_list(index: CandidateIndex, query: str) -> None:
    candidates = index.candidates(query)
    assert len(candidates) <= len(NAMES) // 4
    assert all(c in NAMES for c in candidates)
    # Whatever search reports was among the candidates.
    assert {m.name.name_id for m in index.search(query)} <= {c.name_id for c in candidates}


def test_candidates_leave_out_names_sharing_no_word(index: CandidateIndex) -> None:
    ids = {c.entity_id for c in index.candidates("Air Koryo")}
    assert "kp-air-koryo" in ids
    assert not ids & {"ru-romashka", "kp-kim-jong-un", "ru-khusnullin", "kp-mss"}


def test_rarity_weighs_common_words_less(index: CandidateIndex) -> None:
    # "korea" is in six listed names, "ryonbong" in two, "zzz" in none.
    assert index.rarity("korea") < index.rarity("ryonbong") < 1.0
    assert index.rarity("zzz") == 1.0
    assert index.rarity("korea") >= index.config.rarity_floor


QUERIES = [
    ("Air Koryo", None),
    ("AIRKORYO", None),
    ("김정은", "person"),
    ("Хуснуллин Марат", "person"),
    ("Korea Ryonbong General Corporation", None),
    ("Korean Air", None),
    ("KPA", None),
]


def _results(index: CandidateIndex) -> list[list[tuple[str, str, float, dict[str, object]]]]:
    return [
        [
            (m.name.entity_id, m.name.text, m.score, m.explanation)
            for m in index.search(q, schema=s, threshold=0.5)
        ]
        for q, s in QUERIES
    ]


def test_saved_and_loaded_index_gives_identical_results(
    index: CandidateIndex, tmp_path: Path
) -> None:
    path = tmp_path / "index.pickle"
    index.save(path)
    loaded = CandidateIndex.load(path)
    assert len(loaded) == len(index)
    assert loaded.names == index.names
    assert _results(loaded) == _results(index)
    assert [loaded.candidates(q, s) for q, s in QUERIES] == [
        index.candidates(q, s) for q, s in QUERIES
    ]


@pytest.mark.parametrize("content", [(99, "index"), {"names": []}, (1, "not an index")])
def test_loading_a_pickle_of_another_format_raises_value_error(
    tmp_path: Path, content: object
) -> None:
    path = tmp_path / "other.pickle"
    path.write_bytes(pickle.dumps(content))
    with pytest.raises(ValueError, match="rebuild it"):
        CandidateIndex.load(path)


def test_loading_an_index_of_an_older_format_raises_value_error(
    index: CandidateIndex, tmp_path: Path
) -> None:
    path = tmp_path / "old.pickle"
    path.write_bytes(pickle.dumps((0, index)))
    with pytest.raises(ValueError, match="not a CandidateIndex of format"):
        CandidateIndex.load(path)


@pytest.mark.parametrize("content", [b"", b'{"format": 1}', pickle.dumps(())])
def test_loading_a_file_that_is_not_an_index_pickle_raises_value_error(
    tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "other.bin"
    path.write_bytes(content)
    with pytest.raises(ValueError):
        CandidateIndex.load(path)


def test_index_build_is_reusable_across_queries(index: CandidateIndex) -> None:
    first = found(index.search("Air Koryo"))
    for query, schema in QUERIES:
        index.search(query, schema=schema)
    assert found(index.search("Air Koryo")) == first == ["kp-air-koryo"]


def test_search_uses_the_default_threshold_unless_told_otherwise(index: CandidateIndex) -> None:
    everything = index.search("Kim", schema="person", threshold=0.0)
    assert any(m.score < DEFAULT_THRESHOLD for m in everything)
    expected = [m.name.entity_id for m in everything if m.score >= DEFAULT_THRESHOLD]
    assert found(index.search("Kim", schema="person")) == expected


def test_an_identifier_finds_its_entity_whatever_the_name() -> None:
    from screening.matching import EntityFacts, QueryFields

    facts = {"kp-tanchon": EntityFacts(countries=("kp",), identifiers=(("swift", "TCBKKPPY"),))}
    index = CandidateIndex.build(NAMES, facts=facts)
    fields = QueryFields(identifiers=(("SWIFT", "tcbk-kppy"),))
    found = index.search("Blue Ocean Holdings", fields=fields)
    assert [m.name.entity_id for m in found] == ["kp-tanchon"]
    assert found[0].explanation["features"]["identifier_match"]["contribution"] == 1.0


def test_search_and_compare_give_one_pair_one_score() -> None:
    import random

    index = CandidateIndex.build(NAMES)
    rng = random.Random(13)
    for name in NAMES[:-1]:
        text = name.text
        for _ in range(3):
            i = rng.randrange(len(text))
            variant = text[:i] + text[i + 1 :]
            for match in index.search(variant, name.schema, threshold=0.5):
                listed = match.name
                pair = compare(variant, listed.text, listed.schema, rarity=index.rarity)
                assert abs(pair.score - match.score) < 1e-9, (variant, listed.text)


def test_a_listed_name_met_by_one_word_of_several_is_not_scored() -> None:
    """Elena Liu shares one word with LABORIN ARCHULETA, Clara Elena; the listed
    name's own unmatched words already keep it far below the threshold, so it is
    not a candidate, while a query sharing more of it still is."""
    first = len(NAMES)
    listed = [
        *NAMES,
        ListedName(first, "mx-laborin", "LABORIN ARCHULETA, Clara Elena", "person"),
        ListedName(first + 1, "ru-cherstvova", "CHERSTVOVA, Elena Alexandrovna", "person"),
    ]
    index = CandidateIndex.build(listed)
    forms = analyse_name("Elena Liu", "person")

    def entities(form_ids: list[int]) -> set[str]:
        return {index.names[index._form_name[f]].entity_id for f in form_ids}

    assert "mx-laborin" in entities(index._candidates(forms, DEFAULT_THRESHOLD))
    assert "mx-laborin" not in entities(
        index._candidates(forms, DEFAULT_THRESHOLD, listed_bound=True)
    )
    assert "mx-laborin" not in {c.entity_id for c in index.candidates("Elena Liu", "person")}
    assert "mx-laborin" in {c.entity_id for c in index.candidates("Clara Elena Laborin", "person")}
    for query in ("Elena Liu", "Clara Elena Laborin", "C. Elena Laborin Archuleta"):
        for name in listed:
            found = {m.name.entity_id for m in index.search(query)}
            if compare(query, name.text, name.schema, rarity=index.rarity).match:
                assert name.entity_id in found, (query, name.text)


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        # "ma" may be read as the initials of Mohammed Asiri: an edge no lookup finds.
        ("Hassan Ma", "AL ASIRI, Ahmad Hassan Mohammed"),
        # A typo of a word with a table key (mohammed: mhmd) is near its spelling.
        ("QASIM Moahmmed", "Qasim Mohammed Mahdi Al Remi"),
    ],
)
def test_the_listed_bound_keeps_what_the_scorer_accepts(query: str, listed: str) -> None:
    first = len(NAMES)
    names = [*NAMES, ListedName(first, "target", listed, "person")]
    index = CandidateIndex.build(names)
    expected = compare(query, listed, "person", rarity=index.rarity)
    assert expected.match
    (found,) = [m for m in index.search(query, "person") if m.name.entity_id == "target"]
    assert found.score == pytest.approx(expected.score)


def test_search_finds_a_spaced_out_name_with_its_legal_form_run_in() -> None:
    listed = [
        *NAMES,
        ListedName(len(NAMES), "ru-suek", "JSC SUEK", "organization"),
        ListedName(len(NAMES) + 1, "sg-mgi", "MGI PTE LTD", "organization"),
    ]
    index = CandidateIndex.build(listed)
    assert index.search("J S C S U E K", "Company")[0].name.entity_id == "ru-suek"
    assert index.search("M G I P T E L T D", "Company")[0].name.entity_id == "sg-mgi"


def test_initials_bring_their_name_forward_among_many_with_one_surname() -> None:
    """Initials are never looked up, so every Yu estimates alike; among more Yus
    than the cap takes, the ones whose given names the initials start come first."""
    given = ["Min", "Sok", "Chol", "Hyok", "Nam", "Song", "Bok", "Dong", "Ho", "Il"]
    listed = [
        ListedName(k, f"kp-yu-{k}", f"YU, {a} {b}", "person")
        for k, (a, b) in enumerate((a, b) for a in given for b in given if a != b)
    ]
    target = len(listed)
    listed.append(ListedName(target, "kp-yu-jin", "YU, Jin Gwang", "person"))
    index = CandidateIndex.build(listed)
    assert len(listed) > index.max_candidates
    assert index.search("J. G. Yu")[0].name.entity_id == "kp-yu-jin"


def test_dotted_initials_of_a_query_of_unknown_kind_meet_a_listed_persons_names() -> None:
    listed = [*NAMES, ListedName(len(NAMES), "ch-st", "STUDHALTER, Hugo Ange Christophe", "person")]
    index = CandidateIndex.build(listed)
    assert [m.name.entity_id for m in index.search("H. A. C. Studhalter")][:1] == ["ch-st"]


def test_search_finds_a_name_by_dotted_initials_among_many_with_its_surname() -> None:
    given = ["Ali", "Omar", "Zaid", "Karim", "Nabil", "Samir", "Walid", "Yusuf"]
    listed = [
        ListedName(k, f"iq-h-{k}", f"AL-HUSSEIN, {a} {b}", "person")
        for k, (a, b) in enumerate((a, b) for a in given for b in given if a != b)
    ]
    listed.append(ListedName(len(listed), "iq-h-toa", "AL-HUSSEIN, Taha Osman Ahmed", "person"))
    index = CandidateIndex.build(listed)
    assert len(listed) > index.max_candidates
    assert index.search("T.O.A. Al-Hussein")[0].name.entity_id == "iq-h-toa"


def test_search_finds_spaced_out_names_run_into_a_particle_or_a_generic_word() -> None:
    listed = [
        *NAMES,
        ListedName(len(NAMES), "iq-bag", "AL-BAGHDADI, Hassan", "person"),
        ListedName(len(NAMES) + 1, "ir-hoda", "HODA TRADING", "organization"),
        ListedName(len(NAMES) + 2, "ly-nour", "AL NOUR RADIO", "organization"),
        ListedName(len(NAMES) + 3, "xx-inter", "INTER", "organization"),
        ListedName(len(NAMES) + 4, "ru-legion", "LEGION", "organization"),
    ]
    index = CandidateIndex.build(listed)
    assert index.search("A.L.-.B.A.G.H.D.A.D.I. H.a.s.s.a.n.")[0].name.entity_id == "iq-bag"
    assert index.search("H O D A T R A D I N G")[0].name.entity_id == "ir-hoda"
    assert index.search("A L N O U R R A D I O")[0].name.entity_id == "ly-nour"
    # Written whole, such words are names of their own.
    assert not index.search("INTERGROUP CORP")
    assert not index.search("Allegion plc")


class _CountingIndex(CandidateIndex):
    """Counts the listed forms ``_candidates`` walks through to tally a query's credit."""

    walked = 0

    def _probe(self, lex: Any, kind: int) -> list[tuple[Sequence[int], float, bool]]:
        index = self

        class Counted(list[int]):
            def __iter__(self) -> Iterator[int]:
                index.walked += len(self)
                return super().__iter__()

        return [(Counted(ids), sim, runs) for ids, sim, runs in super()._probe(lex, kind)]


def test_forms_met_only_through_a_common_word_are_not_tallied() -> None:
    """A query sharing only "trading" with hundreds of listed names cannot come near the
    threshold with any of them, so their forms are not walked one by one; a query that
    could reach one still is, and finds it."""
    listed = [
        ListedName(i, f"co-{i}", f"{word} Trading", "company")
        for i, word in enumerate(f"Zorvex{n:03d}".replace("0", "o") for n in range(300))
    ]
    listed.append(ListedName(len(listed), "rungra", "Rungra Trading", "company"))
    index = _CountingIndex.build(listed)
    assert isinstance(index, _CountingIndex)
    assert index.candidates("Kelvani Trading", "company") == []
    assert index.walked == 0
    assert [m.name.entity_id for m in index.search("Rungra Trading", "company")] == ["rungra"]
    assert index.walked > 0


def test_weak_aliases_and_abbreviations_are_found_only_as_the_whole_query() -> None:
    index = CandidateIndex.build(
        [
            ListedName(0, "bancorp", "BANCORP", "company", "weak_alias"),
            ListedName(1, "bancorp", "Bancorp International Holdings", "company", "primary"),
            ListedName(2, "dnr", "DPR", "organization", "abbreviation"),
            ListedName(3, "dnr", "Donetsk People's Republic", "organization", "primary"),
            ListedName(4, "ivanov", "Fox", "person", "weak_alias"),
            ListedName(5, "ivanov", "Ivanov, Pyotr", "person", "primary"),
        ]
    )
    assert found(index.search("Bancorp, Inc.")) == ["bancorp"]
    assert found(index.search("DPR")) == ["dnr"]
    assert found(index.search("Fox")) == ["ivanov"]
    # Inside longer names they are other bodies: North Korea, a US bank, a company.
    assert index.search("Peoples Bancorp Inc") == []
    assert index.search("DPR Korea Trading") == []
    assert index.search("DPR Korea") == []
    assert index.search("Fox Corp") == []


@pytest.mark.parametrize(
    ("listed", "countries"),
    [
        ("LIMITED LIABILITY COMPANY SOUTHERN PROJECT", {"ru", "by", "ua", "kz"}),  # an OOO
        ("JOINT STOCK COMPANY SOUTHERN PROJECT", {"ru", "by", "ua", "kz"}),
        ("SOUTHERN PROJECT SDN BHD", {"my"}),
        ("SOUTHERN PROJECT LLC", set()),  # after the name, from anywhere
        ("SOUTHERN PROJECT JSC", set()),
    ],
)
def test_a_legal_form_states_the_country_the_list_leaves_out(
    listed: str, countries: set[str]
) -> None:
    from screening.matching import QueryFields

    index = CandidateIndex.build([ListedName(0, "e", listed, "company")])
    inferred = set(index._facts["e"].countries) if "e" in index._facts else set()
    assert countries <= inferred and bool(inferred) == bool(countries)
    plain = index.search("Southern Project")[0].score
    american = index.search("Southern Project", fields=QueryFields(country="US"))
    assert (not american or american[0].score < plain) == bool(countries)


@pytest.mark.parametrize(
    "joined",
    # Run-together words that meet a listed word (exactly, by one edit, by key) and
    # that meet none, as the candidate tally probes them.
    ["airkoryo", "airkoyro", "tanchoncommercial", "ramimakhlouf", "marysmith", "xqzvbn"],
)
def test_a_joined_query_word_meets_what_its_full_lexeme_meets(
    index: CandidateIndex, joined: str
) -> None:
    """``_similar_joined`` skips a joined word's codes when its keys meet nothing; what
    it finds must be what the general lookup finds."""
    from screening.matching.tokens import lexeme

    floor = index.config.min_joined_similarity
    expected = index._similar_words(lexeme(joined), floor, two_edits=False)
    index._similar.clear()
    assert index._similar_joined(joined, floor) == expected
