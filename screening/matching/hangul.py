"""Hangul to Latin by syllable decomposition, in two systems (no ICU).

A precomposed Hangul syllable (U+AC00–U+D7A3) is ``(initial * 21 + vowel) *
28 + final``, so each one splits into three table lookups. We produce:

* ``rr``: Revised Romanization (South Korea since 2000): 김정은 -> gim jeong eun,
  고려 -> go ryeo.
* ``mr``: McCune–Reischauer without breves and apostrophes, the basis of
  North Korean and most sanctions-list spellings: 김정은 -> kim chong un,
  고려 -> ko ryo.

Sound changes across syllables (assimilation) are not modelled; the
romanisation key in ``phonetic`` folds what they would change (k/g, ch/j,
eo/o, ...). Short words (up to ``NAME_SYLLABLES`` syllables, i.e. personal
names and most proper nouns) come out one token per syllable, because Latin
spellings split them (Kim Jong Un); the scorer and index join adjacent
tokens, so "Koryo" still meets "ko ryo". A leading syllable that is a common
surname gets the conventional spelling of the system's side of the border
(이 -> ri in the North, lee in the South). Only surnames whose
conventional spellings the romanisation key cannot fold are listed.
"""

from __future__ import annotations

import re
from functools import lru_cache

_BASE = 0xAC00
_LAST = 0xD7A3

_RR_INITIAL = ("g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch",
               "k", "t", "p", "h")  # fmt: skip
_MR_INITIAL = ("k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "ch", "tch", "ch",
               "k", "t", "p", "h")  # fmt: skip
_RR_VOWEL = ("a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u",
             "wo", "we", "wi", "yu", "eu", "ui", "i")  # fmt: skip
_MR_VOWEL = ("a", "ae", "ya", "yae", "o", "e", "yo", "ye", "o", "wa", "wae", "oe", "yo", "u",
             "wo", "we", "wi", "yu", "u", "ui", "i")  # fmt: skip
# Finals as pronounced at the end of a syllable (both systems agree here
# apart from r/l, which both write as "l" in final position).
_FINAL = ("", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "p", "l", "l", "p", "l", "m",
          "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t")  # fmt: skip

NAME_SYLLABLES = 3

# Conventional surname spellings: (North/MR side, South/RR side).
SURNAMES: dict[str, tuple[str, str]] = {
    "김": ("kim", "kim"),
    "이": ("ri", "lee"),
    "리": ("ri", "lee"),
    "박": ("pak", "park"),
    "최": ("choe", "choi"),
    "정": ("jong", "jeong"),
    "임": ("rim", "lim"),
    "림": ("rim", "lim"),
    "류": ("ryu", "ryu"),
    "유": ("yu", "yoo"),
    "노": ("ro", "noh"),
    "로": ("ro", "roh"),
    "오": ("o", "oh"),
    "신": ("sin", "shin"),
    "심": ("sim", "shim"),
    "문": ("mun", "moon"),
    "윤": ("yun", "yoon"),
    "안": ("an", "ahn"),
    "주": ("ju", "joo"),
    "구": ("ku", "koo"),
    "우": ("u", "woo"),
    "현": ("hyon", "hyun"),
    "명": ("myong", "myung"),
    "변": ("pyon", "byun"),
    "태": ("thae", "tae"),
    "조": ("jo", "cho"),
    "장": ("jang", "jang"),
    "전": ("jon", "jeon"),
}

SYSTEMS = ("rr", "mr")


def is_hangul(char: str) -> bool:
    """True for precomposed syllables and the compatibility/jamo blocks."""
    return (
        _BASE <= ord(char) <= _LAST or "\u1100" <= char <= "\u11ff" or "\u3130" <= char <= "\u318f"
    )


_ANY_HANGUL = re.compile("[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")


def has_hangul(text: str) -> bool:
    return _ANY_HANGUL.search(text) is not None


