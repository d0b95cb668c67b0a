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
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import astuple, dataclass, replace
from pathlib import Path

from screening.matching.align import listed_acronyms, may_be_acronym
from screening.matching.config import DEFAULT_CONFIG, ScoringConfig
from screening.matching.countries import legal_form_countries, qualifier_countries
from screening.matching.features import DISTINCTIVE, generic_name, no_distinctive_match
from screening.matching.fields import normalize_identifier
from screening.matching.model import (
    DEFAULT_THRESHOLD,
    FEATURES,
    FIELD_SUPPORT,
    Rarity,
    Scored,
    explain,
    score_names,
    tag_weights,
    token_weights,
)
from screening.matching.phonetic import (
    EQUIVALENT_SPELLINGS,
    PhoneticCodes,
    metaphone_code,
    romanisation_key,
    spelling_key,
)
from screening.matching.results import EntityFacts, ListedName, Match, QueryFields
from screening.matching.similarity import compared_loosely, may_be_similar, token_similarity
from screening.matching.tokens import (
    Lexeme,
    NameForm,
    Tag,
    Token,
    analyse_name,
    form_words,
    lexeme,
    resegment,
    schema_family,
)

# Bump when the pickled layout changes, so stale files are rebuilt, not misread.
INDEX_FORMAT = 6
# Tags that never bring candidates: every name has them.
_NO_LOOKUP = frozenset({Tag.LEGAL, Tag.STOP, Tag.TITLE, Tag.QUALIFIER})
# Arguments of ``CandidateIndex._listed_bound`` after the form id.
_BoundCheck = tuple[float, int, list[tuple[str, float]]]
# A probe as ``_probe`` gives it: groups of (form ids, similarity, met through runs),
# then the probe's weight and whether it is a distinctive word.
_Met = tuple[list[tuple[Sequence[int], float, bool]], float, bool]


@dataclass(slots=True)
class _ProbedForm:
    """One query form as the candidate tally sees it (see ``_probed_forms``)."""

    total: float  # the weight of all its words
    met: list[_Met]  # what each of its probes meets, in probe order
    distinctive: bool  # it has distinctive words: forms none of them meets pay for it
    unprobed: float  # the weight of words never looked up, and of initials
    n_unprobed: int
    acronyms: list[tuple[str, float]]  # short words that may abbreviate listed runs


# Tags of a query word that the aligner may read as an acronym (see ``align``).
_ACRONYM_TAGS = frozenset({Tag.NAME, Tag.PATRONYMIC, Tag.GENERIC})
_LONG_WORD = 8
# Edits the prefix and suffix keys of long words reach.
_LONG_EDITS = 2
_MAX_RUN = 3
# Rebuilt after loading rather than saved.
_TRANSIENT = frozenset({"_lexemes", "_vocab", "_forms", "_similar"})
# What a form pays when no distinctive word of the query reaches it (negative).
_NO_DISTINCTIVE_WEIGHT = next(f.weight for f in FEATURES if f.func is no_distinctive_match)
# Query words whose similar vocabulary words are remembered per index.
_SIMILAR_CACHE_LIMIT = 200_000


def _deletions(key: str) -> set[str]:
    return {key[:i] + key[i + 1 :] for i in range(len(key))} if len(key) > 2 else set()


def typo_keys(lex: Lexeme) -> set[str]:
    """A word's key and its one-letter deletions, filed under "#" (symmetric delete).

    A word whose key comes from ``EQUIVALENT_SPELLINGS`` (mohammed: mhmd) is
    also filed by its plain spelling's key, so that its typos still meet it.
    """
    return _typo_keys(lex.text, lex.key)


def _typo_keys(text: str, key: str) -> set[str]:
    keys = _deletions(key) | {key}
    if text in EQUIVALENT_SPELLINGS:
        plain = spelling_key(text)
        keys |= _deletions(plain) | {plain}
    return keys


def _lookup_keys(lex: Lexeme) -> list[str]:
    """Keys under which a vocabulary word is filed.

    Long words are also filed under their first and last four letters with
    their length, which finds two edits at one end without retrieving every
    word that merely shares a common ending ("-ovich", "-tion").
    """
    key = lex.key
    keys = ["=" + key]
    if lex.codes.metaphone:
        keys.append("~" + lex.codes.metaphone)
    if len(key) >= _LONG_WORD:
        keys.append(f"<{key[:4]}{len(key)}")
        keys.append(f">{key[-4:]}{len(key)}")
    return keys


