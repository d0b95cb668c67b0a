"""Korean organisation names: segment Hangul compounds and translate their common words.

Lists write "KOREA RYONBONG GENERAL CORPORATION" and "TANCHON COMMERCIAL
BANK"; Korean sources write 조선련봉총회사 and 단천상업은행: the common words
translated, the proper names romanised, and the whole written without
spaces. ``translate_hangul`` splits each long Hangul word into the words of
``WORDS`` and the runs between them, translates the former and romanises the
latter as one proper name each (``hangul.romanize_hangul``).

The table is general vocabulary of organisation names (trade, bank, ministry,
committee, industry, ...), not a list of listed names. Words are looked up in
the South's spelling too (로동/노동, 련합/연합), by applying the initial sound
law to both the table and the text.
"""

from __future__ import annotations

import re
from functools import lru_cache

from screening.matching.hangul import (
    NAME_SYLLABLES,
    SYSTEMS,
    initial_sound_law,
    romanize_hangul,
)
from screening.matching.phonetic import romanisation_key

# Hangul word -> its English rendering in list names.
WORDS: dict[str, str] = {
    # the country and the state
    "조선": "korea", "북한": "north korea", "국가": "state|national", "인민": "peoples",
    "중앙": "central", "민주주의": "democratic", "공화국": "republic", "로동": "workers",
    "당": "party", "정부": "government", "내각": "cabinet", "국방": "defense",
    "군": "army", "군사": "military", "군수": "munitions", "보위": "security",
    "안전": "security", "보안": "security", "정찰": "reconnaissance", "총국": "general bureau",
    "국": "bureau|administration", "성": "ministry", "부": "department",
    "위원회": "committee|commission",
    "지도국": "guidance bureau", "지도": "guidance", "관리국": "administration",
    "처": "office", "실": "office", "소": "office", "원": "academy", "청": "agency",
    # business
    "무역": "trading", "회사": "company", "총회사": "general corporation",
    "련합회사": "joint company", "합영": "joint venture", "합작": "joint venture",
    "기업": "enterprise", "기업소": "enterprise", "공장": "factory", "련합기업소": "complex",
    "상사": "trading company", "상회": "trading company", "그룹": "group",
    "은행": "bank", "상업": "commercial", "무역은행": "trade bank", "보험": "insurance",
    "투자": "investment", "개발": "development", "금융": "finance", "재정": "finance",
    "경제": "economic", "대외": "external|foreign", "외국": "foreign", "국제": "international",
    "수출": "export", "수입": "import", "수출입": "import export", "협회": "association",
    "협력": "cooperation", "련합": "union|united", "련맹": "union", "동맹": "alliance",
    "기술": "technology|technical", "과학": "science", "과학원": "academy of sciences",
    "연구소": "institute", "연구원": "research institute", "연구": "research",
    "대학": "university", "대학교": "university", "학원": "academy", "센터": "center",
    "쎈터": "center", "중심": "center", "봉사": "services", "관리": "management",
    # industry
    "공업": "industry", "산업": "industry", "광업": "mining", "광산": "mine",
    "건설": "construction", "건재": "building materials", "기계": "machinery",
    "설비": "equipment", "전자": "electronics", "화학": "chemical", "금속": "metal",
    "석유": "oil", "석탄": "coal", "에네르기": "energy", "동력": "power", "전력": "power",
    "원유": "crude oil", "수산": "fisheries", "농업": "agriculture", "림업": "forestry",
    "해운": "shipping|maritime", "해양": "marine|maritime", "선박": "ship", "조선소": "shipyard",
    "항공": "airline", "운수": "transport", "철도": "railway", "대양": "ocean",
    "선전": "propaganda", "선동": "agitation", "조직": "organization", "토지": "land",
    "동방": "east", "서방": "west", "신흥": "new", "만수대": "mansudae",
    "대리점": "agency", "총": "general", "창작사": "art studio", "려행사": "travel company",
    "출판사": "publishing house",
    # more general vocabulary of organisation names
    "원양": "ocean", "해사": "maritime", "신용": "credit", "자동화": "automation",
    "호실": "office", "남남": "south south", "종합": "general", "정보": "information",
    "통신": "communications", "컴퓨터": "computer", "전략": "strategic", "로케트": "rocket",
    "미싸일": "missile", "원자력": "atomic energy", "우주": "space|aerospace",
    "제약": "pharmaceutical",
    "의약": "medical", "식료": "foodstuffs", "자원": "resources", "광물": "minerals",
    "물산": "trading", "지점": "branch", "대표부": "representative office",
    "사무소": "office", "해외": "overseas", "인력": "manpower", "로력": "labor",
    "강철": "steel", "제철": "iron and steel", "비료": "fertilizer", "목재": "timber",
    "수력": "hydropower", "발전소": "power station", "송출": "dispatch",
    "민족": "national", "아연": "zinc", "항공우주": "aerospace",
    "보건": "health", "체육": "sports", "문화": "culture", "교육": "education",
    "출판": "publishing", "무역성": "ministry of trade", "외무성": "ministry of foreign affairs",
    "인민무력부": "ministry of people's armed forces", "사회": "social", "편의": "services",
    # The North spells loanwords its own way: 콤퓨터, not 컴퓨터.
    "콤퓨터": "computer", "쏘프트웨어": "software", "프로그람": "program",
}  # fmt: skip

