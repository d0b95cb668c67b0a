"""Tokenise and tag names: what each word of a name is, and so how much it counts.

A name is analysed once into one or more ``NameForm``s (one per
romanisation, plus the Hangul original), each a tuple of ``Token``s. A token
pairs a ``Lexeme`` (the word and its precomputed keys, shared by every name
that uses the word) with a ``Tag``:

* ``LEGAL``: a legal form, English or Russian or other (LLC, Ltd, JSC,
  OOO/ООО, AO, "Limited Liability Company", "Общество с ограниченной
  ответственностью"). Multi-word forms become one token. All legal forms are
  one class: any two match each other.
* ``GENERIC``: words many organisation names share (ministry, bureau,
  centre, company, group, trading, ...). They count, but little.
* ``STOP`` and ``TITLE``: particles (of, the, al, bin) and honorifics (Mr,
  Dr, Sheikh); they count very little.
* ``NUMBER``: digits, including spelled numbers and ordinals (forty-four ->
  44, 1st -> 1). Numbers must agree.
* ``INITIAL``: a single letter, which can stand for a name (J. Smith).
* ``QUALIFIER``: a country or jurisdiction in an organisation's name
  ("North Korea", "of the Russian Federation", КНДР, 북한): one token per
  phrase, counting little, agreeing with another qualifier of the same
  country. Only when the name has other identifying words: in "Bank of
  Korea" the country is the name.
* ``PATRONYMIC``: a Russian-style patronymic (Viktorovich), often omitted.
* ``NAME``: everything else, the words that identify.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Container, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from rapidfuzz.distance import OSA

from screening.matching.chinese import pinyin_reading, syllables
from screening.matching.countries import (
    AMBIGUOUS_QUALIFIERS,
    CITY_PHRASES,
    DOTTED_COUNTRIES,
    QUALIFIER_PHRASES,
)
from screening.matching.cyrillic import KONTSEVICH_SURNAMES, has_cyrillic, kontsevich_to_latin
from screening.matching.hangul import has_hangul, initial_sound_law
from screening.matching.korean import translate_romanised
from screening.matching.normalize import (
    LEET_DIGITS,
    initials_apart,
    is_spaced_out,
    name_variants,
    reads_as_korean,
    remove_invisible,
    reverse_overrides,
)
from screening.matching.phonetic import (
    HYPOCORISM_KEYS,
    PhoneticCodes,
    phonetic_codes,
    romanisation_key,
    spelling_key,
)
from screening.matching.scripts import has_other_script, is_ideographic


class Tag(StrEnum):
    NAME = "name"
    PATRONYMIC = "patronymic"
    GENERIC = "generic"
    LEGAL = "legal_form"
    STOP = "stop_word"
    TITLE = "title"
    NUMBER = "number"
    INITIAL = "initial"
    QUALIFIER = "qualifier"


# Schema families: alignment and tagging rules differ by family, not schema.
FAMILIES: dict[str, str] = {
    "person": "person",
    "organization": "org",
    "company": "org",
    "public_body": "org",
    "legalentity": "org",
    "legal_entity": "org",
    "region": "region",
    "vessel": "object",
    "aircraft": "object",
}


def schema_family(schema: str | None) -> str:
    """``person``, ``org``, ``region``, ``object`` or ``any`` (unknown)."""
    if not schema:
        return "any"
    return FAMILIES.get(schema.casefold(), "any")


# Legal forms: each spelling (as normalised words) -> its canonical code.
# Codes in AMBIGUOUS_LEGAL are also ordinary words or syllables (a Korean
# "Sa", a Spanish "As"), so they count as legal forms only at either end of
# a name that is not a person's.
LEGAL_FORMS: dict[str, str] = {
    "llc": "llc", "l l c": "llc", "limited liability company": "llc", "ltd": "ltd",
    "limited": "ltd", "inc": "inc", "incorporated": "inc", "plc": "plc",
    "public limited company": "plc", "llp": "llp", "limited liability partnership": "llp",
    "lp": "lp", "limited partnership": "lp", "pte": "pte", "pty": "pty", "pvt": "pvt",
    "private limited": "pvt", "jsc": "jsc", "joint stock company": "jsc",
    "ojsc": "ojsc", "open joint stock company": "ojsc", "cjsc": "cjsc",
    "closed joint stock company": "cjsc", "pjsc": "pjsc", "public joint stock company": "pjsc",
    "ooo": "ooo", "obshchestvo s ogranichennoy otvetstvennostyu": "ooo",
    "ao": "ao", "aktsionernoye obshchestvo": "ao", "aktsionernoe obshchestvo": "ao",
    "zao": "zao", "zakrytoye aktsionernoye obshchestvo": "zao", "oao": "oao",
    "otkrytoye aktsionernoye obshchestvo": "oao", "pao": "pao",
    "publichnoye aktsionernoye obshchestvo": "pao", "nao": "nao", "ano": "ano",
    "avtonomnaya nekommercheskaya organizatsiya": "ano", "fgup": "fgup", "gup": "gup",
    "mup": "mup", "tov": "tov", "pat": "pat", "ag": "ag", "aktiengesellschaft": "ag",
    "gmbh": "gmbh", "gesellschaft mit beschrankter haftung": "gmbh", "kg": "kg",
    "ohg": "ohg", "sa": "sa", "societe anonyme": "sa", "sociedad anonima": "sa",
    "sarl": "sarl", "sas": "sas", "srl": "srl", "societatea cu raspundere limitata": "srl",
    "spa": "spa", "sl": "sl", "ltda": "ltda", "sa de cv": "sadecv", "bv": "bv", "nv": "nv",
    "bvba": "bvba", "ab": "ab", "as": "as", "asa": "asa", "oy": "oy", "oyj": "oyj",
    "aps": "aps", "sp z oo": "spzoo", "sp z o o": "spzoo", "spzoo": "spzoo", "kk": "kk",
    "kabushiki kaisha": "kk", "pt": "pt", "tbk": "tbk", "bhd": "bhd", "berhad": "bhd",
    "sdn bhd": "sdnbhd", "fze": "fze", "fzco": "fzco", "fzc": "fzc", "fzllc": "fzllc",
    "dmcc": "dmcc", "na": "na", "se": "se",
    # Company-type words behave like legal forms: "X Corporation", "X Company"
    # and "X Co., Ltd." name the same firm.
    "company": "company", "corporation": "corporation",
    "akb": "akb", "joint stock commercial bank": "akb",
    # Aktsionernaya kompaniya (joint-stock company): AK ALROSA.
    "ak": "ak", "aktsionernaya kompaniya": "ak",
}  # fmt: skip
AMBIGUOUS_LEGAL = frozenset(
    {"sa", "ag", "ao", "as", "ab", "oy", "kk", "pt", "nv", "bv", "sl", "kg", "tov", "pat", "ano",
     "na", "se", "spa", "sas", "lp", "nao", "mup", "gup", "ak"}
)  # fmt: skip

STOP_WORDS = frozenset(
    {"the", "of", "and", "for", "in", "on", "at", "to", "de", "du", "des", "la", "le", "les",
     "der", "die", "das", "den", "von", "van", "y", "et", "und", "al", "el", "ul", "bin", "ibn",
     "ben", "bint", "binti", "da", "di", "del", "della", "dos", "no", "nr", "num"}
)  # fmt: skip

TITLES = frozenset(
    {"mr", "mrs", "ms", "miss", "mister", "dr", "prof", "professor", "sir", "dame", "lord",
     "president", "prasident", "monsieur", "madame", "mme", "herr", "frau", "sheikh", "shaikh",
     "sheik", "shaykh", "haji", "hajji", "alhaji", "mullah", "mulla", "maulana", "maulvi",
     "mawlawi", "imam", "colonel", "col", "gen", "lt", "capt", "captain", "major", "admiral",
     "marshal", "mv"}
)  # fmt: skip

GENERIC_WORDS = frozenset(
    {"ministry", "bureau", "center", "group", "general", "trading",
     "trade", "holding", "holdings", "international", "national", "industries", "industry",
     "industrial", "enterprise", "enterprises", "services", "service", "department",
     "committee", "office", "association", "organization", "foundation", "institute",
     "institution", "academy", "university", "college", "agency", "authority",
     "administration", "council", "commission", "federation", "society", "bank", "banking",
     "investment", "investments", "capital", "partners", "fund", "trust", "management",
     "solutions", "technology", "technologies", "development", "import", "export", "shipping",
     "airlines", "airline", "airways", "air", "aviation", "navigation", "maritime", "logistics",
     "commercial", "joint", "venture", "branch", "representative", "state", "people", "peoples",
     "democratic", "republic", "united", "global", "world", "business", "factory", "plant",
     "works", "production", "products", "firm", "research", "scientific", "science", "sciences",
     "equipment", "machinery", "government", "army", "military", "force", "forces", "union",
     "network", "exchange", "resources", "consulting", "kompaniya", "korporatsiya", "gruppa",
     "tsentr", "ministerstvo", "zavod", "upravleniye", "fond", "stock", "credit",
     "concern"}
)  # fmt: skip

# Words that say what an organisation does rather than which one it is. They stay
# name words (they tell the Ministry of Defense from the Ministry of Finance), but a
# name made of them and generic words alone (MINISTRY OF NATIONAL DEFENSE) names an
# office that many countries have: which one, only a country says
# (``features.generic_name``).
DESCRIPTIVE_WORDS = frozenset(
    {"defense", "security", "foreign", "affairs", "finance", "financial", "health",
     "education", "culture", "energy", "power", "transport", "transportation", "railway",
     "railways", "communications", "telecommunications", "information", "insurance",
     "construction", "agriculture", "agricultural", "fisheries", "forestry", "labor",
     "external", "economic", "economy", "social", "public", "justice", "interior",
     "internal", "home", "police", "intelligence", "customs", "tax", "taxation", "revenue",
     "treasury", "central", "reserve", "savings", "planning", "atomic", "nuclear", "space",
     "marine", "ocean", "land", "mining", "oil", "gas", "petroleum", "electric", "electricity",
     "water", "post", "postal", "broadcasting", "press", "news", "statistics", "emergency",
     "environment", "science", "sports", "tourism", "trade", "commerce", "industry", "mines",
     "defence", "navy", "naval", "guard", "border"}
)  # fmt: skip

# Abbreviations and spelling variants that stand for one word.
ABBREVIATIONS: dict[str, str] = {
    "corp": "corporation", "co": "company", "cos": "company", "intl": "international",
    "int": "international", "natl": "national", "assn": "association", "dept": "department",
    "govt": "government", "mfg": "manufacturing", "bros": "brothers", "tech": "technology",
    "ctr": "center", "centre": "center", "organisation": "organization", "labour": "labor",
    "defence": "defense", "programme": "program", "hldgs": "holding", "grp": "group",
    "mgmt": "management", "mgt": "management", "assoc": "association", "svc": "service",
    "svcs": "service", "shpg": "shipping", "agcy": "agency", "univ": "university",
    "inst": "institute", "acad": "academy", "admin": "administration",
    # Inflections of generic words, which carry no meaning of their own.
    "banking": "bank", "banks": "bank", "trading": "trade", "industries": "industry",
    "industrial": "industry", "services": "service", "enterprises": "enterprise",
    "holdings": "holding", "investments": "investment", "technologies": "technology",
    "sciences": "science", "airlines": "airline", "products": "product", "companies": "company",
}  # fmt: skip

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_ORDINAL_SUFFIXES = ("st", "nd", "rd", "th")

PATRONYMIC_ENDINGS = ("ovich", "evich", "ovych", "evych", "ovitch", "evitch", "ovna", "evna",
                      "ichna", "ogly", "oglu", "kyzy", "qizi")  # fmt: skip


@dataclass(frozen=True, slots=True)
class Lexeme:
    """A distinct normalised word and the keys derived from it (computed once)."""

    text: str
    key: str  # romanisation key
    codes: PhoneticCodes


@lru_cache(maxsize=262144)
def lexeme(text: str) -> Lexeme:
    return Lexeme(text=text, key=romanisation_key(text), codes=phonetic_codes(text))


@dataclass(frozen=True, slots=True)
class Token:
    lexeme: Lexeme
    tag: Tag

    @property
    def text(self) -> str:
        return self.lexeme.text


@dataclass(frozen=True, slots=True)
class NameForm:
    """One spelling of a name as tagged tokens; ``native`` marks an untransliterated form
    (Hangul, or Chinese characters and kana)."""

    text: str
    tokens: tuple[Token, ...]
    native: bool = False
    # Read from a Korean name in Russian spelling (Kontsevich), one of several guesses.
    from_kontsevich: bool = False
    # Written letter by letter (K O R E A, T-a-n-c-h-o-n): word breaks may be lost.
    spaced_out: bool = False


def _korean_surname_keys() -> frozenset[str]:
    keys: set[str] = set()
    for surname in KONTSEVICH_SURNAMES:
        keys.update(romanisation_key(latin) for latin in kontsevich_to_latin(surname))
    return frozenset(keys)


KOREAN_SURNAME_KEYS = _korean_surname_keys()
# A romanised Korean syllable (McCune-Reischauer, Revised, and the North's and
# Russian-derived spellings without breves); a name word is one or two of them.
_SYLLABLE = (
    "(?:kk|k|g|n|dd|d|tt|th|tsch|ts|t|r|l|m|b|pp|ph|p|ss|sh|s|jj|j|tch|chh|ch|kh|h)?"
    "(?:w|y)?(?:ae|eo|eu|oe|ui|oi|a|e|o|u|i)(?:ng|k|n|t|l|m|p|g|b|d|r)?"
)
_KOREAN_WORD = re.compile(f"^{_SYLLABLE}(?:{_SYLLABLE})?$")


def korean_word(text: str) -> bool:
    """Whether a word is one or two romanised Korean syllables (Kwang, Il, Ryonbong)."""
    return _KOREAN_WORD.match(text) is not None


def _syllable_words(tokens: tuple[Token, ...]) -> list[Token] | None:
    """The words of a name written by syllable (two to four words of one or two
    romanised Korean syllables each, nothing else), or None."""
    words = [t for t in tokens if t.tag is not Tag.TITLE]
    if not 2 <= len(words) <= 4 or not all(_KOREAN_WORD.match(t.text) for t in words):
        return None
    return words


def syllabic_names(query: NameForm, listed: NameForm) -> bool:
    """The query was read from a Korean name in Russian spelling, and both names are
    written by syllable with a Korean surname first or last in one of them (Хван Со
    Юн read as Hwang So Yung, against Hwang Pyong So or Cheng Hung Man).

    Each word is then one syllable of the name, so two words that differ by two
    letters (yung, pyong) are different syllables, not a misspelling, and a
    syllable one name lacks is a different given name. Only the readings of a
    Russian spelling are held to this: they are guesses (ён is yon or yong, in
    several systems), and the best of many guesses meets unrelated names by
    chance; a name typed in Latin letters keeps the ordinary typo allowance.
    """
    if not query.from_kontsevich:
        return False
    q_words, l_words = _syllable_words(query.tokens), _syllable_words(listed.tokens)
    if q_words is None or l_words is None:
        return False
    return _surname_at_an_end(q_words) or _surname_at_an_end(l_words)


def _surname_at_an_end(words: list[Token]) -> bool:
    return _korean_surname(words[0]) or _korean_surname(words[-1])


def _korean_surname(token: Token) -> bool:
    """Whether a word is a Korean surname; a familiar form of a given name (Don, Dan),
    keyed as its full name, by its own spelling."""
    if token.lexeme.key in KOREAN_SURNAME_KEYS:
        return True
    return token.text in HYPOCORISM_KEYS and spelling_key(token.text) in KOREAN_SURNAME_KEYS


def korean_syllable_names(query: NameForm, listed: NameForm) -> bool:
    """Both names are Korean names written by syllable, a Korean surname first or last
    in each (Pak Yong Nam, PAK Bong Nam), however the query was typed."""
    return _korean_syllable_name(query.tokens) and _korean_syllable_name(listed.tokens)


@lru_cache(maxsize=65536)
def _korean_syllable_name(tokens: tuple[Token, ...]) -> bool:
    """One side of ``korean_syllable_names``, remembered: it is asked of every pair."""
    words = _syllable_words(tokens)
    return words is not None and _surname_at_an_end(words)


def chinese_syllable_names(query: NameForm, listed: NameForm) -> bool:
    """Both names are Chinese names written by syllable (two to four words, each of
    Pinyin or Wade–Giles syllables: Xi Jinping, Hsi Chin-ping), however spelled."""
    return _chinese_syllable_name(query.text) and _chinese_syllable_name(listed.text)


@lru_cache(maxsize=65536)
def _chinese_syllable_name(text: str) -> bool:
    """One side of ``chinese_syllable_names``, remembered: it is asked of every pair."""
    words = [w for w in text.split() if w not in TITLES]
    return 2 <= len(words) <= 4 and all(syllables(w) is not None for w in words)


# The initial consonants of a romanised Korean syllable, by the Korean consonant (or the
# silent ㅇ, "") they may stand for in any system (McCune-Reischauer, Revised, Russian
# spellings): ㄱ is k or g, ㄹ and ㄴ drop at the start of a South Korean word, j is y
# in German and Russian-based spellings (Jong, Yong), and lists confuse ㅎ and ㅇ
# (Young, Hyong).
_ONSETS: dict[str, frozenset[str]] = {
    onset: frozenset(sounds.split())
    for onset, sounds in {
        "": "silent r", "r": "r silent", "l": "r silent", "n": "n silent",
        "k": "k", "g": "k", "kk": "k", "gg": "k", "kh": "k h",
        "t": "t", "d": "t", "tt": "t", "th": "t",
        "p": "p", "b": "p", "pp": "p", "ph": "p", "f": "p",
        "ch": "c", "j": "c", "jj": "c", "tch": "c", "chh": "c", "c": "c", "ts": "c",
        "tsh": "c", "dj": "c", "z": "c",
        "s": "s", "ss": "s", "sh": "s",
        "h": "h", "m": "m",
    }.items()
}  # fmt: skip
# Written for each other, though they stand for different consonants.
_CONFUSED_ONSETS = frozenset({frozenset({"", "j"}), frozenset({"", "h"})})
_ONSET = re.compile(r"[^aeiouyw]*")


def onsets_agree(a: str, b: str) -> bool:
    """Whether two romanised Korean syllables may start with the same consonant: Yong
    and Bong, Song and Jong, Un and Hun start with different ones, so they are different
    syllables (different given names) however close their spelling; Pak and Bak, Ri and
    Yi, Chol and Jol may be one."""
    first, second = (_ONSET.match(w).group().removesuffix("v") for w in (a, b))  # type: ignore[union-attr]
    if first == second or frozenset({first, second}) in _CONFUSED_ONSETS:
        return True
    one, other = _ONSETS.get(first), _ONSETS.get(second)
    return one is not None and other is not None and not one.isdisjoint(other)


# The vowel letters of a romanised Korean syllable.
_NUCLEUS = re.compile(r"[aeiouyw]+")
_SINGLE_SYLLABLE = re.compile(f"^{_SYLLABLE}$")


def nuclei_agree(a: str, b: str) -> bool:
    """Whether two romanised Korean syllables may have the same vowel.

    The vowels ㅏ, ㅐ, ㅑ, ㅒ, ㅘ, ㅙ are written with an a in every system and no
    other vowel is, so Chun and Chang, Jang and Jong are different syllables (different
    given names) however close their spelling. The spellings of the other vowels
    overlap (Song, Seong, Sung; Chel for a clipped Cheol) and are left to the keys.
    Words of two syllables are not compared (their split is not known).
    """
    if not (_SINGLE_SYLLABLE.match(a) and _SINGLE_SYLLABLE.match(b)):
        return True
    first, second = (_NUCLEUS.search(w) for w in (a, b))
    if first is None or second is None:
        return True
    return ("a" in first.group()) == ("a" in second.group())


def _phrase_table() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """Legal forms by first word. Phrases and long words compare by romanisation
    key, so every transliteration of "Общество с ограниченной ответственностью"
    and "Aktiengeselschaft" are found; short codes compare by spelling, so a
    key collision (pad/pat) is not."""
    table: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for phrase, code in LEGAL_FORMS.items():
        # Russian adjectives end in -oye (BGN/PCGN) or -oe (ICAO).
        for spelling in {phrase, phrase.replace("oye ", "oe ")}:
            words = spelling.split()
            by_key = len(words) > 1 or len(words[0]) >= 6
            keys = tuple(romanisation_key(w) for w in words) if by_key else tuple(words)
            table.setdefault(keys[0], []).append((keys, code))
    for entries in table.values():
        entries.sort(key=lambda e: -len(e[0]))
    return table


_LEGAL_PHRASES = _phrase_table()
# Words of several-word legal forms (joint, stock, company, liability, ...).
_LEGAL_WORDS = frozenset(
    w for phrase in LEGAL_FORMS if " " in phrase for w in phrase.split() if len(w) >= 3
)
_MIN_LEGAL_COMPOUND = 9


def _split_legal_compounds(words: list[str]) -> list[str]:
    """Legal-form words written together apart again: STOCKCOMPANY -> stock company,
    LIMITEDLIABILITYCOMPANY -> limited liability company (names spaced out letter by
    letter lose their word breaks)."""
    split = _split_long_words(words, _LEGAL_WORDS, _MIN_LEGAL_COMPOUND)
    return words if split is None else split


def _split_long_words(
    words: list[str], vocabulary: Container[str], shortest: int
) -> list[str] | None:
    """``words`` with each word of ``shortest`` letters or more that is not itself in
    ``vocabulary`` split at vocabulary words where it is made of them (``_split_words``);
    None when no word splits."""

    def split(word: str) -> list[str] | None:
        if len(word) >= shortest and word not in vocabulary and word.isalpha():
            return _split_words(word, vocabulary)
        return None

    return _split_each(words, split)


def _split_each(words: list[str], split: Callable[[str], list[str] | None]) -> list[str] | None:
    """``words`` with each word that ``split`` parts replaced by its parts; None when
    ``split`` parts none."""
    out: list[str] = []
    changed = False
    for word in words:
        parts = split(word)
        if parts is None:
            out.append(word)
        else:
            out.extend(parts)
            changed = True
    return out if changed else None


def _legal_forms_in_digits(words: list[str]) -> list[str]:
    """11C -> llc, 1TD -> ltd, 000 (opening or closing the name) -> ooo: a word with
    digits whose letter reading is a legal form's code. Other digits stay numbers."""
    out = list(words)
    for k, word in enumerate(words):
        if word.isalpha() or not word.isalnum() or not any(c.isdigit() for c in word):
            continue
        if word.isdigit() and not (len(words) > 1 and k in (0, len(words) - 1) and word == "000"):
            continue
        for one in ("l", "i"):
            reading = "".join(one if c == "1" else LEET_DIGITS.get(c, c) for c in word)
            if LEGAL_FORMS.get(reading) == reading:
                out[k] = reading
                break
    return out