def _query_keys(lex: Lexeme, two_edits: bool = True) -> list[str]:
    """Keys a query word looks up: as ``_lookup_keys``, for any length two edits reach,
    plus every one-letter deletion (symmetric delete: any single edit).

    ``two_edits=False`` skips the prefix and suffix keys and the other readings
    of c and digraphs, for joined words that must match within one edit."""
    if not two_edits:
        return _joined_query_keys(lex.text, lex.key, lex.codes.metaphone)
    key = lex.key
    keys = ["=" + key]
    if lex.codes.metaphone:
        keys.append("~" + lex.codes.metaphone)
    n = len(key)
    if n + _LONG_EDITS >= _LONG_WORD:
        for length in range(max(_LONG_WORD, n - _LONG_EDITS), n + _LONG_EDITS + 1):
            keys.append(f"<{key[:4]}{length}")
            keys.append(f">{key[-4:]}{length}")
    deleted = typo_keys(lex)
    for other in _other_readings(lex):
        # Only the letters where the other reading differs need deleting.
        pairs = zip(key, other, strict=False)  # readings may differ in length
        at = next((i for i, (a, b) in enumerate(pairs) if a != b), min(len(key), len(other)))
        deleted.add(other)
        deleted.update(other[:i] + other[i + 1 :] for i in range(max(0, at - 1), at + 3))
    text = lex.text
    if len(text) > 3 and text.isascii():
        # A letter that makes or breaks a digraph (CtSTLE: ts; CAUY: ch) moves the key
        # two edits; the key of the word without that letter is one away again.
        for i in range(len(text)):
            before, after = text[i - 1 : i], text[i + 1 : i + 2]
            if (
                before + text[i] in _DIGRAPHS
                or text[i] + after in _DIGRAPHS
                or (before and before + after in _DIGRAPHS)
            ):
                deleted.add(romanisation_key(text[:i] + text[i + 1 :]))
    keys.extend("#" + d for d in deleted)
    return keys


def _joined_query_keys(text: str, key: str, metaphone: str) -> list[str]:
    """``_query_keys(lex, two_edits=False)`` from the word's text, key and Metaphone code.

    Joined query words (runs of the query's words) are long and many; they meet
    only listed words within one edit of their spelling, so they skip the prefix
    and suffix keys and the other readings of c and digraphs, which would cost
    more than all other keys together.
    """
    keys = ["=" + key]
    if metaphone:
        keys.append("~" + metaphone)
    keys.extend("#" + d for d in _typo_keys(text, key))
    return keys


# Letter pairs the key reads as one sound or folds with a neighbour (see
# ``phonetic._FOLDS``); any letter before h counts, since h after a consonant drops.
_DIGRAPHS = frozenset(
    {"eo", "eu", "ou", "oo", "ph", "sc", "tc", "dz", "dj", "zh", "tz", "ts", "ck", "ie", "je"}
    | {letter + "h" for letter in "abcdefghijklmnopqrstuvwxyz"}
)


def _other_readings(lex: Lexeme) -> set[str]:
    """Keys of the word with one c read another way (as k, s or ch).

    The key reads c by the letter after it (cement -> sement, cash -> kash,
    chuy -> jui), so a typo beside a c changes the key in two places: "cment"
    keys as kment, two edits from sement. Looking the word up under every
    reading of each c keeps one typo one edit away, as the deletion keys assume.
    """
    text = lex.text
    if "c" not in text or not text.isascii():
        return set()
    readings: set[str] = set()
    for at in range(len(text)):
        if text[at] != "c":
            continue
        for letters in ("k", "s", "ch"):
            readings.add(romanisation_key(text[:at] + letters + text[at + 1 :]))
    readings.discard(lex.key)
    return readings


def _derived_words(form: NameForm, listed: bool = False) -> list[tuple[str, tuple[int, ...], bool]]:
    """Joined neighbours and the acronym of a form: other ways to write it.

    Each comes with the positions of the tokens it is made of and whether it
    is the acronym. A ``listed`` form comes with every acronym the scorer would
    accept for it (``align.listed_acronyms``), a query form with the initials of
    its words.
    """
    words = [i for i, t in enumerate(form.tokens) if t.tag not in _NO_LOOKUP]
    tokens = form.tokens
    derived: list[tuple[str, tuple[int, ...], bool]] = []
    for start in range(len(words) - 1):
        text = tokens[words[start]].text
        for end in range(start + 1, min(start + _MAX_RUN, len(words))):
            text += tokens[words[end]].text
            derived.append((text, tuple(words[start : end + 1]), False))
    if listed:
        for letters, run in listed_acronyms(tokens, DEFAULT_CONFIG).items():
            derived.append((letters, run, True))
        return derived
    # A country in the name has its letter in the acronym (KNIC: Korean National ...).
    initials = [i for i, t in enumerate(tokens) if t.tag in (Tag.NAME, Tag.GENERIC, Tag.QUALIFIER)]
    letters = "".join(tokens[i].text[0] for i in initials)
    if 3 <= len(letters) <= 6 and letters.isascii() and letters.isalpha():
        derived.append((letters, tuple(initials), True))
    return derived


