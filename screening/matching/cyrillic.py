"""Cyrillic to Latin transliteration, written out by hand (no ICU).

Four styles are offered because listed and screened names arrive in all of
them: ``bgn`` (BGN/PCGN, what US and UK lists mostly use), ``icao`` (Russian
passports since 2013), ``german`` (Duden style: Chruschtschow) and ``french``
(Poutine, Khrouchtchev). Input is expected casefolded; the output is plain
lowercase ASCII letters plus whatever non-Cyrillic text was already there.

Russian, Ukrainian, Belarusian, Serbian/Macedonian, Kazakh and Mongolian
letters are covered; language is never guessed, so a Ukrainian ``и`` reads as
Russian ``i``. The romanisation key in ``phonetic`` folds the remaining
differences (y/i, kh/h, ya/ia, ...).
"""

from __future__ import annotations

import re
import unicodedata

STYLES = ("bgn", "icao", "german", "french")

# Letters whose spelling is the same in every style.
_COMMON: dict[str, str] = {
    "а": "a",
    "б": "b",
    "г": "g",
    "д": "d",
    "з": "z",
    "и": "i",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "т": "t",
    "ф": "f",
    "ъ": "",
    "ь": "",
    "э": "e",
    # Ukrainian and Belarusian
    "і": "i",
    "ї": "yi",
    "є": "ye",
    "ґ": "g",
    "ў": "w",
    # Serbian and Macedonian
    "ђ": "dj",
    "ј": "j",
    "љ": "lj",
    "њ": "nj",
    "ћ": "c",
    "џ": "dz",
    "ѓ": "gj",
    "ќ": "kj",
    "ѕ": "dz",
    # Kazakh, Kyrgyz, Mongolian, Tatar, Bashkir
    "ә": "a",
    "ғ": "g",
    "қ": "k",
    "ң": "ng",
    "ө": "o",
    "ұ": "u",
    "ү": "u",
    "һ": "h",
    "ҳ": "h",
    "ӣ": "i",
    "ӯ": "u",
    "ҷ": "j",
    "ҙ": "z",
    "ҫ": "s",
}

# Letters whose spelling depends on the style.
_STYLE: dict[str, dict[str, str]] = {
    "bgn": {
        "в": "v", "е": "e", "ё": "e", "ж": "zh", "й": "y", "с": "s", "у": "u",
        "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ы": "y",
        "ю": "yu", "я": "ya",
    },
    "icao": {
        "в": "v", "е": "e", "ё": "e", "ж": "zh", "й": "i", "с": "s", "у": "u",
        "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ы": "y",
        "ю": "iu", "я": "ia", "ъ": "ie",
    },
    "german": {
        "в": "w", "е": "e", "ё": "jo", "ж": "sch", "й": "j", "с": "s", "у": "u",
        "х": "ch", "ц": "z", "ч": "tsch", "ш": "sch", "щ": "schtsch", "ы": "y",
        "ю": "ju", "я": "ja", "з": "s",
    },
    "french": {
        "в": "v", "е": "e", "ё": "io", "ж": "j", "й": "i", "с": "s", "у": "ou",
        "х": "kh", "ц": "ts", "ч": "tch", "ш": "ch", "щ": "chtch", "ы": "y",
        "ю": "iou", "я": "ia",
    },
}  # fmt: skip

# BGN/PCGN and German write an initial or post-vowel "е" as "ye"/"je".
_IOTATED_E = {"bgn": "ye", "german": "je", "icao": "e", "french": "e"}
_VOWELS = set("аеёиоуыэюяіїєәөұүӣӯ")
_SOFTENERS = {"ъ", "ь"}

_TABLES: dict[str, dict[str, str]] = {
    style: {**_COMMON, **overrides} for style, overrides in _STYLE.items()
}


def is_cyrillic(char: str) -> bool:
    """True for a letter of the Cyrillic blocks (U+0400–U+052F)."""
    return "\u0400" <= char <= "\u052f"


_ANY_CYRILLIC = re.compile("[\u0400-\u052f]")


def has_cyrillic(text: str) -> bool:
    return _ANY_CYRILLIC.search(text) is not None


def _spell_accented(char: str, table: dict[str, str]) -> str:
    """An accented letter missing from the table (ѐ, ѝ, ӧ) is spelled as its base letter."""
    decomposed = unicodedata.normalize("NFD", char)
    if len(decomposed) > 1 and decomposed[0] in table:
        return table[decomposed[0]]
    return char


def transliterate_cyrillic(text: str, style: str = "bgn") -> str:
    """Spell the Cyrillic letters of casefolded ``text`` in Latin.

    Non-Cyrillic characters pass through unchanged. Unknown styles raise
    ``ValueError`` so a typo cannot silently fall back to another style.
    """
    table = _TABLES.get(style)
    if table is None:
        raise ValueError(f"unknown Cyrillic style {style!r}; use one of {', '.join(STYLES)}")
    iotated = _IOTATED_E[style]
    out: list[str] = []
    prev = ""
    for char in text:
        if char == "е" and (
            not prev or not prev.isalpha() or prev in _VOWELS or prev in _SOFTENERS
        ):
            out.append(iotated)
        elif is_cyrillic(char):
            spelled = table.get(char)
            out.append(_spell_accented(char, table) if spelled is None else spelled)
        else:
            out.append(char)
        prev = char
    return "".join(out)