def _numbers(words: list[str]) -> list[str]:
    """Spelled numbers and ordinals to digits: forty four -> 44, 1st -> 1."""
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        if word in _TENS:
            value = _TENS[word]
            nxt = words[i + 1] if i + 1 < len(words) else ""
            unit = _UNITS.get(nxt, int(nxt) if nxt.isdigit() and len(nxt) == 1 else None)
            if unit is not None and 0 < unit < 10:
                value += unit
                i += 1
            out.append(str(value))
        elif word in _UNITS:
            out.append(str(_UNITS[word]))
        elif word[:-2].isdigit() and word[-2:] in _ORDINAL_SUFFIXES:
            out.append(word[:-2])
        else:
            out.append(word)
        i += 1
    return out


# Words of a legal form this long still read as that word with one typo
# (LIMITED LIABILTY COMPANY), which lists and screened names often carry.
_LEGAL_TYPO_LENGTH = 6

# Words that occur only inside multi-word legal forms. Met on their own, as
# when a name's words are reordered or a phrase is cut short, they are still
# parts of a legal form, not words that identify anyone.
LEGAL_FRAGMENTS = frozenset(
    {"liability", "obshchestvo", "ogranichennoy", "otvetstvennostyu", "aktsionernoye",
     "zakrytoye", "otkrytoye", "publichnoye", "nekommercheskaya", "gesellschaft",
     "beschrankter", "haftung", "anonyme", "anonima", "raspundere", "kabushiki", "kaisha"}
)  # fmt: skip
_FRAGMENT_KEYS = frozenset(
    romanisation_key(spelling)
    for word in LEGAL_FRAGMENTS
    for spelling in (word, word.removesuffix("oye") + "oe")
)