# Kinds of postings: a form's own word, its neighbours written together, its acronym.
_WORD, _JOINED, _ACRONYM = 0, 1, 2
# A query word's probe that also looks for the names it may be the acronym of.
_SPELLING = 3

_TAGS = tuple(Tag)
_TAG_CODE = {tag: code for code, tag in enumerate(_TAGS)}
# A form's token is packed as lexeme id << _TAG_BITS | tag code.
_TAG_BITS = 4
_TAG_MASK = (1 << _TAG_BITS) - 1


# Margins of the pruning bound: whatever rounding does to a credit, a probe set
# whose credit stays this far below the cutoff cannot lift a form to it.
_PRUNE_RELATIVE, _PRUNE_ABSOLUTE = 1e-9, 1e-12


def _cannot_reach(credit: float, total: float, share: float, cutoff: float) -> bool:
    """True if a form credited at most ``credit`` has an estimate below ``cutoff`` for sure.

    The estimate m / (m + share * (total - m)), m = min(credit, total), grows with
    the credit (and ``no_distinctive_match`` only lowers it), so bounding the
    credit bounds the estimate; the margins cover rounding in either sum."""
    m = min(credit * (1.0 + _PRUNE_RELATIVE) + _PRUNE_ABSOLUTE, total)
    estimate = 0.0 if m <= 0.0 else m / (m + share * (total - m))
    return estimate < cutoff - _PRUNE_RELATIVE


def _weak_probes(credits: Sequence[float], total: float, share: float, cutoff: float) -> set[int]:
    """The probes (by position; ``credits``: each one's weight times best similarity)
    whose credits together cannot bring a form to ``cutoff``, the weakest first: a form
    only they meet is never kept (MaxScore)."""
    weak: set[int] = set()
    credit = 0.0
    for k in sorted(range(len(credits)), key=credits.__getitem__):
        if not _cannot_reach(credit + credits[k], total, share, cutoff):
            break
        credit += credits[k]
        weak.add(k)
    return weak


def _members(form_ids: Sequence[int], among: set[int], ordered: list[int]) -> list[int]:
    """The forms of ``among`` (``ordered``: the same, ascending) in the ascending posting
    ``form_ids``, in its order: a long posting is searched for each of them, a short one
    read through."""
    if len(form_ids) <= 8 * len(among):
        return [form_id for form_id in form_ids if form_id in among]
    found = []
    size = len(form_ids)
    for form_id in ordered:
        at = bisect_left(form_ids, form_id)
        if at < size and form_ids[at] == form_id:
            found.append(form_id)
    return found


