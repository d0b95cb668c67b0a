"""How alike two single tokens are: a score in [0, 1] and the method that gave it.

The score is the best of:

* ``exact``: the same normalised word (1.0);
* ``romanisation``: the same romanisation key, i.e. the same word in another
  transliteration (Jong/Jeong, Khusnullin/Husnullin);
* ``edit``: Damerau–Levenshtein (optimal string alignment) ratio
  ``1 - d / len``, on the words or on their keys, allowed only within an
  edit budget that grows with the word's length;
* ``jaro_winkler``: Jaro–Winkler, discounted, within the same budget;
* ``phonetic``: same Soundex plus one other phonetic code;
* ``hypocorism``: a familiar form of a given name and its full name (Ted,
  Theodore; Sasha, Aleksandr: ``given_names``), at most
  ``config.hypocorism_score``. The familiar form carries its full name's key, so
  the methods above find the pair on the keys; the score is then capped, and
  ``align`` counts it only between persons' names (``token_similarity`` with
  ``hypocorisms=False`` gives the words' similarity as written);
* ``chinese_syllables``: two words of Chinese syllables that careless
  spellings confuse (Xi, Shi, Si, Hsi: ``chinese.syllable_key``), at
  ``config.chinese_syllable_score``; ``align`` counts it only between Chinese
  names written by syllable (``syllables=False`` leaves it out).

Distances come from rapidfuzz, about 20 times faster than pure-Python
equivalents, which matters because the index compares every query token with
every vocabulary word it retrieves.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from rapidfuzz.distance import OSA, JaroWinkler

from screening.matching.chinese import syllable_key
from screening.matching.config import DEFAULT_CONFIG, ScoringConfig
from screening.matching.hangul import romanised_korean
from screening.matching.phonetic import (
    HYPOCORISM_KEYS,
    PhoneticCodes,
    phonetic_match,
    sound_codes,
    sound_key,
    spelling_key,
    written_codes,
)
from screening.matching.tokens import Lexeme

NO_MATCH = (0.0, "none")

# Maximum edits by word length; short words must agree almost exactly.
_BUDGET = (0, 0, 0, 1, 1, 2, 2, 2, 2, 2, 2)
_MAX_BUDGET = 3
_JW_MIN_LENGTH = 6
_PHONETIC_MIN_LENGTH = 4


def edit_budget(text: str) -> int:
    """How many edits a word of this length may differ by and still match."""
    if text and text[0] >= "\u2e80":
        # CJK and Hangul carry a syllable per character: one edit is a lot.
        return 0 if len(text) <= 3 else 1
    n = len(text)
    return _BUDGET[n] if n < len(_BUDGET) else _MAX_BUDGET


def _edits(a: str, b: str, strict: bool = False) -> int | None:
    """Edit distance within the budget of the longer word, else None.

    A word too short for any edit may still swap two letters (Hea/Hae).
    ``strict`` allows one edit less, for keys, which already fold spellings.
    """
    budget = edit_budget(a if len(a) >= len(b) else b) - strict
    if budget <= 0 and len(a) == len(b) >= 3 and sorted(a) == sorted(b):
        budget = 1
    if budget <= 0 or abs(len(a) - len(b)) > budget:
        return None
    distance = OSA.distance(a, b, score_cutoff=budget)
    return distance if distance <= budget else None


def _edit_score(a: str, b: str, power: float = 1.0, strict: bool = False) -> float:
    distance = _edits(a, b, strict)
    if distance is None:
        return 0.0
    return _ratio(distance, a, b, power)


def _ratio(distance: int, a: str, b: str, power: float) -> float:
    """The similarity of two words ``distance`` edits apart."""
    return (1.0 - distance / max(len(a), len(b))) ** power


_cache: dict[tuple[str, str, int], tuple[float, str]] = {}
_CACHE_LIMIT = 500_000


def token_similarity(
    a: Lexeme,
    b: Lexeme,
    config: ScoringConfig = DEFAULT_CONFIG,
    hypocorisms: bool = True,
    syllables: bool = True,
) -> tuple[float, str]:
    """Similarity of two words and the method that produced it (see module docstring).

    ``hypocorisms=False``: familiar forms of given names are read as the words they
    are (Bill in a company's name is not William); ``syllables=False``: words are not
    compared as Chinese syllables. With both (the default) the similarity is the
    highest any method gives, which is what the candidate index looks for."""
    if a.text == b.text:
        return 1.0, "exact"
    cache_key = (a.text, b.text, id(config))
    cached = _cache.get(cache_key)
    if cached is None:
        cached = _remember(_cache, cache_key, _similarity(a, b, config))
    result = cached
    if result[1] == "chinese_syllables" and not syllables:
        result = _named_similarity(a, b, config)
    if result[1] == "hypocorism" and not hypocorisms:
        result = _spelled_similarity(_as_written(a), _as_written(b), config)
    return result


def _as_written(lex: Lexeme) -> Lexeme:
    """``lex`` keyed by its own spelling, not as the full name it is a familiar form of."""
    if lex.text not in HYPOCORISM_KEYS:
        return lex
    return Lexeme(lex.text, spelling_key(lex.text), written_codes(lex.text))


def _similarity(a: Lexeme, b: Lexeme, config: ScoringConfig) -> tuple[float, str]:
    best = _named_similarity(a, b, config)
    if best[0] < config.chinese_syllable_score:
        key = syllable_key(a.text)
        if key is not None and key == syllable_key(b.text):
            return config.chinese_syllable_score, "chinese_syllables"
    return best


def _named_similarity(a: Lexeme, b: Lexeme, config: ScoringConfig) -> tuple[float, str]:
    """The similarity of two words one of which may be a familiar form of a given name:
    as written, or as ``hypocorism`` where its full name's key makes them closer."""
    if a.text not in HYPOCORISM_KEYS and b.text not in HYPOCORISM_KEYS:
        return _spelled_similarity(a, b, config)
    written = _spelled_similarity(_as_written(a), _as_written(b), config)
    named = _spelled_similarity(a, b, config)
    if named[0] > written[0]:
        return min(named[0], config.hypocorism_score), "hypocorism"
    return written


def _spelled_similarity(a: Lexeme, b: Lexeme, config: ScoringConfig) -> tuple[float, str]:
    """``_similarity`` without familiar forms or Chinese syllables."""
    return _keyed_similarity(a.text, b.text, a.key, b.key, config, (a.codes, b.codes))


def _keyed_similarity(
    a: str,
    b: str,
    key_a: str,
    key_b: str,
    config: ScoringConfig,
    codes: tuple[PhoneticCodes, PhoneticCodes] | Callable[[], tuple[PhoneticCodes, PhoneticCodes]],
    written: bool = False,
) -> tuple[float, str]:
    """The similarity of words ``a`` and ``b`` with keys ``key_a`` and ``key_b``;
    ``codes`` are their phonetic codes, or give them when they are needed. ``written``: a sound in
    common counts only between words whose spellings are within the edit budget."""
    if key_a == key_b:
        return config.romanisation_score, "romanisation"
    best = NO_MATCH
    # (each distance once: this runs for every pair of words a lookup meets)
    spelled = _edits(a, b)
    keyed = _edits(key_a, key_b, strict=True)
    edit = 0.0 if spelled is None else _ratio(spelled, a, b, config.edit_power)
    if keyed is not None:
        edit = max(edit, _ratio(keyed, key_a, key_b, config.edit_power))
    if edit > 0.0:
        best = (min(edit, config.romanisation_score), "edit")
        # Jaro-Winkler rewards a shared prefix; trusted only for a single typo
        # in a word long enough for the prefix to mean something.
        if spelled == 1 and min(len(a), len(b)) >= _JW_MIN_LENGTH:
            jaro = JaroWinkler.similarity(a, b) - config.jaro_winkler_discount
            if jaro > best[0]:
                best = (min(jaro, config.romanisation_score), "jaro_winkler")
    if config.phonetic_score <= best[0] or (written and spelled is None):
        return best
    # Codes drop vowels; the spelling must still be near (not Olga/Oleg).
    shorter, longer = sorted((len(key_a), len(key_b)))
    if shorter < _PHONETIC_MIN_LENGTH or shorter < 0.75 * longer:
        return best
    near = OSA.distance(key_a, key_b) <= edit_budget(key_a if len(key_a) >= len(key_b) else key_b)
    if near and phonetic_match(*(codes if isinstance(codes, tuple) else codes())):
        best = (config.phonetic_score, "phonetic")
    return best


# None: both words are romanised Korean, whose every romanisation variant counts.
_latin_cache: dict[tuple[str, str, int], tuple[float, str] | None] = {}


def latin_similarity(
    a: Lexeme, b: Lexeme, config: ScoringConfig = DEFAULT_CONFIG
) -> tuple[float, str] | None:
    """Similarity of two words of names written in Latin letters on both sides (a
    company's, not a transliterated person's): as ``token_similarity``, but keys fold
    only spellings of one sound (``phonetic.sound_key``: Micron, Mikron), not the
    transliteration variants that change a Latin word (Lazard, Lassard; Tanger,
    Tanker); phonetic codes are read from that key (Arrow is not Arkhiv), and count
    only between words a typo apart (Vital, Vitol; not Denny's, Denise), since codes
    drop the vowels that tell two Latin words apart.

    None when both words are spelled as romanised Korean syllables (Koryo, Goryeo):
    those are transliterations, and ``token_similarity`` applies."""
    if a.text == b.text:
        return 1.0, "exact"
    cache_key = (a.text, b.text, id(config))
    if cache_key in _latin_cache:
        return _latin_cache[cache_key]
    cached = None
    if not (romanised_korean(a.text) and romanised_korean(b.text)):
        key_a, key_b = sound_key(a.text), sound_key(b.text)
        cached = _keyed_similarity(
            a.text,
            b.text,
            key_a,
            key_b,
            config,
            lambda: (sound_codes(a.text), sound_codes(b.text)),
            written=True,
        )
    return _remember(_latin_cache, cache_key, cached)


_K = TypeVar("_K")
_V = TypeVar("_V")


def _remember(cache: dict[_K, _V], key: _K, value: _V) -> _V:
    """``value``, kept in ``cache`` (emptied when it holds ``_CACHE_LIMIT`` entries)."""
    if len(cache) >= _CACHE_LIMIT:
        cache.clear()
    cache[key] = value
    return value


def may_be_similar(a: Lexeme, text: str, key: str) -> bool:
    """False only when ``token_similarity`` of ``a`` and the word spelled ``text`` with
    romanisation key ``key`` is 0, without building that word's lexeme: every method
    of ``_keyed_similarity`` needs the words, or their keys, within the edit budget
    (the same key is 0 edits; a phonetic match needs its keys near too). Familiar
    forms of given names and Chinese syllables are compared beyond it
    (``compared_loosely``, ``HYPOCORISM_KEYS``)."""
    return (
        text == a.text
        or key == a.key
        or _edits(a.text, text) is not None
        or _edits(a.key, key) is not None
        or text in HYPOCORISM_KEYS
        or compared_loosely(a)
    )


def compared_loosely(lex: Lexeme) -> bool:
    """Whether a word may be similar to words beyond the edit budget of its spelling and
    key: a familiar form of a given name (compared by its own spelling's key as well),
    or a word of Chinese syllables (Xi, Shi)."""
    return lex.text in HYPOCORISM_KEYS or syllable_key(lex.text) is not None


def string_similarity(a: str, b: str) -> float:
    """Edit-budget similarity of two plain strings (used for joined words)."""
    if a == b:
        return 1.0
    return _edit_score(a, b)
