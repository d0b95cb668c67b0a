"""Evasions and spellings: is the listed entity still found, and do innocents stay clear?

A deterministic generator takes the DPRK- and Russia-programme entries of the
OFAC SDN list (2024) and the curated list (``seeds/``), and rewrites their
names the ways screened names arrive disguised or respelled:

* ``qualifier``: a country or jurisdiction added to an organisation's name
  ("X (North Korea)", "X of the DPRK", "North Korean X", "북한 X",
  "X of the Russian Federation", "X (Russia)", "X КНДР", ...);
* ``hangul``: a Korean organisation name in Hangul, its common words
  translated and its proper names transliterated, written without spaces
  (and with the South's initial ㄹ/ㄴ dropped for half of the cases), plus
  the curated list's own Hangul names;
* ``kontsevich``: a Korean person's name in Russian (Kontsevich) spelling;
* ``leet``: letters replaced by symbols and digits (@, $, 0, 1, 3, ...),
  some names mostly in digits; real digits stay;
* ``spaced``: letters spaced or dotted out (K o r e a  K w a n g s o n,
  K.o.r.e.a. K.w.a.n.g.s.o.n.), with one or two spaces between words;
* ``rtl``: the name stored reversed inside U+202E ... U+202C;
* ``initials``: a person's given names as initials (S. S. Geremeyev);
* ``homoglyph``, ``invisible``, ``typo``.

Each class has at least 80 cases. Entities are split into a tuning half and
a held-out half by a hash of their id; tune on ``tuning`` only. Innocent
names (SEC company names and synthetic persons, each kept only when its
untransformed spelling raises no alert) go through the same
transformations; any match for them is a false alert.

Queries are screened with ``CandidateIndex.search`` at DEFAULT_THRESHOLD over
OFAC SDN 2024 + UN + the curated list. A case is caught when its entity is
returned. When nomenklatura is installed, logic-v2 scores each query against
its target's names (caught) and the innocents against the names our index
offers as candidates (false alerts, a lower bound), side by side.

    .venv/bin/python benchmarks/bench_evasion.py [--quick] [--errors CLASS] [--no-logic-v2]
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_speed import OFAC_SDN, UN_XML, load_sec_names

from screening.matching import DEFAULT_THRESHOLD, CandidateIndex, ListedName
from screening.matching.results import EntityFacts
from watchlists.records import EntityRecord

SEED = 20261202
MIN_CASES = 80
TARGET_CAUGHT = 0.99
TARGET_FALSE = 0.01
DPRK_PROGRAMMES = ("DPRK",)
RUSSIA_PROGRAMMES = ("RUSSIA", "UKRAINE")


@dataclass(slots=True)
class Target:
    entity_id: str
    name: str
    schema: str
    country: str  # "kp" or "ru"
    hangul: tuple[str, ...] = ()


@dataclass(slots=True)
class Case:
    cls: str
    query: str
    entity_id: str | None  # None for innocents
    split: str  # tuning, held-out, innocent
    schema: str | None = None


# -- the data -----------------------------------------------------------------


@lru_cache(maxsize=1)
def _index_sources() -> tuple[tuple[str, tuple[EntityRecord, ...]], ...]:
    """The OFAC SDN, UN and curated records by origin, read once for names and facts."""
    from watchlists.curation.seeds.parser import load_seed_file
    from watchlists.importers.ofac import read_ofac_csv
    from watchlists.importers.un import read_un_xml

    seeds = load_seed_file(Path(__file__).resolve().parents[1] / "seeds" / "dprk_labour.yaml")
    return (("ofac", tuple(read_ofac_csv(OFAC_SDN))), ("un", tuple(read_un_xml(UN_XML))),
            ("seed", tuple(seeds.entities)))  # fmt: skip


def load_index_facts() -> dict[str, EntityFacts]:
    """The countries of every OFAC SDN, UN and curated entity, by the entity ids
    ``load_index_names`` gives, as the service passes them to its index."""
    return {
        f"{origin}:{record.source_id}": EntityFacts(countries=tuple(record.countries))
        for origin, records in _index_sources()
        for record in records
        if record.countries
    }


def load_index_names() -> tuple[list[ListedName], list[Target]]:
    """Every OFAC SDN, UN and curated name to index, and the DPRK/Russia targets."""
    names: list[ListedName] = []
    targets: list[Target] = []
    sources = _index_sources()
    for origin, records in sources:
        for record in records:
            entity = f"{origin}:{record.source_id}"
            for name in record.names:
                names.append(ListedName(len(names), entity, name.value, record.schema, name.kind))
            if record.schema not in ("person", "organization", "company", "public_body"):
                continue
            primary = next((n.value for n in record.names if n.script in (None, "Latn")), "")
            if not primary or not re.search("[A-Za-z]", primary):
                continue
            hangul = tuple(n.value for n in record.names if n.script == "Hang")
            if origin == "ofac":
                programmes = " ".join(record.programs)
                if any(p in programmes for p in DPRK_PROGRAMMES):
                    targets.append(Target(entity, primary, record.schema, "kp"))
                elif any(p in programmes for p in RUSSIA_PROGRAMMES):
                    targets.append(Target(entity, primary, record.schema, "ru"))
            elif origin == "seed":
                country = "kp" if "kp" in record.countries else "ru"
                targets.append(Target(entity, primary, record.schema, country, hangul))
    return names, targets


def split_of(entity_id: str) -> str:
    digest = hashlib.sha256(entity_id.encode()).digest()
    return "tuning" if digest[0] % 2 == 0 else "held-out"


# -- transformations ----------------------------------------------------------

QUALIFIERS = {
    "kp": ["{} (North Korea)", "{} of the DPRK", "North Korean {}", "북한 {}", "{} КНДР",
           "{} (DPRK)", "{}, North Korea", "{} of North Korea", "DPRK {}",
           "{} (Democratic People's Republic of Korea)", "{} - N. Korea", "{} (КНДР)"],
    "ru": ["{} of the Russian Federation", "{} (Russia)", "Russian {}", "{} РФ",
           "{}, Russian Federation", "{} (Российская Федерация)", "{} Russia", "{} (RU)"],
}  # fmt: skip

# English words of Korean organisation names and their Korean (North) words.
KOREAN_WORDS: dict[str, str] = {
    "korea": "조선", "korean": "조선", "trading": "무역", "trade": "무역", "company": "회사",
    "corporation": "회사", "bank": "은행", "banking": "은행", "commercial": "상업",
    "ministry": "성", "bureau": "국", "committee": "위원회", "industry": "공업",
    "industrial": "공업", "institute": "연구소", "external": "대외", "construction": "건설",
    "mining": "광업", "development": "개발", "shipping": "해운", "technology": "기술",
    "investment": "투자", "association": "협회", "equipment": "설비", "export": "수출",
    "import": "수입", "machinery": "기계", "joint": "합영", "venture": "", "general": "총",
    "national": "국가", "insurance": "보험", "foreign": "대외", "power": "동력",
    "department": "부", "science": "과학", "sciences": "과학", "academy": "원",
    "central": "중앙", "state": "국가", "people's": "인민", "peoples": "인민",
    "security": "보위", "army": "군", "the": "", "of": "", "and": "", "co.": "회사",
    "ltd.": "", "ltd": "", "co": "회사", "corp.": "회사", "corp": "회사", "guidance": "지도",
    "group": "그룹", "united": "련합", "union": "련맹", "energy": "에네르기",
    "limited": "", "ship": "선박", "management": "관리", "maritime": "해운", "ocean": "대양",
    "workers": "로동", "workers'": "로동", "party": "당", "military": "군사",
    "commission": "위원회", "defense": "국방", "propaganda": "선전", "agitation": "선동",
    "agency": "대리점", "economics": "경제", "technical": "기술", "center": "쎈터",
    "organization": "조직", "associated": "련합", "office": "실", "reconnaissance": "정찰",
    "east": "동방", "land": "토지", "for": "", "democratic": "민주주의", "republic": "공화국",
    "chemical": "화학", "metal": "금속", "electronics": "전자", "marine": "해양",
    "international": "국제", "cooperation": "협력", "economic": "경제", "oil": "석유",
}  # fmt: skip

_MR_ONSETS = ("tch", "chh", "ch", "kk", "tt", "pp", "ss", "kh", "th", "ph", "k", "g", "n",
              "t", "d", "r", "l", "m", "p", "b", "s", "j", "h")  # fmt: skip
_ONSET_JAMO = {"k": 0, "g": 0, "kk": 1, "n": 2, "t": 3, "d": 3, "tt": 4, "r": 5, "l": 5,
               "m": 6, "p": 7, "b": 7, "pp": 8, "s": 9, "ss": 10, "": 11, "ch": 12, "j": 12,
               "tch": 13, "chh": 14, "kh": 15, "th": 16, "ph": 17, "h": 18}  # fmt: skip
_VOWELS = ("yae", "wae", "ae", "ya", "yo", "ye", "wa", "oe", "wo", "we", "wi", "yu", "ui",
           "eo", "eu", "a", "o", "e", "u", "i")  # fmt: skip
_VOWEL_JAMO = {"a": 0, "ae": 1, "ya": 2, "yae": 3, "eo": 4, "e": 5, "yo": 6, "ye": 7,
               "o": 8, "wa": 9, "wae": 10, "oe": 11, "wo": 14, "we": 15, "wi": 16, "yu": 17,
               "eu": 18, "ui": 19, "u": 13, "i": 20}  # fmt: skip
_CODA_JAMO = {"": 0, "k": 1, "n": 4, "l": 8, "m": 16, "p": 17, "t": 19, "ng": 21}


def latin_to_hangul(word: str) -> str | None:
    """A McCune–Reischauer spelling (no breves) back in Hangul, or None if it does not parse."""
    word = word.lower()
    out: list[str] = []
    i = 0
    while i < len(word):
        onset = next((o for o in _MR_ONSETS if word.startswith(o, i)), "")
        j = i + len(onset)
        vowel = next((v for v in _VOWELS if word.startswith(v, j)), None)
        if vowel is None:
            return None
        j += len(vowel)
        coda = ""
        rest = word[j:]
        if rest.startswith("ng") and (len(rest) == 2 or rest[2] not in "aeiouwy"):
            coda = "ng"
        elif rest[:1] in ("k", "n", "l", "m", "p", "t") and (
            len(rest) == 1 or rest[1] not in "aeiouwyh"
        ):
            coda = rest[0]
        j += len(coda)
        code = (_ONSET_JAMO[onset] * 21 + _VOWEL_JAMO[vowel]) * 28 + _CODA_JAMO[coda]
        out.append(chr(0xAC00 + code))
        i = j
    return "".join(out) or None


# Kontsevich (Korean -> Russian) by jamo: onsets at word start and inside words.
_K_ONSET = ("к", "кк", "н", "т", "тт", "р", "м", "п", "пп", "с", "сс", "", "ч", "чч", "чх",
            "кх", "тх", "пх", "х")  # fmt: skip
_K_ONSET_VOICED = ("г", "кк", "н", "д", "тт", "р", "м", "б", "пп", "с", "сс", "", "чж", "чч",
                   "чх", "кх", "тх", "пх", "х")  # fmt: skip
_K_VOWEL = ("а", "э", "я", "йя", "о", "е", "ё", "йе", "о", "ва", "вэ", "ве", "ё", "у", "во",
            "ве", "ви", "ю", "ы", "ый", "и")  # fmt: skip
_K_IOTATED = {"я": "я", "ё": "ё", "ю": "ю", "е": "е"}
_K_CODA = ("", "к", "к", "к", "н", "н", "н", "т", "ль", "к", "м", "п", "ль", "ль", "п", "ль",
           "м", "п", "п", "т", "т", "н", "т", "т", "к", "т", "п", "т")  # fmt: skip


def hangul_to_kontsevich(word: str) -> str:
    out: list[str] = []
    for pos, char in enumerate(word):
        code = ord(char) - 0xAC00
        initial, rest = divmod(code, 588)
        vowel, final = divmod(rest, 28)
        onset = (_K_ONSET if pos == 0 else _K_ONSET_VOICED)[initial]
        out.append(onset + _K_VOWEL[vowel] + _K_CODA[final])
    text = "".join(out)
    return text[:1].upper() + text[1:]


_LEET = {"a": "@4", "s": "$5", "o": "0", "i": "1!", "e": "3", "l": "1|", "t": "7+", "b": "8",
         "g": "9"}  # fmt: skip
_HOMOGLYPHS = {"a": "аα", "e": "е", "o": "оο", "p": "р", "c": "с", "x": "х", "y": "у",
               "i": "іι", "k": "кκ", "A": "АΑ", "B": "ВΒ", "E": "ЕΕ", "K": "КΚ", "M": "МΜ",
               "H": "НΗ", "O": "ОΟ", "P": "РΡ", "C": "С", "T": "ТΤ", "X": "ХΧ"}  # fmt: skip
_INVISIBLE = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u034f")


def _letters_positions(text: str) -> list[int]:
    return [i for i, c in enumerate(text) if c.isalpha()]


def qualifier(t: Target, rng: random.Random) -> str | None:
    if t.schema == "person":
        return None
    return rng.choice(QUALIFIERS[t.country]).format(t.name)


def hangul(t: Target, rng: random.Random) -> str | None:
    if t.schema == "person" or t.country != "kp":
        return None
    if t.hangul and rng.random() < 0.5:
        text = rng.choice(t.hangul)
    else:
        parts: list[str] = []
        words = re.sub(r"[,()]", " ", t.name).lower().split()
        for word in words:
            if word in KOREAN_WORDS:
                parts.append(KOREAN_WORDS[word])
                continue
            spelled = latin_to_hangul(re.sub(r"[^a-z]", "", word))
            if spelled is None:
                return None
            parts.append(spelled)
        if not any(w in KOREAN_WORDS and KOREAN_WORDS[w] for w in words):
            return None
        text = "".join(parts)
    if not text:
        return None
    if rng.random() < 0.5:  # the South's spelling: word-initial ㄹ/ㄴ dropped
        text = _south(text)
    return text


def _south(text: str) -> str:
    out = []
    for k, char in enumerate(text):
        code = ord(char) - 0xAC00
        if 0 <= code < 11172 and (k == 0 or not (0 <= ord(text[k - 1]) - 0xAC00 < 11172)):
            initial, rest = divmod(code, 588)
            vowel = rest // 28
            if initial == 5:
                initial = 11 if vowel in (2, 6, 7, 12, 17, 20) else 2
                char = chr(0xAC00 + initial * 588 + rest)
        out.append(char)
    return "".join(out)


def kontsevich(t: Target, rng: random.Random) -> str | None:
    if t.schema != "person" or t.country != "kp":
        return None
    words = re.sub(r"[,()]", " ", t.name).split()
    if not 2 <= len(words) <= 4:
        return None
    out = []
    for word in words:
        spelled = latin_to_hangul(re.sub(r"[^a-z]", "", word.lower()))
        if spelled is None or len(spelled) > 2:
            return None
        out.append(hangul_to_kontsevich(spelled))
    return " ".join(out)


def leet(t: Target, rng: random.Random) -> str | None:
    chars = list(t.name)
    spots = [i for i, c in enumerate(chars) if c.lower() in _LEET]
    if len(spots) < 2:
        return None
    share = 0.8 if rng.random() < 0.25 else 0.3  # a quarter mostly in digits and symbols
    chosen = rng.sample(spots, max(1, int(len(spots) * share)))
    for i in chosen:
        chars[i] = rng.choice(_LEET[chars[i].lower()])
    return "".join(chars)


def spaced(t: Target, rng: random.Random) -> str | None:
    words = re.sub(r"[,()]", " ", t.name).split()
    style = rng.randrange(4)
    if style == 0:  # letters apart, two spaces between words
        return "  ".join(" ".join(w) for w in words)
    if style == 1:  # letters apart, one space between words
        return " ".join(" ".join(w) for w in words)
    if style == 2:  # dotted letters
        return " ".join(".".join(w) + "." for w in words)
    return " ".join("-".join(w) for w in words)


def rtl(t: Target, rng: random.Random) -> str | None:
    if rng.random() < 0.7:
        return "\u202e" + t.name[::-1] + "\u202c"
    words = t.name.split()
    if len(words) < 2:
        return None
    cut = rng.randrange(1, len(words))
    return " ".join(words[:cut]) + " \u202e" + " ".join(words[cut:])[::-1] + "\u202c"


def initials(t: Target, rng: random.Random) -> str | None:
    if t.schema != "person" or "," not in t.name:
        return None
    last, given = (p.strip() for p in t.name.split(",", 1))
    given_words = [w for w in given.split() if w[:1].isalpha()]
    if not given_words or not last or not re.search("[a-z]", given + last, re.I):
        return None
    letters = [w[0].upper() for w in given_words]
    last = last.title()
    style = rng.randrange(4)
    if style == 0:
        return " ".join(f"{c}." for c in letters) + " " + last
    if style == 1:
        return last + " " + "".join(f"{c}." for c in letters)
    if style == 2:
        return "".join(f"{c}." for c in letters) + " " + last
    return f"{last}, " + " ".join(f"{c}." for c in letters)


def homoglyph(t: Target, rng: random.Random) -> str | None:
    chars = list(t.name)
    spots = [i for i, c in enumerate(chars) if c in _HOMOGLYPHS]
    if not spots:
        return None
    for i in rng.sample(spots, max(1, len(spots) // 2)):
        chars[i] = rng.choice(_HOMOGLYPHS[chars[i]])
    return "".join(chars)


def invisible(t: Target, rng: random.Random) -> str | None:
    chars = list(t.name)
    spots = _letters_positions(t.name)
    for i in sorted(rng.sample(spots, min(len(spots), rng.randint(1, 4))), reverse=True):
        chars.insert(i, rng.choice(_INVISIBLE))
    return "".join(chars)


def typo(t: Target, rng: random.Random) -> str | None:
    words = t.name.split()
    long_words = [i for i, w in enumerate(words) if len(w) >= 6 and w.isalpha()]
    if not long_words:
        return None
    i = rng.choice(long_words)
    w = words[i]
    j = rng.randrange(1, len(w) - 2)
    kind = rng.randrange(4)
    if kind == 0:
        w = w[:j] + w[j + 1 :]
    elif kind == 1:
        w = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
    elif kind == 2:
        w = w[:j] + rng.choice("aeiourstn") + w[j + 1 :]
    else:
        w = w[:j] + w[j] + w[j:]
    words[i] = w
    return " ".join(words)


CLASSES: dict[str, Callable[[Target, random.Random], str | None]] = {
    "qualifier": qualifier, "hangul": hangul, "kontsevich": kontsevich, "leet": leet,
    "spaced": spaced, "rtl": rtl, "initials": initials, "homoglyph": homoglyph,
    "invisible": invisible, "typo": typo,
}  # fmt: skip

GIVEN = [
    "Margaret",
    "Thomas",
    "Olivia",
    "Henry",
    "Charlotte",
    "Daniel",
    "Ingrid",
    "Paolo",
    "Sophie",
    "Lukas",
    "Amelia",
    "Benedikt",
    "Clara",
    "Matteo",
    "Fiona",
    "Oscar",
]
SURNAMES = ["Holloway", "Brennan", "Lindqvist", "Moretti", "Castellanos", "Whitfield",
            "Okonkwo", "Van der Berg", "Fairbanks", "Delacroix", "Haraldsen", "Pemberton",
            "Nakashima", "Ferreira", "Abernathy", "Kowalczyk"]  # fmt: skip
KOREAN_GIVEN = ["Sang Hun", "Ha Neul", "Eun Ji", "Tae Yang", "Bo Ra", "Da Som", "Ye Rin",
                "Ji Hu", "Seo Yun", "Min Jun", "Ha Rin", "Ga On"]  # fmt: skip
KOREAN_SURNAMES = ["Kim", "Pak", "Ri", "Choe", "Jong", "Kang", "Cho", "Yun", "Han", "Hwang"]


def innocents(rng: random.Random, count: int) -> list[Target]:
    """SEC company names and synthetic persons (Western, Russian-style and Korean)."""
    sec = rng.sample(load_sec_names(), count)
    out = [Target("", s, "company", rng.choice(("kp", "ru"))) for s in sec]
    for _ in range(count // 3):
        out.append(Target("", f"{rng.choice(SURNAMES).upper()}, {rng.choice(GIVEN)} "
                              f"{rng.choice(GIVEN)}", "person", "ru"))  # fmt: skip
        out.append(Target("", f"{rng.choice(KOREAN_SURNAMES).upper()} "
                              f"{rng.choice(KOREAN_GIVEN)}", "person", "kp"))  # fmt: skip
    return out


def make_cases(targets: list[Target], quick: bool) -> list[Case]:
    rng = random.Random(SEED)
    cases: list[Case] = []
    for cls, transform in CLASSES.items():
        pool = list(targets)
        rng.shuffle(pool)
        per_class = 0
        limit = 40 if quick else 200
        for t in pool:
            query = transform(t, rng)
            if query is None:
                continue
            cases.append(Case(cls, query, t.entity_id, split_of(t.entity_id), t.schema))
            per_class += 1
            if per_class >= limit:
                break
    return cases


def innocent_cases(index: CandidateIndex, quick: bool) -> list[Case]:
    rng = random.Random(SEED + 1)
    clean = [t for t in innocents(rng, 200 if quick else 600)
             if not index.search(t.name)]  # fmt: skip
    cases: list[Case] = []
    for cls, transform in CLASSES.items():
        pool = list(clean)
        rng.shuffle(pool)
        for t in pool[: 40 if quick else 400]:
            if cls == "kontsevich" and t.schema == "person" and t.country == "kp":
                query = kontsevich(t, rng)
            else:
                query = transform(t, rng)
            if query is not None:
                cases.append(Case(cls, query, None, "innocent", t.schema))
    return cases


# -- logic-v2 -----------------------------------------------------------------


def logic_v2() -> Callable[[str, list[ListedName]], float] | None:
    try:
        from followthemoney import model
        from nomenklatura.matching import get_algorithm
        from nomenklatura.matching.types import ScoringConfig
    except ImportError:
        return None
    algorithm = get_algorithm("logic-v2")
    config = ScoringConfig.defaults()
    counter = iter(range(10**9))

    def best(query: str, listed: list[ListedName]) -> float:
        q = model.make_entity("LegalEntity")
        q.id = f"q{next(counter)}"
        q.add("name", query)
        top = 0.0
        for n in listed:
            r = model.make_entity("Person" if n.schema == "person" else "Organization")
            r.id = f"r{n.name_id}-{q.id}"
            r.add("name", n.text)
            top = max(top, algorithm.compare(q, r, config).score)
        return top

    return best


# -- running ------------------------------------------------------------------


def _verdict(met: bool) -> str:
    return "met" if met else "NOT met"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="40 cases per class")
    parser.add_argument("--errors", metavar="CLASS", help="print misses and false alerts")
    parser.add_argument("--no-logic-v2", action="store_true")
    args = parser.parse_args()

    names, targets = load_index_names()
    started = time.perf_counter()
    index = CandidateIndex.build(names)
    print(f"indexed {len(names)} names in {time.perf_counter() - started:.1f}s; "
          f"{len(targets)} DPRK/Russia/curated targets")  # fmt: skip
    cases = make_cases(targets, args.quick) + innocent_cases(index, args.quick)
    by_entity: dict[str, list[ListedName]] = defaultdict(list)
    for n in names:
        by_entity[n.entity_id].append(n)
    lv2 = None if args.no_logic_v2 else logic_v2()

    # counts[(cls, split)] = [hits, total, lv2 hits]
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    started = time.perf_counter()
    for case in cases:
        matches = index.search(case.query)
        if case.entity_id is None:
            hit = bool(matches)
        else:
            hit = any(m.name.entity_id == case.entity_id for m in matches)
        cell = counts[(case.cls, case.split)]
        cell[0] += hit
        cell[1] += 1
        if lv2 is not None:
            if case.entity_id is None:
                listed = index.candidates(case.query)
            else:
                listed = by_entity[case.entity_id]
            cell[2] += lv2(case.query, listed) >= 0.7
        if args.errors in (case.cls, "all") and hit != (case.entity_id is not None):
            best = f"{matches[0].score:.3f} {matches[0].name.text!r}" if matches else "-"
            target = by_entity[case.entity_id][0].text if case.entity_id else ""
            print(f"  {case.split:<9} {case.cls:<10} {case.query!r} -> {best}  [{target}]")
    elapsed = time.perf_counter() - started
    print(f"{len(cases)} queries in {elapsed:.1f}s at threshold {DEFAULT_THRESHOLD}")
    header = f"{'class':<11}{'tuning':>16}{'held-out':>16}{'false alerts':>18}"
    if lv2 is not None:
        header += f"{'lv2 caught':>12}{'lv2 false':>11}"
    print(header)
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])

    def cell_text(split: str, cls: str | None = None) -> str:
        hit, total, _ = totals[split] if cls is None else counts[(cls, split)]
        return f"{hit}/{total} {hit / total:6.1%}" if total else "-"

    for cls in CLASSES:
        for split in ("tuning", "held-out", "innocent"):
            for k in range(3):
                totals[split][k] += counts[(cls, split)][k]
        row = (f"{cls:<11}{cell_text('tuning', cls):>16}{cell_text('held-out', cls):>16}"
               f"{cell_text('innocent', cls):>18}")  # fmt: skip
        if lv2 is not None:
            caught = counts[(cls, "tuning")][2] + counts[(cls, "held-out")][2]
            total = counts[(cls, "tuning")][1] + counts[(cls, "held-out")][1]
            false = counts[(cls, "innocent")]
            row += f"{caught / max(1, total):>12.1%}{false[2] / max(1, false[1]):>11.1%}"
        print(row)
    row = (f"{'overall':<11}{cell_text('tuning'):>16}{cell_text('held-out'):>16}"
           f"{cell_text('innocent'):>18}")  # fmt: skip
    if lv2 is not None:
        caught = totals["tuning"][2] + totals["held-out"][2]
        total = totals["tuning"][1] + totals["held-out"][1]
        row += (f"{caught / max(1, total):>12.1%}"
                f"{totals['innocent'][2] / max(1, totals['innocent'][1]):>11.1%}")  # fmt: skip
        print(row)
        print(
            "logic-v2: caught = its score against the target's own names >= 0.70; false "
            "alerts = against the candidates our index offers (a lower bound)"
        )
    else:
        print(row)
    short = [cls for cls in CLASSES
             if counts[(cls, "tuning")][1] + counts[(cls, "held-out")][1] < MIN_CASES]  # fmt: skip
    if short and not args.quick:
        print(f"classes with fewer than {MIN_CASES} cases: {short}")
    caught = (totals["tuning"][0] + totals["held-out"][0]) / max(
        1, totals["tuning"][1] + totals["held-out"][1]
    )
    false = totals["innocent"][0] / max(1, totals["innocent"][1])
    print(
        f"targets: caught >= {TARGET_CAUGHT:.0%} ({_verdict(caught >= TARGET_CAUGHT)}), "
        f"false alerts <= {TARGET_FALSE:.0%} ({_verdict(false <= TARGET_FALSE)})"
    )


if __name__ == "__main__":
    main()
