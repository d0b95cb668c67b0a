"""CandidateIndex: find the few listed names worth scoring, then score only those.

Built once per list version from ``ListedName``s (a few seconds for the
OFAC and UN lists together), saved with ``save`` and loaded by each worker
with ``load``. Its parts:

* a vocabulary of the distinct words of all listed names (every
  romanisation form), each with a posting list of the name forms using it;
  joined neighbours (air+koryo -> airkoryo) and acronyms of listed names are
  vocabulary entries too, so a query spelled either way finds them;
* lookup keys from a key to vocabulary words: the romanisation key, the
  Metaphone code, every one-letter deletion of the key (finds any single
  typo, symmetric-delete style) and, for long words, a four-letter prefix
  and suffix (finds two typos at one end);
* document frequencies, turned into rarity multipliers in
  [``rarity_floor``, 1] for token weights.

``search`` analyses the query, looks its words up, scores each retrieved
vocabulary word against the query word once, accumulates per name form the
weighted similarity of its best word for each query word, keeps the forms
whose upper-bound score can still reach the threshold (at most
``max_candidates``), and scores those with the full model. Results are one
``Match`` per entity, best first.
"""

from __future__ import annotations

import math
import pickle
from array import array
from collections.abc import Iterable
from dataclasses import astuple
from pathlib import Path

from screening.matching.config import DEFAULT_CONFIG, ScoringConfig
from screening.matching.model import (
    DEFAULT_THRESHOLD,
    Rarity,
    Scored,
    explain,
    score_names,
    tag_weights,
)
from screening.matching.phonetic import PhoneticCodes
from screening.matching.results import ListedName, Match
from screening.matching.similarity import token_similarity
from screening.matching.tokens import (
    Lexeme,
    NameForm,
    Tag,
    Token,
    analyse_name,
    lexeme,
    schema_family,
)

# Bump when the pickled layout changes, so stale files are rebuilt, not misread.
_FORMAT = 1
# Tags that never bring candidates: every name has them.
_NO_LOOKUP = frozenset({Tag.LEGAL, Tag.STOP, Tag.TITLE})
_LONG_WORD = 8
_MAX_RUN = 3
# Rebuilt after loading rather than saved.
_TRANSIENT = frozenset({"_lexemes", "_vocab", "_forms"})


def _deletions(key: str) -> set[str]:
    return {key[:i] + key[i + 1 :] for i in range(len(key))} if len(key) > 2 else set()


def _lookup_keys(lex: Lexeme) -> list[str]:
    """Keys under which a vocabulary word is filed (and a query word looked up)."""
    key = lex.key
    keys = ["=" + key]
    if lex.codes.metaphone:
        keys.append("~" + lex.codes.metaphone)
    if len(key) >= _LONG_WORD:
        keys.append("<" + key[:4])
        keys.append(">" + key[-4:])
    return keys


def _derived_words(form: NameForm) -> list[str]:
    """Joined neighbours and the acronym of a form: other ways to write it."""
    words = [t for t in form.tokens if t.tag not in _NO_LOOKUP]
    derived: list[str] = []
    for start in range(len(words) - 1):
        text = words[start].text
        for end in range(start + 1, min(start + _MAX_RUN, len(words))):
            text += words[end].text
            derived.append(text)
    initials = [t.text[0] for t in words if t.tag in (Tag.NAME, Tag.GENERIC)]
    if 2 <= len(initials) <= 6 and all(c.isascii() and c.isalpha() for c in initials):
        derived.append("".join(initials))
    return derived


_TAGS = tuple(Tag)
_TAG_CODE = {tag: code for code, tag in enumerate(_TAGS)}


