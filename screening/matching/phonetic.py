"""Romanisation folding and phonetic keys for single name tokens.

Two tokens are "the same word spelled differently" when their romanisation
keys agree (``romanisation_key``) or when their phonetic codes agree
(``phonetic_match``). The key folds the spelling choices that
transliteration systems make differently:

* Korean: eo/o and eu/u (Jeong/Jong, Goryeo/Koryo, Eun/Un), k/g, p/b, t/d,
  ch/j (Chong/Jong), and the conventional surname spellings
  (Lee/Yi/Ri, Park/Pak, Choi/Choe);
* Cyrillic: kh/h (Khusnullin/Husnullin), zh/j, sch/sh, ts/ch, w/v, z/s,
  y/i (Zelenskyy/Zelenskiy, Yevgeny/Evgeny), ou/oo/u, doubled letters;
* general: ph/f, q/k, c/k/s, an h after a vowel before a consonant or at the
  end (Ahn/An, Shah/Sha).

Phonetic codes (jellyfish Metaphone, NYSIIS, Match Rating codex, with
Soundex as a gate) are computed on the folded key, so Qaddafi and Gaddafi
share them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import jellyfish

from screening.matching.given_names import HYPOCORISM_NAMES

# Spellings of one name that no general rule folds, mapped to one key.
EQUIVALENT_SPELLINGS: dict[str, str] = {
    # Korean surnames, North and South conventions
    **dict.fromkeys(["lee", "yi", "rhee", "rhie", "ri", "li", "ree"], "ri"),
    **dict.fromkeys(["park", "pak", "bak", "bahk"], "pak"),
    **dict.fromkeys(["choi", "choe", "chwe", "choy", "tsoi", "tsoy"], "choe"),
    **dict.fromkeys(["lim", "rim", "im"], "rim"),
    **dict.fromkeys(["ryu", "yoo", "yu", "you", "ryoo"], "yu"),
    **dict.fromkeys(["roh", "ro", "noh"], "ro"),
    **dict.fromkeys(["shin", "sin"], "sin"),
    **dict.fromkeys(["shim", "sim"], "sim"),
    **dict.fromkeys(["hyun", "hyon", "hyeon"], "hyon"),
    **dict.fromkeys(["myung", "myong", "myeong"], "myong"),
    **dict.fromkeys(["byun", "byeon", "pyon"], "pyon"),
    **dict.fromkeys(["chung", "jung", "jong", "jeong", "chong", "cheong"], "jong"),
    **dict.fromkeys(["thae", "tae"], "tae"),
    # Arabic particles and the commonest given name
    **dict.fromkeys(["bin", "ibn", "ben", "bint", "binti", "ibnu"], "bin"),
    **dict.fromkeys(["al", "el", "ul"], "al"),
    **dict.fromkeys(
        ["mohammed", "muhammad", "mohamed", "mohammad", "mohamad", "muhammed", "mohamad",
         "mahomed", "muhamad", "mohd", "mhd", "mhmd", "muhamed", "mouhamed", "mohamud"],
        "mhmd",
    ),
}  # fmt: skip

# Ordered rewrites on an ASCII lowercase token; later rules see earlier output.
_FOLDS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"eo", "o"),  # Jeong/Jong, Goryeo/Koryo
        (r"eu", "u"),  # Eun/Un
        (r"ou|oo", "u"),  # Poutine, Nooristani
        (r"ph", "f"),
        (r"x", "ks"),  # Alexander/Aleksandr
        (r"sch", "sh"),
        (r"tch|dzh|dj|zh|ch|tz|ts", "j"),  # Chong/Jong, Zhukov/Joukov, Tsoi/Choi
        (r"kh", "h"),  # Khusnullin/Husnullin
        (r"ck|q|g", "k"),
        (r"c(?=[eiy])", "s"),
        (r"c", "k"),
        (r"w", "v"),
        (r"z", "s"),
        (r"y", "i"),  # Zelenskyy/Zelenskiy, Yevgeny, ya/ia, yu/iu
        (r"b", "p"),
        (r"d", "t"),
        (r"(?<=[^aeious])h", ""),  # Thae/Tae, Dhaka
        (r"(?<=[aeiou])h(?=[^aeiou]|$)", ""),  # Noh, Ahn, Shah
        (r"^ie|^je", "e"),  # Yevgeny/Evgeny after y -> i
        (r"(?<=[aeiou])j$", "i"),  # Selenskyj, Sergej
        (r"(.)\1+", r"\1"),  # Husnullin, Emmanuel
    )
)

_ALPHA = re.compile(r"^[a-z]+$")


def spelling_key(token: str) -> str:
    """The key of ``token`` by the general folds alone, without ``EQUIVALENT_SPELLINGS``.

    A misspelt Mohammed (Moahmmed) is near mohammed's spelling, not its
    table key (mhmd): typo lookups need both.
    """
    return _folded(token, _FOLDS)


def _folded(token: str, folds: tuple[tuple[re.Pattern[str], str], ...]) -> str:
    """``token`` with ``folds`` applied in order (a word of letters a to z only)."""
    if not _ALPHA.match(token):
        return token
    key = token
    for pattern, replacement in folds:
        key = pattern.sub(replacement, key)
    return key or token


# The folds of ``_FOLDS`` that keep a word's sound in any Latin spelling (Micron,
# Mikron; Viktoria, Viktoriya). The others exist for transliterations, which spell
# one sound several ways: voiced and voiceless consonants (k/g, p/b, t/d, s/z, ch/j
# for Korean), w/v, eo/o, a silent h. Between two words of a Latin-written name
# they change the word: Lazard is not Lassard, Tanger not Tanker.
_SOUND_FOLDS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"ph", "f"),
        (r"x", "ks"),
        (r"sch", "sh"),
        (r"kh", "h"),
        (r"ck|q", "k"),
        (r"c(?=[eiy])", "s"),
        (r"c", "k"),
        (r"y", "i"),
        (r"(.)\1+", r"\1"),
    )
)


@lru_cache(maxsize=262144)
def sound_key(token: str) -> str:
    """The key of ``token`` by the folds that keep its sound (``_SOUND_FOLDS``) alone."""
    return _folded(token, _SOUND_FOLDS)


def sound_codes(token: str) -> PhoneticCodes:
    """Phonetic codes of ``sound_key(token)``."""
    return _key_codes(sound_key(token))


# A familiar form of a given name is keyed as its full name (Ted: theodore's key), so
# that the index files each under the other (see ``given_names``); forms that already
# have a key of their own, or whose spelling already gives the full name's, keep theirs.
HYPOCORISM_KEYS: dict[str, str] = {
    form: key
    for form, full in HYPOCORISM_NAMES.items()
    if form not in EQUIVALENT_SPELLINGS
    and (key := EQUIVALENT_SPELLINGS.get(full) or spelling_key(full)) != spelling_key(form)
}
EQUIVALENT_SPELLINGS.update(HYPOCORISM_KEYS)


@lru_cache(maxsize=262144)
def romanisation_key(token: str) -> str:
    """Fold romanisation variants of one normalised token to a common key.

    Tokens that are not plain ASCII letters (other scripts, digits) are
    returned unchanged.
    """
    known = EQUIVALENT_SPELLINGS.get(token)
    if known is not None:
        return known
    return spelling_key(token)


@dataclass(frozen=True, slots=True)
class PhoneticCodes:
    """Phonetic codes of a token's romanisation key; empty for non-Latin tokens."""

    metaphone: str = ""
    nysiis: str = ""
    soundex: str = ""
    match_rating: str = ""