# From this length a legal-form word's key may be two edits off: one typo can
# move a key twice when it makes or breaks a folded pair (OoRANICHENNOI: oo -> u).
_LEGAL_TWO_EDITS_LENGTH = 10


def _near(seen: str, expected: str, later: bool = False) -> bool:
    """The same legal-form word, allowing one typo in a long one.

    A typo may move the key two edits (LIABIITY: the doubled i closes up). Two
    are allowed in a long word, and in a shorter one (``later``) when the
    phrase's earlier words have already been met (LIMITED LIABIITY COMPANY)."""
    if seen == expected:
        return True
    if len(expected) < _LEGAL_TYPO_LENGTH:
        return False
    two = _LEGAL_TWO_EDITS_LENGTH - (2 if later else 0)
    edits = 2 if len(expected) >= two else 1
    return (
        abs(len(seen) - len(expected)) <= edits
        and OSA.distance(seen, expected, score_cutoff=edits) <= edits
    )


def _fuzzy_first_words() -> dict[str, list[str]]:
    """Keyed legal-form first words by initial letter, for typo lookups."""
    by_letter: dict[str, list[str]] = {}
    for first, entries in _LEGAL_PHRASES.items():
        if len(first) >= _LEGAL_TYPO_LENGTH and any(len(e[0]) > 1 or e[0][0] == first
                                                    for e in entries):  # fmt: skip
            by_letter.setdefault(first[0], []).append(first)
    return by_letter


