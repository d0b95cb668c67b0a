"""Chinese names in Latin letters: Wade–Giles and Pinyin, syllable by syllable.

Older lists, Taiwanese and Hong Kong sources write Chinese names in Wade–Giles
(Hsi Chin-p'ing, Mao Tse-tung); today's sources in Pinyin (Xi Jinping, Mao
Zedong). The two spell most syllables differently (hs/x, ch/zh or j, ts/z,
-ih/-i, -ung/-ong, -ien/-ian), so a name meets its other spelling only syllable
by syllable, as Korean names do in ``korean``:

* ``pinyin_reading``: a name whose words are all Chinese syllables, one or more
  of them Wade–Giles only (Tse, Tung, Hsi, Chin), read in Pinyin (mao ze dong):
  a further form of the name, which meets the Pinyin one word for word or, for
  a given name written in one word, as joined words;
* ``syllable_key``: a syllable reduced to what careless spellings keep (x, hs,
  s and sh are one sound, j, zh and ch another, a closing ng is n, and the
  aspiration Wade–Giles marks with an apostrophe, which normalisation drops,
  is lost), so that Shi, Si and Hsi meet Xi. ``similarity`` scores two words of
  the same syllable keys as ``chinese_syllables``; ``align`` counts that only
  when both names are Chinese names written by syllable
  (``tokens.chinese_syllable_names``).

Apostrophes are gone by the time a name gets here (p'ing is ping), so an
aspirated and a plain Wade–Giles initial read alike; the plain one is taken
(tung: dong), which is what Pinyin writes more often in names.
"""

from __future__ import annotations

import re
from functools import lru_cache

_INITIALS = ("b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "zh", "ch",
             "sh", "r", "z", "c", "s", "y", "w")  # fmt: skip
_FINALS = ("a", "o", "e", "ai", "ei", "ao", "ou", "an", "en", "ang", "eng", "ong", "er", "i",
           "ia", "ie", "iao", "iu", "ian", "in", "iang", "ing", "iong", "u", "ua", "uo", "uai",
           "ui", "uan", "un", "uang", "ue", "v")  # fmt: skip
# Finals that follow j, q, x (their u is ü) and those that never follow the
# retroflex and dental sibilants.
_PALATAL_FINALS = frozenset(
    {"i", "ia", "ie", "iao", "iu", "ian", "in", "iang", "ing", "iong", "u", "ue", "uan", "un"}
)
_MEDIAL_I = frozenset(f for f in _FINALS if f.startswith("i") and f != "i")


def _pinyin_syllables() -> frozenset[str]:
    syllables: set[str] = {f for f in _FINALS if f[0] in "aoe"} | {"er"}
    for initial in _INITIALS:
        for final in _FINALS:
            if final in ("er", "v"):
                continue
            if initial in ("j", "q", "x") and final not in _PALATAL_FINALS:
                continue
            if initial in ("zh", "ch", "sh", "r", "z", "c", "s") and final in _MEDIAL_I:
                continue
            if (
                initial in ("y", "w")
                and final.startswith(("i", "u"))
                and final not in ("i", "in", "ing", "u", "un", "uan", "ue")
            ):
                continue
            syllables.add(initial + final)
    return frozenset(syllables)


PINYIN_SYLLABLES = _pinyin_syllables()

# Wade–Giles initials (apostrophes dropped) and their Pinyin, the plain reading first.
# Its j (Pinyin r: jen, ren) is left out: Korean names spell j (Jang, Jong) and would
# read as Chinese.
_WG_INITIALS = (
    ("hs", "x"), ("tz", "z"), ("ts", "z"), ("ss", "s"), ("sz", "s"), ("ch", "zh"),
    ("sh", "sh"), ("k", "g"), ("p", "b"), ("t", "d"), ("f", "f"), ("m", "m"),
    ("n", "n"), ("l", "l"), ("h", "h"), ("s", "s"), ("y", "y"), ("w", "w"), ("", ""),
)  # fmt: skip
# Wade–Giles finals that Pinyin spells otherwise.
_WG_FINALS = {
    "ih": "i", "ieh": "ie", "ueh": "ue", "ien": "ian", "ung": "ong", "iung": "iong",
    "uei": "ui", "erh": "er", "eh": "e",
}  # fmt: skip


