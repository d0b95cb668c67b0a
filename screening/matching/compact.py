"""CompactIndex: a CandidateIndex held in one read-only file that every process maps.

``CandidateIndex`` keeps its storage as Python objects: a million names cost
gigabytes in every process that loads them. ``CompactIndex`` keeps exactly
the same storage attributes as flat arrays in one file, mapped read-only
(``mmap``), so the pages are paid once per host (the page cache) however
many web, worker and CLI processes open it, and opening it is near-instant.
Scoring is inherited unchanged: each storage attribute is a thin view with
the interface the search code uses (``names[i]``, ``_postings[w]``,
``_vocab.get(text)``, ``_keys.get(key)``, ...), and objects (``ListedName``,
``Lexeme``, ``NameForm``) are made when a query needs them, with bounded
per-process caches. Two steps of the search are redone for a million names,
with the same results to the last bit: ``_candidates`` tallies posting lists
with numpy and skips probes too weak to lift any form to the cutoff
(MaxScore), and ``_similar_words`` leaves out, unread, the words whose letter
sets and lengths (stored per word and per key) put them beyond the edit
budget, which ``token_similarity`` would score 0.

The file: a magic line, a JSON header (section offsets, a SHA-256 digest of
the data, what was built), a 32-byte tag over the header (HMAC-SHA256 with the
caller's key, or a plain SHA-256 without one), then 8-byte-aligned arrays.
Nothing in it is code: an altered file can give wrong answers, never run
anything. ``open`` checks the tag every time (cheap) and the data digest once
per file per host when given a ``verified`` marker path (a few hundred ms at a
million names), else every time.

Mappings (text -> word, lookup key -> words) are sorted 64-bit hashes (CRC-32 of
the text and of its reverse) in buckets by their top bits (one or two entries
each), so a lookup reads a few array cells; a word's text is compared to rule
out collisions. Lookup keys are stored by hash only: two distinct keys sharing
a 64-bit hash (for random keys, about one chance in a million per build at a
million names) would pool their words, which are still checked by similarity
before they count.

The matcher's per-entity data is in the file too, exactly as
``CandidateIndex.build`` makes it from the names and the ``facts`` given to
``create``/``update``: ``_words`` (every word of every listed form, to split
run-together query words) as a hashed set of texts, each with the number of
times the forms use it (an update drops the words only the removed names used);
``_facts`` (countries, birth dates, identifiers per listed entity, countries
inferred from the names of entities given none) as JSON per entity, looked up
by entity id and parsed when a query with fields asks; ``_by_identifier`` (normalised identifier ->
first name of each entity with it) as a hashed table of ragged rows. These
lookups compare the stored text, so they are exact. Small indexes load them
into a frozenset and dicts at ``open``, as they do the words.

``create`` analyses names (in parallel processes when asked) and assembles the
arrays with numpy. ``update`` writes the index of a new list version from a
base file and a diff (names removed by id, names added): only the added names
are analysed, everything else is copied, and the result is the same file a full
``create`` of the new names (kept names in base order, then the added ones)
would write: word ids are numbered by first use either way.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import mmap
import multiprocessing
import os
import threading
import zlib
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import astuple, dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from foundation import jsoncodec
from screening.matching.config import DEFAULT_CONFIG, ScoringConfig
from screening.matching.countries import legal_form_countries, qualifier_countries
from screening.matching.fields import normalize_identifier
from screening.matching.index import (
    _ACRONYM,
    _JOINED,
    _NO_DISTINCTIVE_WEIGHT,
    _TAG_BITS,
    _TAG_CODE,
    _TAG_MASK,
    CandidateIndex,
    _BoundCheck,
    _derived_words,
    _lookup_keys,
    _Met,
    _ProbedForm,
    _weak_probes,
    typo_keys,
)
from screening.matching.phonetic import HYPOCORISM_KEYS, PhoneticCodes
from screening.matching.results import EntityFacts, ListedName
from screening.matching.similarity import compared_loosely, edit_budget, may_be_similar
from screening.matching.tokens import Lexeme, NameForm, Tag, analyse_name, lexeme, schema_family

# The memoryview format of each dtype a section may have.
_BUFFER_FORMATS = {"<i8": "q", "<i4": "i", "<u4": "I", "<u2": "H", "|u1": "B", "<u8": "Q",
                   "<f4": "f"}  # fmt: skip
# Bump when the file layout changes.
COMPACT_FORMAT = 8
_MAGIC = b"screening-compact-index\n"
_TAG_SIZE = 32
_ALIGN = 8
# Objects remembered per process (cleared when full): what a process holds
# of its own besides the shared file, so kept modest. Every object kept is one
# more for each full garbage collection to walk (50,000 words and 20,000 forms
# cost 140 ms a collection, the slowest queries at a million names), and a
# big index's queries rarely meet the same words and forms again: a mapped
# index keeps few; a preloaded (small) one keeps its forms as before.
_LEXEME_CACHE = 4_000
_FORM_CACHE = 20_000
_MAPPED_FORM_CACHE = 2_000
# Up to this many words, ``open`` also loads words, vocabulary and lookup keys
# into per-process objects (OFAC + UN: 74,000 words, half a second and about
# 40 MB): a small index then answers as fast as the in-memory one, while big
# ones stay mapped.
PRELOAD_WORDS = 150_000
# Names analysed per task when building in several processes.
_CHUNK = 4000
_SEP = "\x1f"  # between a word's key and phonetic codes (never in normalised text)

Array = npt.NDArray[Any]

# CandidateIndex attributes this file holds, and those every process keeps its
# own of (settings, caches). A new storage attribute of CandidateIndex must be
# added to the file and to this list (a test compares them).
STORED_ATTRIBUTES = frozenset({
    "names", "_families", "_first_form", "_form_name", "_form_text", "_form_native",
    "_form_tokens", "_lexemes", "_vocab", "_postings", "_joined", "_acronyms", "_rarity",
    "_keys", "_words", "_facts", "_by_identifier",
})  # fmt: skip
PER_PROCESS_ATTRIBUTES = frozenset({"config", "max_candidates", "_forms", "_similar"})


def _hash(text: str) -> int:
    """A 64-bit hash stable across processes: CRC-32 of the text and of its reverse."""
    data = text.encode("utf-8", "surrogatepass")
    return zlib.crc32(data) << 32 | zlib.crc32(data[::-1])


def _config_fingerprint(config: ScoringConfig) -> str:
    return hashlib.sha256(repr(astuple(config)).encode()).hexdigest()[:16]


def _tag(key: bytes | None, name: str, header: bytes) -> bytes:
    if key is None:
        return hashlib.sha256(name.encode() + b"\x00" + header).digest()
    return hmac.new(key, name.encode() + b"\x00" + header, hashlib.sha256).digest()


# -- views over the mapped arrays ---------------------------------------------


class _Strings(Sequence[str]):
    """Strings as one UTF-8 blob and offsets."""

    __slots__ = ("_blob", "_off")

    def __init__(self, off: memoryview, blob: memoryview) -> None:
        self._off, self._blob = off, blob

    def __len__(self) -> int:
        return len(self._off) - 1

    def __getitem__(self, i: int) -> str:  # type: ignore[override]
        return str(self._blob[self._off[i] : self._off[i + 1]], "utf-8", "surrogatepass")


class _Ragged(Sequence[memoryview]):
    """Row ``i`` of a flattened table of int32 rows: a memoryview slice."""

    __slots__ = ("_off", "_values")

    def __init__(self, off: memoryview, values: memoryview) -> None:
        self._off, self._values = off, values

    def __len__(self) -> int:
        return len(self._off) - 1

    def __getitem__(self, i: int) -> memoryview:  # type: ignore[override]
        return self._values[self._off[i] : self._off[i + 1]]


class _SparseRagged:
    """Like ``dict[int, array]`` holding only non-empty rows (joined words, acronyms)."""

    __slots__ = ("_off", "_values")

    def __init__(self, off: memoryview, values: memoryview) -> None:
        self._off, self._values = off, values

    def __contains__(self, i: object) -> bool:
        return (
            isinstance(i, int) and 0 <= i < len(self._off) - 1 and self._off[i + 1] > self._off[i]
        )

    def __getitem__(self, i: int) -> memoryview:
        if i not in self:
            raise KeyError(i)
        return self._values[self._off[i] : self._off[i + 1]]

    def __len__(self) -> int:
        return int(np.count_nonzero(np.diff(np.asarray(self._off))))


class _Codes(Sequence[Any]):
    """A column of small codes into a list of values (schema, kind, family)."""

    __slots__ = ("_codes", "_values")

    def __init__(self, codes: memoryview, values: list[Any]) -> None:
        self._codes, self._values = codes, values

    def __len__(self) -> int:
        return len(self._codes)

    def __getitem__(self, i: int) -> Any:  # type: ignore[override]
        return self._values[self._codes[i]]


class _BoundedCache(dict[Any, Any]):
    """A dict that forgets everything when it reaches ``limit`` entries."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def __setitem__(self, key: Any, value: Any) -> None:
        if len(self) >= self.limit:
            self.clear()
        super().__setitem__(key, value)


class _Lexemes(Sequence[Lexeme]):
    __slots__ = ("_cache", "_extras", "_texts")

    def __init__(self, texts: _Strings, extras: _Strings) -> None:
        self._texts, self._extras = texts, extras
        self._cache = _BoundedCache(_LEXEME_CACHE)

    def __len__(self) -> int:
        return len(self._texts)

    @property
    def texts(self) -> _Strings:
        return self._texts

    @property
    def extras(self) -> _Strings:
        """Each word's key and phonetic codes, joined by ``_SEP``."""
        return self._extras

    def __getitem__(self, i: int) -> Lexeme:  # type: ignore[override]
        lex = self._cache.get(i)
        if lex is None:
            key, metaphone, nysiis, soundex, rating = self._extras[i].split(_SEP)
            lex = Lexeme(self._texts[i], key, PhoneticCodes(metaphone, nysiis, soundex, rating))
            self._cache[i] = lex
        return lex