# Korean names in Russian spelling (the Kontsevich system): Ким Ён Чхоль is
# Kim Yong Chol. Read back into McCune–Reischauer without breves, so that
# the romanisation key meets list spellings. Digraphs first.
_KONTSEVICH: tuple[tuple[str, str], ...] = (
    # ве is ㅚ before anything reads its в as w (Чхве: Choe).
    ("ве", "oe"), ("чх", "ch"), ("чж", "j"), ("кх", "kh"), ("тх", "th"), ("пх", "ph"),
    # 희, the commonest syllable in ㅢ, is written Хи as often as Хый (Hui, Hee).
    ("хи", "hui"),
    ("ый", "ui"), ("ль", "l"), ("нъ", "ng"), ("ё", "yo"), ("ы", "u"), ("э", "ae"),
    ("я", "ya"), ("ю", "yu"), ("ч", "ch"), ("к", "k"), ("г", "g"), ("д", "d"), ("б", "b"),
    ("п", "p"), ("т", "t"), ("с", "s"), ("х", "h"), ("м", "m"), ("н", "n"), ("р", "r"),
    ("л", "l"), ("а", "a"), ("о", "o"), ("у", "u"), ("и", "i"), ("в", "w"),
    # The older Russian spelling writes ㅓ as е (Ким Чен Ын, Чен Сен): read it as o.
    ("е", "o"),
    ("й", "i"), ("ь", ""), ("ъ", ""),
    # Koryo-saram and Chinese-style spellings: Цой (Choi), Шин (Shin).
    ("ц", "ch"), ("ш", "sh"), ("ж", "j"), ("з", "j"), ("ф", "p"),
)  # fmt: skip
# Korean surnames as Kontsevich writes them, with the older Russian and the
# Koryo-saram spellings (Тен, Тян, Цой, Шин); a name of two to four short
# Cyrillic words starting or ending with one of them reads as Korean.
KONTSEVICH_SURNAMES = frozenset(
    {"ким", "пак", "ли", "ри", "и", "чхве", "чве", "цой", "чон", "чен", "тен", "хан", "кан",
     "чо", "тё", "юн", "чан", "тян", "им", "лим", "рим", "о", "со", "син", "шин", "квон",
     "хван", "ан", "сон", "хон", "ю", "рю", "лю", "ко", "мун", "ян", "рян", "пэ", "пе", "бэ",
     "пэк", "пек", "бэк", "хо", "нам", "сим", "шим", "но", "ро", "ха", "квак", "ча", "чха",
     "чу", "тю", "у", "ку", "мин", "на", "ра", "чин", "тин", "чи", "ти", "ом", "чхэ", "чэ",
     "вон", "чхон", "пан", "кон", "хён", "хам", "пён", "ём", "рём", "ё", "рё", "чху", "то",
     "до", "сок", "соль", "ма", "кил", "киль", "ён", "рён", "ви", "пхё", "мён", "ки", "ван",
     "кым", "ок", "юк", "рюк", "ин", "мэн", "че", "чже", "мо", "тхак", "кук", "ын", "пхён",
     "тхэ", "пон", "сын", "ке", "пхи", "пом", "кам", "тон", "тан", "пин", "са", "си", "чхан",
     "хванбо", "намгун", "сону", "чегаль", "токко", "сагон", "мё", "тхо"}
)  # fmt: skip
_KOREAN_SYLLABLE_WORD = re.compile("^[а-яё]{1,10}$")


def looks_korean(text: str) -> bool:
    """A casefolded Cyrillic name of 2–5 short words, the syllables of a hyphenated given
    name counted apart, with a Korean surname at an end."""
    # A given name's syllables may be joined by a hyphen (Пак Ён-Сик).
    words = text.replace(",", " ").replace("-", " ").split()
    if not 2 <= len(words) <= 5 or not all(_KOREAN_SYLLABLE_WORD.match(w) for w in words):
        return False
    return words[0] in KONTSEVICH_SURNAMES or words[-1] in KONTSEVICH_SURNAMES


# Readings of a name with this many ambiguous н at most are all offered.
_MAX_AMBIGUOUS_N = 3


def kontsevich_to_latin(text: str) -> tuple[str, ...]:
    """A Kontsevich-spelled Korean name in Latin, each syllable-final н read as n and as ng.

    Kontsevich writes both ㄴ and ㅇ at the end of a syllable as н (Ён is 연
    or 영), so the reader cannot tell; the scorer takes the best reading. With
    up to ``_MAX_AMBIGUOUS_N`` such н every combination is offered, with more
    only all-n and all-ng. After и and ы the syllable is almost always ㄴ (인,
    민, 은), so н stays n there.
    """
    spots = [m.start() for m in _FINAL_N.finditer(text)]
    if len(spots) > _MAX_AMBIGUOUS_N:
        return _kontsevich(text), _kontsevich(_FINAL_N.sub("нъ", text))
    readings: list[str] = []
    for mask in range(1 << len(spots)):
        chars = list(text)
        for bit, spot in enumerate(spots):
            if mask >> bit & 1:
                chars[spot] = "нъ"
        readings.append(_kontsevich("".join(chars)))
    return tuple(readings)


_FINAL_N = re.compile("(?<=[аоуэяёюе])н(?![аоуыэяёюеи])")


_INITIAL_E = re.compile(r"(?<![а-яё])е")
# Korean ㄹ closing a syllable is l; popular Russian spellings write it р (Ким Чен Ир:
# Kim Jong Il), where Kontsevich writes ль.
_FINAL_R = re.compile("р(?![аоуыэяёюеиь])")


def _kontsevich(text: str) -> str:
    # A word-initial е sounds yo in the older spelling (Ен: 연 Yon), as ё does.
    latin = _FINAL_R.sub("ль", _INITIAL_E.sub("ё", text))
    for cyrillic, roman in _KONTSEVICH:
        latin = latin.replace(cyrillic, roman)
    return latin
