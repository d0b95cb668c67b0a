"""Latin readings of the scripts the matcher has no romanisation of its own for.

Cyrillic and Hangul have their own systems (``cyrillic``, ``hangul``), and
Greek, Armenian and Georgian a letter table (``alphabets``). Every other
script a name may come in (Arabic, Persian, Hebrew, Chinese, Japanese kana,
Devanagari and the other Indic scripts, Thai, Khmer, Ethiopic, ...) is read
here, so that a name in it meets its Latin spelling: ``anyascii``'s tables
(embedded in the package, nothing is fetched) give each character's Latin
letters, and four rules on top make the reading look like the names lists
write:

* Chinese characters are one syllable each; a personal name of two to four
  characters reads surname first, its given name in one word (习近平: xi
  jinping). A name written with a middle dot (贝拉克·奥巴马) is a foreign name
  spelled by sound, one word per part.
* Japanese kana: the small ya/yu/yo join the syllable before them (ジョン:
  jon, not jiyon), the small tsu doubles the next consonant and a small vowel
  replaces the vowel before it (ファ: fa).
* Arabic, Persian and Hebrew write no short vowels. Their long-vowel letters
  are read as vowels (و u, ي i, ا a), so that فرناندو reads frnandu, which a
  spelling allowance brings to Fernando, rather than the bare skeleton frndw.
* Indic scripts: a consonant with no vowel sign carries its inherent "a",
  except at the end of a word (बराक: barak).

The reading replaces the original in the normalised name, as the Greek letter
table does: a name in these scripts meets a name in the same script through
the same reading, and a Latin one through spelling.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

from screening.matching.phonetic import EQUIVALENT_SPELLINGS

# Scripts read here, by block: Hebrew to the Arabic extensions; Devanagari to
# Myanmar; Ethiopic to Mongolian; CJK radicals, kana, bopomofo, ideographs;
# Yi; compatibility ideographs; Hebrew and Arabic presentation forms; the
# supplementary ideographs. (Hangul Jamo, 1100-11FF, and Georgian are not here.)
_OTHER_SCRIPT = re.compile(
    "[\u0590-\u08ff\u0900-\u109f\u1200-\u18ff\u2e80-\u2fdf\u3005-\u3007\u3040-\u30ff"
    "\u3100-\u312f\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uf900-\ufaff"
    "\ufb1d-\ufdff\ufe70-\ufefe\U00020000-\U0003134f]"
)
# A middle dot parts the words of a foreign name written in Chinese or kana.
_MIDDLE_DOTS = frozenset("\u00b7\u30fb\u2027\u2022\uff65")

_HAN, _KANA, _ABJAD, _HEBREW, _INDIC, _OTHER, _NONE = range(7)


def has_other_script(text: str) -> bool:
    """Whether ``text`` has a letter of a script ``read_other_scripts`` reads."""
    return not text.isascii() and _OTHER_SCRIPT.search(text) is not None


def written_in_ideographs(text: str) -> bool:
    """Whether every letter of ``text`` is a Chinese character or a kana."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(is_ideographic(c) for c in letters)


def is_ideographic(char: str) -> bool:
    """Whether ``char`` is a Chinese character or a kana (a syllable per character)."""
    return _script(char) in (_HAN, _KANA)


def _script(char: str) -> int:
    code = ord(char)
    if 0x3400 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or code >= 0x20000:
        return _HAN
    if code == 0x3005:  # 々, the ideographic iteration mark
        return _HAN
    if 0x3040 <= code <= 0x30FF or 0x31F0 <= code <= 0x31FF:
        return _NONE if char in _MIDDLE_DOTS else _KANA
    if 0x0600 <= code <= 0x08FF or 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFE:
        return _ABJAD
    if 0x0590 <= code <= 0x05FF or 0xFB1D <= code <= 0xFB4F:
        return _HEBREW
    if 0x0900 <= code <= 0x0DFF:
        return _INDIC
    if _OTHER_SCRIPT.match(char):
        return _OTHER
    return _NONE


@lru_cache(maxsize=65536)
def _ascii(char: str) -> str:
    return anyascii(char).lower()


_NOT_A_LETTER = re.compile("[^a-z]")


@lru_cache(maxsize=65536)
def _latin_letters(char: str) -> str:
    """The letters a to z of ``char``'s reading (``_ascii`` less marks and punctuation)."""
    return _NOT_A_LETTER.sub("", _ascii(char))