def _buckets(hashes: Array) -> tuple[Array, int]:
    """Where each bucket of sorted ``hashes`` starts; a hash's bucket is its top bits."""
    bits = max(1, len(hashes).bit_length())
    shift = 64 - bits
    # Bucket b starts after every hash whose top bits are below b (as a search would find).
    counts = np.bincount((hashes >> np.uint64(shift)).astype(np.int64), minlength=1 << bits)
    starts = np.zeros((1 << bits) + 1, dtype=np.int64)
    np.cumsum(counts, out=starts[1:])
    return starts, shift


class _Vocabulary:
    """``text -> word id`` over sorted text hashes in buckets; texts are compared, so exact."""

    __slots__ = ("_buckets", "_hashes", "_ids", "_shift", "_texts")

    def __init__(
        self, hashes: memoryview, buckets: memoryview, ids: memoryview, texts: _Strings
    ) -> None:
        self._hashes, self._buckets, self._ids, self._texts = hashes, buckets, ids, texts
        self._shift = 64 - (len(buckets) - 2).bit_length()

    def __len__(self) -> int:
        return len(self._ids)

    def get(self, text: str, default: int | None = None) -> int | None:
        h = _hash(text)
        b = h >> self._shift
        hashes = self._hashes
        for i in range(self._buckets[b], self._buckets[b + 1]):
            if hashes[i] == h:
                lex_id: int = self._ids[i]
                if self._texts[lex_id] == text:
                    return lex_id
        return default

    def __contains__(self, text: object) -> bool:
        return isinstance(text, str) and self.get(text) is not None


class _Keys:
    """``lookup key -> word id or ids``, as ``CandidateIndex._keys`` answers."""

    __slots__ = ("_buckets", "_hashes", "_lex", "_off", "_shift")

    def __init__(
        self, hashes: memoryview, buckets: memoryview, off: memoryview, lex: memoryview
    ) -> None:
        self._hashes, self._buckets, self._off, self._lex = hashes, buckets, off, lex
        self._shift = 64 - (len(buckets) - 2).bit_length()

    def __len__(self) -> int:
        return len(self._hashes)

    def get(self, key: str, default: None = None) -> list[int] | int | None:
        h = _hash(key)
        b = h >> self._shift
        hashes = self._hashes
        for i in range(self._buckets[b], self._buckets[b + 1]):
            if hashes[i] == h:
                first, end = self._off[i], self._off[i + 1]
                return self._lex[first] if end - first == 1 else list(self._lex[first:end])
        return default


class _HashedKeys:
    """``_Keys`` loaded into a dict by key hash: faster, for small indexes."""

    __slots__ = ("_by_hash",)

    def __init__(self, keys: _Keys) -> None:
        hashes = np.asarray(keys._hashes).tolist()
        off = np.asarray(keys._off).tolist()
        lex = np.asarray(keys._lex).tolist()
        self._by_hash: dict[int, int | list[int]] = {
            h: lex[off[i]] if off[i + 1] - off[i] == 1 else lex[off[i] : off[i + 1]]
            for i, h in enumerate(hashes)
        }

    def __len__(self) -> int:
        return len(self._by_hash)

    def get(self, key: str, default: None = None) -> list[int] | int | None:
        return self._by_hash.get(_hash(key))


class _Table:
    """Exact ``text -> row`` over texts stored in order of their sorted hashes, in buckets."""

    __slots__ = ("_buckets", "_hashes", "_shift", "_texts")

    def __init__(self, hashes: memoryview, buckets: memoryview, texts: _Strings) -> None:
        self._hashes, self._buckets, self._texts = hashes, buckets, texts
        self._shift = 64 - (len(buckets) - 2).bit_length()

    def __len__(self) -> int:
        return len(self._hashes)

    def row(self, text: str) -> int | None:
        h = _hash(text)
        b = h >> self._shift
        hashes = self._hashes
        for i in range(self._buckets[b], self._buckets[b + 1]):
            if hashes[i] == h and self._texts[i] == text:
                return i
        return None


class _WordSet:
    """``CandidateIndex._words`` (every word of every listed form): membership only."""

    __slots__ = ("_table",)

    def __init__(self, table: _Table) -> None:
        self._table = table

    def __len__(self) -> int:
        return len(self._table)

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self._table.row(word) is not None


def _facts_json(facts: EntityFacts) -> bytes:
    """An entity's facts as the UTF-8 of ``[countries, birth dates, [[kind, value], ...]]``
    (tuples are arrays; what orjson refuses, such as a lone surrogate, the project's codec
    gives to the standard encoder)."""
    return jsoncodec.dump_bytes((facts.countries, facts.birth_dates, facts.identifiers))


def _facts_from_json(text: str) -> EntityFacts:
    countries, birth_dates, identifiers = json.loads(text)
    return EntityFacts(tuple(countries), tuple(birth_dates), tuple(tuple(p) for p in identifiers))


class _Facts:
    """``CandidateIndex._facts`` (entity id -> EntityFacts), parsed when asked."""

    __slots__ = ("_cache", "_table", "_values")

    def __init__(self, table: _Table, values: _Strings) -> None:
        self._table, self._values = table, values
        self._cache = _BoundedCache(_FORM_CACHE)

    def __len__(self) -> int:
        return len(self._table)

    def get(self, entity: str, default: EntityFacts | None = None) -> EntityFacts | None:
        facts = self._cache.get(entity)
        if facts is None:
            row = self._table.row(entity)
            if row is None:
                return default
            facts = self._cache[entity] = _facts_from_json(self._values[row])
        return facts

    def __getitem__(self, entity: str) -> EntityFacts:
        facts = self.get(entity)
        if facts is None:
            raise KeyError(entity)
        return facts

    def __contains__(self, entity: object) -> bool:
        return isinstance(entity, str) and self._table.row(entity) is not None

    def items(self) -> Iterator[tuple[str, EntityFacts]]:
        texts = self._table._texts
        return ((texts[i], _facts_from_json(self._values[i])) for i in range(len(self)))


def _identifier_text(key: tuple[str, str]) -> str:
    return key[0] + _SEP + key[1]


class _Identifiers:
    """``CandidateIndex._by_identifier`` ((type, value) -> first names of its entities)."""

    __slots__ = ("_names", "_table")

    def __init__(self, table: _Table, names: _Ragged) -> None:
        self._table, self._names = table, names

    def __len__(self) -> int:
        return len(self._table)

    def get(self, key: tuple[str, str], default: Any = None) -> list[int] | Any:
        row = self._table.row(_identifier_text(key))
        return default if row is None else list(self._names[row])

    def items(self) -> Iterator[tuple[tuple[str, str], list[int]]]:
        texts = self._table._texts
        for i in range(len(self)):
            kind, value = texts[i].split(_SEP)
            yield (kind, value), list(self._names[i])


class _Names(Sequence[ListedName]):
    __slots__ = ("_entity", "_ids", "_kinds", "_schemas", "_text")

    def __init__(
        self, ids: memoryview, entity: _Strings, text: _Strings, schemas: _Codes, kinds: _Codes
    ) -> None:
        self._ids, self._entity, self._text = ids, entity, text
        self._schemas, self._kinds = schemas, kinds

    def __len__(self) -> int:
        return len(self._ids)

    def __getitem__(self, i: int) -> ListedName:  # type: ignore[override]
        return ListedName(self._ids[i], self._entity[i], self._text[i], self._schemas[i],
                          self._kinds[i])  # fmt: skip

    def __iter__(self) -> Iterator[ListedName]:
        return (self[i] for i in range(len(self)))


# -- building -------------------------------------------------------------------

Chunk = tuple[
    list[int],  # forms per name
    list[str],  # form texts
    bytes,  # native flags
    "array[int]",  # tokens per form
    "array[int]",  # token codes: local word id << _TAG_BITS | tag code
    "array[int]",  # derived words per form
    "array[int]",  # derived codes: local word id * 4 + kind
    list[str],  # local words, in order of first use
    list[str],  # their key and phonetic codes
]


def _analyse_chunk(rows: list[tuple[str, str | None]]) -> Chunk:
    """Analyse names as ``CandidateIndex.build`` does, into flat arrays of local word ids."""
    local: dict[str, int] = {}
    words: list[str] = []
    extras: list[str] = []

    def word(text: str) -> int:
        i = local.get(text)
        if i is None:
            i = local[text] = len(words)
            words.append(text)
            lex = lexeme(text)
            c = lex.codes
            extras.append(_SEP.join((lex.key, c.metaphone, c.nysiis, c.soundex, c.match_rating)))
        return i

    form_counts: list[int] = []
    texts: list[str] = []
    native = bytearray()
    tok_counts, tok_codes = array("i"), array("i")
    der_counts, der_codes = array("i"), array("i")
    for text, schema in rows:
        person = schema_family(schema) == "person"
        forms = analyse_name(text, schema, listed=True)
        form_counts.append(len(forms))
        for form in forms:
            texts.append(form.text)
            native.append(form.native)
            tok_counts.append(len(form.tokens))
            for token in form.tokens:
                tok_codes.append(word(token.text) << _TAG_BITS | _TAG_CODE[token.tag])
            # As CandidateIndex.build: a person's initials are not a name to find.
            derived = [d for d in _derived_words(form, listed=True) if not (person and d[2])]
            der_counts.append(len(derived))
            for dtext, _, acronym in derived:
                der_codes.append(word(dtext) * 4 + (_ACRONYM if acronym else _JOINED))
    return (form_counts, texts, bytes(native), tok_counts, tok_codes, der_counts, der_codes,
            words, extras)  # fmt: skip


