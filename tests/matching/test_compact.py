"""CompactIndex: the same answers as CandidateIndex, from a signed file every process maps."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest

from screening.matching import CandidateIndex, EntityFacts, ListedName, QueryFields
from screening.matching.compact import CompactIndex
from tests.matching.listed import NAMES

KEY = b"k" * 32


Query = str | tuple[str, QueryFields]


def _answers(index: CandidateIndex, queries: list[Query]) -> list[list[tuple[object, ...]]]:
    out = []
    for query in queries:
        text, fields = (query, None) if isinstance(query, str) else query
        found = index.search(text, threshold=0.6, fields=fields)
        out.append([(m.name, m.score, m.explanation) for m in found])
    return out


def _with_fields(
    queries: list[str], official: list[ListedName], facts: dict[str, EntityFacts], seed: int
) -> list[Query]:
    """Queries carrying secondary fields: a listed entity's own (country, birth date, an
    identifier under another name), another's (disagreeing), or a bare identifier."""
    rng = random.Random(seed)
    with_facts = [n for n in official if facts.get(n.entity_id)]
    out: list[Query] = []
    for text in queries[::3]:
        listed = rng.choice(with_facts)
        own = facts[listed.entity_id]
        fields = QueryFields(
            country=own.countries[0] if own.countries else None,
            birth_date=own.birth_dates[0] if own.birth_dates else None,
            identifiers=own.identifiers[:1],
        )
        out.append((text, fields))
        out.append((listed.text, fields))
        out.append(("Nothing Alike Trading", QueryFields(identifiers=own.identifiers[:1])))
    return out


def _variant(text: str, rng: random.Random) -> str:
    """A typo, a dropped word or a reordering of a listed name."""
    words = text.replace(",", " ").split()
    kind = rng.randrange(3)
    long_words = [i for i, w in enumerate(words) if len(w) >= 5]
    if kind == 0 and long_words:
        i = rng.choice(long_words)
        j = rng.randrange(1, len(words[i]) - 1)
        words[i] = words[i][:j] + words[i][j + 1 :]
    elif kind == 1 and len(words) >= 3:
        del words[rng.randrange(1, len(words))]
    elif len(words) >= 2:
        words = words[1:] + words[:1]
    return " ".join(words)


@pytest.fixture(scope="module")
def official(shared_dir: Path) -> list[ListedName]:
    """A deterministic sample of the OFAC SDN 2024 and UN names (one entity in three)."""
    from watchlists.importers.ofac import read_ofac_csv
    from watchlists.importers.un import read_un_xml

    data = shared_dir / "data"
    names: list[ListedName] = []
    for records in (
        read_ofac_csv(data / "ofac/2024-05-03/sdn.csv"),
        read_un_xml(data / "un/consolidated_2026-02.xml"),
    ):
        for i, record in enumerate(records):
            if i % 3:
                continue
            for name in record.names:
                names.append(ListedName(len(names) + 1, record.source_id, name.value,
                                        record.schema, name.kind))  # fmt: skip
    return names


@pytest.fixture(scope="module")
def facts(shared_dir: Path) -> dict[str, EntityFacts]:
    """Countries, birth dates and identifiers of the OFAC and UN entities, one in five
    without countries (so their names' countries are inferred)."""
    from watchlists.entities import listed_birth_dates, listed_identifiers
    from watchlists.importers.ofac import read_ofac_csv
    from watchlists.importers.un import read_un_xml

    data = shared_dir / "data"
    out: dict[str, EntityFacts] = {}
    for records in (
        read_ofac_csv(data / "ofac/2024-05-03/sdn.csv"),
        read_un_xml(data / "un/consolidated_2026-02.xml"),
    ):
        for i, r in enumerate(records):
            out[r.source_id] = EntityFacts(
                countries=() if i % 5 == 0 else tuple(r.countries),
                birth_dates=tuple(listed_birth_dates(r.properties)),
                identifiers=tuple(
                    (x["type"], x["value"]) for x in listed_identifiers(r.properties)
                ),
            )
    return out


@pytest.fixture(scope="module")
def queries(official: list[ListedName], shared_dir: Path) -> list[str]:
    rng = random.Random(16)
    sec = json.loads((shared_dir / "data/negatives/sec_company_tickers_2024-05.json").read_text())
    return [_variant(n.text, rng) for n in rng.sample(official, 150)] + [
        row["title"] for row in rng.sample(list(sec.values()), 100)
    ]


@pytest.fixture(scope="module")
def reference(official: list[ListedName], facts: dict[str, EntityFacts]) -> CandidateIndex:
    return CandidateIndex.build(official, facts=facts)