class CandidateIndex:
    """An inverted index over listed names; see the module docstring.

    Storage is flat (arrays of integer ids) so that a saved index loads in a
    fraction of a second: name forms are rebuilt as objects only when a query
    needs them scored.
    """

    def __init__(self, config: ScoringConfig = DEFAULT_CONFIG) -> None:
        self.config = config
        # Forms scored in full per query, most promising first. A query made
        # of common words ("Ali Ahmed") reaches thousands of names; scoring
        # the best 40 keeps its cost bounded and, on the speed benchmark,
        # finds the same variants as 60 did.
        self.max_candidates = 40
        self.names: list[ListedName] = []
        self._families: list[str] = []
        self._first_form: array[int] = array("i", [0])  # forms of name i: [first[i], first[i+1])
        self._form_name: array[int] = array("i")
        self._form_text: list[str] = []
        self._form_native: bytearray = bytearray()
        self._form_tokens: list[array[int]] = []  # lexeme id << _TAG_BITS | tag code
        self._lexemes: list[Lexeme] = []
        self._vocab: dict[str, int] = {}
        self._postings: list[array[int]] = []  # forms using the word
        self._joined: dict[int, array[int]] = {}  # forms with neighbours spelled together so
        self._acronyms: dict[int, array[int]] = {}  # forms with this acronym
        self._rarity: array[float] = array("f")
        self._keys: dict[str, list[int] | int] = {}
        self._forms: dict[int, NameForm] = {}
        self._similar: dict[str, list[tuple[int, float]]] = {}
        # Every normalised word of every listed form, to split run-together query words.
        self._words: frozenset[str] = frozenset()
        # Secondary fields per entity id, and entities by normalised identifier.
        self._facts: dict[str, EntityFacts] = {}
        self._by_identifier: dict[tuple[str, str], list[int]] = {}

    def __len__(self) -> int:
        return len(self.names)

    # -- building ---------------------------------------------------------

    @classmethod
    def build(
        cls,
        names: Iterable[ListedName],
        config: ScoringConfig = DEFAULT_CONFIG,
        facts: Mapping[str, EntityFacts] | None = None,
    ) -> CandidateIndex:
        """Analyse and index every name. Names with nothing to match are kept but never found.

        ``facts`` holds each entity's secondary fields (countries, birth
        dates, identifiers), scored when a query gives them too.
        """
        index = cls(config)
        index._facts = dict(facts or {})
        df: dict[int, int] = {}
        derived_ids: set[int] = set()
        for name in names:
            name_idx = len(index.names)
            index.names.append(name)
            index._families.append(schema_family(name.schema))
            seen: set[int] = set()
            for form in analyse_name(name.text, name.schema, listed=True):
                form_idx = len(index._form_name)
                index._form_name.append(name_idx)
                index._form_text.append(form.text)
                index._form_native.append(form.native)
                packed = array("i")
                for token in form.tokens:
                    lex_id = index._post(token.text, form_idx)
                    packed.append((lex_id << _TAG_BITS) + _TAG_CODE[token.tag])
                    seen.add(lex_id)
                index._form_tokens.append(packed)
                for text, _, acronym in _derived_words(form, listed=True):
                    if acronym and index._families[-1] == "person":
                        continue  # a person's initials are not a name to find
                    kind = _ACRONYM if acronym else _JOINED
                    derived_ids.add(index._post(text, form_idx, kind))
            index._first_form.append(len(index._form_name))
            for lex_id in seen:
                df[lex_id] = df.get(lex_id, 0) + 1
        index._words = frozenset(w for text in index._form_text for w in text.split())
        index._infer_countries()
        first_name: dict[str, int] = {}
        for name_idx, name in enumerate(index.names):
            first_name.setdefault(name.entity_id, name_idx)
        for entity, entity_facts in index._facts.items():
            if entity in first_name:
                for kind, value in entity_facts.identifiers:
                    key = normalize_identifier(kind, value)
                    index._by_identifier.setdefault(key, []).append(first_name[entity])
        index._index_keys(derived_ids - set(df))
        index._compute_rarity(df)
        return index

    def _post(self, text: str, form_idx: int, kind: int = _WORD) -> int:
        """File ``form_idx`` under ``text``: a word of the form, or its joined words or acronym."""
        lex_id = self._vocab.get(text)
        if lex_id is None:
            lex_id = self._vocab[text] = len(self._lexemes)
            self._lexemes.append(lexeme(text))
            self._postings.append(array("i"))
        if kind == _WORD:
            postings = self._postings[lex_id]
        else:
            by_word = self._joined if kind == _JOINED else self._acronyms
            postings = by_word.get(lex_id)
            if postings is None:
                postings = by_word[lex_id] = array("i")
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
            for deletion in typo_keys(lex):
                keys.setdefault("#" + deletion, []).append(lex_id)
        # Most keys name one word: store those as a bare id (a third of the memory).
        self._keys = {k: v[0] if len(v) == 1 else v for k, v in keys.items()}

    def _infer_countries(self) -> None:
        """Entities the list gives no country get the countries their names state: a country
        word (Russian Financial Corporation) or a legal form of one country's law (OOO,
        or LIMITED LIABILITY COMPANY before the name: see ``legal_form_countries``)."""
        inferred: dict[str, set[str]] = {}
        for name_idx, name in enumerate(self.names):
            known = self._facts.get(name.entity_id)
            if known is not None and known.countries:
                continue
            codes = inferred.setdefault(name.entity_id, set())
            for form in self._name_forms(name_idx):
                for position, token in enumerate(form.tokens):
                    if token.tag is Tag.QUALIFIER:
                        codes |= qualifier_countries(token.text)
                    elif token.tag is Tag.LEGAL:
                        codes |= legal_form_countries(token.text, first=position == 0)
        for entity, codes in inferred.items():
            if codes:
                known = self._facts.get(entity) or EntityFacts()
                self._facts[entity] = replace(known, countries=tuple(sorted(codes)))
        self._forms.clear()

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
                Token(self._lexemes[code >> _TAG_BITS], _TAGS[code & _TAG_MASK])
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
        self._similar = {}

    def save(self, path: str | Path) -> None:
        """Write the index to ``path`` (pickle); ``load`` reads it back in a fraction of a build."""
        with Path(path).open("wb") as fh:
            pickle.dump((INDEX_FORMAT, self), fh, protocol=pickle.HIGHEST_PROTOCOL)

    @classmethod
    def load(cls, path: str | Path) -> CandidateIndex:
        """Read an index written by ``save``; raises ``ValueError`` for another format."""
        message = f"{path} is not a CandidateIndex of format {INDEX_FORMAT}; rebuild it"
        with Path(path).open("rb") as fh:
            try:
                loaded = pickle.load(fh)
            except (
                pickle.UnpicklingError,
                EOFError,
                AttributeError,
                ImportError,
                IndexError,
            ) as exc:
                raise ValueError(message) from exc
        if (
            not isinstance(loaded, tuple)
            or len(loaded) != 2
            or loaded[0] != INDEX_FORMAT
            or not isinstance(loaded[1], cls)
        ):
            raise ValueError(message)
        return loaded[1]

    # -- searching ----------------------------------------------------------

    def _candidates(
        self, forms: tuple[NameForm, ...], threshold: float, listed_bound: bool = False
    ) -> list[int]:
        """Form ids worth scoring, most promising first.

        Each query word (and each derived word: query words written apart or
        as an acronym may be one listed word) looks up its similar vocabulary
        words and credits the forms using them with similarity times weight.
        A query word meets both the words of listed forms and their derived
        words; a derived query word meets only real listed words, because
        the aligner pairs a run with one token, never two runs.

        The credit gives an optimistic ``name_alignment``; forms reached by
        no distinctive query word will also pay ``no_distinctive_match``.
        Forms whose estimate cannot come near ``threshold`` are not scored.

        With ``listed_bound``, a form met only word by word must also pass
        ``_listed_bound``, which counts what its own unmatched words cost
        (Elena Liu meets LABORIN ARCHULETA, Clara Elena by one word of four).
        Pass it only when every query form is among ``forms``: ``search``
        does unless it splits run-together query words at a listed name's words.
        """
        share = self.config.extra_query_weight
        bounds: dict[int, float] = {}
        # form id -> (estimate, listed-bound arguments or None) per query form
        checks: dict[int, list[tuple[float, _BoundCheck | None]]] = {}
        # The estimate weighs edges by query words only; the margin covers
        # listed words that weigh more than the query words they meet.
        cutoff = threshold - 0.1
        for probed in self._probed_forms(forms, cutoff):
            total = probed.total
            acc: dict[int, float] = {}
            hits: dict[int, int] = {}
            runs: set[int] = set()
            distinctive_hits: set[int] = set()
            # Only forms an essential probe meets can be kept (see ``_essential``); each is
            # credited by every probe in probe order, so that estimates and their ties
            # (broken by where a form was first met) are those of a full tally.
            among = self._essential(probed, share, cutoff)
            if among is not None and not among:
                continue
            ordered = sorted(among) if among is not None else []
            for groups, weight, distinctive in probed.met:
                best: dict[int, float] = {}
                best_get = best.get
                for form_ids, sim, through_runs in groups:
                    found = form_ids if among is None else _members(form_ids, among, ordered)
                    for form_id in found:
                        if sim > best_get(form_id, 0.0):
                            best[form_id] = sim
                    if through_runs and listed_bound:
                        runs.update(found)
                for form_id, sim in best.items():
                    acc[form_id] = acc.get(form_id, 0.0) + sim * weight
                    if listed_bound:
                        hits[form_id] = hits.get(form_id, 0) + 1
                if distinctive:
                    distinctive_hits.update(best)
            for form_id, matched in acc.items():
                matched = min(matched, total)
                bound = matched / (matched + share * (total - matched))
                if probed.distinctive and form_id not in distinctive_hits:
                    bound += _NO_DISTINCTIVE_WEIGHT
                if bound < cutoff:
                    continue
                if bound > bounds.get(form_id, 0.0):
                    bounds[form_id] = bound
                if listed_bound:
                    # Checked lazily below, best first, until enough forms pass.
                    check = (
                        None
                        if form_id in runs
                        else (
                            matched + probed.unprobed,
                            hits[form_id] + probed.n_unprobed,
                            probed.acronyms,
                        )
                    )
                    checks.setdefault(form_id, []).append((bound, check))
        ranked = sorted(bounds, key=bounds.__getitem__, reverse=True)
        return self._kept(
            ranked, forms, threshold, listed_bound, checks.__getitem__, bounds.__getitem__
        )

    @staticmethod
    def _essential(probed: _ProbedForm, share: float, cutoff: float) -> set[int] | None:
        """The forms that the query form's essential probes meet, or None when every probe
        is essential.

        The weak probes (``_weak_probes``) cannot bring a form to ``cutoff`` on their
        own, so a form that only they meet is never kept. Their postings are the
        longest (common words weigh least): they need not be read through, only
        searched for the forms the essential probes meet (MaxScore).
        """
        credits = [
            weight * max((sim for ids, sim, _ in groups if len(ids)), default=0.0)
            for groups, weight, _ in probed.met
        ]
        weak = _weak_probes(credits, probed.total, share, cutoff)
        if not weak:
            return None
        forms: set[int] = set()
        for k, (groups, _, _) in enumerate(probed.met):
            if k not in weak:
                for form_ids, _, _ in groups:
                    forms.update(form_ids)
        return forms

    def _probed_forms(self, forms: Sequence[NameForm], cutoff: float) -> Iterator[_ProbedForm]:
        """The query forms whose forms met may reach ``cutoff``, with what their probes meet.

        A probe is a query word that is looked up, or a derived word (query words
        written together, or their acronym) weighing what the words it covers weigh.
        A form's credit is at most the sum of every probe's best similarity times its
        weight, and the estimate grows with the credit: when even that sum cannot
        reach the cutoff, no form of this query form can, and the forms met (often
        hundreds, through a common word) need no tally.
        """
        cfg = self.config
        by_tag = tag_weights(cfg)
        share = cfg.extra_query_weight
        for form in forms:
            tokens = form.tokens
            # A country qualifier is credited as if matched: it costs the query little
            # and may agree with the listed name's country, so the bound stays an upper one.
            weights = [
                0.0 if t.tag is Tag.QUALIFIER else by_tag[t.tag] * self.rarity(t.text)
                for t in tokens
            ]
            total = sum(weights)
            if total <= 0.0:
                continue
            probes: list[tuple[Lexeme | str, float, bool, int]] = [
                (
                    t.lexeme,
                    w,
                    t.tag in DISTINCTIVE,
                    _SPELLING if may_be_acronym(tokens, i, cfg) else _WORD,
                )
                for i, (t, w) in enumerate(zip(tokens, weights, strict=True))
                if t.tag not in _NO_LOOKUP
            ]
            for text, covered, acronym in _derived_words(form):
                weight = sum(weights[i] for i in covered)
                distinctive = any(tokens[i].tag in DISTINCTIVE for i in covered)
                probes.append((text, weight, distinctive, _ACRONYM if acronym else _JOINED))
            met: list[_Met] = [
                (self._probe(word, kind), weight, distinctive)
                for word, weight, distinctive, kind in probes
            ]
            ceiling = min(
                total,
                sum(
                    weight * max((sim for ids, sim, _ in groups if len(ids)), default=0.0)
                    for groups, weight, _ in met
                ),
            )
            highest = ceiling / (ceiling + share * (total - ceiling)) if ceiling > 0.0 else 0.0
            if highest < cutoff - 1e-9:  # (the margin absorbs rounding)
                continue
            # Query words never looked up (legal forms, particles, countries) and
            # initials (J meets John) may pair with a listed word each without a
            # hit: the listed bound counts them as matched.
            unprobed = [
                by_tag[t.tag] * self.rarity(t.text)
                for t in tokens
                if t.tag in _NO_LOOKUP or t.tag is Tag.INITIAL
            ]
            # Short words may be acronyms of a run of listed words (Ma ~ Mohammed Asiri),
            # an edge no lookup finds for persons: the listed bound checks for them.
            acronyms = [
                (t.text, w)
                for t, w in zip(tokens, weights, strict=True)
                if t.tag in _ACRONYM_TAGS and 2 <= len(t.text) <= 6 and t.text.isascii()
                and t.text.isalpha()
            ]  # fmt: skip
            yield _ProbedForm(
                total=total,
                met=met,
                distinctive=any(t.tag in DISTINCTIVE for t in tokens),
                unprobed=sum(unprobed),
                n_unprobed=len(unprobed),
                acronyms=acronyms,
            )

    def _kept(
        self,
        ranked: list[int],
        forms: Sequence[NameForm],
        threshold: float,
        listed_bound: bool,
        checks_of: Callable[[int], list[tuple[float, _BoundCheck | None]]],
        estimate_of: Callable[[int], float],
    ) -> list[int]:
        """The candidates among ``ranked`` (best estimate first, ``estimate_of`` each): at
        most ``max_candidates``, and with ``listed_bound`` only forms one of whose checks
        (``checks_of``: estimate, ``_listed_bound`` arguments or None) passes."""
        # Initials are never looked up, so "J. Yu" gives every Yu the same estimate;
        # where the cap would cut among them, forms with words the initials start come
        # first among equal estimates (a better estimate stays first: in "T.A.C.T.I.C.A.L.
        # Corporation" the letters also read as initials, which many names meet).
        initials = {t.text for form in forms for t in form.tokens if t.tag is Tag.INITIAL}
        if initials and len(ranked) > self.max_candidates:
            ranked.sort(
                key=lambda form_id: (-estimate_of(form_id), -self._initials_met(form_id, initials))
            )
        if not listed_bound:
            return ranked[: self.max_candidates]
        floor = threshold - FIELD_SUPPORT
        kept: list[int] = []
        for form_id in ranked:
            for _, check in sorted(checks_of(form_id), key=lambda c: -c[0]):
                if check is None or self._listed_bound(form_id, *check) >= floor:
                    kept.append(form_id)
                    break
            if len(kept) >= self.max_candidates:
                break
        return kept

    def _initials_met(self, form_id: int, initials: set[str]) -> int:
        """How many of the query's initials start a word of the form."""
        return len(initials.intersection(w[0] for w in self._form_text[form_id].split()))

    @property
    def _least_listed_share(self) -> float:
        """The smallest share of its weight an unmatched listed word ever costs."""
        cfg = self.config
        return min(cfg.extra_listed_weight, cfg.extra_listed_weight_org, cfg.conflict_weight,
                   cfg.extra_syllable_weight)  # fmt: skip

    def _listed_bound(
        self,
        form_id: int,
        credit: float,
        edges: int,
        acronyms: Sequence[tuple[str, float]] = (),
    ) -> float:
        """An upper bound of ``name_alignment`` for a listed form met word by word.

        ``credit`` bounds the query side of the matched edges (similarity times
        weight) and ``edges`` their number, each with one listed word; a query
        word of ``acronyms`` (text, weight) that the initials of the form's
        words spell may take one listed word per letter. At best
        the edges take the listed form's heaviest words; its other words stay
        unmatched and cost at least the smallest share a listed leftover costs.
        Since a / (a + c) grows with a, the bound puts every matched edge at
        full similarity and the query's own leftovers at no cost: a query word
        that a lookup missed (a gap in the keys) costs nothing here, so the
        bound stays an upper one.
        """
        tokens = self._form(form_id).tokens
        if acronyms:
            initials = "".join(t.text[0] for t in tokens if t.tag is not Tag.STOP)
            for text, weight in acronyms:
                if text in initials:
                    edges += len(text)
                    credit += weight
        if edges >= len(tokens):
            return 1.0
        weights = token_weights(tokens, self.rarity, self.config, listed=True)
        texts = [t.text for t in tokens]
        if len(set(texts)) < len(texts):
            # A leftover repeating a matched word costs nothing: count each word once.
            distinct: dict[str, float] = {}
            for text, weight in zip(texts, weights, strict=True):
                distinct[text] = max(weight, distinct.get(text, 0.0))
            weights = list(distinct.values())
        if edges >= len(weights) or sum(t.tag is Tag.INITIAL for t in tokens) >= 2:
            return 1.0  # (a run of initials may spell one query word: J. P. ~ JP)
        weights.sort(reverse=True)
        matched = (credit + sum(weights[:edges])) / 2
        if matched <= 0.0:
            return 0.0
        return matched / (matched + self._least_listed_share * sum(weights[edges:]))

    def _probe(self, word: Lexeme | str, kind: int) -> list[tuple[Sequence[int], float, bool]]:
        """Groups of (form ids, similarity, runs): the forms a query word (its lexeme) or
        derived word (its text) may meet; ``runs`` marks groups met through several
        listed words at once.

        As the aligner does: a query word meets listed words it resembles,
        listed joined words it resembles closely and acronyms it spells
        exactly (runs); joined query words meet listed words they resemble
        closely, and a query acronym only a listed word it spells exactly.
        """
        cfg = self.config
        postings = self._postings
        joined_floor = cfg.min_joined_similarity
        if isinstance(word, str):
            if kind == _ACRONYM:
                lex_id = self._vocab.get(word)
                return [] if lex_id is None else [(postings[lex_id], cfg.acronym_score, False)]
            # Joined words must be near-identical: one edit at most, so the
            # two-edit keys would only bring words to throw away.
            return [
                (postings[lex_id], sim, False)
                for lex_id, sim in self._similar_joined(word, joined_floor)
            ]
        lex = word
        groups: list[tuple[Sequence[int], float, bool]] = []
        for lex_id, sim in self._similar_words(lex, cfg.min_token_similarity):
            groups.append((postings[lex_id], sim, False))
            if sim >= joined_floor and lex_id in self._joined:
                groups.append((self._joined[lex_id], sim, True))
        lex_id = self._vocab.get(lex.text) if kind == _SPELLING else None
        if lex_id is not None and lex_id in self._acronyms:
            groups.append((self._acronyms[lex_id], cfg.acronym_score, True))
        return groups

    def _similar_words(
        self, lex: Lexeme, floor: float, two_edits: bool = True
    ) -> list[tuple[int, float]]:
        """Vocabulary words that may match ``lex``, each with its similarity (remembered)."""
        cache_key = lex.text if two_edits else "+" + lex.text
        cached = self._similar.get(cache_key)
        if cached is not None:
            return cached
        found = self._found(lex.text, _query_keys(lex, two_edits))
        out: list[tuple[int, float]] = []
        lexemes, config = self._lexemes, self.config
        for lex_id in self._worth_comparing(lex, found, floor):
            sim = token_similarity(lex, lexemes[lex_id], config)[0]
            if sim >= floor:
                out.append((lex_id, sim))
        if len(self._similar) >= _SIMILAR_CACHE_LIMIT:
            self._similar.clear()
        self._similar[cache_key] = out
        return out

    def _found(self, text: str, keys: Iterable[str]) -> set[int]:
        """The vocabulary words spelled ``text`` or filed under one of ``keys``."""
        found: set[int] = set()
        exact = self._vocab.get(text)
        if exact is not None:
            found.add(exact)
        filed = self._keys
        for key in keys:
            hit = filed.get(key)
            if hit is None:
                continue
            if isinstance(hit, int):
                found.add(hit)
            else:
                found.update(hit)
        return found

    def _similar_joined(self, text: str, floor: float) -> list[tuple[int, float]]:
        """``_similar_words(lexeme(text), floor, two_edits=False)`` for a joined query word.

        Most joined words (every run of a query's neighbouring words) meet no
        vocabulary word under any key; their keys are found from the text, key
        and Metaphone code alone, and the word's other codes, its similarity
        to anything and a place in the cache are paid only by those that do.
        """
        cached = self._similar.get("+" + text)
        if cached is not None:
            return cached
        keys = _joined_query_keys(text, romanisation_key(text), metaphone_code(text))
        if not self._found(text, keys):
            return []
        return self._similar_words(lexeme(text), floor, two_edits=False)

    def _worth_comparing(self, lex: Lexeme, found: set[int], floor: float) -> Iterable[int]:
        """The words of ``found`` to compare with ``lex``, in the set's order, but for those
        whose similarity is 0 for sure (``may_be_similar``): most words a lookup meets
        are too far, and ruling them out costs two edit distances, not a comparison."""
        if floor <= 0.0 or compared_loosely(lex):
            return found
        lexemes = self._lexemes
        return [i for i in found if may_be_similar(lex, lexemes[i].text, lexemes[i].key)]

    def candidates(
        self, query: str, schema: str | None = None, threshold: float = DEFAULT_THRESHOLD
    ) -> list[ListedName]:
        """The listed names ``search`` would score for this query (for tests and benchmarks)."""
        forms = analyse_name(query, schema)
        if not forms:
            return []
        split = resegment(forms, self._words, schema)
        seen: dict[int, None] = {}
        for form_id in self._candidates(forms + split, threshold, listed_bound=not split):
            seen.setdefault(self._form_name[form_id], None)
        return [self.names[i] for i in seen]

    def search(
        self,
        query: str,
        schema: str | None = None,
        threshold: float = DEFAULT_THRESHOLD,
        limit: int = 20,
        fields: QueryFields | None = None,
    ) -> list[Match]:
        """The best match per listed entity scoring at least ``threshold``, best first.

        ``fields`` are the query's secondary fields: scored against each
        entity's facts, and its identifiers looked up directly, so an entity
        with the same identifier is found whatever its name.
        """
        forms = analyse_name(query, schema)
        if not forms:
            return []
        split = resegment(forms, self._words, schema)
        family = schema_family(schema)
        rarity: Rarity = self.rarity
        best: dict[str, tuple[Scored, int]] = {}
        scored_names: set[int] = set()
        by_identifier = [
            self._first_form[name_idx]
            for kind, value in (fields.identifiers if fields else ())
            for name_idx in self._by_identifier.get(normalize_identifier(kind, value), ())
        ]
        candidates = self._candidates(forms + split, threshold, listed_bound=not split)
        # A country in the query is weighed against a listed name of generic words
        # only by the entity's own countries (``features.alignment_terms``).
        qualified = any(t.tag is Tag.QUALIFIER for form in forms for t in form.tokens)
        for form_id in by_identifier + candidates:
            name_idx = self._form_name[form_id]
            if name_idx in scored_names:
                continue
            scored_names.add(name_idx)
            listed = self._name_forms(name_idx)
            needs_facts = fields is not None or (
                qualified and any(generic_name(form) for form in listed)
            )
            # As compare() does: run-together words split at the listed name's own words.
            query_forms = forms + resegment(forms, form_words(listed), schema) if split else forms
            listed_name = self.names[name_idx]
            entity = listed_name.entity_id
            scored = score_names(
                query_forms, listed, family, self._families[name_idx], rarity, self.config,
                fields, self._facts.get(entity) if needs_facts else None, listed_name.kind,
                threshold,
            )  # fmt: skip
            if scored is None or scored.score < threshold:
                continue
            current = best.get(entity)
            if current is None or scored.score > current[0].score:
                best[entity] = (scored, name_idx)
        ranked = sorted(best.values(), key=lambda item: item[0].score, reverse=True)[:limit]
        return [
            Match(name=self.names[idx], score=scored.score, explanation=explain(scored, threshold))
            for scored, idx in ranked
        ]