def romanize_syllable(char: str, system: str = "rr") -> str:
    """One precomposed syllable in Latin; other characters are returned as they are."""
    code = ord(char) - _BASE
    if not 0 <= code <= _LAST - _BASE:
        return char
    initial, rest = divmod(code, 588)
    vowel, final = divmod(rest, 28)
    if system == "mr":
        return _MR_INITIAL[initial] + _MR_VOWEL[vowel] + _FINAL[final]
    return _RR_INITIAL[initial] + _RR_VOWEL[vowel] + _FINAL[final]


def _romanize_word(word: str, system: str) -> str:
    syllables = [romanize_syllable(c, system) for c in word]
    if len(word) <= NAME_SYLLABLES:
        if word[0] in SURNAMES and len(word) >= 2:
            north, south = SURNAMES[word[0]]
            syllables[0] = north if system == "mr" else south
        return " ".join(syllables)
    return "".join(syllables)


def romanize_hangul(text: str, system: str = "rr") -> str:
    """Spell the Hangul of ``text`` in Latin; other characters pass through.

    ``system`` is ``"rr"`` (Revised Romanization) or ``"mr"`` (simplified
    McCune–Reischauer). Raises ``ValueError`` for anything else.
    """
    if system not in SYSTEMS:
        raise ValueError(f"unknown Korean romanisation {system!r}; use 'rr' or 'mr'")
    out: list[str] = []
    word: list[str] = []
    for char in text:
        if _BASE <= ord(char) <= _LAST:
            word.append(char)
            continue
        if word:
            out.append(_romanize_word("".join(word), system))
            word = []
        # Stray jamo carry no syllable structure we could spell reliably.
        out.append(" " if is_hangul(char) else char)
    if word:
        out.append(_romanize_word("".join(word), system))
    return "".join(out)


# Vowels ㅑ ㅕ ㅖ ㅛ ㅠ ㅣ, before which the South drops a word-initial ㄹ or ㄴ.
_IOTATED_VOWELS = frozenset({2, 6, 7, 12, 17, 20})
_RIEUL, _NIEUN, _IEUNG = 5, 2, 11


def initial_sound_law(word: str) -> str:
    """Respell a word's first syllable as the South writes it (리 -> 이, 로동 -> 노동).

    The North keeps a word-initial ㄹ/ㄴ that the South drops or softens, so
    the same surname or word is spelled two ways in Hangul itself. Applying
    the law to both sides makes those spellings equal.
    """
    if not word:
        return word
    code = ord(word[0]) - _BASE
    if not 0 <= code <= _LAST - _BASE:
        return word
    initial, rest = divmod(code, 588)
    vowel = rest // 28
    if initial == _RIEUL:
        initial = _IEUNG if vowel in _IOTATED_VOWELS else _NIEUN
    elif initial == _NIEUN and vowel in _IOTATED_VOWELS:
        initial = _IEUNG
    else:
        return word
    return chr(_BASE + initial * 588 + rest) + word[1:]


def _romanised_syllables() -> frozenset[str]:
    """Every Hangul syllable as either system spells it (ko, ryo, ryeo, kwang, ...)."""
    return frozenset(
        romanize_hangul(chr(code), system) for code in range(_BASE, _LAST + 1) for system in SYSTEMS
    )


_ROMANISED_SYLLABLES = _romanised_syllables()
_LONGEST_SYLLABLE = max(len(s) for s in _ROMANISED_SYLLABLES)


@lru_cache(maxsize=65536)
def romanised_korean(text: str, syllables: int = NAME_SYLLABLES) -> bool:
    """Whether ``text`` is spelled as one to ``syllables`` Hangul syllables romanised
    (Koryo, Goryeo, Kwangson): a Korean word, whose spellings vary by system (k/g, eo/o),
    rather than a Latin one (Tanker, Lazard)."""
    if not text:
        return False
    if syllables == 0:
        return False
    for end in range(min(len(text), _LONGEST_SYLLABLE), 0, -1):
        if text[:end] in _ROMANISED_SYLLABLES and (
            end == len(text) or romanised_korean(text[end:], syllables - 1)
        ):
            return True
    return False
