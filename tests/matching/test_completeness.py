"""One pair, one score: the index offers every name the scorer accepts, and scores it
as ``compare`` does (issue 13).

Built over a sample of the OFAC SDN 2024 and UN lists from the shared data
folder (skipped without it); queries are random typo and transliteration
variants of their names, each scored by brute force against every listed
name of the sample.
"""

from __future__ import annotations

import os
import random
import re
from pathlib import Path

import pytest

from screening.matching import DEFAULT_THRESHOLD, CandidateIndex, ListedName, compare
from screening.matching.model import score_names
from screening.matching.tokens import Tag, analyse_name, schema_family
from watchlists.importers.ofac import read_ofac_csv
from watchlists.importers.un import read_un_xml

DATA = Path(os.environ.get("SHARED_DATA", Path(__file__).resolve().parents[3] / "shared" / "data"))
OFAC = DATA / "ofac" / "2024-05-03" / "sdn.csv"
UN = DATA / "un" / "consolidated_2026-02.xml"
SAMPLE = 600


def listed_names() -> list[ListedName]:
    if not OFAC.exists() or not UN.exists():
        pytest.skip(f"the shared lists are not at {DATA}")
    records = [*read_ofac_csv(OFAC), *read_un_xml(UN)]
    rng = random.Random(2024)
    names: list[ListedName] = []
    for record in rng.sample(records, SAMPLE // 2):
        for name in record.names:
            names.append(ListedName(len(names), record.source_id, name.value, record.schema))
    return names[:SAMPLE]


_SWAPS = (("o", "ou"), ("k", "kh"), ("y", "i"), ("ch", "tch"), ("v", "w"), ("e", "ye"))


def variant(text: str, rng: random.Random) -> str:
    """A typo (dropped, doubled or swapped letter) or a transliteration-style respelling."""
    kind = rng.randrange(4)
    i = rng.randrange(1, max(2, len(text) - 2))
    if kind == 0:
        return text[:i] + text[i + 1 :]
    if kind == 1:
        return text[:i] + text[i] + text[i:]
    if kind == 2:
        return text[:i] + text[i + 1 : i + 2] + text[i : i + 1] + text[i + 2 :]
    lower = text.lower()
    for old, new in rng.sample(_SWAPS, len(_SWAPS)):
        if old in lower:
            return lower.replace(old, new, 1)
    return lower


def assert_index_agrees_with_brute_force(
    index: CandidateIndex, names: list[ListedName], query: str, schema: str | None
) -> None:
    found = {m.name.entity_id: m for m in index.search(query, schema, limit=1000)}
    for listed in names:
        pair = compare(query, listed.text, listed.schema, rarity=index.rarity)
        if listed.schema != schema or pair.score < DEFAULT_THRESHOLD:
            continue
        assert listed.entity_id in found, (query, listed.text, pair.score)
        assert found[listed.entity_id].score >= pair.score - 1e-9, (query, listed.text)
    for match in found.values():
        same = compare(query, match.name.text, match.name.schema, rarity=index.rarity)
        assert abs(same.score - match.score) < 1e-9, (query, match.name.text)


def test_index_offers_every_name_the_scorer_accepts_and_scores_it_alike() -> None:
    names = listed_names()
    index = CandidateIndex.build(names)
    rng = random.Random(13)
    for source in rng.sample(names, 20):
        assert_index_agrees_with_brute_force(index, names, variant(source.text, rng), source.schema)


_C_THEN_LETTER = re.compile(r"(?i)c[a-z]")


def test_a_typo_beside_a_c_is_still_one_edit() -> None:
    """The key reads c by the letter after it (cement: s, cment: k); dropping or
    changing that letter must not hide the name (USM CMENT LLC, USM CEMENT LLC)."""
    names = listed_names()
    index = CandidateIndex.build(names)
    sources = [n for n in names if _C_THEN_LETTER.search(n.text)]
    assert len(sources) >= 10
    rng = random.Random(7)
    for source in rng.sample(sources, 10):
        at = rng.choice([m.start() + 1 for m in _C_THEN_LETTER.finditer(source.text)])
        dropped = source.text[:at] + source.text[at + 1 :]
        changed = source.text[:at] + rng.choice("aekot") + source.text[at + 1 :]
        for query in (dropped, changed):
            assert_index_agrees_with_brute_force(index, names, query, source.schema)


def test_a_pair_is_given_up_only_when_its_full_score_is_below_the_floor() -> None:
    """``score_names`` with a floor drops a pair before its joined edges and features are
    paid for only when it cannot reach the floor: whatever it keeps scores as without one."""
    names = listed_names()
    index = CandidateIndex.build(names)
    rng = random.Random(11)
    sources = rng.sample(names, 40)
    queries = [variant(s.text, rng) for s in sources] + [s.text for s in sources[:10]]
    dropped = kept = 0
    for query in queries:
        forms = analyse_name(query)
        for listed in rng.sample(names, 60) + sources:
            listed_forms = tuple(analyse_name(listed.text, listed.schema, listed=True))
            family = schema_family(listed.schema)
            full = score_names(forms, listed_forms, "any", family, index.rarity)
            # Its own score as the floor too: the bound must hold with no room to spare.
            own = [full.score] if full is not None and full.score > 0.0 else []
            for floor in (0.5, DEFAULT_THRESHOLD, 0.9, *own):
                cut = score_names(forms, listed_forms, "any", family, index.rarity, floor=floor)
                if full is None or full.score < floor:
                    dropped += cut is None
                    continue
                kept += 1
                assert cut is not None and cut.score == full.score, (query, listed.text)
    # The floor does prune: most pairs of unrelated names go before being aligned.
    assert kept > 200 and dropped > 1000


def test_the_maxscore_cut_changes_no_candidate_and_no_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Probes too weak to bring a form to the cutoff are only looked up for the forms the
    others meet: the candidates, and their order, are those of reading every posting."""
    names = listed_names()
    index = CandidateIndex.build(names)
    rng = random.Random(17)
    queries = [variant(n.text, rng) for n in rng.sample(names, 60)]
    queries += ["general trading company", "ali hassan", "korea bank", "al"]
    results = []
    for query in queries:
        forms = analyse_name(query)
        for threshold, listed_bound in ((DEFAULT_THRESHOLD, True), (0.5, False)):
            results.append(index._candidates(forms, threshold, listed_bound))
    monkeypatch.setattr(CandidateIndex, "_essential", staticmethod(lambda *_: None))
    full = []
    for query in queries:
        forms = analyse_name(query)
        for threshold, listed_bound in ((DEFAULT_THRESHOLD, True), (0.5, False)):
            full.append(index._candidates(forms, threshold, listed_bound))
    assert results == full
    assert sum(map(len, full)) > 200


def _spelled_initials(text: str, schema: str) -> set[str]:
    """Every string of the initials of a run of a name's words (3 to 6 letters), with and
    without the letters of its particles: what a query written as an acronym may be."""
    tokens = analyse_name(text, schema, listed=True)[0].tokens
    spelled: set[str] = set()
    for start in range(len(tokens)):
        runs = [""]
        for token in tokens[start:]:
            runs = [r + token.text[0] for r in runs] + (runs if token.tag is Tag.STOP else [])
            spelled.update(r for r in runs if 3 <= len(r) <= 6)
    return {s for s in spelled if s.isascii() and s.isalpha()}


def test_index_offers_every_organisation_a_query_written_as_its_acronym_may_meet() -> None:
    """A query written as an acronym meets a listed organisation whose run of words it
    abbreviates, its legal form and particles included (KNIC ~ KOREAN NATIONAL INSURANCE
    COMPANY): the index files each listed name under every such acronym the scorer takes."""
    names = listed_names()
    index = CandidateIndex.build(names)
    organisations = [n for n in names if schema_family(n.schema) != "person"]
    rng = random.Random(29)
    checked = 0
    for source in rng.sample(organisations, 40):
        for query in sorted(_spelled_initials(source.text, source.schema)):
            if compare(query, source.text, source.schema, rarity=index.rarity).match:
                checked += 1
                assert_index_agrees_with_brute_force(index, names, query, source.schema)
    assert checked >= 10
