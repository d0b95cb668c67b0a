"""Small alphabets spelled in Latin letter by letter: Greek, Armenian, Georgian.

These scripts map almost one to one onto Latin, so a table is enough and
costs nothing. Scripts without such a mapping (Arabic, Hebrew, Chinese,
Japanese, Thai, ...) are read by ``scripts``.
"""

from __future__ import annotations

import re

_GREEK = {
    "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th",
    "ι": "i", "κ": "k", "λ": "l", "μ": "m", "ν": "n", "ξ": "x", "ο": "o", "π": "p",
    "ρ": "r", "σ": "s", "ς": "s", "τ": "t", "υ": "y", "φ": "f", "χ": "ch", "ψ": "ps",
    "ω": "o",
}  # fmt: skip

_ARMENIAN = {
    "ա": "a", "բ": "b", "գ": "g", "դ": "d", "ե": "e", "զ": "z", "է": "e", "ը": "y",
    "թ": "t", "ժ": "zh", "ի": "i", "լ": "l", "խ": "kh", "ծ": "ts", "կ": "k", "հ": "h",
    "ձ": "dz", "ղ": "gh", "ճ": "ch", "մ": "m", "յ": "y", "ն": "n", "շ": "sh", "ո": "o",
    "չ": "ch", "պ": "p", "ջ": "j", "ռ": "r", "ս": "s", "վ": "v", "տ": "t", "ր": "r",
    "ց": "ts", "ւ": "v", "փ": "p", "ք": "k", "օ": "o", "ֆ": "f", "և": "ev",
}  # fmt: skip

_GEORGIAN = {
    "ა": "a", "ბ": "b", "გ": "g", "დ": "d", "ე": "e", "ვ": "v", "ზ": "z", "თ": "t",
    "ი": "i", "კ": "k", "ლ": "l", "მ": "m", "ნ": "n", "ო": "o", "პ": "p", "ჟ": "zh",
    "რ": "r", "ს": "s", "ტ": "t", "უ": "u", "ფ": "p", "ქ": "k", "ღ": "gh", "ყ": "q",
    "შ": "sh", "ჩ": "ch", "ც": "ts", "ძ": "dz", "წ": "ts", "ჭ": "ch", "ხ": "kh", "ჯ": "j",
    "ჰ": "h",
}  # fmt: skip

_TABLE: dict[str, str] = {**_GREEK, **_ARMENIAN, **_GEORGIAN}


_ANY_LETTER = re.compile("[" + "".join(sorted(_TABLE)) + "]")


def has_small_alphabet(text: str) -> bool:
    return _ANY_LETTER.search(text) is not None


def transliterate_small_alphabets(text: str) -> str:
    """Spell Greek, Armenian and Georgian letters of casefolded, accent-free text in Latin.

    Armenian "ու" is the vowel u, so it is read as a pair before single letters.
    """
    text = text.replace("ու", "u")
    return "".join(_TABLE.get(c, c) for c in text)