def _same_entity_data(compact: CandidateIndex, reference: CandidateIndex) -> None:
    """The words, facts (inferred countries included) and identifiers ``build`` keeps."""
    listed = {n.entity_id for n in reference.names}
    expected = {e: f for e, f in reference._facts.items() if e in listed}
    assert dict(compact._facts.items()) == expected  # type: ignore[attr-defined]
    for entity in list(expected)[:200]:
        assert compact._facts.get(entity) == expected[entity]
    assert compact._facts.get("no such entity") is None
    assert dict(compact._by_identifier.items()) == reference._by_identifier  # type: ignore[attr-defined]
    for key, names in list(reference._by_identifier.items())[:200]:
        assert compact._by_identifier.get(key) == names
    assert compact._by_identifier.get(("imo", "0")) is None
    for word in list(reference._words)[:2000]:
        assert word in compact._words
    assert "nosuchwordatall" not in compact._words
    assert len(compact._words) == len(reference._words)


@pytest.mark.parametrize("preload", [True, False], ids=["preloaded", "mapped"])
def test_compact_index_answers_exactly_as_the_in_memory_index_over_ofac_and_un(
    official: list[ListedName],
    facts: dict[str, EntityFacts],
    reference: CandidateIndex,
    queries: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    preload: bool,
) -> None:
    from screening.matching import compact as module

    if not preload:
        monkeypatch.setattr(module, "PRELOAD_WORDS", 0)
    compact = CompactIndex.create(
        official, tmp_path / "index.bin", key=KEY, name="ofac-un", facts=facts
    )
    assert isinstance(compact._vocab, dict) == preload
    assert len(compact.names) == len(reference.names) > 5000
    _same_entity_data(compact, reference)
    probe: list[Query] = [*queries, *_with_fields(queries, official, facts, 5)]
    expected = _answers(reference, probe)
    assert sum(map(len, expected)) > 150, "the queries find listed names"
    assert _answers(compact, probe) == expected
    for query in queries[:40]:
        assert compact.candidates(query) == reference.candidates(query)