_FUZZY_FIRST = _fuzzy_first_words()


def _legal_candidates(word: str, key: str) -> list[tuple[tuple[str, ...], str]]:
    candidates = _LEGAL_PHRASES.get(key, []) + _LEGAL_PHRASES.get(word, [])
    if candidates or len(key) < _LEGAL_TYPO_LENGTH - 1:
        return candidates
    for first in _FUZZY_FIRST.get(key[0], ()):
        if _near(key, first):
            candidates.extend(_LEGAL_PHRASES[first])
    return candidates


# One-word legal forms of six letters or more, by spelling (limited -> ltd).
_LEGAL_SINGLE_WORDS = {p: c for p, c in LEGAL_FORMS.items() if " " not in p and len(p) >= 6}


def _misspelt_legal_word(word: str) -> str | None:
    """The code of a one-word legal form ``word`` misspells by one edit of its letters.

    The key folds doubled letters, so a typo that doubles one (LIITED, LIiITED) moves
    the key two edits while the spelling moves one."""
    if len(word) < _LEGAL_TYPO_LENGTH:
        return None
    for spelling, code in _LEGAL_SINGLE_WORDS.items():
        if (
            abs(len(spelling) - len(word)) <= 1
            and OSA.distance(word, spelling, score_cutoff=1) <= 1
        ):
            return code
    return None


def _legal_code(
    words: list[str], keys: list[str], i: int, last: int, family: str
) -> tuple[int, str] | None:
    """The legal form starting at word ``i``, as (words used, code), if any."""
    candidates = _legal_candidates(words[i], keys[i])
    if not candidates and (code := _misspelt_legal_word(words[i])) is not None:
        candidates = [((keys[i],), code)]  # met by spelling: the key already agrees
    for phrase, code in candidates:
        n = len(phrase)
        if n > 1 or len(words[i]) >= 6:
            seen = keys[i : i + n]
            if len(seen) != n or not all(
                _near(key, expected, later=k > 0)
                for k, (key, expected) in enumerate(zip(seen, phrase, strict=True))
            ):
                continue
        elif words[i] != phrase[0]:
            continue
        if code in AMBIGUOUS_LEGAL and (
            family == "person" or last == 0 or (i != 0 and i + n - 1 != last)
        ):
            continue
        return n, code
    if family != "person" and keys[i] in _FRAGMENT_KEYS:
        return 1, words[i]
    return None


# Generic words this long are still read as generic with one typo
# (INDUSTREIS); shorter ones would catch real names (Generali).
_GENERIC_TYPO_LENGTH = 9


def _one_deletion(word: str) -> set[str]:
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


# In an organisation's name beside other generic or legal-form words, shorter generic
# words (six letters or more) are read with one typo inside them too (TRRADING,
# TRDING): the name is plainly built of such words. Their first and last letters
# must stand.
_GENERIC_TYPO_IN_CONTEXT = 6


