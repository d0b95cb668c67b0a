"""CompactIndex's own search path (issue 16): a numpy tally of candidates and a prefilter of
similar words, giving exactly what CandidateIndex's logic gives over the same file."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

from screening.matching import CandidateIndex, ListedName
from screening.matching import compact as module
from screening.matching import index as index_module
from screening.matching.compact import (
    Array,
    CompactIndex,
    _may_be_similar,
    _signature,
)
from screening.matching.index import _query_keys
from screening.matching.similarity import token_similarity
from screening.matching.tokens import Lexeme, analyse_name, lexeme, resegment
from tests.matching.listed import NAMES

_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_OTHER = "әжщыёüéçñ0123456789'-"


def _edit(word: str, rng: random.Random) -> str:
    """One to three random edits (drop, insert, change, swap), sometimes of another script."""
    for _ in range(rng.randrange(1, 4)):
        i = rng.randrange(len(word) + 1)
        letter = rng.choice(_LETTERS if rng.random() < 0.85 else _OTHER)
        kind = rng.randrange(4)
        if kind == 0 and len(word) > 1:
            word = word[:i] + word[i + 1 :]
        elif kind == 1:
            word = word[:i] + letter + word[i:]
        elif kind == 2 and i < len(word):
            word = word[:i] + letter + word[i + 1 :]
        elif i + 1 < len(word):
            word = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word


def _vocabulary() -> list[str]:
    words = {w for n in NAMES for form in analyse_name(n.text, n.schema) for w in form.text.split()}
    words |= {"mohammed", "muhammad", "abdulrahman", "bancshares", "production", "kh", "jsc"}
    return sorted(words)


def test_the_prefilter_keeps_every_word_pair_the_scorer_finds_alike_and_drops_others() -> None:
    rng = random.Random(16)
    words = _vocabulary()
    pairs = [(w, _edit(w, rng)) for w in words for _ in range(60)]
    pairs += [(rng.choice(words), rng.choice(words)) for _ in range(3000)]
    kept = dropped = 0
    for a, b in pairs:
        la, lb = lexeme(a), lexeme(b)
        near = bool(
            _may_be_similar(*_column(lb.text), _signature(la.text), len(la.text))[0]
            or _may_be_similar(*_column(lb.key), _signature(la.key), len(la.key))[0]
        )
        if token_similarity(la, lb)[0] > 0.0:
            assert near, (a, b)
            kept += 1
        elif not near:
            dropped += 1
    assert kept > 1000 and dropped > 1000


def _column(text: str) -> tuple[Array, Array]:
    """A one-word column of letter sets and lengths, as the file stores them."""
    return np.array([_signature(text)], dtype=np.uint64), np.array([len(text)], dtype=np.uint16)


def test_stored_letter_sets_and_lengths_are_those_of_each_words_text_and_key(
    tmp_path: Path,
) -> None:
    names = [*NAMES, ListedName(99, "x-odd", "ümit-ali a\udc80b 고려항공 Ƒoo", "person")]
    base = CompactIndex.create(names, tmp_path / "base.bin")
    added = [ListedName(100, "x-new", "Zarnovia Trading Пригожин", "company")]
    updated = base.update(tmp_path / "v2.bin", [names[0].name_id], added)
    for index in (base, updated):
        a = index._arrays
        lexemes = list(index._lexemes)
        assert a["word_sig"].tolist() == [_signature(x.text) for x in lexemes]
        assert a["word_len"].tolist() == [len(x.text) for x in lexemes]
        assert a["key_sig"].tolist() == [_signature(x.key) for x in lexemes]
        assert a["key_len"].tolist() == [len(x.key) for x in lexemes]
    assert _signature("ab") == _signature("ba") == 1 << (ord("a") % 64) | 1 << (ord("b") % 64)
    assert _signature("Пригожин") == 0


def _synthetic(count: int, seed: int) -> list[ListedName]:
    """Names made of a few hundred words, some very common: long posting lists, many
    lookup-key hits per query word."""
    rng = random.Random(seed)
    base = _vocabulary()
    common = ["trading", "company", "ali", "general", "korea", "mohammed"]
    rare = [_edit(w, rng) for w in base for _ in range(8)]
    names: list[ListedName] = []
    for i in range(count):
        schema = rng.choice(["person", "company"])
        words = [
            rng.choice(common if rng.random() < 0.35 else rare) for _ in range(rng.randrange(2, 5))
        ]
        names.append(ListedName(i, f"e{i // 2}", " ".join(words), schema))
    return names


@pytest.fixture(scope="module")
def synthetic_index(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[ListedName], Path]:
    names = _synthetic(6000, 3)
    path = tmp_path_factory.mktemp("compact") / "index.bin"
    CompactIndex.create(names, path)
    return names, path


def test_candidates_and_similar_words_are_those_of_the_in_memory_logic(
    synthetic_index: tuple[list[ListedName], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    names, path = synthetic_index
    monkeypatch.setattr(module, "PRELOAD_WORDS", 0)
    new = CompactIndex.open(path)
    new.bulk_from_names = 0  # the bulk logic, whatever the list's size
    old = CompactIndex.open(path)
    monkeypatch.setattr(old, "_candidates", CandidateIndex._candidates.__get__(old))
    monkeypatch.setattr(old, "_similar_words", CandidateIndex._similar_words.__get__(old))
    pruned: list[bool] = []
    cannot_reach = index_module._cannot_reach

    def counting(*args: float) -> bool:
        pruned.append(cannot_reach(*args))
        return pruned[-1]

    monkeypatch.setattr(index_module, "_cannot_reach", counting)
    rng = random.Random(5)
    queries = [_edit(n.text, rng) for n in rng.sample(names, 120)]
    queries += ["trading company", "general ali", "ali", "korea trading ali mohammed", "J. Ali"]
    compared = 0
    for query in queries:
        forms = analyse_name(query)
        split = resegment(forms, new._words)
        for threshold in (0.72, 0.5):
            for listed_bound in (True, False):
                got = new._candidates(forms + split, threshold, listed_bound)
                assert got == old._candidates(forms + split, threshold, listed_bound), query
                compared += bool(got)
        for form in forms:
            for token in form.tokens:
                for floor in (0.6, 0.9):
                    assert new._similar_words(token.lexeme, floor) == old._similar_words(
                        token.lexeme, floor
                    )
        assert [(m.name, m.score) for m in new.search(query)] == [
            (m.name, m.score) for m in old.search(query)
        ]
    assert compared > 300
    assert any(pruned), "some probes were too weak to bring candidates"


def test_the_prefilter_compares_fewer_words_than_the_lookup_keys_meet(
    synthetic_index: tuple[list[ListedName], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, path = synthetic_index
    monkeypatch.setattr(module, "PRELOAD_WORDS", 0)
    index = CompactIndex.open(path)
    index.bulk_from_names = 0
    calls: list[int] = []

    def counting(*args: object) -> tuple[float, str]:
        calls.append(1)
        return token_similarity(*args)  # type: ignore[arg-type]

    reference = CompactIndex.open(path)
    word = lexeme("tradingcompany")  # long: its prefix and suffix keys meet many words
    expected = CandidateIndex._similar_words(reference, word, 0.6)
    # Both indexes compare words in CandidateIndex._similar_words; count the prefiltered.
    monkeypatch.setattr(index_module, "token_similarity", counting)
    assert index._similar_words(word, 0.6) == expected
    assert 0 < len(calls) < _met_by_keys(reference, word)


def _met_by_keys(index: CompactIndex, word: Lexeme) -> int:
    found: set[int] = set()
    for key in _query_keys(word):
        hit = index._keys.get(key)
        if isinstance(hit, int):
            found.add(hit)
        elif hit is not None:
            found.update(hit)
    return len(found)


@pytest.mark.parametrize("preload", [True, False], ids=["preloaded", "mapped"])
def test_familiar_forms_and_chinese_syllables_pass_the_prefilter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, preload: bool
) -> None:
    """Words that meet beyond the edit budget of their spelling and key (Peggy ~ Becky by
    the familiar form's own key, Xi ~ Shi as Chinese syllables) are compared, not ruled
    out by the letter sets and lengths or by ``may_be_similar``."""
    texts = ["Peggy Marsh", "Becky Marsh", "Bibi Marsh", "Xi Ming", "Shi Ming", "Patti Lane"]
    names = [ListedName(i, f"e{i}", text, "person") for i, text in enumerate(texts)]
    path = tmp_path / "index.bin"
    CompactIndex.create(names, path)
    monkeypatch.setattr(module, "PRELOAD_WORDS", 10_000 if preload else 0)
    monkeypatch.setattr(module, "_PREFILTER_FROM", 0)
    index = CompactIndex.open(path)
    index.bulk_from_names = 0
    for query, other in [("becky", "peggy"), ("peggy", "becky"), ("bobby", "bibi"),
                         ("shi", "xi"), ("betty", "patti")]:  # fmt: skip
        lex = lexeme(query)
        found = index._found(lex.text, _query_keys(lex))
        lexemes = index._lexemes
        every = [(i, s) for i in found if (s := token_similarity(lex, lexemes[i])[0]) >= 0.6]
        assert index._similar_words(lex, 0.6) == every
        assert other in {lexemes[i].text for i, _ in every}, (query, other)
