"""The one place where text is normalised.

``normalize_name`` turns any spelling of a name into lowercase Latin words
separated by single spaces:

1. Unicode NFKC (full-width and styled letters become plain ones), then
   invisible characters are removed (zero-width, soft hyphen, bidi marks and
   other format characters) and control characters become spaces.
2. Homoglyphs: Cyrillic or Greek letters that look Latin are read as Latin
   when they sit in a word with Latin letters, or in a name that is otherwise
   Latin ("Аir Kоryo" with a Cyrillic А and о is "air koryo").
3. Split camel case (KimJongUn -> Kim Jong Un), casefold, then
   transliterate Cyrillic and Hangul (``cyrillic``, ``hangul``), the small
   alphabets (``alphabets``) and every other script (``scripts``: Arabic,
   Hebrew, Chinese, kana, Indic, Thai, Ethiopic, ...).
4. Strip diacritics from Latin letters (É -> e, ø -> o, ł -> l); marks of
   other scripts are kept, because Devanagari or Thai vowels are letters.
5. Punctuation: apostrophes vanish (Qa'ida -> qaida), dotted initialisms
   close up (A.I.R. -> air, S.A.R.L. -> sarl), "&" reads "and", digits
   inside or ending a word read as the letters they imitate (Sech1n ->
   sechin, K0ry0 -> koryo), everything else that is not a letter, mark or
   digit becomes a space, and letters spaced out one by one close up
   (K O R Y O -> koryo).

``name_variants`` gives the same text under every romanisation we keep
(BGN/PCGN, ICAO and German for Cyrillic; McCune–Reischauer and
Revised Romanization for Hangul; the reading and the original for the
scripts of ``scripts`` other than Chinese and kana, whose originals
``tokens`` keeps apart), the first being ``normalize_name``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from screening.matching.alphabets import has_small_alphabet, transliterate_small_alphabets
from screening.matching.countries import QUALIFIERS
from screening.matching.cyrillic import (
    has_cyrillic,
    kontsevich_to_latin,
    looks_korean,
    transliterate_cyrillic,
)
from screening.matching.hangul import has_hangul, romanize_hangul
from screening.matching.korean import translate_hangul
from screening.matching.scripts import (
    has_other_script,
    read_other_scripts,
    written_in_ideographs,
)

# Romanisations tried for each script, the canonical one first. The
# canonical ones are what sanctions lists mostly use (BGN/PCGN, MR).
# French style is left out: its spellings differ from BGN/PCGN mostly in
# ou/u and ch/sh, which the romanisation key folds anyway.
CYRILLIC_STYLES = ("bgn", "icao", "german")
HANGUL_SYSTEMS = ("mr", "rr")

# Cyrillic and Greek letters that render like a Latin letter.
HOMOGLYPHS: dict[str, str] = {
    # Cyrillic
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
    "С": "C", "Т": "T", "У": "Y", "Х": "X", "Ѕ": "S", "І": "I", "Ј": "J", "Ү": "Y",
    "Ԛ": "Q", "Ԝ": "W", "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y",
    "х": "x", "ѕ": "s", "і": "i", "ј": "j", "ԁ": "d", "ԛ": "q", "ԝ": "w", "һ": "h",
    "ӏ": "l", "к": "k", "м": "m", "т": "t", "в": "b", "н": "h", "ү": "y",
    # Greek
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
    "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "ο": "o", "α": "a",
    "ι": "i", "κ": "k", "ν": "v", "ρ": "p", "τ": "t", "υ": "u", "χ": "x",
}  # fmt: skip

# Latin letters that carry no combining mark to strip.
_LATIN_SPECIAL = str.maketrans(
    {"ø": "o", "đ": "d", "ð": "d", "ł": "l", "ı": "i", "ħ": "h", "ŧ": "t", "ŋ": "ng",
     "æ": "ae", "œ": "oe", "þ": "th", "ß": "ss", "ſ": "s", "ƒ": "f", "ɡ": "g"}
)  # fmt: skip

# Digits that stand in for letters inside a word (I9or Sech1n).
LEET_DIGITS = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g"}

# Symbols that stand in for letters (T@nch0n, $ECHIN, |ndustrial, 5ber€ank).
_LEET_SYMBOLS = {"@": "a", "$": "s", "!": "i", "|": "l", "€": "e", "¢": "c", "£": "l"}
# Symbols that read as a letter at the end of a word too ("Yahoo!" keeps its "!").
_FINAL_SYMBOLS = frozenset("$@|")
# A run of letters, digits and leet symbols: a candidate leet word.
_LEET_WORD = re.compile(
    r"[^\W_]*[@$!|€¢£](?:[^\W_]|[@$!|€¢£+])*|[^\W_]*[^\W\d_][^\W_]*(?:\+[^\W_]+)*"
)

_APOSTROPHES = re.compile(r"['’ʼ`´‘ʻ′ʹ]")
# Letters each followed by a dot, within one word (S.A.R.L., K.o.r.e.a., and
# A.I.R without its last dot): the dots never join across a space, so
# "S. S. Geremeyev" keeps two initials.
_INITIALISM = re.compile(r"(?<![^\W\d_])((?:[^\W\d_]\.-?){2,}(?:[^\W\d_](?![^\W\d_]))?)")
# Bidirectional overrides and isolates: the text between them is stored in
# the reverse of its display order (U+202E ... U+202C).
# A run is closed by U+202C (or U+2069), or, left open, runs to the end when it
# starts a word; an open override inside a word is a stray mark and is dropped.
_RTL_RUN = re.compile(
    "\u202e([^\u202a-\u202e\u2066-\u2069]*)[\u202c\u2069]"
    "|(?<!\\w)\u202e([^\u202a-\u202e\u2066-\u2069]*)$"
)
_LEET_DIGIT = re.compile(r"(?<=[^\W\d_])[013457-9](?=[^\W\d_])")
_LEET_FINAL = re.compile(r"(?<=[^\W\d_]{3})[01357](?![^\W_])")
# Three or more single letters one space apart (K O R Y O) are one spaced-out
# word; two or more spaces, or any punctuation and a space, end it.
_SPACED_LETTERS = re.compile(r"(?<!\S)(?:[^\W_] ){2,}[^\W_](?!\S)")
# An apostrophe spaced out between letters (S H I ' A R): the name's own, dropped.
_SPACED_APOSTROPHE = re.compile(r"(?<=\b\w) ['’] (?=\w\b)")
# Where digits meet letters in a spaced-out run (1 5 K H O R D A D): a word break.
_DIGIT_LETTER = re.compile(r"(?<=\d)(?=[^\W\d_])|(?<=[^\W\d_])(?=\d)")
_DASHED_LETTERS = re.compile(r"(?<![^\W_])(?:[^\W\d_]-){2,}[^\W\d_](?![^\W_])")
_SPACES = re.compile(r"\s+")
# Only between runs of three letters or more: GmbH, SpA, McDonald stay whole.
_CAMEL = re.compile(r"(?<=[a-z]{3})(?=[A-Z][a-z]{2})|(?<=[A-Z]{3})(?=[A-Z][a-z]{2})")
_LATIN_WORD = re.compile(r"[a-zA-Z]")


# Invisible characters that Unicode files as marks, not format characters:
# the grapheme joiner, Khmer inherent vowels and variation selectors.
_INVISIBLE_MARKS = frozenset(
    "\u034f\u17b4\u17b5\u180b\u180c\u180d\u180f"
    + "".join(map(chr, range(0xFE00, 0xFE10)))
    + "".join(map(chr, range(0xE0100, 0xE01F0)))
)


def _is_latin_letter(char: str) -> bool:
    return (char.isascii() and char.isalpha()) or "\u00c0" <= char <= "\u024f"


def reverse_overrides(text: str) -> str:
    """Put text stored inside a right-to-left override (U+202E ... U+202C) back in reading order.

    Such text displays as the name but is stored reversed, a way to hide a
    name from a screener that compares stored characters.
    """
    if "\u202e" not in text:
        return text
    return _RTL_RUN.sub(lambda m: (m.group(1) or m.group(2) or "")[::-1], text)


def remove_invisible(text: str) -> str:
    """NFKC, drop format characters (Cf) and invisible marks, turn controls (Cc) into spaces.

    Runs under a right-to-left override are first put back in reading order.
    """
    text = unicodedata.normalize("NFKC", reverse_overrides(text))
    out: list[str] = []
    for char in text:
        if char.isascii():
            out.append(char if char.isprintable() else " ")
            continue
        category = unicodedata.category(char)
        if category == "Cf" or char in _INVISIBLE_MARKS:
            continue
        out.append(" " if category in ("Cc", "Zl", "Zp", "Co", "Cs") else char)
    return "".join(out)


def fold_homoglyphs(text: str) -> str:
    """Read Cyrillic/Greek look-alikes as Latin inside Latin words or Latin names.

    A word with both Latin letters and look-alikes is folded; a word made only
    of look-alikes is folded when another word of the name is Latin. Words in
    a name written wholly in Cyrillic or Greek are left for transliteration.
    """
    if not any(c in HOMOGLYPHS for c in text):
        return text
    words = text.split(" ")
    latin_words = [bool(_LATIN_WORD.search(w)) for w in words]
    name_is_latin = any(latin_words)
    out: list[str] = []
    for word, has_latin in zip(words, latin_words, strict=True):
        letters = [c for c in word if c.isalpha()]
        only_lookalikes = bool(letters) and all(c in HOMOGLYPHS for c in letters)
        if has_latin or (name_is_latin and only_lookalikes):
            word = "".join(HOMOGLYPHS.get(c, c) for c in word)
        out.append(word)
    return " ".join(out)


def strip_diacritics(text: str) -> str:
    """Remove combining marks from Latin, Greek and Cyrillic letters only."""
    if text.isascii():
        return text
    # Decompose first, so that a special letter under an accent (ǣ, ǿ) is found too.
    decomposed = unicodedata.normalize("NFKD", text).translate(_LATIN_SPECIAL)
    out: list[str] = []
    base = ""
    for char in decomposed:
        if unicodedata.combining(char):
            if base < "\u0530":  # also a mark with no letter before it
                continue
        else:
            base = char
        out.append(char)
    return unicodedata.normalize("NFC", "".join(out))


_KEEP_APART = "\x00"


def _close_initialism(match: re.Match[str]) -> str:
    """S.A.R.L. -> sarl; two dotted letters stay initials (A.G. Nechaev -> a g nechaev),
    which the tokenizer still reads as a legal form at the end of a name (Siemens A.G.)."""
    letters = "".join(c for c in match.group(1) if c.isalpha())
    # The two initials are kept apart by a mark that no later step joins
    # across (spaced-out letters close up), then read as a space.
    return (letters if len(letters) > 2 else _KEEP_APART.join(letters)) + " "


def _leet_char(char: str) -> bool:
    return char.isalnum() or char in _LEET_SYMBOLS


def _unleet_word(match: re.Match[str], aggressive: bool = False) -> str:
    """A word written with digits or symbols for letters, in letters; real alphanumerics stay.

    Digits are read as letters only when every digit of the word imitates a
    letter and the word also uses a symbol, or a digit sits between letters
    or the digits come in more than one run (T4NCH0N, 7@NCH0N, K0ry0). A word
    with one run of digits at an end (Rungra888, A320, 3M) keeps its digits.
    A symbol counts when a letter or digit follows it.
    """
    word = match.group(0)
    if word.isalpha() or word.isdigit() or not any(c.isalnum() for c in word):
        return word
    chars = list(word)
    symbols = [
        i for i, c in enumerate(chars)
        if c in _LEET_SYMBOLS and i + 1 < len(chars) and (_leet_char(chars[i + 1])
                                                          or chars[i + 1] == "+")
    ]  # fmt: skip
    if (
        chars[-1] in _FINAL_SYMBOLS
        and (len(chars) > 2 or (chars[-1] == "@" and chars[0].isalpha()))
        and (chars[-2].isalnum() or chars[-2] in _LEET_SYMBOLS)
    ):
        # VENTUR3$, ZV3ZD@, 00|: a final s, a, l; a syllable of two (H@ Rin) only
        # with "@", which never ends a word otherwise ($ may follow a currency's letter).
        symbols.append(len(chars) - 1)
    digits = [i for i, c in enumerate(chars) if c.isdigit()]
    if not symbols and not digits:
        return word
    letters = sum(c.isalpha() for c in chars)
    convert_digits = bool(digits) and all(chars[i] in LEET_DIGITS for i in digits)
    # Enough letter-like characters to be a word written in leet (74C0, not 3M).
    letter_like = letters + len(symbols) + (len(digits) if convert_digits else 0)
    if letters + len(symbols) < 1 or letter_like < (2 if aggressive or symbols else 3):
        return word
    if convert_digits and not symbols and not aggressive:
        runs = sum(1 for k, i in enumerate(digits) if k == 0 or digits[k - 1] != i - 1)
        first, last = digits[0], digits[-1]
        interior = (
            first > 0
            and last < len(chars) - 1
            and chars[first - 1].isalpha()
            and chars[last + 1].isalpha()
        )
        convert_digits = runs > 1 or interior
    for i in symbols:
        chars[i] = _LEET_SYMBOLS[chars[i]]
    # "+" for t, only among other leet marks (1!M!+3D); A+E stays "A and E".
    for i, c in enumerate(chars):
        if (
            c == "+"
            and 0 < i < len(chars) - 1
            and _leet_char(chars[i - 1])
            and _leet_char(chars[i + 1])
        ):
            chars[i] = "t"
    if convert_digits:
        for i in digits:
            chars[i] = LEET_DIGITS[chars[i]]
    return "".join(chars)


def join_spaced_letters(text: str) -> str:
    """K o r e a  K w a n g s o n -> korea kwangson, K-o-r-e-a -> korea: single letters
    one space or one hyphen apart close up. Where the letters mix cases, a capital
    after a small letter, or a capital before a small one after another capital,
    starts a word: H O Y o n g I l -> HO Yong Il."""
    text = _DASHED_LETTERS.sub(lambda m: _close_up(m.group(0).replace("-", "")), text)
    if "'" in text or "’" in text:
        text = _SPACED_APOSTROPHE.sub(" ", text)
    return _SPACED_LETTERS.sub(lambda m: _close_up(m.group(0).replace(" ", "")), text)


# Legal forms written in mixed case, kept whole when spaced out (G m b H).
_MIXED_CASE_WHOLE = frozenset({"gmbh", "mbh", "spa", "sarl", "srl", "kgaa", "ohg", "bv", "nv"})
_WORD_START = re.compile(r"(?<=[^\W\d_])(?=[A-Z][a-z])|(?<=[a-z])(?=[A-Z])")


# Three letters or more written one by one, apart by spaces, dots or hyphens.
_LETTER_BY_LETTER = re.compile(r"(?<![^\W_])(?:[^\W\d_][ .\-]+){2,}[^\W\d_](?![^\W_])")


def is_spaced_out(text: str) -> bool:
    """Whether ``text`` writes a name letter by letter somewhere (K O R Y O, T.a.n.c.h.o.n)."""
    return _LETTER_BY_LETTER.search(text) is not None


def _close_up(letters: str) -> str:
    """Spaced-out letters closed up, split where their case shows a word starting
    or where digits meet letters."""
    if letters.isdigit():
        return letters
    if any(c.isdigit() for c in letters):
        if not any(c.isalpha() for c in letters[1:-1]) and len(letters) < 5:
            return " ".join(letters)  # "Unit 7 A" is no spaced-out run
        letters = _DIGIT_LETTER.sub(" ", letters)
    if letters.isupper() or letters.islower() or letters.casefold() in _MIXED_CASE_WHOLE:
        return letters
    if not letters.isascii():
        return letters
    return _WORD_START.sub(" ", letters)


def _unleet_aggressively(match: re.Match[str]) -> str:
    return _unleet_word(match, aggressive=True)


def fold_punctuation(text: str, aggressive_leet: bool = False, initials_apart: bool = False) -> str:
    """Apostrophes, initialisms, ampersands, leetspeak, then letters/marks/digits only.

    ``aggressive_leet`` also reads a run of digits at a word's end as letters
    (9UN, 5YMPHONY): the second reading of ``name_variants``. ``initials_apart``
    keeps dotted or spaced initials apart (T.O.A., S. U. M.): ``initials_apart``.
    """
    text = _APOSTROPHES.sub("", text)
    text = _INITIALISM.sub(_initials_kept_apart if initials_apart else _close_initialism, text)
    if _LEET_MARK.search(text):
        text = _LEET_WORD.sub(_unleet_aggressively if aggressive_leet else _unleet_word, text)
    text = _LEET_DIGIT.sub(lambda m: LEET_DIGITS[m.group(0)], text)
    text = _LEET_FINAL.sub(lambda m: LEET_DIGITS[m.group(0)], text)
    # Letters spaced out with spaces alone close up before punctuation
    # becomes spaces, so word breaks ("  ") are still visible.
    text = join_spaced_letters(text)
    out: list[str] = []
    for char in text:
        if char.isalnum() or char == _KEEP_APART:
            out.append(char)
        elif char == "&" or char == "+":
            out.append(" and ")
        elif not char.isascii() and unicodedata.category(char)[0] == "M":
            if out and not out[-1].endswith(" "):  # a mark needs a letter to sit on
                out.append(char)
        else:
            out.append(" ")
    text = _SPACES.sub(" ", "".join(out)).strip()
    if initials_apart:
        return text.replace(_KEEP_APART, " ")
    return join_spaced_letters(text).replace(_KEEP_APART, " ")


def _initials_kept_apart(match: re.Match[str]) -> str:
    return _KEEP_APART.join(c for c in match.group(1) if c.isalpha()) + " "


# A dotted letter, or two single letters a space apart: initials the canonical may close.
_MAYBE_INITIALS = re.compile(r"(?<![^\W_])[^\W\d_]\.|(?<!\S)[^\W\d_] [^\W\d_](?!\S)")


@lru_cache(maxsize=8192)
def initials_apart(text: str) -> str | None:
    """The canonical spelling of a Latin-script ``text`` with its initials apart
    (T.O.A. Al-Hussein -> t o a al hussein, where the canonical closes them up as
    it closes S.A.R.L.); None for a text with no initials to keep apart. It may
    equal the canonical spelling: the caller keeps only a new one."""
    if not _MAYBE_INITIALS.search(text):
        return None
    prepared = _prepare(text)
    if has_cyrillic(prepared) or has_hangul(prepared):
        return None
    return _finish(prepared, initials_apart=True)


def split_camel_case(text: str) -> str:
    """KHUSNULLINMarat -> KHUSNULLIN Marat, BlackRock -> Black Rock (joins are matched later)."""
    return _CAMEL.sub(" ", text)


def _prepare(text: str) -> str:
    """Steps 1–3 up to transliteration: invisible characters, homoglyphs, casefold.

    Letters spaced out close up before camel case is split, so that
    "A Z A R O V D m i t r i y" keeps the case change between its words.
    """
    text = join_spaced_letters(close_spelled_out(fold_homoglyphs(remove_invisible(text))))
    return split_camel_case(text).casefold()


_SPELLED_OUT = re.compile(r"\s*(?:[^\W_](?:[.\-]|\s|$)+)+")


def close_spelled_out(text: str) -> str:
    """A name written wholly letter by letter, in its words: "P-A-K H-a R-i-n" -> "PAK Ha Rin".

    Words are parted by two spaces ("H A N  G a  O n"), or, when letters are
    joined by dots or hyphens, by a space. Single spaces alone leave one run,
    which camel case or the index's vocabulary splits later.
    """
    if len(text) < 7 or not _SPELLED_OUT.fullmatch(text):
        return text
    stripped = text.strip()
    if re.search(r"\S\s{2,}\S", stripped):
        words = re.split(r"\s{2,}", stripped)
    elif "." in stripped or "-" in stripped:
        words = stripped.split()
    else:
        return text
    return " ".join("".join(c for c in w if c.isalnum()) for w in words)


def _finish(
    text: str, aggressive_leet: bool = False, initials_apart: bool = False, read: bool = True
) -> str:
    """Steps 4 and 5; ``read=False`` leaves the scripts of ``scripts`` as written."""
    # Accents first: a Greek word of accented letters only (Ή) is Greek all the same.
    text = strip_diacritics(text)
    if has_small_alphabet(text):
        text = transliterate_small_alphabets(text)
    if read and has_other_script(text):
        text = read_other_scripts(text)
    return fold_punctuation(text, aggressive_leet, initials_apart)


# A word of one consonant and a 1, which the first reading leaves as written.
_SYLLABLE_WITH_1 = re.compile(r"\b([b-df-hj-np-tv-z])1\b")
# Leet marks read two ways: "1" is i or l, "+" is "and" or t. A name using
# them gets a second spelling with the other reading.
_AMBIGUOUS_LEET = re.compile(
    r"(?<=[^\W\d_]|[@$!|€+])1|1(?=[^\W\d_]|[@$!|€+])|(?<=[^\W_]|[@$!|€])\+|\+(?=[^\W_])"
)


# A digit touching a letter, or a leet symbol: the name may want a second reading.
_LEET_MARK = re.compile(r"[^\W\d_][013-9]|[013-9][^\W\d_]|[@$!|€¢£+]")


def _second_leet_reading(text: str, one: str = "l", plus: str = "t") -> str:
    """1 as l and + as t inside words (1!M!+3D -> limited), where the first reading says i/and.

    ``one`` and ``plus`` pick other readings: "" leaves that mark to the first
    reading (LERMA +RAD1NG -> trading wants + as t but 1 as i).
    """
    return _AMBIGUOUS_LEET.sub(
        lambda m: (one or m.group(0)) if m.group(0) == "1" else (plus or m.group(0)), text
    )


@lru_cache(maxsize=65536)
def name_variants(text: str) -> tuple[str, ...]:
    """Every normalised spelling of ``text``, canonical first, without duplicates."""
    prepared = _prepare(text)
    cyrillic = has_cyrillic(prepared)
    hangul = has_hangul(prepared)
    if not cyrillic and not hangul:
        canonical = _finish(prepared)
        if has_other_script(prepared) and not written_in_ideographs(prepared):
            # Arabic, Hebrew, Indic, ...: also as written, which tells apart letters the
            # reading merges (two names in one script meet through both: ``model``).
            original = _finish(prepared, read=False)
            return (canonical, original) if original != canonical else (canonical,)
        if not _LEET_MARK.search(prepared):
            return (canonical,)
        readings = [canonical]
        marks = {m.group(0) for m in _AMBIGUOUS_LEET.finditer(prepared)}
        mixes = [("l", "t"), ("", "t"), ("l", "")] if marks == {"1", "+"} else [("l", "t")]
        for one, plus in mixes:
            reading = _finish(_second_leet_reading(prepared, one, plus), aggressive_leet=True)
            if reading not in readings:
                readings.append(reading)
        if _SYLLABLE_WITH_1.search(canonical):
            # R1, Thae Chol: a consonant and 1 make a syllable only with the 1 as i.
            reading = _SYLLABLE_WITH_1.sub(lambda m: m.group(1) + "i", canonical)
            if reading not in readings:
                readings.append(reading)
        return tuple(readings)
    variants: list[str] = []
    spellings: list[str] = []
    if cyrillic:
        spellings = [transliterate_cyrillic(prepared, style) for style in CYRILLIC_STYLES]
        korean = _korean_and_country(prepared)
        if korean is not None:
            # A Korean name in Russian spelling: its Korean reading after the Russian ones,
            # with the country written after it as the Russian readings have it.
            name, country = korean
            spellings.extend(
                f"{reading} {country}".strip() for reading in kontsevich_to_latin(name)
            )
    else:
        spellings = [prepared]
    for latin in spellings:
        if hangul:
            # Organisation names: common words translated, proper names romanised;
            # then the plain romanisation in each system.
            translated = [translate_hangul(latin, system) for system in HANGUL_SYSTEMS]
            translated.append(translate_hangul(latin, "mr", alternative=True))
            # One-syllable words inside a word read as part of a proper name (광성: Kwangsong).
            translated.append(translate_hangul(latin, "mr", prefixes=False))
            romanised = [romanize_hangul(latin, system) for system in HANGUL_SYSTEMS]
            texts = [t for t in translated if t is not None] + romanised
        else:
            texts = [latin]
        for text in texts:
            finished = _finish(text)
            if finished not in variants:
                variants.append(finished)
    return tuple(variants)


def reads_as_korean(text: str) -> bool:
    """A Korean name in Russian spelling, which ``name_variants`` also reads as Korean."""
    if not has_cyrillic(text):
        return False
    return _korean_and_country(_prepare(text)) is not None


# "Пак Ён Сик (Северная Корея)", "Пак Ён-Сик - КНДР": a name, then a place in brackets or
# after the last comma or dash.
_TRAILING_PLACE = re.compile(
    r"^(?P<name>.+)(?:\((?P<bracketed>[^()]+)\)|[,–—-]\s*(?P<after>[^,()–—-]+))\s*$"
)


def _korean_and_country(prepared: str) -> tuple[str, str] | None:
    """A prepared Cyrillic name that is a Korean one (``looks_korean``), alone or with a
    country or city after it: the name and that place transliterated ("" when none)."""
    if looks_korean(prepared):
        return prepared, ""
    found = _TRAILING_PLACE.match(prepared)
    if found is None or not looks_korean(found["name"].strip()):
        return None
    place = fold_punctuation(transliterate_cyrillic(found["bracketed"] or found["after"]))
    return (found["name"].strip(), place) if place in QUALIFIERS else None


def normalize_name(text: str) -> str:
    """The canonical normalised form of a name: lowercase Latin words, single spaces.

    Never raises on a string; returns "" when nothing name-like is left.
    Normalising the result again changes nothing.
    """
    return name_variants(text)[0]