def _generic_deletions() -> dict[str, set[str]]:
    """Every generic word and spelling that stands for one, under each one-letter deletion."""
    spellings = {w for w in GENERIC_WORDS if len(w) >= _GENERIC_TYPO_IN_CONTEXT - 1}
    spellings |= {
        k
        for k, v in ABBREVIATIONS.items()
        if v in GENERIC_WORDS and len(k) >= _GENERIC_TYPO_IN_CONTEXT - 1
    }
    index: dict[str, set[str]] = {}
    for spelling in spellings:
        for deletion in _one_deletion(spelling):
            index.setdefault(deletion, set()).add(spelling)
    return index


_GENERIC_DELETIONS = _generic_deletions()


def generic_spelling(word: str, in_context: bool = False) -> str | None:
    """The generic word a long word misspells by one edit, if any (industreis -> industry);
    ``in_context`` (other generic or legal-form words in the name) also reads words of
    six letters or more, with the typo inside the word (trrading -> trade)."""
    short = len(word) < _GENERIC_TYPO_LENGTH
    if word in GENERIC_WORDS or len(word) < _GENERIC_TYPO_IN_CONTEXT or (short and not in_context):
        return None
    for deletion in _one_deletion(word):
        for spelling in _GENERIC_DELETIONS.get(deletion, ()):
            if len(spelling) < _GENERIC_TYPO_LENGTH - 1 and not short:
                continue  # a long word is not read as a short generic word
            if short and (spelling[0] != word[0] or spelling[-1] != word[-1]):
                continue  # Generali is not "general"
            if OSA.distance(word, spelling, score_cutoff=1) <= 1:
                return ABBREVIATIONS.get(spelling, spelling)
    return None


def _tag(word: str, family: str) -> Tag:
    if word.isdigit():
        return Tag.NUMBER
    if len(word) == 1 and word.isascii() and word.isalpha():
        return Tag.INITIAL
    if word in STOP_WORDS:
        return Tag.STOP
    if word in TITLES:
        return Tag.TITLE
    if word in GENERIC_WORDS:
        return Tag.GENERIC
    if family in ("person", "any") and len(word) >= 7 and word.endswith(PATRONYMIC_ENDINGS):
        return Tag.PATRONYMIC
    return Tag.NAME


def _qualifier(words: list[str], i: int, last: int) -> int:
    """How many words from ``i`` on name a country (0 if none)."""
    for phrase in QUALIFIER_PHRASES.get(words[i], ()):
        n = len(phrase)
        if tuple(words[i : i + n]) != phrase:
            continue
        if phrase[0] in AMBIGUOUS_QUALIFIERS and n == 1 and i != last:
            continue  # US Bancorp, CN Energy: a code opening a name is part of it
        if " ".join(phrase) in CITY_PHRASES and not _places_to_end(words, i + n, last):
            continue  # Pyongyang University, Moscow Industrial Bank: the city is a name word
        return n
    return 0


def _places_to_end(words: list[str], start: int, last: int) -> bool:
    """Whether ``words[start:]`` (up to ``last``) are only places: a city closing a name
    may have its country after it ("Tehran Iran")."""
    while start <= last:
        n = _qualifier(words, start, last)
        if not n:
            return False
        start += n
    return True


def _before_trailing_qualifier(words: list[str], last: int) -> int:
    """The last word before a country phrase (and its "of the") closing the name, or ``last``."""
    for start in range(1, last + 1):
        if _qualifier(words, start, last) == last - start + 1:
            end = start - 1
            while end > 0 and words[end] in ("of", "the", "in"):
                end -= 1
            return end
    return last


# Words a name of generic words is made of before the seat closing it.
_NAME_PROPER = frozenset({Tag.GENERIC, Tag.LEGAL, Tag.QUALIFIER})


def _keep_qualifiers(
    tokens: list[Token], spans: dict[int, list[str]], keep_last: bool = False
) -> tuple[Token, ...]:
    """Qualifiers stay only if another word identifies the name; else they are its words
    (Bank of Korea, Korean People's Army). ``keep_last`` keeps the closing qualifiers
    after at least two other words all the same (MILITARY INDUSTRIAL COMPANY, Russia;
    BANK ROSSIYA, St. Petersburg, Russia)."""
    if not spans:
        return tuple(tokens)
    if any(t.tag in (Tag.NAME, Tag.NUMBER, Tag.PATRONYMIC) for t in tokens):
        return tuple(tokens)
    # The closing run of countries and cities: the seat after the name proper (BANK
    # ROSSIYA, St. Petersburg, Russia).
    # A country the name proper is made of (ROSSIYA) stays in it: two of its words come
    # before the seat.
    first = len(tokens)
    while first > 0 and first - 1 in spans:
        first -= 1
    while first < len(tokens) and sum(t.tag in _NAME_PROPER for t in tokens[:first]) < 2:
        first += 1
    out: list[Token] = []
    for k, token in enumerate(tokens):
        if k >= first and keep_last:
            out.append(token)
        elif k in spans:
            out.extend(Token(lexeme(w), _tag(w, "org")) for w in spans[k])
        else:
            out.append(token)
    return tuple(out)


def tokenize(
    normalized: str, family: str = "any", keep_last_qualifier: bool = False
) -> tuple[Token, ...]:
    """Tag the words of a normalised name (see the module docstring).

    ``keep_last_qualifier``: the reading in which a closing country stays a qualifier
    even where no other word identifies the name (see ``_keep_qualifiers``)."""
    words = [ABBREVIATIONS.get(w, w) for w in _split_legal_compounds(normalized.split())]
    if family != "person":
        words = _legal_forms_in_digits(words)
    words = _numbers(words)
    keys = [romanisation_key(w) for w in words]
    last = len(words) - 1
    # A legal form before a closing country ("X AO of the Russian Federation") is at
    # the end of the name proper, where ambiguous codes count.
    legal_last = _before_trailing_qualifier(words, last) if family != "person" else last
    tokens: list[Token] = []
    qualifier_spans: dict[int, list[str]] = {}
    generic_around = sum(
        w in GENERIC_WORDS or w in _LEGAL_WORDS or LEGAL_FORMS.get(w) == w for w in words
    )
    i = 0
    while i < len(words):
        used = _qualifier(words, i, last) if family != "person" and last > 0 else 0
        if used:
            qualifier_spans[len(tokens)] = words[i : i + used]
            tokens.append(Token(lexeme("_".join(words[i : i + used])), Tag.QUALIFIER))
            i += used
            continue
        # A person's name has no legal form: Pao, Zao and Inc are syllables of it.
        legal = (
            None
            if family == "person"
            else _legal_code(words, keys, i, legal_last if i <= legal_last else last, family)
        )
        if legal is None and i == last - 1 and family in ("org", "object"):
            # Two dotted letters closing a name (Siemens A.G.) are its legal form.
            pair = words[i] + words[last]
            if len(pair) == 2 and pair.isalpha() and LEGAL_FORMS.get(pair) == pair:
                legal = 2, pair
        if legal is not None:
            used, code = legal
            tokens.append(Token(lexeme(code), Tag.LEGAL))
            i += used
            continue
        word = words[i]
        if family != "person":
            # In context: the name has generic or legal-form words besides this one.
            others = generic_around - (word in GENERIC_WORDS)
            word = generic_spelling(word, in_context=others > 0) or word
        tokens.append(Token(lexeme(word), _tag(word, family)))
        i += 1
    return _keep_qualifiers(tokens, qualifier_spans, keep_last_qualifier)