def _key_pairs(rows: list[tuple[int, str, str, bool]]) -> tuple[Array, ...]:
    """(key hash, word id) for every lookup key of these words, as ``_index_keys`` files them,
    and each word's ``_signature`` and length, of its text and of its key."""
    hashes: list[int] = []
    ids: list[int] = []
    sigs: list[tuple[int, int, int, int]] = []
    for lex_id, text, extra, derived_only in rows:
        key, metaphone, nysiis, soundex, rating = extra.split(_SEP)
        lex = Lexeme(text, key, PhoneticCodes(metaphone, nysiis, soundex, rating))
        keys = _lookup_keys(lex)
        if not derived_only:
            keys.extend("#" + d for d in typo_keys(lex))
        hashes.extend(map(_hash, keys))
        ids.extend([lex_id] * len(keys))
        sigs.append((_signature(text), len(text), _signature(key), len(key)))
    table = np.array(sigs, dtype=np.uint64).reshape(len(sigs), 4)
    return np.array(hashes, dtype=np.uint64), np.array(ids, dtype=np.int32), *table.T


def _text_hashes(texts: list[str]) -> Array:
    return np.array([_hash(t) for t in texts], dtype=np.uint64)


# Sorting: numpy sorts 64-bit integers with vectorised (AVX-512) code several times
# faster than its stable sorts, so the orders below are computed with a plain sort and
# kept exactly what a stable sort gives.
_LOW32 = np.int64(0xFFFFFFFF)


def _hash_order(hashes: Array) -> Array:
    """``np.argsort(hashes, kind="stable")``: a plain sort is that order when no two
    hashes are equal (a stable sort differs only in how it orders equal ones)."""
    order = np.argsort(hashes)
    ranked = hashes[order]
    if len(ranked) > 1 and bool((ranked[1:] == ranked[:-1]).any()):
        return np.argsort(hashes, kind="stable")
    return order


def _packed(high: Array, low: Array) -> Array | None:
    """``high`` and ``low`` (non-negative, below 2**31 and 2**32) in one int64 each, so
    that sorting the packed values sorts by (high, low); None if they do not fit."""
    if len(high) and (high.min() < 0 or high.max() >= 2**31 or low.min() < 0 or low.max() > _LOW32):
        return None
    return (high.astype(np.int64) << 32) | low.astype(np.int64)


def _first_use_order(seq: Array) -> Array:
    """The distinct values of ``seq`` in the order they first occur."""
    packed = _packed(seq, np.arange(len(seq), dtype=np.int64))
    if packed is None:
        used, first = np.unique(seq, return_index=True)
        return used[np.argsort(first, kind="stable")]
    packed.sort()
    values = packed >> 32
    starts = np.flatnonzero(np.r_[True, values[1:] != values[:-1]]) if len(values) else values
    # Each value's first position; positions are distinct, so any sort is the stable one.
    return values[starts][np.argsort(packed[starts] & _LOW32)]


def _table(prefix: str, texts: list[str]) -> tuple[Array, dict[str, Array]]:
    """The sections of a ``_Table`` over distinct ``texts``, and the order they are stored in."""
    hashes = _text_hashes(texts)
    order = _hash_order(hashes)
    off, blob = _strings([texts[i] for i in order.tolist()])
    sections = {
        prefix + "_hash": hashes[order],
        prefix + "_bucket": _buckets(hashes[order])[0],
        prefix + "_off": off,
        prefix: blob,
    }
    return order, sections


def _word_table(uses: Counter[str]) -> dict[str, Array]:
    """``_words`` (every word of every listed form) as a table, with how many times the
    forms use each word (``fword_uses``), which lets an update drop the words only the
    removed names used without reading every other form."""
    words = sorted(uses)
    order, sections = _table("fword", words)
    sections["fword_uses"] = np.array([uses[words[i]] for i in order.tolist()], dtype=np.uint32)
    return sections


def _form_word_uses(texts: Iterable[str]) -> Counter[str]:
    return Counter(" ".join(texts).split())


def _updated_word_table(
    base: Mapping[str, Array], gone: Counter[str], new: Counter[str]
) -> dict[str, Array]:
    """``_word_table`` of the base's word uses less ``gone`` plus ``new``: the base's words
    still used keep their rows (already in hash order), the new ones are merged in."""
    off, blob = base["fword_off"], base["fword"]
    table = _Table(
        memoryview(base["fword_hash"]),
        memoryview(base["fword_bucket"]),
        _Strings(memoryview(off), memoryview(blob)),
    )
    uses = base["fword_uses"].astype(np.int64)
    fresh: Counter[str] = Counter()
    for sign, counts in ((-1, gone), (1, new)):
        for word, count in counts.items():
            row = table.row(word)
            if row is None:
                fresh[word] += sign * count
            else:
                uses[row] += sign * count
    kept = np.flatnonzero(uses > 0)
    fresh_words = sorted(w for w, count in fresh.items() if count > 0)
    fresh_hashes = _text_hashes(fresh_words)
    hashes = np.r_[base["fword_hash"][kept], fresh_hashes]
    order = np.argsort(hashes, kind="stable")
    if len(hashes) and (hashes[order][1:] == hashes[order][:-1]).any():
        # Two words with one hash: a full build orders them by text; so does this.
        every = Counter(dict(zip(_decoded(off, blob), uses.tolist(), strict=True)))
        every.update(fresh)
        return _word_table(+every)
    strings = _gather(*_concat_ragged([_gather(off, blob, kept), _strings(fresh_words)]), order)
    counts = np.r_[uses[kept], [fresh[w] for w in fresh_words]].astype(np.uint32)
    return {
        "fword_hash": hashes[order],
        "fword_bucket": _buckets(hashes[order])[0],
        "fword_off": strings[0],
        "fword": strings[1],
        "fword_uses": counts[order],
    }


def _entity_sections(
    entities: Sequence[str],
    form_name: Array,
    tok_off: Array,
    tok_codes: Array,
    words: _Strings,
    facts: Mapping[str, EntityFacts],
) -> dict[str, Array]:
    """``_facts`` and ``_by_identifier`` as ``CandidateIndex.build`` makes them:
    entities the list gives no country take those their names state (``_infer_countries``)."""
    # An entity's first name: assigned last to first, so the first one stays.
    first_name = dict(zip(reversed(entities), range(len(entities) - 1, -1, -1), strict=True))

    # Only the facts of listed entities are kept: nothing else is ever asked.
    kept: dict[str, EntityFacts] = {e: f for e, f in facts.items() if e in first_name}
    tags = tok_codes & _TAG_MASK
    qualifier, legal = _TAG_CODE[Tag.QUALIFIER], _TAG_CODE[Tag.LEGAL]
    stating = np.flatnonzero((tags == qualifier) | (tags == legal))
    # The form of each such token (a search, not a form number for every token).
    stating_form = np.searchsorted(tok_off, stating, side="right") - 1
    inferred: dict[str, set[str]] = {}
    for pos, form, name_idx in zip(
        stating.tolist(), stating_form.tolist(), form_name[stating_form].tolist(), strict=True
    ):
        entity = entities[name_idx]
        known = kept.get(entity)
        if known is not None and known.countries:
            continue
        text = words[int(tok_codes[pos]) >> _TAG_BITS]
        if tags[pos] == qualifier:
            codes = qualifier_countries(text)
        else:
            codes = legal_form_countries(text, first=pos == tok_off[form])
        if codes:
            inferred.setdefault(entity, set()).update(codes)
    for entity, codes in inferred.items():
        kept[entity] = replace(kept.get(entity) or EntityFacts(), countries=tuple(sorted(codes)))

    by_identifier: dict[str, list[int]] = {}
    for entity, entity_facts in kept.items():
        for kind, value in entity_facts.identifiers:
            key = _identifier_text(normalize_identifier(kind, value))
            by_identifier.setdefault(key, []).append(first_name[entity])

    sections: dict[str, Array] = {}
    fact_entities = list(kept)
    order, fact_sections = _table("fact", fact_entities)
    sections.update(fact_sections)
    values_off, values = _appended(_facts_json(kept[fact_entities[i]]) for i in order.tolist())
    sections["fact_value_off"], sections["fact_value"] = values_off, values
    keys = list(by_identifier)
    order, ident_sections = _table("ident", keys)
    sections.update(ident_sections)
    rows = [by_identifier[keys[i]] for i in order.tolist()]
    sections["ident_names_off"] = _offsets(np.array([len(r) for r in rows], dtype=np.int64))
    sections["ident_names"] = np.array([n for r in rows for n in r], dtype=np.int32)
    return sections


def _joined(off: Array, blob: Array, separator: str) -> str:
    """The strings of a table of ``_strings`` joined by ``separator`` (one ASCII character),
    decoded at once rather than string by string."""
    if len(off) <= 1:
        return ""
    spaced = np.insert(blob, off[1:-1], ord(separator))
    return spaced.tobytes().decode("utf-8", "surrogatepass")