_NO_CODES = PhoneticCodes()


def _coded(key: str) -> bool:
    """Whether a key has phonetic codes (two or more ASCII letters)."""
    return len(key) >= 2 and _ALPHA.match(key) is not None


def metaphone_code(token: str) -> str:
    """``phonetic_codes(token).metaphone`` without computing the other codes."""
    key = romanisation_key(token)
    return jellyfish.metaphone(key) if _coded(key) else ""


@lru_cache(maxsize=262144)
def phonetic_codes(token: str) -> PhoneticCodes:
    """Metaphone, NYSIIS, Soundex and Match Rating codex of the token's key."""
    return _key_codes(romanisation_key(token))


def written_codes(token: str) -> PhoneticCodes:
    """``phonetic_codes`` of the token's own spelling (``spelling_key``): a familiar
    form of a given name read as the word it is, not as its full name."""
    return _key_codes(spelling_key(token))


@lru_cache(maxsize=262144)
def _key_codes(key: str) -> PhoneticCodes:
    if not _coded(key):
        return _NO_CODES
    return PhoneticCodes(
        metaphone=jellyfish.metaphone(key),
        nysiis=jellyfish.nysiis(key),
        soundex=jellyfish.soundex(key),
        match_rating=jellyfish.match_rating_codex(key),
    )


def phonetic_match(a: PhoneticCodes, b: PhoneticCodes) -> bool:
    """Same Soundex (the gate) and two of Metaphone, NYSIIS and Match Rating in common.

    One code alone is too lenient on short words (NYSIIS reads Kim as Kun).
    The Match Rating codex keeps only the first and last three consonants of
    longer words and says little about very short ones, so it votes only
    with three to five letters.
    """
    if not a.soundex or a.soundex != b.soundex:
        return False
    votes = (a.metaphone == b.metaphone) + (a.nysiis == b.nysiis)
    if votes == 1 and 3 <= len(a.match_rating) < 6:
        votes += a.match_rating == b.match_rating
    return votes >= 2


def phonetic_keys(token: str) -> tuple[str, ...]:
    """Index keys for a token: its romanisation key and its Metaphone code."""
    key = romanisation_key(token)
    codes = phonetic_codes(token)
    if codes.metaphone and codes.metaphone != key:
        return (key, "~" + codes.metaphone)
    return (key,)