def _ends_with_qualifier(form: NameForm) -> bool:
    """Whether the form's last words, demoted to name words, name a country."""
    words = form.text.split()
    last = len(words) - 1
    return last > 0 and any(
        _qualifier(words, i, last) == last - i + 1 for i in range(max(1, last - 3), last + 1)
    )


# A Russian initial written with the two or more Latin letters of its Cyrillic letter
# (Е Ю Я Ё Ж Х Ч Ш Щ Ц: Ye. Yu. Ya. Yo. Zh. Kh. Ch. Sh. Shch. Ts.), as in "Kovalchuk Yu.V.":
# the initial is its first letter, as lists and other sources abbreviate the name.
_DIGRAPH_INITIAL = re.compile(
    r"(?<![^\W\d_])(ye|yu|ya|yo|zh|kh|ch|sh|shch|sch|ts)\.(?=\s|[^\W\d_]|$)", re.IGNORECASE
)


def _first_letter(match: re.Match[str]) -> str:
    return match.group(1)[0] + "."


# Russian common words of organisation names, by the stem their transliterations share
# (Агентство интернет-исследований: agentstvo internet issledovaniy), and the word lists
# write for them (INTERNET RESEARCH AGENCY). Longest stems first.
_RUSSIAN_STEMS: tuple[tuple[str, str], ...] = tuple(
    sorted(
        {
            "goskorporatsi": "state corporation", "gosudarstvenn": "state",
            "agentstv": "agency", "issledovani": "research", "issledovatelsk": "research",
            "korporatsi": "corporation", "kompani": "company", "grupp": "group",
            "tsentr": "center", "ministerstv": "ministry", "upravleni": "administration",
            "sluzhb": "service", "institut": "institute", "universitet": "university",
            "akademi": "academy", "obyedinenn": "united", "obedinenn": "united",
            "promyshlenn": "industrial", "torgov": "trading", "neftyan": "oil",
            "stroitel": "construction", "transportn": "transport", "voyenn": "military",
            "voenn": "military", "nauchn": "scientific", "proizvodstvenn": "production",
            "tekhnologi": "technology", "razviti": "development", "investitsi": "investment",
            "finansov": "financial", "kadrov": "recruitment", "obrazovateln": "educational",
            "uchebn": "training", "trudov": "labor", "migratsi": "migration",
            "mezhdunarodn": "international", "natsionaln": "national", "federaln": "federal",
            "zavod": "plant", "kombinat": "plant", "konstruktorsk": "design",
            "oboronn": "defense", "vneshnetorgov": "foreign trade", "morsk": "maritime",
            # ЧВК, chastnaya voyennaya kompaniya
            "chvk": "private military company",
        }.items(),
        key=lambda item: -len(item[0]),
    )
)  # fmt: skip


# The stems' first four letters: most words start with none of them, and are passed by
# one set lookup instead of a scan of every stem.
_RUSSIAN_STEM_HEADS = frozenset(stem[:4] for stem, _ in _RUSSIAN_STEMS)


def _russian_english(word: str) -> str | None:
    """The English of a transliterated Russian common word (agentstvo: agency), or None."""
    if word[:4] not in _RUSSIAN_STEM_HEADS:
        return None
    return next((e for stem, e in _RUSSIAN_STEMS if word.startswith(stem)), None)


def _russian_translated(text: str, spellings: Sequence[str]) -> tuple[str, ...]:
    """A transliterated Russian organisation name with its common words in English, in
    the words lists use (Goskorporatsiya Rostekh: state corporation rostekh), once per
    transliteration of ``spellings`` (``text`` among them, word for word), which keep
    their own spelling of the other words; () when it has no common word."""
    words = text.split()
    english = [_russian_english(w) for w in words]
    if all(e is None for e in english):
        return ()
    out: dict[str, None] = {}
    for spelling in spellings:
        own = spelling.split()
        if len(own) == len(words):
            out[" ".join(w if e is None else e for e, w in zip(english, own, strict=True))] = None
    return tuple(out)


# Russian legal forms that mark a transliterated name as Russian.
_RUSSIAN_LEGAL = frozenset({"ooo", "zao", "oao", "pao", "nao", "ano", "fgup", "gup", "mup"})


def _reads_as_russian(text: str) -> bool:
    """A Latin name that is a transliterated Russian one: two English words' worth of
    Russian common words (Goskorporatsiya Rostekh; Agentstvo ... Issledovaniy), or one
    beside a Russian legal form (OOO Agentstvo ...). One such word alone stays as written:
    lists write Russian names transliterated too, and a lone "Grupp" or "Zavod" beside a
    fuzzy proper name is thin evidence."""
    words = text.split()
    english = sum(len(e.split()) for e in map(_russian_english, words) if e is not None)
    return english >= 2 or (english == 1 and not _RUSSIAN_LEGAL.isdisjoint(words))


def _romanised_korean(text: str) -> str | None:
    """A Korean organisation name written in Latin letters with its Korean common words
    (Choson Kumsan Muyok Hoesa: Korea, trading, company), read with them translated, as
    lists write it. The translated words are common words, which weigh little: the
    reading matches only where the name's own words do."""
    translated = translate_romanised(text.split())
    return None if translated is None else " ".join(translated)


# Two to four letters, each followed by a dot, standing alone (U.S., U. K., U.A.E.).
_DOTTED_COUNTRY = re.compile(r"(?<![^\W\d_])((?:[A-Za-z]\. ?){2,4})(?![^\W\d_])")


def _country_spelled_out(match: re.Match[str]) -> str:
    letters = "".join(c for c in match.group(1) if c.isalpha()).casefold()
    spelled = DOTTED_COUNTRIES.get(letters)
    return match.group(0) if spelled is None else spelled + " "


def _pinyin_form(text: str) -> str:
    """A Chinese name in Wade–Giles in Pinyin (``chinese.pinyin_reading``), or ``text``."""
    reading = pinyin_reading(text.split())
    return text if reading is None else " ".join(reading)


def _reorder_comma_name(text: str, family: str) -> str:
    """ "Putin, Vladimir" -> "Vladimir Putin" for persons; other names keep their order."""
    if family not in ("person", "any") or text.count(",") != 1:
        return text
    last, first = (part.strip() for part in text.split(","))
    if not last or not first or len(last.split()) > 3:
        return text
    after = name_variants(first)[0]
    if any(t.tag is Tag.LEGAL for t in tokenize(after, family)):
        return text
    if family == "any":
        # "Tanchon Commercial Bank, Pyongyang": an organisation and its seat, not a
        # surname and a given name.
        after_words = after.split()
        if any(w in GENERIC_WORDS for w in name_variants(last)[0].split()) or (
            after_words and _places_to_end(after_words, 0, len(after_words) - 1)
        ):
            return text
    return f"{first} {last}"


def _native_original(text: str) -> NameForm | None:
    """The original as tokens, when the name is written only in Hangul (its words under
    the initial sound law) or only in Chinese characters and kana: their readings merge
    characters that differ (종/정 are both jong, 石/市 both shi)."""
    cleaned = unicodedata.normalize("NFC", remove_invisible(text))
    letters = [c for c in cleaned if c.isalpha()]
    if not letters:
        return None
    hangul = all(has_hangul(c) for c in letters)
    if not hangul and not all(is_ideographic(c) for c in letters):
        return None
    words = "".join(c if c.isalpha() else " " for c in cleaned).split()
    if hangul:
        words = [initial_sound_law(w) for w in words]
    tokens = tuple(Token(lexeme(w), Tag.NAME) for w in words)
    return NameForm(text=" ".join(words), tokens=tokens, native=True)