def _decoded(off: Array, blob: Array) -> list[str]:
    """Every string of a table of ``_strings``, as a list."""
    parts = _joined(off, blob, "\x00").split("\x00") if len(off) > 1 else []
    if len(parts) != len(off) - 1:  # a string holding NUL itself: one by one
        view = _Strings(memoryview(off), memoryview(blob.tobytes()))
        parts = [view[i] for i in range(len(off) - 1)]
    return parts


def _strings(values: list[str]) -> tuple[Array, Array]:
    return _appended(v.encode("utf-8", "surrogatepass") for v in values)


def _appended(encoded: Iterable[bytes]) -> tuple[Array, Array]:
    """A table of ``_strings`` (offsets, UTF-8 blob) from strings encoded one at a time: each
    is copied into the blob at once, so the next one reuses its memory (keeping them all
    first costs a fresh page every few)."""
    blob = bytearray()
    lengths = array("q")
    for data in encoded:
        blob += data
        lengths.append(len(data))
    return _offsets(np.frombuffer(lengths, dtype=np.int64)), np.frombuffer(blob, dtype=np.uint8)


def _gather(off: Array, values: Array, rows: Array) -> tuple[Array, Array]:
    """Rows ``rows`` of a ragged table (offsets, values), as a new ragged table.

    An update keeps long runs of consecutive rows: each run is copied as one
    slice; scattered rows are gathered element by element.
    """
    rows = np.asarray(rows, dtype=np.int64)
    starts = off[rows]
    lengths = off[rows + 1] - starts
    new_off = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum(lengths, out=new_off[1:])
    total = int(new_off[-1])
    breaks = np.flatnonzero(rows[1:] != rows[:-1] + 1) + 1
    if len(breaks) < max(16, len(rows) // 16):
        out = np.empty(total, dtype=values.dtype)
        firsts = np.r_[0, breaks].tolist()
        ends = np.r_[breaks, len(rows)].tolist()
        for first, end in zip(firsts, ends, strict=True):
            if end > first:
                source = int(off[rows[first]])
                size = int(off[rows[end - 1] + 1]) - source
                target = int(new_off[first])
                out[target : target + size] = values[source : source + size]
        return new_off, out
    positions = np.repeat(starts - new_off[:-1], lengths) + np.arange(total, dtype=np.int64)
    return new_off, values[positions]


def _concat_ragged(parts: list[tuple[Array, Array]]) -> tuple[Array, Array]:
    offs, vals, base = [np.zeros(1, dtype=np.int64)], [], 0
    for off, values in parts:
        offs.append(off[1:] + base)
        vals.append(values)
        base += int(off[-1])
    dtype = vals[0].dtype if vals else np.int32
    return np.concatenate(offs), (np.concatenate(vals) if vals else np.zeros(0, dtype=dtype))


def _offsets(counts: Array) -> Array:
    off = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=off[1:])
    return off


def _inverted(lex: Array, forms: Array, n_lex: int) -> tuple[Array, Array]:
    """Posting lists: for each word, the distinct forms using it, ascending."""
    packed = _packed(lex, forms)
    if packed is not None:
        packed.sort()
        if len(packed):
            packed = packed[np.r_[True, packed[1:] != packed[:-1]]]
        lex, forms = packed >> 32, packed & _LOW32
        return _offsets(np.bincount(lex, minlength=n_lex)), forms.astype(np.int32)
    order = np.argsort(lex, kind="stable")
    lex, forms = lex[order], forms[order]
    if len(lex):
        keep = np.ones(len(lex), dtype=bool)
        keep[1:] = (lex[1:] != lex[:-1]) | (forms[1:] != forms[:-1])
        lex, forms = lex[keep], forms[keep]
    return _offsets(np.bincount(lex, minlength=n_lex)), forms.astype(np.int32)


def _merge_keys(
    base_hashes: Array, base_lex: Array, hashes: Array, lex: Array
) -> tuple[Array, Array]:
    """(hash, word) pairs in ``np.lexsort((lex, hashes))`` order, from the base's pairs, sorted
    by hash (their words renumbered, so not always ascending within a hash), and new pairs
    in that order: the new ones are inserted, then the words of the few hashes out of order
    sorted again. An update's sort costs what it changes, not the whole index."""
    at = np.searchsorted(base_hashes, hashes, side="right")
    merged_hashes = np.insert(base_hashes, at, hashes)
    merged_lex = np.insert(base_lex, at, lex)
    same = merged_hashes[1:] == merged_hashes[:-1]
    disorder = same & (merged_lex[1:] < merged_lex[:-1])
    if disorder.any():
        group = np.cumsum(np.r_[True, ~same]) - 1
        unsorted = np.zeros(int(group[-1]) + 1, dtype=bool)
        unsorted[group[1:][disorder]] = True
        rows = np.flatnonzero(unsorted[group])
        merged_lex[rows] = merged_lex[rows][np.lexsort((merged_lex[rows], group[rows]))]
    return merged_hashes, merged_lex


@dataclass
class _Draft:
    """Everything a file is assembled from, word ids not yet numbered by first use."""

    name_ids: Array
    entity: tuple[Array, Array]
    text: tuple[Array, Array]
    schema: Array
    kind: Array
    family: Array
    labels: dict[str, list[Any]]  # schemas, kinds, families
    form_counts: Array
    form_text: tuple[Array, Array]
    native: Array
    tok: tuple[Array, Array]  # codes: draft word id << _TAG_BITS | tag
    der: tuple[Array, Array]  # codes: draft word id * 4 + kind
    words: tuple[Array, Array]
    extras: tuple[Array, Array]
    form_words: dict[str, Array]  # _word_table of the forms' texts
    # For words copied from a base file: base id (else -1), and the base's key
    # pairs, text hashes and derived-only flags, reused when still valid.
    origin: Array
    base_keys: tuple[Array, Array, Array] | None = None  # hashes, offsets, words
    base_hashes: Array | None = None
    base_derived_only: Array | None = None
    base_sigs: tuple[Array, Array, Array, Array] | None = None


class _Pool:
    """Map a function over tasks, in ``processes`` worker processes when more than one.

    Spawned, not forked (safe in a threaded web process); a worker that dies
    fails the build (``BrokenProcessPool``) rather than hanging it."""

    def __init__(self, processes: int) -> None:
        self.processes = processes
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> _Pool:
        if self.processes > 1:
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(self.processes, mp_context=context)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            # Not waiting: a worker frees its caches on the way out, seconds at a
            # million names, while the build goes on writing the file.
            self._pool.shutdown(wait=False, cancel_futures=True)

    def map(self, func: Any, tasks: list[Any]) -> Iterator[Any]:
        if self._pool is None or len(tasks) < 2:
            return map(func, tasks)
        return self._pool.map(func, tasks)


def _label_codes(values: list[Any], labels: list[Any]) -> Array:
    index = {v: i for i, v in enumerate(labels)}
    codes = bytearray()
    for v in values:
        code = index.get(v)
        if code is None:
            code = index[v] = len(labels)
            labels.append(v)
        codes.append(code)
    if len(labels) > 255:
        raise ValueError("more than 255 distinct schemas or kinds")
    return np.frombuffer(bytes(codes), dtype=np.uint8)


class _Analysed:
    """Names analysed chunk by chunk, merged into one vocabulary in order of first use."""

    def __init__(self, known: _Vocabulary | None = None) -> None:
        self.known = known
        self.base_words = len(known) if known is not None else 0
        self.new: dict[str, int] = {}
        self.words: list[str] = []
        self.extras: list[str] = []
        self.form_counts: list[Array] = []
        self.form_texts: list[str] = []
        self.native: list[bytes] = []
        self.tok: list[tuple[Array, Array]] = []
        self.der: list[tuple[Array, Array]] = []

    def add(self, chunk: Chunk) -> None:
        form_counts, texts, native, tok_counts, tok_codes, der_counts, der_codes, words, extras = (
            chunk
        )
        ids = np.empty(len(words), dtype=np.int64)
        known, new = self.known, self.new
        for i, (word, extra) in enumerate(zip(words, extras, strict=True)):
            gid = known.get(word) if known is not None else None
            if gid is None:
                gid = new.get(word)
                if gid is None:
                    gid = new[word] = self.base_words + len(self.words)
                    self.words.append(word)
                    self.extras.append(extra)
            ids[i] = gid
        self.form_counts.append(np.array(form_counts, dtype=np.int64))
        self.form_texts.extend(texts)
        self.native.append(native)
        tok = np.frombuffer(tok_codes, dtype=np.int32).astype(np.int64)
        der = np.frombuffer(der_codes, dtype=np.int32).astype(np.int64)
        self.tok.append((_offsets(np.frombuffer(tok_counts, dtype=np.int32)),
                         ids[tok >> _TAG_BITS] << _TAG_BITS | (tok & _TAG_MASK)))  # fmt: skip
        self.der.append((_offsets(np.frombuffer(der_counts, dtype=np.int32)),
                         ids[der >> 2] * 4 + (der & 3)))  # fmt: skip


def _analyse(
    names: Sequence[ListedName], pool: _Pool, known: _Vocabulary | None = None
) -> _Analysed:
    analysed = _Analysed(known)
    rows = [(n.text, n.schema) for n in names]
    tasks = [rows[i : i + _CHUNK] for i in range(0, len(rows), _CHUNK)]
    for chunk in pool.map(_analyse_chunk, tasks):
        analysed.add(chunk)
    return analysed


def _name_columns(names: Sequence[ListedName], labels: dict[str, list[Any]]) -> dict[str, Any]:
    return {
        "name_ids": np.array([n.name_id for n in names], dtype=np.int64),
        "entity": _strings([n.entity_id for n in names]),
        "text": _strings([n.text for n in names]),
        "schema": _label_codes([n.schema for n in names], labels["schemas"]),
        "kind": _label_codes([n.kind for n in names], labels["kinds"]),
        "family": _label_codes([schema_family(n.schema) for n in names], labels["families"]),
    }