_MAX_WORD = max(len(w) for w in WORDS)


def _table() -> dict[str, str]:
    table = dict(WORDS)
    for word, english in WORDS.items():
        table.setdefault(initial_sound_law(word), english)
    return table


_TABLE = _table()


@lru_cache(maxsize=8192)
def segment(word: str, prefixes: bool = True) -> tuple[tuple[str, bool], ...]:
    """A Hangul word as (piece, known) pairs: table words and the runs between them.

    Chooses the split that leaves the fewest syllables unknown, then the
    fewest pieces. One-syllable table words (성, 국, 부) count only at the
    end of a longer word, where they are suffixes, or, with ``prefixes``,
    before a longer table word (총 in 총무역회사); elsewhere they are more
    often a syllable of a proper name. Either reading can be wrong: 광성 in
    조선광성무역회사 is the name Kwangsong, not "Kwang ministry", so
    ``translate_hangul`` offers both.
    """
    n = len(word)
    # best[i] = (unknown syllables, pieces, split) for word[:i]
    best: list[tuple[int, int, tuple[tuple[str, bool], ...]] | None] = [None] * (n + 1)
    best[0] = (0, 0, ())
    for i in range(n):
        current = best[i]
        if current is None:
            continue
        unknown, pieces, split = current
        for j in range(i + 1, min(n, i + _MAX_WORD) + 1):
            piece = word[i:j]
            known = piece in _TABLE and (
                len(piece) > 1 or (n > 1 and (j == n or (prefixes and _affix(word, j))))
            )
            if known:
                candidate = (unknown, pieces + 1, (*split, (piece, True)))
            elif j == i + 1:
                # One unknown syllable: extend the previous unknown run.
                if split and not split[-1][1]:
                    merged = (*split[:-1], (split[-1][0] + piece, False))
                    candidate = (unknown + 1, pieces, merged)
                else:
                    candidate = (unknown + 1, pieces + 1, (*split, (piece, False)))
            else:
                continue
            existing = best[j]
            if existing is None or candidate[:2] < existing[:2]:
                best[j] = candidate
    final = best[n]
    return final[2] if final is not None else ((word, False),)


def _affix(word: str, end: int) -> bool:
    """A one-syllable word ending at ``end`` counts when it ends the word (성, 국) or
    comes before a longer table word (총 in 총무역회사)."""
    if end == len(word):
        return True
    return any(word[end:k] in _TABLE for k in range(end + 2, min(len(word), end + _MAX_WORD) + 1))


def _english(piece: str, alternative: bool) -> str:
    """A table word's English; ``alternative`` picks its second rendering where it has one."""
    choices = _TABLE[piece].split("|")
    return choices[-1] if alternative else choices[0]


def _translate_word(
    word: str, system: str, alternative: bool = False, prefixes: bool = True
) -> str | None:
    """A Hangul word translated, or None when no table word is in it."""
    if len(word) <= NAME_SYLLABLES and word not in _TABLE:
        # Short words are mostly personal names; only whole table words count.
        return None
    pieces = segment(word, prefixes)
    if not any(known for _, known in pieces):
        return None
    out = [
        _english(piece, alternative) if known else romanize_hangul(piece, system).replace(" ", "")
        for piece, known in pieces
    ]
    return " ".join(out)