class CandidateIndex:
    """An inverted index over listed names; see the module docstring.

    Storage is flat (arrays of integer ids) so that a saved index loads in a
    fraction of a second: name forms are rebuilt as objects only when a query
    needs them scored.
    """

    def __init__(self, config: ScoringConfig = DEFAULT_CONFIG) -> None:
        self.config = config
        self.max_candidates = 60
        self.names: list[ListedName] = []
        self._families: list[str] = []
        self._first_form: array[int] = array("i", [0])  # forms of name i: [first[i], first[i+1])
        self._form_name: array[int] = array("i")
        self._form_text: list[str] = []
        self._form_native: bytearray = bytearray()
        self._form_tokens: list[array[int]] = []  # lexeme id * 8 + tag code
        self._lexemes: list[Lexeme] = []
        self._vocab: dict[str, int] = {}
        self._postings: list[array[int]] = []
        self._rarity: array[float] = array("f")
        self._keys: dict[str, list[int] | int] = {}
        self._forms: dict[int, NameForm] = {}

    def __len__(self) -> int:
        return len(self.names)

    # -- building ---------------------------------------------------------

    @classmethod
    def build(
        cls, names: Iterable[ListedName], config: ScoringConfig = DEFAULT_CONFIG
    ) -> CandidateIndex:
        """Analyse and index every name. Names with nothing to match are kept but never found."""
        index = cls(config)
        df: dict[int, int] = {}
        derived_ids: set[int] = set()
        for name in names:
            name_idx = len(index.names)
            index.names.append(name)
            index._families.append(schema_family(name.schema))
            seen: set[int] = set()
            for form in analyse_name(name.text, name.schema):
                form_idx = len(index._form_name)
                index._form_name.append(name_idx)
                index._form_text.append(form.text)
                index._form_native.append(form.native)
                packed = array("i")
                for token in form.tokens:
                    lex_id = index._post(token.text, form_idx)
                    packed.append(lex_id * 8 + _TAG_CODE[token.tag])
                    seen.add(lex_id)
                index._form_tokens.append(packed)
                for text in _derived_words(form):
                    derived_ids.add(index._post(text, form_idx))
            index._first_form.append(len(index._form_name))
            for lex_id in seen:
                df[lex_id] = df.get(lex_id, 0) + 1
        index._index_keys(derived_ids - set(df))
        index._compute_rarity(df)
        return index

    def _post(self, text: str, form_idx: int) -> int:
        lex_id = self._vocab.get(text)
        if lex_id is None:
            lex_id = self._vocab[text] = len(self._lexemes)
            self._lexemes.append(lexeme(text))
            self._postings.append(array("i"))
        postings = self._postings[lex_id]
        if not postings or postings[-1] != form_idx:
            postings.append(form_idx)
        return lex_id

    def _index_keys(self, derived_only: set[int]) -> None:
        """File every word under its lookup keys; derived words get no typo keys."""
        keys: dict[str, list[int]] = {}
        for lex_id, lex in enumerate(self._lexemes):
            for key in _lookup_keys(lex):
                keys.setdefault(key, []).append(lex_id)
            if lex_id in derived_only:
                continue
            for deletion in _deletions(lex.key) | {lex.key}:
                keys.setdefault("#" + deletion, []).append(lex_id)
        # Most keys name one word: store those as a bare id (a third of the memory).
        self._keys = {k: v[0] if len(v) == 1 else v for k, v in keys.items()}

    def _compute_rarity(self, df: dict[int, int]) -> None:
        total = max(1, len(self.names))
        scale = math.log(total + 1)
        floor = self.config.rarity_floor
        rarity = array("f", [1.0]) * len(self._lexemes)
        for lex_id, count in df.items():
            idf = min(1.0, math.log((total + 1) / (count + 1)) / scale)
            rarity[lex_id] = floor + (1.0 - floor) * idf
        self._rarity = rarity

    def rarity(self, text: str) -> float:
        """Weight multiplier of a word: 1.0 when unseen in the list, lower the commoner it is."""
        lex_id = self._vocab.get(text)
        return 1.0 if lex_id is None else self._rarity[lex_id]

    def _form(self, form_id: int) -> NameForm:
        form = self._forms.get(form_id)
        if form is None:
            tokens = tuple(
                Token(self._lexemes[code >> 3], _TAGS[code & 7])
                for code in self._form_tokens[form_id]
            )
            form = NameForm(self._form_text[form_id], tokens, bool(self._form_native[form_id]))
            self._forms[form_id] = form
        return form

    def _name_forms(self, name_idx: int) -> tuple[NameForm, ...]:
        first, end = self._first_form[name_idx], self._first_form[name_idx + 1]
        return tuple(self._form(f) for f in range(first, end))

    # -- persistence --------------------------------------------------------

    def __getstate__(self) -> dict[str, object]:
        state = {slot: getattr(self, slot) for slot in vars(self) if slot not in _TRANSIENT}
        state["_lexemes"] = [(x.text, x.key, *astuple(x.codes)) for x in self._lexemes]
        state["_names"] = [astuple(n) for n in self.names]
        del state["names"]
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        rows = state.pop("_lexemes")
        names = state.pop("_names")
        self.__dict__.update(state)
        self._lexemes = [
            Lexeme(text, key, PhoneticCodes(*codes))
            for text, key, *codes in rows  # type: ignore[attr-defined]
        ]
        self._vocab = {lex.text: i for i, lex in enumerate(self._lexemes)}
        self.names = [ListedName(*row) for row in names]  # type: ignore[attr-defined]
        self._forms = {}

    def save(self, path: str | Path) -> None:
        """Write the index to ``path`` (pickle); ``load`` reads it back in a fraction of a build."""
        with Path(path).open("wb") as fh:
            pickle.dump((_FORMAT, self), fh, protocol=pickle.HIGHEST_PROTOCOL)

    @classmethod
    def load(cls, path: str | Path) -> CandidateIndex:
        """Read an index written by ``save``; raises ``ValueError`` for another format."""
        with Path(path).open("rb") as fh:
            loaded = pickle.load(fh)
        if not isinstance(loaded, tuple) or loaded[0] != _FORMAT or not isinstance(loaded[1], cls):
            raise ValueError(f"{path} is not a CandidateIndex of format {_FORMAT}; rebuild it")
        return loaded[1]

    # -- searching ----------------------------------------------------------

    def _candidates(self, forms: tuple[NameForm, ...], threshold: float) -> list[int]:
        """Form ids worth scoring, most promising first."""
        cfg = self.config
        by_tag = tag_weights(cfg)
        floor = cfg.min_token_similarity
        bounds: dict[int, float] = {}
        for form in forms:
            weights = [by_tag[t.tag] * self.rarity(t.text) for t in form.tokens]
            total = sum(weights)
            if total <= 0.0:
                continue
            acc: dict[int, float] = {}
            probes = [(t.lexeme, w) for t, w in zip(form.tokens, weights, strict=True)
                      if t.tag not in _NO_LOOKUP]  # fmt: skip
            # Query words written apart or as an acronym may be one listed word.
            probes.extend((lexeme(text), cfg.weight_name) for text in _derived_words(form))
            for lex, weight in probes:
                best: dict[int, float] = {}
                for lex_id, sim in self._similar_words(lex, floor):
                    for form_id in self._postings[lex_id]:
                        if sim > best.get(form_id, 0.0):
                            best[form_id] = sim
                for form_id, sim in best.items():
                    acc[form_id] = acc.get(form_id, 0.0) + sim * weight
            # Upper bound of name_alignment: matched weight against unmatched query weight.
            share = cfg.extra_query_weight
            for form_id, matched in acc.items():
                matched = min(matched, total)
                bound = matched / (matched + share * (total - matched))
                if bound > bounds.get(form_id, 0.0):
                    bounds[form_id] = bound
        cutoff = threshold - 0.1
        ranked = sorted((f for f, b in bounds.items() if b >= cutoff), key=bounds.__getitem__,
                        reverse=True)  # fmt: skip
        return ranked[: self.max_candidates]

    def _similar_words(self, lex: Lexeme, floor: float) -> list[tuple[int, float]]:
        """Vocabulary words that may match ``lex``, each with its similarity."""
        found: set[int] = set()
        exact = self._vocab.get(lex.text)
        if exact is not None:
            found.add(exact)
        keys = self._keys
        probes = _lookup_keys(lex)
        probes.extend("#" + d for d in _deletions(lex.key) | {lex.key})
        for key in probes:
            hit = keys.get(key)
            if hit is None:
                continue
            if isinstance(hit, int):
                found.add(hit)
            else:
                found.update(hit)
        out: list[tuple[int, float]] = []
        for lex_id in found:
            sim = token_similarity(lex, self._lexemes[lex_id], self.config)[0]
            if sim >= floor:
                out.append((lex_id, sim))
        return out

    def candidates(
        self, query: str, schema: str | None = None, threshold: float = DEFAULT_THRESHOLD
    ) -> list[ListedName]:
        """The listed names ``search`` would score for this query (for tests and benchmarks)."""
        forms = analyse_name(query, schema)
        if not forms:
            return []
        seen: dict[int, None] = {}
        for form_id in self._candidates(forms, threshold):
            seen.setdefault(self._form_name[form_id], None)
        return [self.names[i] for i in seen]

    def search(
        self,
        query: str,
        schema: str | None = None,
        threshold: float = DEFAULT_THRESHOLD,
        limit: int = 20,
    ) -> list[Match]:
        """The best match per listed entity scoring at least ``threshold``, best first."""
        forms = analyse_name(query, schema)
        if not forms:
            return []
        family = schema_family(schema)
        rarity: Rarity = self.rarity
        best: dict[str, tuple[Scored, int]] = {}
        scored_names: set[int] = set()
        for form_id in self._candidates(forms, threshold):
            name_idx = self._form_name[form_id]
            if name_idx in scored_names:
                continue
            scored_names.add(name_idx)
            scored = score_names(
                forms, self._name_forms(name_idx), family, self._families[name_idx], rarity,
                self.config,
            )  # fmt: skip
            if scored is None or scored.score < threshold:
                continue
            entity = self.names[name_idx].entity_id
            current = best.get(entity)
            if current is None or scored.score > current[0].score:
                best[entity] = (scored, name_idx)
        ranked = sorted(best.values(), key=lambda item: item[0].score, reverse=True)[:limit]
        return [
            Match(name=self.names[idx], score=scored.score, explanation=explain(scored, threshold))
            for scored, idx in ranked
        ]