def read_other_scripts(text: str) -> str:
    """``text`` (casefolded, accents stripped) with its letters of other scripts in Latin.

    Runs of one script are read together (see the module docstring); what is
    not in these scripts passes through unchanged. Words of different scripts
    are kept apart by spaces.
    """
    dotted = any(c in _MIDDLE_DOTS for c in text)
    out: list[str] = []
    run: list[str] = []
    kind = _NONE
    for char in [*text, " "]:
        script = _script(char)
        if script != kind or script == _NONE:
            if run:
                out.append(f" {_READERS[kind](run, dotted)} ")
                run = []
            kind = script
        if script == _NONE:
            out.append(char)
        else:
            run.append(char)
    return "".join(out).strip()


def _read_han(chars: list[str], dotted: bool) -> str:
    """One syllable per character; a two- to four-character name as surname and given
    name (习近平: xi jinping; 欧阳修文: ouyang xiuwen), anything else as one word."""
    syllables: list[str] = []
    for char in chars:
        if char == "\u3005" and syllables:
            syllables.append(syllables[-1])
        else:
            reading = _latin_letters(char)
            if reading:
                syllables.append(reading)
    n = len(syllables)
    if dotted or n < 2 or n > 4:
        return "".join(syllables)
    surname = 2 if n == 4 else 1
    return "".join(syllables[:surname]) + " " + "".join(syllables[surname:])


# Small kana: ya/yu/yo join the syllable before, a small tsu doubles the next consonant,
# a small vowel replaces the vowel before it.
_SMALL_Y = frozenset("ゃゅょャュョ")
_SMALL_TSU = frozenset("っッ")
_SMALL_VOWELS = frozenset("ぁぃぅぇぉァィゥェォ")
_VOWELS = "aeiou"


def _read_kana(chars: list[str], dotted: bool) -> str:
    out = ""
    double = False
    for char in chars:
        reading = _latin_letters(char)
        if char in _SMALL_TSU:
            double = True
            continue
        if char in _SMALL_Y and out.endswith("i"):
            stem = out[:-1]
            # ji + yo is jo, shi + yo sho, chi + yo cho; ki + yo kyo.
            out = stem + (reading[1:] if stem.endswith(("j", "sh", "ch")) else reading)
            continue
        if char in _SMALL_VOWELS and out and out[-1] in _VOWELS:
            out = out[:-1] + reading
            continue
        if double and reading and reading[0] not in _VOWELS:
            reading = reading[0] + reading
        double = False
        out += reading
    return out


# Arabic and Persian letters read otherwise than anyascii spells them: the long vowels
# and the forms of alef and hamza as vowels, taa marbuta as "a", the short-vowel
# marks where they are written. Waw and yaa are consonants at the start of a word or
# before a vowel (Walid, Yusuf), vowels elsewhere (Mahmud, Sa'id).
_ABJAD_LETTERS = {
    "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ٱ": "a", "ى": "a", "ة": "a", "ء": "",
    "ئ": "i", "ؤ": "u", "ع": "", "\u064e": "a", "\u064f": "u", "\u0650": "i",
    "\u064b": "an", "\u064c": "un", "\u064d": "in", "\u0652": "", "\u0670": "a",
    "ی": "y", "ي": "y", "و": "w", "ک": "k", "ك": "k", "ہ": "h", "ھ": "h", "ے": "e",
}  # fmt: skip
_SHADDA = "\u0651"
# Arabic particles whose skeleton lists write with their vowel.
_ABJAD_WORDS = {"bn": "bin", "bnt": "bint", "abw": "abu", "abu": "abu", "aly": "ali"}


def _read_abjad(chars: list[str], dotted: bool) -> str:
    """Arabic script: consonants as anyascii reads them, long vowels as vowels."""
    letters: list[str] = []
    for char in chars:
        if char == _SHADDA:
            if letters and letters[-1]:
                letters.append(letters[-1][-1])
            continue
        if char in _ABJAD_LETTERS:
            reading = _ABJAD_LETTERS[char]
            if char == "ع" and (not letters or chars[: len(letters)] == ["ا", "ل"]):
                reading = "a"  # opening a word or after its article: Abd, Ali, al Arabiya
        else:
            reading = _latin_letters(char)
        letters.append(reading)
    word = _vowel_letters(letters, {"w": "u", "y": "i"})
    if word.startswith("al") and len(word) > 4 and chars[:2] == ["ا", "ل"]:
        return "al " + _open_cluster(word[2:])  # the article: al rashid, as lists write it
    return _ABJAD_WORDS.get(word) or _open_cluster(word)