@lru_cache(maxsize=32768)
def analyse_name(
    text: str, schema: str | None = None, listed: bool = False
) -> tuple[NameForm, ...]:
    """Every form of a raw name, canonical romanisation first; empty names give ().

    ``listed`` marks a listed name: Latin transliterations of Russian names are then
    kept as written, and a closing acronym of the name's own words is kept (see below)."""
    family = schema_family(schema)
    text = reverse_overrides(text)
    if family in ("person", "any"):
        text = _DIGRAPH_INITIAL.sub(_first_letter, text)
    text = _reorder_comma_name(text, family)
    forms: list[NameForm] = []
    guessed = reads_as_korean(text)
    spaced_out = is_spaced_out(text)
    variants = name_variants(text)
    if len(variants) > 1 and family != "person" and _LEET_SIGNS.search(text):
        resolved = _leet_words_resolved(variants[0])
        if resolved not in variants:
            variants = (*variants, resolved)
    if family in ("person", "any") and (apart := initials_apart(text)) is not None:
        # T.O.A. Al-Hussein: dotted initials close up into one word (as S.A.R.L. must);
        # a person's name is also read with them apart, as initials, unless they
        # spell a legal form.
        closed = set(variants[0].split()) - set(apart.split())
        if apart not in variants and not any(LEGAL_FORMS.get(w) for w in closed):
            variants = (*variants, apart)
    if family != "person" and not has_hangul(text):
        # Names written in Russian are also read with their common words in English, and
        # so are queries in Latin letters that plainly are Russian (_reads_as_russian).
        # Lists write Russian names transliterated themselves (INVESTITSIONNAYA GRUPPA
        # PARTNERY OOO); read in English, theirs would turn distinctive words into
        # generic ones and let one fuzzy word carry the name (PARTNERRE LTD).
        russian: tuple[str, ...] = ()
        if has_cyrillic(text):
            # Each transliteration keeps its own spelling of the proper names (Рёнбон:
            # renbon, rjonbon), with the common words in English.
            russian = _russian_translated(variants[0], variants)
        elif not listed and _reads_as_russian(variants[0]):
            russian = _russian_translated(variants[0], variants[:1])
        for translated in (_romanised_korean(variants[0]), *russian):
            if translated is not None and translated not in variants:
                variants = (*variants, translated)
    if family != "person" and "." in text:
        # U.S. Department of State: a country in dotted initials, also read spelled out.
        spelled = _DOTTED_COUNTRY.sub(_country_spelled_out, text)
        if spelled != text and (reading := name_variants(spelled)[0]) not in variants:
            variants = (*variants, reading)
    if family in ("person", "any") and (pinyin := _pinyin_form(variants[0])) not in variants:
        # Hsi Chin-ping, Mao Tse-tung: a Chinese name in Wade–Giles, read in Pinyin too.
        variants = (*variants, pinyin)
    for variant in variants:
        tokens = tokenize(variant, family)
        if tokens:
            forms.append(NameForm(variant, tokens, from_kontsevich=guessed, spaced_out=spaced_out))
    if forms and family != "person" and not forms[0].native and _ends_with_qualifier(forms[0]):
        # A name of generic words with a country after it: also read with the country
        # as a qualifier, beside the reading in which it is one of the name's words.
        kept = tokenize(forms[0].text, family, keep_last_qualifier=True)
        if kept != forms[0].tokens:
            forms.append(NameForm(text=forms[0].text, tokens=kept))
    if forms and not listed and family != "person" and not forms[0].native:
        # "Islamic Republic of Iran Shipping Lines (IRISL)": a query followed by its own
        # acronym says the name once more; also read without it, so that the acronym
        # costs nothing where the listed name leaves it out. (A listed name's acronym
        # stays: GLOBAL TECHNOLOGY IMPORT & EXPORT (GTI) is told from other global
        # technology firms by it, and a query's acronym already meets its words.)
        at = _own_acronym(forms[0].tokens)
        if at is not None:
            kept = " ".join(
                t.text.replace("_", " ") for k, t in enumerate(forms[0].tokens) if k != at
            )
            shorter = tokenize(kept, family)
            if shorter:
                forms.append(NameForm(text=kept, tokens=shorter))
    if forms and (has_hangul(text) or has_other_script(text)):
        native = _native_original(text)
        if native is not None:
            forms.append(native)
    return tuple(forms)


def _own_acronym(tokens: tuple[Token, ...]) -> int | None:
    """The position of a word that is the acronym of a run of the name's other words
    (IRISL after Islamic Republic of Iran Shipping Lines; KKBC after Korea Kwangson
    Banking Corp), or None. Particles and legal forms may be left out of the acronym."""
    units: list[tuple[str, bool]] | None = None
    for i, token in enumerate(tokens):
        letters = token.text
        if token.tag is not Tag.NAME or not 3 <= len(letters) <= 8:
            continue
        if not letters.isascii() or not letters.isalpha():
            continue
        if units is None:
            units = [
                (
                    "".join(w[0] for w in t.text.split("_") if w not in STOP_WORDS),
                    t.tag in (Tag.STOP, Tag.LEGAL),
                )
                for t in tokens
            ]
        if len(letters) > sum(len(u[0]) for u in units) - len(units[i][0]):
            continue  # more letters than the other words have initials
        others = units[:i] + units[i + 1 :]
        if any(
            others[start][0][:1] == letters[0] and _spells(letters, others, start)
            for start in range(len(others))
        ):
            return i
    return None


def _spells(letters: str, units: list[tuple[str, bool]], at: int) -> bool:
    """Whether ``letters`` are the initials of ``units`` from ``at`` on (each unit: its
    initials, and whether it may be skipped)."""
    if not letters:
        return True
    if at >= len(units):
        return False
    initials, skippable = units[at]
    rest = letters[len(initials) :]
    if initials and letters.startswith(initials) and _spells(rest, units, at + 1):
        return True
    return skippable and at > 0 and _spells(letters, units, at + 1)


# A digit or symbol written for a letter: the name is in leetspeak.
_LEET_SIGNS = re.compile(r"[^\W\d_][0-9]|[0-9][^\W\d_]|[@$!|+]")
# Letters a leet reading may have got wrong: 1 and ! and | are i or l.
_I_OR_L = {"i": "l", "l": "i"}
# Words with more i's and l's than this are not tried (2 ** n spellings each).
_MAX_I_OR_L = 5


def _leet_words_resolved(text: str) -> str:
    """Each word of a leet reading as the generic or legal-form word it spells, where
    its digits read as letters and one choice of i or l for each i and l gives one:
    1IABILI+Y -> liability, 11MITED -> limited, 570CK -> stock. Proper names stay as
    read, so only the words that carry little identity are corrected."""
    return " ".join(_known_spelling(word) or word for word in text.split())


def _known_spelling(word: str) -> str | None:
    if _is_known_word(word):
        return None
    base = "".join(LEET_DIGITS.get(c, c) for c in word)
    spots = [k for k, c in enumerate(base) if c in _I_OR_L]
    if not base.isalpha() or len(spots) > _MAX_I_OR_L:
        return None
    for mask in range(1 << len(spots)):
        chars = list(base)
        for bit, k in enumerate(spots):
            if mask >> bit & 1:
                chars[k] = _I_OR_L[chars[k]]
        candidate = "".join(chars)
        if _is_known_word(candidate):
            return candidate
    return None