def _signature(text: str) -> int:
    """The letters of ``text`` as a 64-bit set: bit ``ord(c) % 64`` of each ASCII character
    (other characters are left out). Letters one word has and the other has not
    each cost an edit, so these sets bound the edit distance from below."""
    sig = 0
    for byte in set(text.encode("utf-8", "surrogatepass")):
        if byte < 0x80:  # (the bytes of other characters are all 0x80 or more)
            sig |= 1 << (byte % 64)
    return sig


def _assemble(
    draft: _Draft, config: ScoringConfig, pool: _Pool, facts: Mapping[str, EntityFacts]
) -> dict[str, Array]:
    """The file's sections from a draft; see the module docstring."""
    n_names = len(draft.name_ids)
    tok_off, tok = draft.tok
    der_off, der = draft.der
    n_forms = len(tok_off) - 1
    tok_counts, der_counts = np.diff(tok_off), np.diff(der_off)
    form_name = np.repeat(np.arange(n_names, dtype=np.int64), draft.form_counts)

    # Number words by first use, as CandidateIndex.build does: form by form,
    # its tokens then its derived words. Words no form uses any more go.
    starts = tok_off[:-1] + der_off[:-1]
    tok_pos = np.repeat(starts - tok_off[:-1], tok_counts) + np.arange(len(tok))
    der_pos = np.repeat(starts + tok_counts - der_off[:-1], der_counts) + np.arange(len(der))
    seq = np.empty(len(tok) + len(der), dtype=np.int64)
    seq[tok_pos] = tok >> _TAG_BITS
    seq[der_pos] = der >> 2
    old_ids = _first_use_order(seq)
    n_lex = len(old_ids)
    renumber = np.full(len(draft.origin), -1, dtype=np.int64)
    renumber[old_ids] = np.arange(n_lex)
    tok_lex, der_lex = renumber[tok >> _TAG_BITS], renumber[der >> 2]
    tok_codes = (tok_lex << _TAG_BITS | (tok & _TAG_MASK)).astype(np.int32)
    der_codes = (der_lex * 4 + (der & 3)).astype(np.int32)
    words_off, words = _gather(*draft.words, old_ids)
    extras_off, extras = _gather(*draft.extras, old_ids)

    tok_forms = np.repeat(np.arange(n_forms, dtype=np.int64), tok_counts)
    der_forms = np.repeat(np.arange(n_forms, dtype=np.int64), der_counts)
    post_off, post = _inverted(tok_lex, tok_forms, n_lex)
    der_kind = der & 3
    joined = der_kind == _JOINED
    joined_off, joined_forms = _inverted(der_lex[joined], der_forms[joined], n_lex)
    acr_off, acr_forms = _inverted(der_lex[~joined], der_forms[~joined], n_lex)

    # Rarity from document frequency (names using the word), as _compute_rarity:
    # a posting list is ascending and a name's forms are consecutive, so a new
    # name starts wherever the name changes within a word's list.
    post_names = form_name[post]
    new_name = np.ones(len(post), dtype=bool)
    new_name[1:] = post_names[1:] != post_names[:-1]
    post_counts = np.diff(post_off)
    new_name[post_off[:-1][post_counts > 0]] = True
    post_lex = np.repeat(np.arange(n_lex, dtype=np.int64), post_counts)
    df = np.bincount(post_lex[new_name], minlength=n_lex)
    total = max(1, n_names)
    scale = math.log(total + 1)
    floor = config.rarity_floor
    rarity = array("f", [1.0]) * n_lex
    for lex_id in np.flatnonzero(df).tolist():
        idf = min(1.0, math.log((total + 1) / (int(df[lex_id]) + 1)) / scale)
        rarity[lex_id] = floor + (1.0 - floor) * idf
    derived_only = df == 0

    # Lookup keys and text hashes: reused from the base where the word and
    # its derived-only flag are unchanged, computed for the rest.
    origin = draft.origin[old_ids]
    reuse = origin >= 0
    if draft.base_derived_only is not None:
        reuse &= draft.base_derived_only[np.maximum(origin, 0)] == derived_only
    base_to_new = np.full(
        len(draft.base_derived_only) if draft.base_derived_only is not None else 0, -1, np.int32
    )
    base_to_new[origin[reuse]] = np.flatnonzero(reuse)
    base_key_pairs: tuple[Array, Array] | None = None
    if draft.base_keys is not None and len(base_to_new) and len(draft.base_keys[0]):
        # The base's pairs whose word is kept, renumbered; each hash repeated once per
        # pair kept (expanding only those saves a copy of every pair's hash).
        base_hashes, base_off, base_lex = draft.base_keys
        mapped = base_to_new[base_lex]
        keep = mapped >= 0
        kept_before = np.zeros(len(keep) + 1, dtype=np.int32)
        np.cumsum(keep, dtype=np.int32, out=kept_before[1:])
        kept_per_key = kept_before[base_off[1:]] - kept_before[base_off[:-1]]
        base_key_pairs = (np.repeat(base_hashes, kept_per_key), mapped[keep])
    key_hashes: list[Array] = []
    key_lex: list[Array] = []
    fresh = np.flatnonzero(~reuse).tolist()
    # Read as bytes (faster to slice) when most words are new; an update reads few of
    # them, and a copy of a million names' words and keys is not worth it.
    few = len(fresh) < n_lex // 4
    words_s = _Strings(memoryview(words_off), memoryview(words if few else words.tobytes()))
    extras_s = _Strings(memoryview(extras_off), memoryview(extras if few else extras.tobytes()))
    rows = [(i, words_s[i], extras_s[i], bool(derived_only[i])) for i in fresh]
    step = max(_CHUNK, len(rows) // max(1, pool.processes * 4) + 1)
    # Letter sets and lengths of text and key (``_may_be_similar``): the base's where
    # the word is the base's, computed with the keys for the rest.
    sig_columns = [np.zeros(n_lex, dtype=np.uint64) for _ in range(4)]
    if draft.base_sigs is not None:
        for column, base in zip(sig_columns, draft.base_sigs, strict=True):
            column[reuse] = base[origin[reuse]]
    fresh_sigs: list[list[Array]] = [[], [], [], []]
    for hashes, ids, *sigs in pool.map(
        _key_pairs, [rows[i : i + step] for i in range(0, len(rows), step)]
    ):
        key_hashes.append(hashes)
        key_lex.append(ids)
        for parts, column in zip(fresh_sigs, sigs, strict=True):
            parts.append(column)
    for column, parts in zip(sig_columns, fresh_sigs, strict=True):
        if parts:
            column[fresh] = np.concatenate(parts)
    word_sig, key_sig = sig_columns[0], sig_columns[2]
    word_len, key_len = (np.minimum(c, np.iinfo(np.uint16).max).astype(np.uint16)
                         for c in (sig_columns[1], sig_columns[3]))  # fmt: skip
    fresh_hashes = np.concatenate(key_hashes) if key_hashes else np.zeros(0, np.uint64)
    fresh_lex = np.concatenate(key_lex) if key_lex else np.zeros(0, np.int32)
    order = np.lexsort((fresh_lex, fresh_hashes))
    all_hashes, all_lex = fresh_hashes[order], fresh_lex[order]
    if base_key_pairs is not None:
        all_hashes, all_lex = _merge_keys(*base_key_pairs, all_hashes, all_lex)
    if len(all_hashes):
        starts_k = np.flatnonzero(np.r_[True, all_hashes[1:] != all_hashes[:-1]])
    else:
        starts_k = np.zeros(0, dtype=np.int64)
    key_off = np.r_[starts_k, len(all_hashes)].astype(np.int64)

    text_hash = np.zeros(n_lex, dtype=np.uint64)
    if draft.base_hashes is not None:
        text_hash[reuse] = draft.base_hashes[origin[reuse]]
    text_hash[fresh] = _text_hashes([r[1] for r in rows])
    vocab_ids = _hash_order(text_hash).astype(np.int32)
    entity_sections = _entity_sections(
        _decoded(*draft.entity), form_name, tok_off, tok_codes, words_s, facts
    )

    return {
        "name_ids": draft.name_ids,
        "entity_off": draft.entity[0],
        "entity": draft.entity[1],
        "text_off": draft.text[0],
        "text": draft.text[1],
        "schema": draft.schema,
        "kind": draft.kind,
        "family": draft.family,
        "first_form": _offsets(draft.form_counts).astype(np.int32),
        "form_name": form_name.astype(np.int32),
        "form_text_off": draft.form_text[0],
        "form_text": draft.form_text[1],
        "native": draft.native,
        "tok_off": tok_off,
        "tok": tok_codes,
        "der_off": der_off,
        "der": der_codes,
        "word_off": words_off,
        "word": words,
        "extra_off": extras_off,
        "extra": extras,
        "vocab_hash": text_hash[vocab_ids],
        "vocab_bucket": _buckets(text_hash[vocab_ids])[0],
        "vocab_ids": vocab_ids,
        "post_off": post_off,
        "post": post,
        "joined_off": joined_off,
        "joined": joined_forms,
        "acr_off": acr_off,
        "acr": acr_forms,
        "rarity": np.frombuffer(rarity.tobytes(), dtype=np.float32),
        "derived_only": derived_only.astype(np.uint8),
        "word_sig": word_sig,
        "word_len": word_len,
        "key_sig": key_sig,
        "key_len": key_len,
        "key_hash": all_hashes[starts_k],
        "key_bucket": _buckets(all_hashes[starts_k])[0],
        "key_off": key_off,
        "key_lex": all_lex,
        **draft.form_words,
        **entity_sections,
    }


def _write(
    path: Path,
    sections: dict[str, Array],
    meta: dict[str, Any],
    key: bytes | None,
    name: str,
) -> None:
    """Write atomically: a temporary file beside ``path``, then rename."""
    layout: dict[str, list[Any]] = {}
    offset = 0
    arrays = [np.ascontiguousarray(values) for values in sections.values()]
    for section, values in zip(sections, arrays, strict=True):
        layout[section] = [values.dtype.str, offset, len(values)]
        offset += -(-values.nbytes // _ALIGN) * _ALIGN

    def header_with(data_sha256: str) -> bytes:
        return json.dumps(
            {"format": COMPACT_FORMAT, "sections": layout, "data_sha256": data_sha256,
             "meta": meta},
            sort_keys=True,
        ).encode()  # fmt: skip

    # The data is written after a header of the digest's length, while another thread
    # computes the digest (hashing and writing both release the GIL); the header follows.
    lead = len(_MAGIC) + 8 + len(header_with("0" * 64)) + _TAG_SIZE
    pad = -lead % _ALIGN
    tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as fh, ThreadPoolExecutor(1) as hasher:
            digest = hasher.submit(_data_digest, arrays)
            fh.seek(lead + pad)
            for data in arrays:
                fh.write(data.view(np.uint8))
                fh.write(b"\x00" * (-data.nbytes % _ALIGN))
            header = header_with(digest.result())
            fh.seek(0)
            fh.write(_MAGIC)
            fh.write((len(header) + pad).to_bytes(8, "little"))
            fh.write(header + b" " * pad)
            fh.write(_tag(key, name, header + b" " * pad))
            if fh.tell() != lead + pad:
                raise AssertionError("the header's length changed with its digest")
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _data_digest(arrays: list[Array]) -> str:
    """SHA-256 of the data part of a file: every array, each padded to ``_ALIGN`` bytes."""
    digest = hashlib.sha256()
    for data in arrays:
        digest.update(data.view(np.uint8))
        digest.update(b"\x00" * (-data.nbytes % _ALIGN))
    return digest.hexdigest()


def _header(
    mapped: mmap.mmap, path: Path, key: bytes | None, name: str
) -> tuple[dict[str, Any], int]:
    """The verified header of a mapped file and where its data starts."""
    message = f"{path} is not a compact index for {name or 'this name'}; rebuild it"
    if mapped[: len(_MAGIC)] != _MAGIC:
        raise ValueError(message)
    size = int.from_bytes(mapped[len(_MAGIC) : len(_MAGIC) + 8], "little")
    start = len(_MAGIC) + 8
    header = mapped[start : start + size]
    tag = mapped[start + size : start + size + _TAG_SIZE]
    if len(tag) != _TAG_SIZE or not hmac.compare_digest(tag, _tag(key, name, header)):
        raise ValueError(message)
    info: dict[str, Any] = json.loads(header)
    if info.get("format") != COMPACT_FORMAT:
        raise ValueError(f"{path} is a compact index of another format; rebuild it")
    return info, start + size + _TAG_SIZE


# -- searching: the candidate tally, vectorised ------------------------------------


@dataclass
class _Tallied:
    """What ``CandidateIndex._candidates`` tallies for one query form, for the forms it met
    that may reach the cutoff, by ascending form id."""

    forms: Array  # form ids, ascending
    credit: Array  # float64: similarity times weight, summed over probes in probe order
    first: Array  # int64: where the form was first met, in probe, group and posting order
    hits: Array  # int64: probes that met it
    distinctive: Array  # bool: met by a distinctive probe
    runs: Array  # bool: met through runs (listed joined words, acronyms)


@dataclass
class _Passed:
    """The forms of one query form whose estimate reaches the cutoff, by ascending form id."""

    forms: Array
    bounds: Array
    first: Array
    matched: Array
    hits: Array
    runs: Array
    probed: _ProbedForm  # the query form: its unprobed words and acronyms


# Edits a word may differ by and still match, by the longer word's length (Latin
# script; other scripts allow fewer): ``similarity.edit_budget``, as a table.
_BUDGETS = np.array([edit_budget("a" * n) for n in range(64)], dtype=np.int64)
_BUDGETS[-1] = _BUDGETS.max()
# Below this many words met, the words are compared one by one without the prefilter.
_PREFILTER_FROM = 24


def _may_be_similar(sigs: Array, lengths: Array, sig: int, length: int) -> Array:
    """Which words (their ``_signature`` and length) may be within the edit budget of a word:
    the letters one has and the other not, and the difference in length, bound the
    edit distance from below."""
    query = np.uint64(sig)
    missing = np.maximum(np.bitwise_count(sigs & ~query), np.bitwise_count(query & ~sigs))
    lengths = lengths.astype(np.int64)
    edits = np.maximum(missing, np.abs(lengths - length))
    return edits <= _BUDGETS[np.minimum(np.maximum(lengths, length), len(_BUDGETS) - 1)]


def _posting_array(form_ids: Sequence[int]) -> Array:
    if isinstance(form_ids, memoryview):
        return np.frombuffer(form_ids, dtype=np.int32)
    return np.asarray(form_ids, dtype=np.int32)


class CompactIndex(CandidateIndex):
    """A CandidateIndex whose storage is a mapped file; see the module docstring."""

    path: Path
    meta: dict[str, Any]
    _arrays: dict[str, Array]

    # -- opening ------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | Path,
        *,
        key: bytes | None = None,
        name: str = "",
        config: ScoringConfig = DEFAULT_CONFIG,
        verified: Path | None = None,
        written: bool = False,
    ) -> CompactIndex:
        """Map the file at ``path``; raises ``ValueError`` unless it is an index tagged with
        ``key`` for ``name``, with intact data, built with ``config``.

        With ``verified`` (a marker file), the data digest is checked once for
        this file (same inode, size and modification time) and remembered there.
        ``written``: this process has just written the file (``create``,
        ``update``), so its data is remembered as verified without hashing it.
        """
        path = Path(path)
        with path.open("rb") as fh:
            try:
                mapped = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
            except ValueError as exc:  # empty file
                raise ValueError(f"{path} is empty; rebuild it") from exc
        info, data_start = _header(mapped, path, key, name)
        if info["meta"].get("config") != _config_fingerprint(config):
            raise ValueError(f"{path} was built with another scoring configuration; rebuild it")
        cls._check_data(mapped, data_start, info["data_sha256"], path, key, name, verified, written)
        index = cls(config)
        index._map(mapped, data_start, info)
        index.path = path
        return index

    @staticmethod
    def read_meta(
        path: str | Path, *, key: bytes | None = None, name: str = ""
    ) -> dict[str, Any] | None:
        """What ``meta`` a file was written with, if its header is tagged with ``key`` for
        ``name`` (its data is not checked); None for any other file."""
        try:
            with Path(path).open("rb") as fh:
                lead = fh.read(len(_MAGIC) + 8)
                size = int.from_bytes(lead[len(_MAGIC) :], "little")
                if lead[: len(_MAGIC)] != _MAGIC or size > 1 << 26:
                    return None
                header = fh.read(size)
                tag = fh.read(_TAG_SIZE)
        except OSError:
            return None
        if len(tag) != _TAG_SIZE or not hmac.compare_digest(tag, _tag(key, name, header)):
            return None
        info = json.loads(header)
        return info["meta"] if info.get("format") == COMPACT_FORMAT else None

    @staticmethod
    def _check_data(
        mapped: mmap.mmap,
        data_start: int,
        digest: str,
        path: Path,
        key: bytes | None,
        name: str,
        verified: Path | None,
        written: bool = False,
    ) -> None:
        stat = os.stat(path)
        identity = (
            f"{name}\x00{digest}\x00{stat.st_dev}:{stat.st_ino}:{stat.st_size}:{stat.st_mtime_ns}"
        )
        seal = _tag(key, "verified", identity.encode()).hex()
        if verified is not None:
            try:
                if hmac.compare_digest(verified.read_text().strip(), seal):
                    return
            except (OSError, UnicodeDecodeError):
                pass
        if not written:
            view = memoryview(mapped)[data_start:]
            try:
                if hashlib.sha256(view).hexdigest() != digest:
                    raise ValueError(f"{path}: data does not match its signed digest; rebuild it")
            finally:
                view.release()
        if verified is not None:
            try:
                tmp = verified.with_name(f"{verified.name}.{os.getpid()}.tmp")
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                with os.fdopen(fd, "w") as fh:
                    fh.write(seal)
                os.replace(tmp, verified)
            except OSError:
                pass  # verified again by the next process: slower, still safe

    def _map(self, mapped: mmap.mmap, data_start: int, info: dict[str, Any]) -> None:
        self._mmap = mapped
        self.meta = info["meta"]
        whole = memoryview(mapped)
        arrays: dict[str, Array] = {}
        views: dict[str, memoryview] = {}
        for section, (dtype, offset, count) in info["sections"].items():
            dt = np.dtype(dtype)
            begin = data_start + offset
            arrays[section] = np.frombuffer(mapped, dtype=dt, count=count, offset=begin)
            fmt = _BUFFER_FORMATS[dtype]
            views[section] = whole[begin : begin + dt.itemsize * count].cast(fmt)
        self._arrays = arrays
        meta = self.meta
        v = views

        def strings(section: str) -> _Strings:
            return _Strings(v[section + "_off"], v[section])

        self.names = _Names(  # type: ignore[assignment]
            v["name_ids"], strings("entity"), strings("text"),
            _Codes(v["schema"], meta["schemas"]), _Codes(v["kind"], meta["kinds"]),
        )  # fmt: skip
        self._families = _Codes(v["family"], meta["families"])  # type: ignore[assignment]
        self._first_form = v["first_form"]  # type: ignore[assignment]
        self._form_name = v["form_name"]  # type: ignore[assignment]
        self._form_text = strings("form_text")  # type: ignore[assignment]
        self._form_native = v["native"]  # type: ignore[assignment]
        self._form_tokens = _Ragged(v["tok_off"], v["tok"])  # type: ignore[assignment]
        words = strings("word")
        self._lexemes = _Lexemes(words, strings("extra"))  # type: ignore[assignment]
        self._vocab = _Vocabulary(v["vocab_hash"], v["vocab_bucket"], v["vocab_ids"], words)  # type: ignore[assignment]
        self._postings = _Ragged(v["post_off"], v["post"])  # type: ignore[assignment]
        self._joined = _SparseRagged(v["joined_off"], v["joined"])  # type: ignore[assignment]
        self._acronyms = _SparseRagged(v["acr_off"], v["acr"])  # type: ignore[assignment]
        self._rarity = v["rarity"]  # type: ignore[assignment]
        self._keys = _Keys(v["key_hash"], v["key_bucket"], v["key_off"], v["key_lex"])  # type: ignore[assignment]
        self._words = _WordSet(_Table(v["fword_hash"], v["fword_bucket"], strings("fword")))  # type: ignore[assignment]
        self._facts = _Facts(  # type: ignore[assignment]
            _Table(v["fact_hash"], v["fact_bucket"], strings("fact")), strings("fact_value")
        )
        self._by_identifier = _Identifiers(  # type: ignore[assignment]
            _Table(v["ident_hash"], v["ident_bucket"], strings("ident")),
            _Ragged(v["ident_names_off"], v["ident_names"]),
        )
        if len(words) <= PRELOAD_WORDS:
            self._lexemes = list(self._lexemes)
            self._vocab = {lex.text: i for i, lex in enumerate(self._lexemes)}
            self._keys = _HashedKeys(self._keys)  # type: ignore[arg-type,assignment]
            fwords = strings("fword")
            self._words = frozenset(fwords[i] for i in range(len(fwords)))
            self._facts = dict(self._facts.items())  # type: ignore[attr-defined]
            self._by_identifier = dict(self._by_identifier.items())  # type: ignore[attr-defined]
        preloaded = isinstance(self._lexemes, list)
        self._familiar: Array | None = None
        self._forms: dict[int, NameForm] = _BoundedCache(
            _FORM_CACHE if preloaded else _MAPPED_FORM_CACHE
        )
        self._free_slots: list[Array] = []
        self._slots_lock = threading.Lock()

    def _infer_countries(self) -> None:
        """Done when the file is written: its facts already hold the inferred countries."""

    def __getstate__(self) -> dict[str, object]:
        raise TypeError("a CompactIndex is shared through its file: open it, do not pickle it")

    def name_ids(self) -> Array:
        """The ``name_id`` of every indexed name (a read-only array)."""
        return self._arrays["name_ids"]

    # -- searching ------------------------------------------------------------

    # From this many names the bulk lookups below pay: at the size of today's official
    # lists numpy's per-call overhead made the synchronous endpoint cost about 2.5 ms
    # more CPU per call (bench_sync_load.py), while at 1,000,000 names they are 2-4 times
    # faster (bench_scale.py). Below it the inherited per-form logic runs; both give the
    # same answers (tests/matching/test_compact_search.py).
    bulk_from_names = 100_000

    def _candidates(
        self, forms: tuple[NameForm, ...], threshold: float, listed_bound: bool = False
    ) -> list[int]:
        """``CandidateIndex._candidates``, the same form ids in the same order, tallied with
        numpy instead of a dict per form met (a common word meets 100,000 forms at a
        million names).

        Probes whose best credits add up to less than the cutoff needs (MaxScore)
        bring no candidates: a form met by those alone cannot reach it. The forms
        the other probes meet are then credited by every probe, in probe order,
        as the in-memory tally does, so estimates and their order (ties broken
        by where a form was first met) are the same to the last bit.
        """
        if len(self.names) < self.bulk_from_names:
            return super()._candidates(forms, threshold, listed_bound)
        share = self.config.extra_query_weight
        cutoff = threshold - 0.1  # as CandidateIndex._candidates: see there
        passes: list[_Passed] = []
        for probed in self._probed_forms(forms, cutoff):
            total = probed.total
            tallied = self._tally(probed.met, total, share, cutoff, listed_bound)
            if tallied is None:
                continue
            matched = np.minimum(tallied.credit, total)
            bound = matched / (matched + share * (total - matched))
            if probed.distinctive:
                bound = np.where(tallied.distinctive, bound, bound + _NO_DISTINCTIVE_WEIGHT)
            keep = ~(bound < cutoff)
            passes.append(
                _Passed(
                    forms=tallied.forms[keep], bounds=bound[keep], first=tallied.first[keep],
                    matched=matched[keep], hits=tallied.hits[keep], runs=tallied.runs[keep],
                    probed=probed,
                )
            )  # fmt: skip

        def checks_of(form_id: int) -> list[tuple[float, _BoundCheck | None]]:
            checks: list[tuple[float, _BoundCheck | None]] = []
            for passed in passes:
                at = int(np.searchsorted(passed.forms, form_id))
                if at < len(passed.forms) and passed.forms[at] == form_id:
                    checks.append((
                        float(passed.bounds[at]),
                        None if passed.runs[at] else (
                            float(passed.matched[at]) + passed.probed.unprobed,
                            int(passed.hits[at]) + passed.probed.n_unprobed,
                            passed.probed.acronyms,
                        ),
                    ))  # fmt: skip
            return checks

        ranked_forms, estimates = self._ranked(passes)
        ranked: list[int] = ranked_forms.tolist()
        by_form: dict[int, float] = {}

        def estimate_of(form_id: int) -> float:
            # Built on first use, from the arrays (``_kept`` sorts ``ranked`` in place):
            # only queries with initials and more forms than the cap ask.
            if not by_form:
                by_form.update(zip(ranked_forms.tolist(), estimates.tolist(), strict=True))
            return by_form[form_id]

        return self._kept(ranked, forms, threshold, listed_bound, checks_of, estimate_of)

    def _worth_comparing(self, lex: Lexeme, found: set[int], floor: float) -> Iterable[int]:
        """The words ``CandidateIndex._similar_words`` compares, in the same order, but
        for those that cannot be similar at all.

        A query word's lookup keys meet thousands of words at a million names
        (every long word sharing its first or last four letters), each to be
        read from the file and compared. ``token_similarity`` is 0 unless the
        words, or their keys, are within the edit budget of the longer one
        (same key: 0 edits) or one of them is compared beyond it (a familiar
        form of a given name, Chinese syllables), so a word whose letters and
        length put both its text and its key beyond the budget
        (``_may_be_similar``) is left out unread: it would score 0, below any
        floor. The others are measured on their spelling and key alone
        (``similarity.may_be_similar``) before a lexeme is built for them: most
        of them are still too far.
        """
        lexemes = self._lexemes
        if isinstance(lexemes, list):
            return super()._worth_comparing(lex, found, floor)
        if floor <= 0.0 or compared_loosely(lex):
            return found
        candidates: Iterable[int] = found
        if len(self.names) >= self.bulk_from_names and len(found) >= _PREFILTER_FROM:
            # (the set's own order, as CandidateIndex._similar_words walks it)
            order = np.fromiter(found, dtype=np.int64, count=len(found))
            a = self._arrays
            near = _may_be_similar(
                a["word_sig"][order], a["word_len"][order], _signature(lex.text), len(lex.text)
            ) | _may_be_similar(
                a["key_sig"][order], a["key_len"][order], _signature(lex.key), len(lex.key)
            ) | np.isin(order, self._familiar_forms())  # fmt: skip
            candidates = order[near].tolist()
        texts, extras = lexemes.texts, lexemes.extras
        return [
            i for i in candidates if may_be_similar(lex, texts[i], extras[i].partition(_SEP)[0])
        ]

    def _familiar_forms(self) -> Array:
        """The ids of the vocabulary's familiar forms of given names (``HYPOCORISM_KEYS``),
        which compare beyond the edit budget."""
        if self._familiar is None:
            ids = (self._vocab.get(text) for text in HYPOCORISM_KEYS)
            self._familiar = np.array(sorted(i for i in ids if i is not None), dtype=np.int64)
        return self._familiar

    @staticmethod
    def _ranked(passes: list[_Passed]) -> tuple[Array, Array]:
        """Forms by best estimate, ties in the order the in-memory tally first kept them
        (query form, then where first met); only positive estimates, as there. With
        the estimates, in the same order."""
        if not passes:
            return np.empty(0, dtype=np.int64), np.empty(0)
        forms = np.concatenate([p.forms for p in passes])
        bounds = np.concatenate([p.bounds for p in passes])
        query_form = np.repeat(np.arange(len(passes)), [len(p.forms) for p in passes])
        first = np.concatenate([p.first for p in passes])
        positive = bounds > 0.0
        forms, bounds = forms[positive], bounds[positive]
        query_form, first = query_form[positive], first[positive]
        if not len(forms):
            return forms, bounds
        arrival = np.lexsort((first, query_form))  # the order entries were kept in
        forms, bounds = forms[arrival], bounds[arrival]
        distinct, at, inverse = np.unique(forms, return_index=True, return_inverse=True)
        best = np.full(len(distinct), -np.inf)
        np.maximum.at(best, inverse, bounds)
        order = np.lexsort((at, -best))
        return distinct[order], best[order]

    def _tally(
        self, met: list[_Met], total: float, share: float, cutoff: float, listed_bound: bool
    ) -> _Tallied | None:
        """Credit the forms the probes meet, as the in-memory tally does, leaving out forms
        that only probes too weak together to reach ``cutoff`` meet."""
        probes: list[tuple[Array, list[float], list[int], Array | None]] = []
        contributions: list[float] = []
        for groups, weight, _ in met:
            arrays: list[Array] = []
            sims: list[float] = []
            runs: list[bool] = []
            for form_ids, sim, through_runs in groups:
                if len(form_ids) and sim > 0.0:
                    arrays.append(_posting_array(form_ids))
                    sims.append(sim)
                    runs.append(through_runs)
            lengths = [len(a) for a in arrays]
            ids = np.concatenate(arrays) if len(arrays) > 1 else (
                arrays[0] if arrays else np.zeros(0, np.int32)
            )  # fmt: skip
            run_mask = np.repeat(np.array(runs), lengths) if any(runs) else None
            probes.append((ids, sims, lengths, run_mask))
            contributions.append(weight * max(sims, default=0.0))
        weak = _weak_probes(contributions, total, share, cutoff)
        strong = [probes[p][0] for p in range(len(probes)) if p not in weak]
        if not strong:
            return None
        forms = np.unique(np.concatenate(strong)) if len(strong) > 1 else np.unique(strong[0])
        n = len(forms)
        if not n:
            return None
        credits = np.zeros(n)
        first = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
        hits = np.zeros(n, dtype=np.int64)
        distinctive_hits = np.zeros(n, dtype=bool)
        met_runs = np.zeros(n, dtype=bool)
        slots = self._take_slots()
        try:
            slots[forms] = np.arange(n, dtype=np.int32)
            base = 0
            for (ids, sims, lengths, run_mask), (_, weight, distinctive) in zip(
                probes, met, strict=True
            ):
                found = slots[ids]
                inside = found >= 0
                at = found[inside]
                best = np.zeros(n)
                if len(sims) == 1:
                    best[at] = sims[0]  # a posting list holds each form once
                    np.minimum.at(first, at, base + np.flatnonzero(inside))
                else:
                    entry_sims = np.repeat(np.array(sims), lengths)
                    np.maximum.at(best, at, entry_sims[inside])
                    np.minimum.at(first, at, base + np.flatnonzero(inside))
                base += len(ids)
                # The in-memory tally adds sim * weight to each form met, in probe order;
                # adding 0.0 to the others leaves them as they are.
                credits += best * weight
                present = best > 0.0
                hits += present
                if distinctive:
                    distinctive_hits |= present
                if listed_bound and run_mask is not None:
                    met_runs[found[run_mask & inside]] = True
        finally:
            slots[forms] = -1
            self._give_slots(slots)
        return _Tallied(forms, credits, first, hits, distinctive_hits, met_runs)

    def _take_slots(self) -> Array:
        """A scratch array, form id -> position among the forms tallied (-1: none), per
        thread at a time: kept between queries, so reset to -1 after each use."""
        with self._slots_lock:
            if self._free_slots:
                return self._free_slots.pop()
        return np.full(len(self._form_name), -1, dtype=np.int32)

    def _give_slots(self, slots: Array) -> None:
        with self._slots_lock:
            self._free_slots.append(slots)

    # -- writing ------------------------------------------------------------

    @classmethod
    def create(
        cls,
        names: Sequence[ListedName],
        path: str | Path,
        *,
        key: bytes | None = None,
        name: str = "",
        config: ScoringConfig = DEFAULT_CONFIG,
        facts: Mapping[str, EntityFacts] | None = None,
        processes: int = 1,
        meta: dict[str, Any] | None = None,
        verified: Path | None = None,
    ) -> CompactIndex:
        """Analyse and index ``names`` into the file at ``path`` and open it (``verified``:
        the marker ``open`` takes).

        Same storage, word for word, as ``CandidateIndex.build(names, config, facts)``
        (``facts`` of entities without names are left out: no search asks for them).
        ``processes`` > 1 analyses in that many spawned processes.
        """
        path = Path(path)
        with _Pool(processes) as pool:
            analysed = _analyse(names, pool)
            labels: dict[str, list[Any]] = {"schemas": [], "kinds": [], "families": []}
            cols = _name_columns(names, labels)
            draft = _Draft(
                name_ids=cols["name_ids"], entity=cols["entity"], text=cols["text"],
                schema=cols["schema"], kind=cols["kind"], family=cols["family"], labels=labels,
                form_counts=np.concatenate([np.zeros(0, np.int64), *analysed.form_counts]),
                form_text=_strings(analysed.form_texts),
                native=np.frombuffer(b"".join(analysed.native), dtype=np.uint8),
                tok=_concat_ragged(analysed.tok), der=_concat_ragged(analysed.der),
                words=_strings(analysed.words), extras=_strings(analysed.extras),
                form_words=_word_table(_form_word_uses(analysed.form_texts)),
                origin=np.full(len(analysed.words), -1, dtype=np.int64),
            )  # fmt: skip
            sections = _assemble(draft, config, pool, facts or {})
        _write(path, sections, {**labels, **(meta or {}), "config": _config_fingerprint(config)},
               key, name)  # fmt: skip
        return cls.open(path, key=key, name=name, config=config, verified=verified, written=True)

    def update(
        self,
        path: str | Path,
        removed: Iterable[int],
        added: Sequence[ListedName],
        *,
        key: bytes | None = None,
        name: str = "",
        facts: Mapping[str, EntityFacts] | None = None,
        processes: int = 1,
        meta: dict[str, Any] | None = None,
        verified: Path | None = None,
    ) -> CompactIndex:
        """Write the index of this one's names less those whose ``name_id`` is in ``removed``,
        plus ``added`` (appended), to ``path``, and open it.

        ``facts`` are the new version's, every entity's (as ``create`` takes
        them; this file's are not carried over). Only ``added`` is analysed;
        the rest is copied from this file. The result equals ``create`` of the
        same names in the same order with the same facts.
        """
        a = self._arrays
        path = Path(path)
        removed_ids = np.fromiter(removed, dtype=np.int64)
        keep = ~np.isin(a["name_ids"], removed_ids)
        kept_names = np.flatnonzero(keep)
        first_form = a["first_form"].astype(np.int64)
        form_counts = np.diff(first_form)
        form_kept = np.repeat(keep, form_counts)
        kept_forms = np.flatnonzero(form_kept)
        gone_texts = _gather(a["form_text_off"], a["form_text"], np.flatnonzero(~form_kept))
        with _Pool(processes) as pool:
            analysed = _analyse(added, pool, known=self._vocab)  # type: ignore[arg-type]
            labels = {k: list(self.meta[k]) for k in ("schemas", "kinds", "families")}
            cols = _name_columns(added, labels)
            n_base_words = len(self._lexemes)
            base_tok = _gather(a["tok_off"], a["tok"].astype(np.int64), kept_forms)
            base_der = _gather(a["der_off"], a["der"].astype(np.int64), kept_forms)
            words = _concat_ragged([(a["word_off"], a["word"]), _strings(analysed.words)])
            extras = _concat_ragged([(a["extra_off"], a["extra"]), _strings(analysed.extras)])
            base_hashes = np.empty(n_base_words, dtype=np.uint64)
            base_hashes[a["vocab_ids"]] = a["vocab_hash"]
            draft = _Draft(
                name_ids=np.concatenate([a["name_ids"][kept_names], cols["name_ids"]]),
                entity=_concat_ragged([_gather(a["entity_off"], a["entity"], kept_names),
                                       cols["entity"]]),
                text=_concat_ragged([_gather(a["text_off"], a["text"], kept_names),
                                     cols["text"]]),
                schema=np.concatenate([a["schema"][kept_names], cols["schema"]]),
                kind=np.concatenate([a["kind"][kept_names], cols["kind"]]),
                family=np.concatenate([a["family"][kept_names], cols["family"]]),
                labels=labels,
                form_counts=np.concatenate([form_counts[kept_names], *analysed.form_counts]),
                form_text=_concat_ragged([_gather(a["form_text_off"], a["form_text"], kept_forms),
                                          _strings(analysed.form_texts)]),
                native=np.concatenate([a["native"][kept_forms],
                                       np.frombuffer(b"".join(analysed.native), np.uint8)]),
                tok=_concat_ragged([base_tok, *analysed.tok]),
                der=_concat_ragged([base_der, *analysed.der]),
                words=words, extras=extras,
                form_words=_updated_word_table(
                    a, _form_word_uses(_decoded(*gone_texts)),
                    _form_word_uses(analysed.form_texts),
                ),
                origin=np.r_[np.arange(n_base_words), np.full(len(analysed.words), -1)],
                base_keys=(a["key_hash"], a["key_off"], a["key_lex"]),
                base_hashes=base_hashes,
                base_derived_only=a["derived_only"].astype(bool),
                base_sigs=(a["word_sig"], a["word_len"], a["key_sig"], a["key_len"]),
            )  # fmt: skip
            sections = _assemble(draft, self.config, pool, facts or {})
        meta_out = {**labels, **(meta or {}), "config": _config_fingerprint(self.config)}
        _write(path, sections, meta_out, key, name)
        return type(self).open(
            path, key=key, name=name, config=self.config, verified=verified, written=True
        )
