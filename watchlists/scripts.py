"""Which writing system a name is in: the one script detector of the project.

Importers tag each name with its script, the seed loader checks that a name is
written in the script it declares (a Latin 'o' hidden in a Cyrillic name is a
mistake or an evasion), and the extractor tags what it proposes. Codes are
ISO 15924 (Latn, Cyrl, Hang, ...).
"""

from __future__ import annotations

import unicodedata
from collections import Counter

# First word of a Unicode character name -> ISO 15924 script code.
_SCRIPTS = {
    "LATIN": "Latn",
    "CYRILLIC": "Cyrl",
    "ARABIC": "Arab",
    "HANGUL": "Hang",
    "CJK": "Hani",
    "HIRAGANA": "Hira",
    "KATAKANA": "Kana",
    "GREEK": "Grek",
    "HEBREW": "Hebr",
    "ARMENIAN": "Armn",
    "GEORGIAN": "Geor",
    "THAI": "Thai",
    "DEVANAGARI": "Deva",
    "BENGALI": "Beng",
    "GURMUKHI": "Guru",
    "TAMIL": "Taml",
    "ETHIOPIC": "Ethi",
    "MYANMAR": "Mymr",
    "KHMER": "Khmr",
    "LAO": "Laoo",
    "TIBETAN": "Tibt",
    "SYRIAC": "Syrc",
    "THAANA": "Thaa",
    "MONGOLIAN": "Mong",
}
# Languages we can tell from the script alone; most scripts serve several.
SCRIPT_LANG = {"Hang": "ko", "Hira": "ja", "Kana": "ja", "Grek": "el", "Armn": "hy", "Geor": "ka"}


def char_script(char: str) -> str | None:
    """The ISO 15924 code of one letter's script, or None when we do not know it."""
    return _SCRIPTS.get(unicodedata.name(char, "").split(" ", 1)[0])


def detect_script(text: str) -> str | None:
    """The ISO 15924 code of the script most letters of ``text`` are written in."""
    if text.isascii():
        return "Latn" if any(ch.isalpha() for ch in text) else None
    counts: Counter[str] = Counter(
        script for ch in text if ch.isalpha() and (script := char_script(ch)) is not None
    )
    if not counts:
        return None
    return counts.most_common(1)[0][0]


def script_problem(value: str, script: str) -> str | None:
    """Why ``value`` is not written in ``script`` (None when it is).

    Every letter must belong to the declared script, so a Latin 'o' hidden in a
    Cyrillic name (or a romanisation labelled Hang) is caught at review time.
    """
    for char in value:
        if not char.isalpha():
            continue
        found = char_script(char)
        if found != script:
            return f"contains {char!r} ({found or 'unknown script'}), not {script}"
    return None