def _is_known_word(word: str) -> bool:
    return word in GENERIC_WORDS or word in _LEGAL_WORDS or LEGAL_FORMS.get(word) == word


# Joined words shorter than this are left alone by ``resegment``: two or three
# words run together are met by joined edges already (AIRKORYO ~ Air Koryo).
_MIN_RESEGMENT = 14


def _split_words(word: str, vocabulary: Container[str]) -> list[str] | None:
    """``word`` as the fewest vocabulary words, if it is made of them (one-letter words rarely)."""
    n = len(word)
    best: list[list[str] | None] = [None] * (n + 1)
    best[0] = []
    for i in range(n):
        current = best[i]
        if current is None:
            continue
        for j in range(i + 1, n + 1):
            piece = word[i:j]
            if piece in vocabulary:
                candidate = [*current, piece]
                existing = best[j]
                if existing is None or _split_cost(candidate) < _split_cost(existing):
                    best[j] = candidate
    found = best[n]
    if found is None or len(found) < 2:
        return None
    # Short words (the "s" of "obshchestvo s ...", a "co") only between longer ones:
    # a typo split into syllable-sized vocabulary words is not a run of words. A
    # letter may open the run only if the rest is a run of words by itself
    # (C & I S E M I C O N D U C T O R S: "i" then "semiconductors co limited").
    if len(found[-1]) == 1:
        return None
    if len(found[0]) == 1 and (len(found) < 3 or not _is_run_of_words(found[1:])):
        return None
    return found if _is_run_of_words(found) or len(found[0]) == 1 else None


def _is_run_of_words(pieces: list[str]) -> bool:
    """Mostly longer words, of a mean length that a typo's syllables do not reach."""
    short = sum(len(p) <= 2 for p in pieces)
    letters = sum(len(p) for p in pieces)
    return (
        len(pieces) >= 2
        and len(pieces[0]) > 1
        and short * 2 <= len(pieces)
        and letters >= _MIN_MEAN_PIECE * len(pieces)
    )


# Mean length of the words a run-together word splits into, at least.
_MIN_MEAN_PIECE = 4


def _split_cost(pieces: list[str]) -> int:
    return len(pieces) + 3 * sum(len(p) == 1 for p in pieces) + sum(len(p) == 2 for p in pieces)


def resegment(
    forms: tuple[NameForm, ...], vocabulary: Container[str], schema: str | None = None
) -> tuple[NameForm, ...]:
    """Forms whose run-together words (K O R E A K W A N G S O N) are split at ``vocabulary`` words.

    Only words absent from the vocabulary and at least ``_MIN_RESEGMENT``
    letters long are split; the result is new forms (none when nothing
    splits), to be scored beside the originals. ``search`` splits against the
    whole list's words to find candidates and, like ``compare``, against the
    listed name's own words to score it, so both give one pair one score.
    """
    family = schema_family(schema)
    out: list[NameForm] = []
    for form in forms:
        if form.native:
            continue
        words = form.text.split()
        split = _split_long_words(words, vocabulary, _MIN_RESEGMENT)
        if split is None and form.spaced_out:
            split = _split_run_in_words(words, vocabulary)
        if split is None and family != "person" and form.spaced_out:
            split = _peel_legal_codes(words)
        if split is not None:
            text = " ".join(split)
            tokens = tokenize(text, family)
            if tokens:
                out.append(NameForm(text=text, tokens=tokens))
    return tuple(out)


# Particles that a name spaced out letter by letter runs into the next word
# (A L B A G H D A D I -> albaghdadi).
_RUN_IN_PARTICLES = ("al", "el", "ul", "bin", "ibn", "abu", "de", "van")
_MIN_RUN_IN_WORD = 8
# Shorter words with a particle's letters in front are names of their own (Allegion).
_MIN_PARTICLE_RUN = 9


def _split_run_in_words(words: list[str], vocabulary: Container[str]) -> list[str] | None:
    """In a name written letter by letter, shorter run-together words than ``resegment``
    splits by themselves: a name run into a generic word after it (hodatrading -> hoda
    trading), or a particle run into listed words (albaghdadi -> al baghdadi,
    alnourradio -> al nour radio)."""

    def split(word: str) -> list[str] | None:
        if len(word) < _MIN_RUN_IN_WORD or not word.isalpha() or word in vocabulary:
            return None
        parts = _generic_split(word, vocabulary)
        if parts is None and len(word) >= _MIN_PARTICLE_RUN:
            parts = _particle_split(word, vocabulary)
        return parts

    return _split_each(words, split)


def _particle_split(word: str, vocabulary: Container[str]) -> list[str] | None:
    for particle in _RUN_IN_PARTICLES:
        rest = word[len(particle) :]
        if word.startswith(particle) and len(rest) >= 4:
            if rest in vocabulary:
                return [particle, rest]
            pieces = _split_words(rest, vocabulary)
            if pieces is not None:
                return [particle, *pieces]
    return None


def _generic_split(word: str, vocabulary: Container[str]) -> list[str] | None:
    """A listed word and, after it, a generic or legal-form word (hoda trading). A
    generic word in front makes a name of its own (Centerspace)."""
    for k in range(4, len(word) - 3):
        head, tail = word[:k], word[k:]
        if _is_known_word(tail) and head in vocabulary and not _is_known_word(head):
            return [head, tail]
    return None


# Legal-form codes that a name spaced out letter by letter may run into (J S C S U E K,
# M G I P T E L T D): at the start or the end of a word, never inside one.
_RUN_IN_PREFIXES = ("ojsc", "cjsc", "pjsc", "jsc", "ooo", "oao", "zao", "pao", "llc", "tov")
_RUN_IN_SUFFIXES = ("llc", "ltd", "jsc", "ooo", "oao", "zao", "pao", "gmbh", "pte", "plc",
                    "fzco", "fzc", "fze", "fzllc", "sarl", "inc")  # fmt: skip
_MIN_PEELED_REST = 3


def _peel_legal_codes(words: list[str]) -> list[str] | None:
    """Words with a legal-form code run into their start or end split off it:
    jscsuek -> jsc suek, mgipteltd -> mgi pte ltd; None when no word has one."""
    return _split_each(words, _peel_word)


def _peel_word(word: str) -> list[str] | None:
    """``word`` as a code it starts with, its rest, and up to two codes it ends with."""
    if not word.isalpha() or _is_known_word(word) or word in LEGAL_FORMS:
        return None
    tail: list[str] = []
    for _ in range(2):  # "pte ltd"
        code = _run_in(word, _RUN_IN_SUFFIXES, word.endswith)
        if code is None:
            break
        tail.insert(0, code)
        word = word[: -len(code)]
    head = _run_in(word, _RUN_IN_PREFIXES, word.startswith)
    if head is not None:
        word = word[len(head) :]
    if head is None and not tail:
        return None
    return [*([head] if head else []), word, *tail]


def _run_in(word: str, codes: tuple[str, ...], at_end: Callable[[str], bool]) -> str | None:
    """The code that ``word`` starts or ends with (``at_end``), leaving enough of it."""
    return next((c for c in codes if at_end(c) and len(word) - len(c) >= _MIN_PEELED_REST), None)


def form_words(forms: tuple[NameForm, ...]) -> frozenset[str]:
    """The normalised words of a name's forms, as ``resegment`` vocabulary."""
    return frozenset(w for form in forms if not form.native for w in form.text.split())