def test_compact_storage_holds_the_same_words_postings_and_keys(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from screening.matching import compact as module

    monkeypatch.setattr(module, "PRELOAD_WORDS", 0)  # the mapped views, not dicts
    reference = CandidateIndex.build(NAMES)
    compact = CompactIndex.create(NAMES, tmp_path / "index.bin")
    assert list(compact.names) == reference.names
    assert list(compact._lexemes) == reference._lexemes
    assert [list(p) for p in compact._postings] == [list(p) for p in reference._postings]
    for word, lex_id in reference._vocab.items():
        assert compact._vocab.get(word) == lex_id
        assert (lex_id in compact._joined) == (lex_id in reference._joined)
        assert (lex_id in compact._acronyms) == (lex_id in reference._acronyms)
    assert compact._vocab.get("no such word") is None
    for key, words in reference._keys.items():
        assert compact._keys.get(key) == words
    assert compact._keys.get("=nosuchkey") is None
    assert list(compact._rarity) == list(reference._rarity)
    assert compact.rarity("korea") == reference.rarity("korea") < 1.0


def test_incremental_update_answers_as_a_full_build_of_the_new_version(
    official: list[ListedName], facts: dict[str, EntityFacts], queries: list[str], tmp_path: Path
) -> None:
    base = CompactIndex.create(official, tmp_path / "base.bin", key=KEY, name="v1", facts=facts)
    rng = random.Random(2)
    entities = sorted({n.entity_id for n in official})
    changed = set(rng.sample(entities, 60))
    removed = [n.name_id for n in official if n.entity_id in changed]
    kept = [n for n in official if n.entity_id not in changed]
    added = [
        ListedName(10**6 + i, entity, _variant(source.text, rng) + " Zarnovia", source.schema)
        for i, (entity, source) in enumerate(
            (e, s) for e in sorted(changed)[:40] for s in rng.sample(kept, 2)
        )
    ]
    # The new version's facts: changed entities lose their countries (inferred from names
    # again) and get a new identifier; the rest keep theirs.
    new_facts = {
        e: EntityFacts((), f.birth_dates, (*f.identifiers, ("imo", f"99{i:05d}")))
        if e in changed else f
        for i, (e, f) in enumerate(facts.items())
    }  # fmt: skip
    updated = base.update(tmp_path / "v2.bin", removed, added, key=KEY, name="v2", facts=new_facts)
    full = CompactIndex.create(
        kept + added, tmp_path / "full.bin", key=KEY, name="v2", facts=new_facts
    )
    assert (tmp_path / "v2.bin").read_bytes() == (tmp_path / "full.bin").read_bytes()
    assert len(updated.names) == len(official) - len(removed) + len(added)
    reference = CandidateIndex.build(kept + added, facts=new_facts)
    _same_entity_data(updated, reference)
    probe: list[Query] = (
        queries
        + [a.text for a in added[:30]]
        + [n.text for n in official if n.name_id in set(removed[:30])]
    )
    probe += _with_fields(queries, kept + added, new_facts, 7)
    assert _answers(updated, probe) == _answers(reference, probe) == _answers(full, probe)
    gone = {n.name_id for n in official if n.entity_id in changed}
    assert not gone & set(updated.name_ids().tolist())


def test_facts_orjson_refuses_are_stored_and_read_back_as_given(tmp_path: Path) -> None:
    """A lone surrogate in an identifier goes to the standard encoder and reads back whole."""
    facts = {
        "kp-air-koryo": EntityFacts(("kp",), (), (("registration", "caf\ud800"),)),
        "kp-korea-sobaeksu": EntityFacts(("kp",), (), (("imo", "9999999"),)),
    }
    names = [n for n in NAMES if n.entity_id in facts]
    compact = CompactIndex.create(names, tmp_path / "index.bin", facts=facts)
    reference = CandidateIndex.build(names, facts=facts)
    assert compact._facts.get("kp-air-koryo") == facts["kp-air-koryo"]
    _same_entity_data(compact, reference)


def test_a_file_tagged_with_another_key_or_for_another_name_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "index.bin"
    CompactIndex.create(NAMES, path, key=KEY, name="v1")
    with pytest.raises(ValueError, match="not a compact index"):
        CompactIndex.open(path, key=b"x" * 32, name="v1")
    with pytest.raises(ValueError, match="not a compact index"):
        CompactIndex.open(path, key=KEY, name="v2")
    path.write_bytes(b"")
    with pytest.raises(ValueError, match="rebuild it"):
        CompactIndex.open(path, key=KEY, name="v1")


def test_altered_data_is_refused_and_verification_is_remembered_per_file(tmp_path: Path) -> None:
    path, marker = tmp_path / "index.bin", tmp_path / "index.verified"
    CompactIndex.create(NAMES, path, key=KEY, name="v1")
    CompactIndex.open(path, key=KEY, name="v1", verified=marker)
    assert marker.exists()
    data = bytearray(path.read_bytes())
    data[-3] ^= 0xFF  # a posting or a key, past the signed header
    altered = tmp_path / "altered.bin"
    altered.write_bytes(bytes(data))
    with pytest.raises(ValueError, match="does not match its signed digest"):
        CompactIndex.open(altered, key=KEY, name="v1")
    # Replacing the file (a new inode) invalidates the remembered verification.
    altered.replace(path)
    with pytest.raises(ValueError, match="does not match its signed digest"):
        CompactIndex.open(path, key=KEY, name="v1", verified=marker)


def test_objects_are_made_per_query_and_never_pickled(tmp_path: Path) -> None:
    compact = CompactIndex.create(NAMES, tmp_path / "index.bin")
    assert compact.search("Air Koryo")[0].name.entity_id == "kp-air-koryo"
    assert isinstance(compact._arrays["post"], np.ndarray)
    assert not compact._arrays["post"].flags.writeable
    with pytest.raises(TypeError, match="open it"):
        compact.__getstate__()


def test_a_big_index_stays_mapped_and_answers_as_a_small_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from screening.matching import compact as module

    small = CompactIndex.create(NAMES, tmp_path / "index.bin")
    monkeypatch.setattr(module, "PRELOAD_WORDS", 0)
    mapped = CompactIndex.open(tmp_path / "index.bin")
    assert isinstance(small._vocab, dict) and not isinstance(mapped._vocab, dict)
    queries = ["Air Koryo", "AIRKORYO", "Kim Jong Un", "KKBC", "Rungra 888", "Office 39"]
    assert _answers(mapped, queries) == _answers(small, queries)
    assert _answers(mapped, queries) == _answers(CandidateIndex.build(NAMES), queries)


def test_every_storage_attribute_of_the_in_memory_index_is_held_in_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from screening.matching import compact as module

    monkeypatch.setattr(module, "PRELOAD_WORDS", 0)
    fresh = vars(CandidateIndex())
    assert set(fresh) == module.STORED_ATTRIBUTES | module.PER_PROCESS_ATTRIBUTES
    compact = CompactIndex.create(NAMES, tmp_path / "index.bin")
    for attribute in module.STORED_ATTRIBUTES:
        value = getattr(compact, attribute)
        assert type(value) is not type(fresh[attribute]), f"{attribute} is not mapped"


@pytest.mark.parametrize("seed", range(5))
def test_an_update_merges_its_keys_into_the_base_order_as_a_full_sort_would(seed: int) -> None:
    from screening.matching import compact as module

    rng = np.random.default_rng(seed)
    hashes = rng.integers(0, 40, size=3_000).astype(np.uint64)  # many equal hashes
    lex = rng.integers(0, 500, size=3_000).astype(np.int32)
    base = np.lexsort((lex, hashes))
    base_hashes, base_lex = hashes[base], lex[base]
    # Renumbered words break the order within some hashes, as an update's do.
    renumber = rng.permutation(500).astype(np.int32)
    renumber[:450] = np.sort(renumber[:450])
    base_lex = renumber[base_lex]
    new_hashes = rng.integers(0, 60, size=200).astype(np.uint64)
    new_lex = rng.integers(500, 700, size=200).astype(np.int32)
    new = np.lexsort((new_lex, new_hashes))
    merged = module._merge_keys(base_hashes, base_lex, new_hashes[new], new_lex[new])
    all_hashes = np.r_[base_hashes, new_hashes]
    all_lex = np.r_[base_lex, new_lex]
    full = np.lexsort((all_lex, all_hashes))
    assert np.array_equal(merged[0], all_hashes[full])
    assert np.array_equal(merged[1], all_lex[full])


@pytest.mark.parametrize("colliding", [False, True], ids=["hashes", "colliding-hashes"])
@pytest.mark.parametrize("seed", range(3))
def test_an_update_counts_word_uses_into_the_table_a_full_count_makes(
    seed: int, colliding: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    from screening.matching import compact as module

    if colliding:  # a handful of hash values: most words share one with another word
        monkeypatch.setattr(module, "_hash", lambda text: (len(text) % 5) << 61 | len(text) % 2)
    rng = random.Random(seed)
    vocabulary = ["".join(rng.choices("abcdefgh", k=rng.randint(1, 7))) for _ in range(400)]
    forms = [" ".join(rng.choices(vocabulary, k=rng.randint(1, 4))) for _ in range(300)]
    gone = forms[:40]
    added = [" ".join(rng.choices([*vocabulary, "zarnovia", "ülkər"], k=3)) for _ in range(30)]
    base = module._word_table(module._form_word_uses(forms))
    updated = module._updated_word_table(
        base, module._form_word_uses(gone), module._form_word_uses(added)
    )
    full = module._word_table(module._form_word_uses(forms[40:] + added))
    assert set(updated) == set(full)
    for section, values in full.items():
        assert np.array_equal(updated[section], values), section
    # The words only the removed forms used are gone; the new ones are in.
    words = set(module._decoded(updated["fword_off"], updated["fword"]))
    assert words == {w for text in forms[40:] + added for w in text.split()}


def test_buckets_start_where_a_search_for_their_first_hash_would() -> None:
    from screening.matching import compact as module

    hashes = np.sort(np.random.default_rng(3).integers(0, 2**64, size=5_000, dtype=np.uint64))
    starts, shift = module._buckets(hashes)
    bounds = np.arange(len(starts) - 1, dtype=np.uint64) << np.uint64(shift)
    assert np.array_equal(starts, np.r_[np.searchsorted(hashes, bounds), len(hashes)])


@pytest.mark.parametrize("seed", range(4))
def test_the_fast_orders_are_the_stable_sorts_orders(seed: int) -> None:
    """The plain (vectorised) sorts give exactly what the stable sorts they replace give,
    ties included: equal hashes, repeated words, repeated (word, form) pairs."""
    from screening.matching import compact as module

    rng = np.random.default_rng(seed)
    distinct = rng.integers(0, 2**64, size=4_000, dtype=np.uint64)
    tied = rng.integers(0, 50, size=4_000).astype(np.uint64)  # many equal hashes
    for hashes in (distinct, tied):
        assert np.array_equal(module._hash_order(hashes), np.argsort(hashes, kind="stable"))

    seq = rng.integers(0, 300, size=5_000).astype(np.int64)
    used, first = np.unique(seq, return_index=True)
    assert np.array_equal(module._first_use_order(seq), used[np.argsort(first, kind="stable")])

    lex = rng.integers(0, 200, size=6_000).astype(np.int64)
    forms = np.sort(rng.integers(0, 900, size=6_000)).astype(np.int64)
    order = np.argsort(lex, kind="stable")
    s_lex, s_forms = lex[order], forms[order]
    keep = np.r_[True, (s_lex[1:] != s_lex[:-1]) | (s_forms[1:] != s_forms[:-1])]
    off, postings = module._inverted(lex, forms, 200)
    assert np.array_equal(postings, s_forms[keep].astype(np.int32))
    assert np.array_equal(off, module._offsets(np.bincount(s_lex[keep], minlength=200)))
    # Values that do not fit the packing take the stable sort itself.
    assert module._packed(np.array([2**31]), np.array([0])) is None