def _vowel_letters(letters: list[str], vowels: dict[str, str]) -> str:
    """Letters joined, each of ``vowels`` read as its vowel unless it opens the word or
    comes before a vowel, where it is a consonant (Walid, Nawaz; Mahmud)."""
    out = ""
    for k, letter in enumerate(letters):
        after = next((n for n in letters[k + 1 :] if n), "")
        if letter in vowels and out and not (after and after[0] in _VOWELS):
            letter = vowels[letter]
        out += letter
    return out


# Two consonants that open Latin names as often as they open these readings.
_ONSET_CLUSTERS = frozenset(
    {"fr", "fl", "br", "bl", "tr", "dr", "kr", "gr", "pr", "pl", "kl", "gl", "sh", "kh", "th",
     "gh", "dh", "ch", "zh", "st"}
)  # fmt: skip


def _open_cluster(word: str) -> str:
    """A reading with an "a" after its first consonant when two open it (bshar: bashar,
    nsr: nasr), the commonest short vowel these scripts leave unwritten; clusters that
    Latin names open with too (fr, vl) stay. A word of three consonants or fewer and no
    vowel has one after each (hsn: hasan); the skeletons of Muhammad stay as they are,
    since they are a known spelling of it."""
    if len(word) < 2 or word in EQUIVALENT_SPELLINGS:
        return word
    if len(word) <= 3 and not any(c in _VOWELS for c in word):
        return "a".join(word)
    if word[0] not in _VOWELS and word[1] not in _VOWELS and word[:2] not in _ONSET_CLUSTERS:
        return word[0] + "a" + word[1:]
    return word


# Hebrew letters read otherwise than anyascii spells them: bet and pe and kaf are b, p
# and k at the start of a word; vav is o, yod i and a closing he "a" between other
# letters; alef and ayin are silent inside a word.
_HEBREW_START = {"ב": "b", "פ": "p", "כ": "k", "א": "a", "ע": "a", "ו": "v", "י": "y"}
_HEBREW_LETTERS = {"א": "", "ע": "", "ו": "o", "י": "i", "ח": "kh", "כ": "kh", "ך": "kh",
                   "צ": "ts", "ץ": "ts", "ש": "sh", "ק": "k", "ת": "t"}  # fmt: skip


def _read_hebrew(chars: list[str], dotted: bool) -> str:
    letters = [c for c in chars if unicodedata.category(c) != "Mn"]
    out = ""
    for k, char in enumerate(letters):
        if k == 0 and char in _HEBREW_START:
            reading = _HEBREW_START[char]
        elif char == "ה" and k == len(letters) - 1 and k > 0:
            reading = "a"
        elif char == "ו" and k + 1 < len(letters) and letters[k + 1] == "ו":
            reading = "v"
        elif char in _HEBREW_LETTERS:
            reading = _HEBREW_LETTERS[char]
            if char == "ו" and out.endswith("v"):
                reading = ""
            elif char == "ו" and k == len(letters) - 1:
                reading = "u"  # Netanyahu, Yehu
        else:
            reading = _latin_letters(char)
        out += reading
    return _open_cluster(out)


def _read_indic(chars: list[str], dotted: bool) -> str:
    """Brahmic scripts: a consonant followed by no vowel sign or virama carries "a",
    unless it ends the word; the anusvara is read "n" (नरेंद्र: narendr)."""
    out = ""
    for k, char in enumerate(chars):
        category = unicodedata.category(char)
        if category in ("Mn", "Mc"):
            if unicodedata.combining(char) == 9:  # virama: no vowel
                continue
            name = unicodedata.name(char, "")
            out += "n" if "ANUSVARA" in name or "CANDRABINDU" in name else _ascii(char)
            continue
        reading = _latin_letters(char)
        out += reading
        following = chars[k + 1] if k + 1 < len(chars) else ""
        consonant = reading and reading[-1] not in _VOWELS and category == "Lo"
        if consonant and following and unicodedata.category(following) not in ("Mn", "Mc"):
            out += "a"
    return out


def _read_plain(chars: list[str], dotted: bool) -> str:
    return "".join(_ascii(c) for c in chars)


def _read_nothing(chars: list[str], dotted: bool) -> str:
    return "".join(chars)


_READERS = {
    _HAN: _read_han,
    _KANA: _read_kana,
    _ABJAD: _read_abjad,
    _HEBREW: _read_hebrew,
    _INDIC: _read_indic,
    _OTHER: _read_plain,
    _NONE: _read_nothing,
}