def translate_hangul(
    text: str, system: str, alternative: bool = False, prefixes: bool = True
) -> str | None:
    """``text`` with its Hangul words translated where they hold table words, else None.

    Hangul words without table words are romanised as ``romanize_hangul``
    would; other characters pass through. ``alternative`` renders words with
    two usual translations (국가: state, national) the second way.
    """
    out: list[str] = []
    word: list[str] = []
    changed = False

    def flush() -> None:
        nonlocal changed
        if not word:
            return
        hangul = "".join(word)
        translated = _translate_word(hangul, system, alternative, prefixes)
        if translated is None:
            out.append(romanize_hangul(hangul, system))
        else:
            # Apart from what it is written against (39호실: 39 office).
            out.append(f" {translated} ")
            changed = True
        word.clear()

    for char in text:
        if "\uac00" <= char <= "\ud7a3":
            word.append(char)
        else:
            flush()
            out.append(char)
    flush()
    return "".join(out) if changed else None


# A proper name of one to three romanised Korean syllables (Kumsan, Tanchon, Ryonbong).
_ONSET = "(?:kk|k|g|n|dd|d|tt|t|r|l|m|pp|p|b|ss|s|jj|j|ch|h)?"
_SYLLABLE_RE = f"{_ONSET}(?:w|y)?(?:ae|eo|eu|oe|ui|a|e|o|u|i)(?:ng|k|n|l|m|p|t)?"
_KOREAN_NAME_WORD = re.compile(f"^(?:{_SYLLABLE_RE}){{1,3}}$")
# The longest romanised syllable (chong, hwang); longer words are never half a word.
_LONGEST_SYLLABLE = 6
# Romanised table words shorter than this (in their key) are too often other words.
_MIN_ROMANISED_KEY = 4


def _romanised_tables() -> tuple[dict[str, str], dict[str, str]]:
    """The table's words of two or more syllables as Latin letters would write them: by
    romanisation key ("Choson", "Joseon" and "Chosun" all key as one word, as do "Muyok"
    and "Muyeok"), and as each system spells them. One-syllable words (성, 국, 부) are
    left out: romanised, they are everyday syllables of proper names."""
    by_key: dict[str, str] = {}
    by_spelling: dict[str, str] = {}
    for word, english in WORDS.items():
        if len(word) < 2:
            continue
        for spelling in {word, initial_sound_law(word)}:
            for system in SYSTEMS:
                latin = romanize_hangul(spelling, system).replace(" ", "").replace("-", "")
                key = romanisation_key(latin.lower())
                if len(key) >= _MIN_ROMANISED_KEY:
                    by_key.setdefault(key, english.split("|")[0])
                    by_spelling.setdefault(latin.lower(), english.split("|")[0])
    return by_key, by_spelling


# By key, for a word; by spelling, for two words a hyphen or space split (Sang-op).
_ROMANISED, _ROMANISED_SPELLED = _romanised_tables()


def translate_romanised(words: list[str]) -> list[str] | None:
    """Normalised words with the romanised Korean table words among them translated
    ("choson kumsan muyok hoesa" -> "korea kumsan trading company"), two words written
    apart as one ("sang op"); None when the name has none, and when it has one only
    among English words ("Consol Energy" is no Korean "construction")."""
    out: list[str] = []
    changed = 0
    kept: list[str] = []  # the words left as written
    i = 0
    while i < len(words):
        if (
            i + 1 < len(words)
            and len(words[i]) <= _LONGEST_SYLLABLE
            and len(words[i + 1]) <= _LONGEST_SYLLABLE
        ):
            joined = _ROMANISED_SPELLED.get(words[i] + words[i + 1])
            if joined is not None:
                out.extend(joined.split())
                changed += 1
                i += 2
                continue
        english = _ROMANISED.get(romanisation_key(words[i]))
        if english is None:
            out.append(words[i])
            kept.append(words[i])
        else:
            out.extend(english.split())
            changed += 1
        i += 1
    if changed >= 2 or (changed and any(_KOREAN_NAME_WORD.match(w) for w in kept)):
        return out
    return None