@lru_cache(maxsize=16384)
def wade_giles_syllable(syllable: str) -> str | None:
    """The Pinyin of one Wade–Giles syllable (hsi: xi, tse: ze, tung: dong, chih: zhi),
    or None when it reads as none."""
    for wg, py in _WG_INITIALS:
        if not syllable.startswith(wg):
            continue
        written = syllable[len(wg) :]
        if not written:
            return None
        final = _WG_FINALS.get(written, written)
        if wg in ("tz", "ts", "ss", "sz") and final == "u":
            final = "i"  # tzu: zi, ssu: si
        # chin: jin, chiang: jiang; but chih: zhi
        initial = "j" if wg == "ch" and written.startswith("i") and written != "ih" else py
        if initial in ("g", "k", "h") and final == "o":
            final = "e"  # ko: ge, ho: he
        reading = initial + final
        if reading in PINYIN_SYLLABLES:
            return reading
    return None


# One to three runs of consonants, vowels and a closing n, ng, r, rh or h: the shape every
# word of Chinese syllables has, which most other words fail at once.
_SYLLABLE_SHAPE = re.compile(r"^(?:[b-df-hj-np-tv-z]{0,3}[aeiou]{1,3}(?:ng|rh|n|r|h)?){1,3}$")


@lru_cache(maxsize=65536)
def syllables(word: str) -> tuple[str, ...] | None:
    """``word`` as Chinese syllables in Pinyin: one Pinyin or Wade–Giles syllable (hsi:
    xi), or up to three Pinyin ones (jinping: jin ping); None when it is neither.
    Wade–Giles writes each syllable apart (Chin-p'ing), so a word of several is Pinyin;
    read as Wade–Giles, Arabic names would split into syllables (Fatih: fa-tih)."""
    if not _SYLLABLE_SHAPE.match(word):
        return None
    if word in PINYIN_SYLLABLES:
        return (word,)
    reading = wade_giles_syllable(word)
    return (reading,) if reading is not None else _parse(word, 3)


def _parse(word: str, most: int) -> tuple[str, ...] | None:
    """``word`` as up to ``most`` Pinyin syllables, or None."""
    if not word:
        return ()
    if most == 0:
        return None
    for end in range(min(len(word), 6), 0, -1):
        head = word[:end]
        if most < 3 and head[0] in "aeo":
            continue  # inside a word a syllable opening with a vowel is written apart (xi'an)
        if head in PINYIN_SYLLABLES:
            rest = _parse(word[end:], most - 1)
            if rest is not None:
                return (head, *rest)
    return None


def _is_pinyin(word: str) -> bool:
    """Whether ``word`` is made of Pinyin syllables as written."""
    return word in PINYIN_SYLLABLES or _parse(word, 3) is not None


def pinyin_reading(words: list[str]) -> list[str] | None:
    """A name of two to four words, each of Chinese syllables and at least one of them
    Wade–Giles only, with every word in Pinyin (hsi chin ping: xi jin ping); None for
    any other name."""
    if not 2 <= len(words) <= 4:
        return None
    readings = [syllables(w) for w in words]
    if any(r is None for r in readings) or all(_is_pinyin(w) for w in words):
        return None
    return ["".join(r) for r in readings if r is not None]


# Initials that careless spellings and the lost apostrophes confuse, by their group.
# (Romanisation keys already fold b/p, d/t, g/k; q and c are left apart, as they are
# in the keys the candidate index looks words up by.)
_LOOSE_INITIALS = (
    ("zh", "j"), ("ch", "j"), ("sh", "s"), ("j", "j"), ("x", "s"), ("s", "s"), ("b", "b"),
    ("p", "b"), ("d", "d"), ("t", "d"), ("g", "g"), ("k", "g"),
)  # fmt: skip
_LOOSE_FINAL = re.compile(r"(?<=[nm])g$")


@lru_cache(maxsize=65536)
def syllable_key(word: str) -> tuple[str, ...] | None:
    """The loose key of a word of Chinese syllables (see the module docstring): xi, shi,
    si and hsi share one, and jinping, chinping and jinpin another; None for a word
    that is not made of Chinese syllables."""
    read = syllables(word)
    if read is None:
        return None
    return tuple(_loose(s) for s in read)


def _loose(syllable: str) -> str:
    for initial, group in _LOOSE_INITIALS:
        if syllable.startswith(initial):
            syllable = group.upper() + syllable[len(initial) :]
            break
    return _LOOSE_FINAL.sub("", syllable)
