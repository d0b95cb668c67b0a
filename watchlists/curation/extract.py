"""Propose candidate list entries from an article: a rule-based first pass for analysts.

The extractor reads plain text and proposes organisations, people and places
that look involved in the deployment of workers, each with the sentence it came
from. It knows nothing about the curated list: its rules are generic cue words
(organisation heads such as Ministry or Agency, titles such as Minister or
Director, role phrases such as "run by"), a small gazetteer of Russian and
Ukrainian regions and cities, and filters for things that are never entries
(countries, news outlets and other bodies quoted as sources, transit points).

Its output is a review file in the seed format (``seeds/README.md``) with every
candidate marked ``needs_review``. Nothing it proposes goes on a list until an
analyst has checked it against the article and rewritten the claim.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from watchlists.curation.seeds import script_problem

# ----------------------------------------------------------------- vocabulary

# Head words that make a capitalised span an organisation, with the schema and
# category they suggest. The category may be refined by the words before them.
ORG_HEADS: dict[str, tuple[str, str]] = {
    "ministry": ("public_body", "state_bureau"),
    "bureau": ("public_body", "state_bureau"),
    "department": ("public_body", "state_bureau"),
    "directorate": ("public_body", "state_bureau"),
    "committee": ("public_body", "state_bureau"),
    "commission": ("public_body", "state_bureau"),
    "council": ("public_body", "state_bureau"),
    "office": ("public_body", "state_bureau"),
    "service": ("public_body", "state_bureau"),
    "administration": ("public_body", "state_bureau"),
    "authority": ("public_body", "state_bureau"),
    "agency": ("company", "recruitment_agency"),
    "center": ("organization", "recruitment_agency"),
    "centre": ("organization", "recruitment_agency"),
    "institute": ("organization", "student_visa_intermediary"),
    "university": ("organization", "student_visa_intermediary"),
    "college": ("organization", "student_visa_intermediary"),
    "school": ("organization", "student_visa_intermediary"),
    "academy": ("organization", "student_visa_intermediary"),
    "party": ("organization", "state_bureau"),
    "company": ("company", "employer"),
    "corporation": ("company", "employer"),
    "corp": ("company", "employer"),
    "group": ("company", "employer"),
    "holding": ("company", "employer"),
    "trust": ("company", "employer"),
    "enterprise": ("company", "employer"),
    "llc": ("company", "employer"),
    "ltd": ("company", "employer"),
    "jsc": ("company", "employer"),
    "ooo": ("company", "employer"),
    "inc": ("company", "employer"),
    "airline": ("company", "transport"),
    "airlines": ("company", "transport"),
    "airways": ("company", "transport"),
    "railways": ("company", "transport"),
    "shipping": ("company", "transport"),
    "logistics": ("company", "transport"),
}
# Words inside an organisation name that sharpen its category.
CATEGORY_HINTS: tuple[tuple[frozenset[str], str], ...] = (
    (frozenset({"migration", "recruitment", "recruiting", "employment", "staffing", "personnel"}),
     "recruitment_agency"),
    (frozenset({"education", "educational", "training", "language", "student", "students",
                "study"}), "student_visa_intermediary"),
    (frozenset({"construction", "building", "builders", "engineering", "development"}),
     "employer"),
    (frozenset({"air", "airline", "airlines", "transport", "railways", "shipping", "logistics"}),
     "transport"),
)  # fmt: skip
# Nouns that, in apposition ("X, a national carrier"), reveal an organisation.
APPOSITION_ORG_NOUNS: dict[str, tuple[str, str]] = {
    "airline": ("company", "transport"),
    "carrier": ("company", "transport"),
    "agency": ("company", "recruitment_agency"),
    "recruiter": ("company", "recruitment_agency"),
    "company": ("company", "employer"),
    "firm": ("company", "employer"),
    "contractor": ("company", "employer"),
    "employer": ("company", "employer"),
}
# Media words: spans with them are publishers, never entries.
MEDIA_WORDS = frozenset(
    {"news", "times", "post", "journal", "daily", "herald", "gazette", "sinmun", "tribune",
     "press", "media", "tv", "radio", "broadcasting", "briefing", "diplomat", "reuters",
     "telegraph", "guardian", "monitor"}
)  # fmt: skip
# International bodies that impose sanctions; they are context, not entries.
SUPRANATIONAL = frozenset({"united nations", "u n", "un", "european union", "eu", "nato"})

# Titles before or in apposition to a person's name, with the category they suggest.
TITLES: dict[str, str] = {
    "president": "official",
    "minister": "official",
    "premier": "official",
    "secretary": "official",
    "governor": "official",
    "ambassador": "official",
    "envoy": "official",
    "leader": "official",
    "head": "official",
    "mayor": "official",
    "chief": "official",
    "general": "official",
    "commander": "official",
    "official": "official",
    "senator": "official",
    "deputy": "official",
    "chairman": "executive",
    "chairwoman": "executive",
    "director": "executive",
    "ceo": "executive",
    "founder": "executive",
    "owner": "executive",
    "manager": "executive",
    "businessman": "executive",
    "businesswoman": "executive",
    "national": "executive",
    "citizen": "executive",
}
# Phrases right before a name that make it the person in charge of something.
IN_CHARGE_PHRASES = ("run by", "headed by", "led by", "owned by", "founded by", "managed by",
                     "directed by")  # fmt: skip
# Verbs right after a bare two- or three-word name that show a person acting.
ROLE_VERBS = frozenset(
    {"negotiated", "visited", "made", "proposed", "floated", "announced", "ordered", "signed",
     "met", "pledged", "promised", "said", "suggested", "approved", "agreed", "estimated"}
)  # fmt: skip
# Words in an apposition that mark someone who is not an actor (a source or a victim).
NON_ACTOR_WORDS = frozenset(
    {"defected", "defector", "journalist", "reporter", "researcher", "analyst", "professor",
     "correspondent", "photographer", "editor", "scholar", "expert", "victim", "worker"}
)  # fmt: skip
# Verbs that, after an organisation, show it is quoted as a source of information.
REPORTING_VERBS = frozenset(
    {"reported", "reports", "said", "says", "disclosed", "learned", "estimated", "noted",
     "found", "wrote", "writes", "told"}
)  # fmt: skip
SOURCE_BEFORE = ("according to", "told", "citing", "cited by", "reported by", "source:")

# Words that show a sentence is about labour, so that a place in it counts.
LABOUR_WORDS = frozenset(
    {"worker", "workers", "laborer", "laborers", "labourer", "labourers", "labor", "labour",
     "builders", "personnel", "specialists", "technicians", "hire", "hiring", "hired",
     "employ", "employed", "employing", "employs", "recruit", "recruited", "recruitment",
     "reconstruction", "rebuild", "rebuilding", "restore", "restoration", "dispatched",
     "deployed", "visa", "visas", "contractors", "construction"}
)  # fmt: skip
TRAVEL_WORDS = frozenset(
    {"flew", "flown", "fly", "flies", "traveled", "travelled", "travel", "transited",
     "routed", "drove", "shipped", "via"}
)  # fmt: skip

# Countries and nationality words: they go in `countries`, never in entries.
COUNTRY_WORDS: dict[str, str] = {
    "russia": "ru", "russian": "ru", "russians": "ru", "russian federation": "ru",
    "kremlin": "ru", "moscow": "ru",
    "north korea": "kp", "north korean": "kp", "north koreans": "kp", "dprk": "kp",
    "pyongyang": "kp", "korean": "kp",
    "ukraine": "ua", "ukrainian": "ua", "ukrainians": "ua", "kyiv": "ua", "kiev": "ua",
    "south korea": "kr", "south korean": "kr", "seoul": "kr",
    "china": "cn", "chinese": "cn", "beijing": "cn",
    "united states": "us", "us": "us", "u s": "us", "american": "us", "washington": "us",
    "belarus": "by", "mongolia": "mn", "syria": "sy", "iran": "ir", "vietnam": "vn",
    "soviet": "su", "soviet union": "su", "ussr": "su",
}  # fmt: skip
# Capital cities stand for their governments far more often than for places.
CAPITAL_METONYMS = frozenset({"moscow", "pyongyang", "kyiv", "kiev", "seoul", "beijing",
                              "washington", "minsk"})  # fmt: skip

# Generic geography: Russian federal subjects and large cities, Ukrainian
# regions (including the Russian-occupied ones) and common regional names.
# Keys are lower case; values are ISO country codes.
GAZETTEER: dict[str, str] = {
    **dict.fromkeys(
        ["far east", "russian far east", "siberia", "urals", "north caucasus", "primorye",
         "primorsky krai", "khabarovsk krai", "khabarovsk", "amur oblast", "amur",
         "sakhalin", "sakhalin oblast", "kamchatka", "magadan", "yakutia", "sakha",
         "chukotka", "zabaykalsky krai", "buryatia", "irkutsk", "irkutsk oblast",
         "krasnoyarsk", "krasnoyarsk krai", "novosibirsk", "novosibirsk oblast", "omsk",
         "tomsk", "kemerovo", "altai", "tyumen", "yekaterinburg", "sverdlovsk oblast",
         "chelyabinsk", "perm", "ufa", "bashkortostan", "tatarstan", "kazan", "samara",
         "saratov", "volgograd", "volgograd oblast", "rostov", "rostov oblast",
         "rostov-on-don", "krasnodar", "krasnodar krai", "kuban", "stavropol", "chechnya",
         "dagestan", "voronezh", "belgorod", "belgorod oblast", "kursk", "kursk oblast",
         "bryansk", "bryansk oblast", "smolensk", "tula", "kaluga", "ryazan", "tver",
         "yaroslavl", "vladimir oblast", "nizhny novgorod", "kaliningrad", "murmansk",
         "arkhangelsk", "karelia", "komi", "leningrad oblast", "st petersburg",
         "saint petersburg", "st. petersburg", "moscow oblast", "moscow region",
         "vladivostok", "nakhodka", "ussuriysk", "khasan", "blagoveshchensk",
         "yuzhno-sakhalinsk", "petropavlovsk-kamchatsky", "ulan-ude", "chita"],
        "ru",
    ),
    **dict.fromkeys(
        ["donbas", "donbass", "donetsk", "donetsk oblast", "luhansk", "lugansk",
         "luhansk oblast", "crimea", "sevastopol", "zaporizhzhia", "zaporizhia",
         "zaporozhye", "kherson", "kherson oblast", "mariupol", "melitopol", "berdyansk",
         "kharkiv", "kharkov", "odesa", "odessa", "dnipro", "mykolaiv", "lviv", "bakhmut",
         "makiivka", "horlivka", "severodonetsk", "lysychansk"],
        "ua",
    ),
}  # fmt: skip
# Administrative words that may follow a place name ("Tver region").
PLACE_SUFFIXES = frozenset({"region", "oblast", "krai", "province", "territory", "district"})

# Capitalised words that start sentences or headings but never start names.
CAP_STOP = frozenset(
    {"the", "a", "an", "this", "that", "these", "those", "in", "on", "at", "by", "for",
     "from", "with", "as", "since", "while", "but", "and", "or", "if", "when", "after",
     "before", "despite", "under", "through", "meanwhile", "however", "although", "only",
     "some", "most", "many", "according", "another", "both", "its", "their", "his", "her",
     "our", "we", "they", "he", "she", "it", "i", "read", "photo", "source", "credit",
     "posted", "menu", "category", "relatedly", "previously", "then", "given", "additional",
     "reports", "around", "nearly", "up", "over", "plans", "who", "what", "why", "how",
     "here", "there", "speaking", "similar", "related", "recent", "about", "us", "so-called",
     "former", "new", "fresh", "also", "every", "each", "all", "such", "western", "state",
     "western-sourced", "to", "of", "not", "no", "yes", "more", "less", "workers",
     "work", "eastern", "northern", "southern"}
)  # fmt: skip
MONTHS = frozenset(
    {"january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
     "sep", "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday",
     "friday", "saturday", "sunday"}
)  # fmt: skip
# Possessives that belong inside names ("People's Republic", "Veterans' Union").
NAME_POSSESSIVES = frozenset({"people", "workers", "children", "women", "veterans", "men"})
CONNECTORS = frozenset({"of", "for", "the", "&", "de", "and"})
ABBREVIATIONS = frozenset(
    {"mr", "mrs", "ms", "dr", "st", "no", "gen", "lt", "col", "jr", "sr", "vs", "etc", "inc",
     "ltd", "co", "corp", "approx"} | MONTHS
)  # fmt: skip

EXTRACTOR_VERSION = "2"


# -------------------------------------------------------------------- records


@dataclass(slots=True)
class Evidence:
    """Where a candidate was seen: the document, the sentence and the rule that fired."""

    document: str
    sentence: str
    rule: str


@dataclass(slots=True)
class Candidate:
    """A proposed list entry; ``name`` is None for an unnamed (described) entity."""

    name: str | None
    schema: str
    category: str
    countries: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    label: str | None = None

    @property
    def unnamed(self) -> bool:
        return self.name is None

    @property
    def document(self) -> str:
        return self.evidence[0].document

    @property
    def sentence(self) -> str:
        return self.evidence[0].sentence

    @property
    def names(self) -> list[str]:
        return [self.name, *self.aliases] if self.name else []

    @property
    def key(self) -> str:
        """Deduplication key: "Tver region" and "Tver" are one place."""
        if self.name is None:
            return f"{self.schema}:{normalize(self.label or '')}"
        words = normalize(self.name).split()
        if self.schema == "region":
            while len(words) > 1 and words[-1] in PLACE_SUFFIXES:
                words.pop()
        return " ".join(words)


def normalize(text: str) -> str:
    """Casefolded words only: the form candidates are compared and deduplicated in."""
    text = unicodedata.normalize("NFKC", text).replace("’", "'").casefold()
    text = re.sub(r"'s\b", "", text)
    return " ".join(re.findall(r"\w+", text))


# ------------------------------------------------------------------- sentences

_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
_BOUNDARY = re.compile(r"[.!?][\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")


def split_sentences(text: str) -> Iterator[str]:
    """Lines, then sentences; a period after a known abbreviation or initial is kept."""
    for line in _unwrapped_lines(text):
        yield from _line_sentences(line)


def split_paragraphs(text: str) -> Iterator[list[str]]:
    """Each paragraph (an unwrapped line) as its list of sentences."""
    for line in _unwrapped_lines(text):
        yield list(_line_sentences(line))


def _line_sentences(line: str) -> Iterator[str]:
    start = 0
    for match in _BOUNDARY.finditer(line):
        before = line[start : match.start() + 1]
        last = re.findall(r"[\w.]+\.$", before)
        word = last[0][:-1].casefold() if last else ""
        # "U.N." and single initials ("N. Korea") are abbreviations, not ends.
        if word in ABBREVIATIONS or (re.fullmatch(r"(?:\w\.)*\w", word) and len(word) <= 3):
            continue
        sentence = line[start : match.end()].strip()
        if sentence:
            yield sentence
        start = match.end()
    rest = line[start:].strip()
    if rest:
        yield rest


# A hard-wrapped line is long and stops mid-sentence; headings and list items are short.
_WRAP_MIN = 60


def _unwrapped_lines(text: str) -> Iterator[str]:
    """Non-blank lines, with hard-wrapped lines of one paragraph joined back together."""
    pending = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            if pending:
                yield pending
            pending = ""
            continue
        pending = f"{pending} {line}" if pending else line
        if len(line) < _WRAP_MIN or line[-1] in ".!?:;\"')]":
            yield pending
            pending = ""
    if pending:
        yield pending


# ---------------------------------------------------------------------- tokens

_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|'s\b|\w+(?:[-]\w+)*|[^\w\s]")


@dataclass(slots=True)
class _Token:
    text: str
    lower: str
    start: int
    end: int

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


@dataclass(slots=True)
class _Span:
    tokens: list[_Token]
    first: int  # index of the first token in the sentence
    last: int  # index of the last token (inclusive)

    @property
    def words(self) -> list[str]:
        return [t.lower for t in self.tokens]


def _tokens(sentence: str) -> list[_Token]:
    return [
        _Token(m.group(), m.group().casefold(), m.start(), m.end())
        for m in _TOKEN.finditer(sentence)
    ]


def _capitalised_spans(tokens: list[_Token]) -> list[_Span]:
    """Maximal runs of capitalised words, joined by 'of', 'for', 'the', '&'.

    A possessive ends a span ("Russia's | Migration Service") unless it belongs
    to the name ("Tver Children's Fund").
    """
    spans: list[_Span] = []
    i = 0
    n = len(tokens)
    while i < n:
        if not _is_name_token(tokens[i]):
            i += 1
            continue
        j = i
        while j + 1 < n:
            nxt = tokens[j + 1]
            if nxt.lower in ("'s", "'"):
                if (
                    tokens[j].lower in NAME_POSSESSIVES
                    and j + 2 < n
                    and _is_name_token(tokens[j + 2])
                ):
                    j += 2
                    continue
                break
            if _is_name_token(nxt):
                j += 1
                continue
            # Connectors only inside a name: the word after them must be a name word.
            k = j + 1
            while k < n and tokens[k].lower in CONNECTORS and tokens[k].lower != "and":
                k += 1
            if k > j + 1 and k < n and _is_name_token(tokens[k]):
                j = k
                continue
            break
        span_tokens = [t for t in tokens[i : j + 1] if t.lower not in ("'s", "'")]
        spans.append(_Span(span_tokens, i, j))
        i = j + 1
    return spans


def _is_name_token(token: _Token) -> bool:
    return token.capitalised and (token.text[0].isalpha()) and token.lower not in ("'s",)


# ------------------------------------------------------------------ extraction


@dataclass(slots=True)
class _Context:
    document: str
    sentence: str  # as written, for evidence
    work: str  # quotes and dashes normalised; token offsets point here
    tokens: list[_Token]
    # Lower-cased words of the whole paragraph: the topic a sentence sits in.
    paragraph_words: frozenset[str] = frozenset()

    def text(self, tokens: list[_Token]) -> str:
        """The surface text covering ``tokens`` (keeps "People's", hyphens)."""
        return self.work[tokens[0].start : tokens[-1].end]


def extract_candidates(text: str, document: str) -> list[Candidate]:
    """Propose candidate entries (organisations, people, places) found in ``text``.

    Each candidate carries the sentence it was found in; candidates seen more
    than once in the document are merged, keeping every sentence as evidence.
    """
    found: dict[str, Candidate] = {}
    short_refs: list[tuple[str, _Context]] = []
    for paragraph in split_paragraphs(text):
        works = [sentence.translate(_QUOTES) for sentence in paragraph]
        sentence_tokens = [_tokens(work) for work in works]
        topic = frozenset(t.lower for tokens in sentence_tokens for t in tokens)
        for sentence, work, tokens in zip(paragraph, works, sentence_tokens, strict=True):
            ctx = _Context(document, sentence, work, tokens, topic)
            for span in _capitalised_spans(ctx.tokens):
                for candidate in _classify(span, ctx):
                    _merge(found, candidate)
                if len(span.tokens) == 1:
                    short_refs.append((span.tokens[0].text, ctx))
            for candidate in _unnamed_candidates(work, ctx):
                _merge(found, candidate)
    _attach_short_references(found, short_refs)
    return list(found.values())


def extract_files(paths: Iterable[Path]) -> list[Candidate]:
    """Extract from each file (UTF-8 text) and merge candidates seen in several files."""
    merged: dict[str, Candidate] = {}
    for path in paths:
        path = Path(path)
        for candidate in extract_candidates(path.read_text(encoding="utf-8"), path.name):
            _merge(merged, candidate)
    return list(merged.values())


def _merge(found: dict[str, Candidate], candidate: Candidate) -> None:
    key = candidate.key
    if not key:
        return
    existing = found.get(key)
    if existing is None:
        found[key] = candidate
        return
    if candidate.name and candidate.name != existing.name:
        candidate.aliases.insert(0, candidate.name)
    for alias in candidate.aliases:
        if alias not in existing.aliases and alias != existing.name:
            existing.aliases.append(alias)
    for code in candidate.countries:
        if code not in existing.countries:
            existing.countries.append(code)
    for ev in candidate.evidence:
        if ev.sentence not in {e.sentence for e in existing.evidence}:
            existing.evidence.append(ev)


def _attach_short_references(
    found: dict[str, Candidate], short_refs: list[tuple[str, _Context]]
) -> None:
    """A lone surname ("Ivanov said") or a known acronym ("ABC") is more evidence
    for the candidate it refers to, never a candidate of its own."""
    by_word: dict[str, Candidate] = {}
    for candidate in found.values():
        if candidate.schema == "person" and candidate.name:
            by_word.setdefault(candidate.name.split()[-1], candidate)
        for alias in candidate.aliases:
            by_word.setdefault(alias, candidate)
    for word, ctx in short_refs:
        candidate = by_word.get(word)
        if candidate and ctx.sentence not in {e.sentence for e in candidate.evidence}:
            candidate.evidence.append(Evidence(ctx.document, ctx.sentence, "short reference"))


def _classify(span: _Span, ctx: _Context) -> list[Candidate]:
    tokens = list(span.tokens)
    # Leading function words ("The", "In", "Since") are not part of a name.
    while tokens and (tokens[0].lower in CAP_STOP or tokens[0].lower in MONTHS):
        tokens.pop(0)
    if not tokens:
        return []
    words = [t.lower for t in tokens]
    phrase = " ".join(words)
    if phrase in COUNTRY_WORDS or _is_supranational(words):
        return []
    if any(w in MEDIA_WORDS for w in words):
        return []
    countries = _countries_before(ctx.tokens, span.first)

    # A title inside the span ("Russian President Ivan Ivanov") splits it,
    # unless the span is itself an organisation ("Office of the President").
    is_org_shaped = words[-1] in ORG_HEADS or (
        words[0] in ORG_HEADS and len(words) > 2 and words[1] in ("of", "for")
    )
    title_at = max((i for i, w in enumerate(words) if w in TITLES), default=-1)
    if title_at >= 0 and not is_org_shaped:
        rest = tokens[title_at + 1 :]
        if not _looks_like_person(rest):
            return []
        rule = f"title '{tokens[title_at].text}'"
        codes = countries + _countries_in(words[:title_at])
        return [_person(ctx.text(rest), TITLES[words[title_at]], codes, ctx, rule)]

    tokens, prefix_codes = _strip_country_prefix(tokens)
    countries += prefix_codes
    if not tokens:
        return []
    name = ctx.text(tokens)

    org = _organisation(tokens, ctx, span)
    if org is not None:
        schema, category, rule = org
        if _is_quoted_source(ctx.tokens, span):
            return []
        if category == "state_bureau" and countries and "kp" not in countries:
            category = "government_body"
        return [
            Candidate(
                name=name,
                schema=schema,
                category=category,
                countries=_unique(countries),
                aliases=_acronym_after(ctx.tokens, span.last),
                evidence=[Evidence(ctx.document, ctx.sentence, rule)],
            )
        ]

    place = _place(tokens, ctx, span)
    if place is not None:
        return [place]

    if _looks_like_person(tokens):
        person = _person_by_context(tokens, ctx, span, countries)
        if person is not None:
            return [person]
    return []


def _strip_country_prefix(tokens: list[_Token]) -> tuple[list[_Token], list[str]]:
    """Drop leading country words ("North Korean", "Russian-occupied"), keeping their codes.

    A span that is itself a gazetteer name keeps its adjective ("Russian Far East").
    """
    codes: list[str] = []
    while len(tokens) > 1 and " ".join(t.lower for t in tokens) not in GAZETTEER:
        two = " ".join(t.lower for t in tokens[:2])
        head = tokens[0].lower
        compound = head.split("-", 1)[0] if "-" in head else None
        if two in COUNTRY_WORDS and len(tokens) > 2:
            codes.append(COUNTRY_WORDS[two])
            tokens = tokens[2:]
        elif head in COUNTRY_WORDS:
            codes.append(COUNTRY_WORDS[head])
            tokens = tokens[1:]
        elif compound is not None and compound in COUNTRY_WORDS:
            codes.append(COUNTRY_WORDS[compound])
            tokens = tokens[1:]
        else:
            break
    return tokens, codes


def _organisation(tokens: list[_Token], ctx: _Context, span: _Span) -> tuple[str, str, str] | None:
    words = [t.lower for t in tokens]
    if len(words) < 2 and words[0] not in ("llc", "ooo", "jsc"):
        # A lone head word ("the Party") or an unknown acronym is not a name.
        return _apposition_org(tokens, ctx, span) if len(words[0]) > 3 else None
    head = words[-1]
    rule = ""
    if head in ORG_HEADS:
        schema, category = ORG_HEADS[head]
        rule = f"organisation head '{tokens[-1].text}'"
    elif words[0] in ORG_HEADS and len(words) > 2 and words[1] in ("of", "for"):
        schema, category = ORG_HEADS[words[0]]
        rule = f"organisation head '{tokens[0].text} of'"
    elif words[0] == "air" and len(words) == 2:
        schema, category = "company", "transport"
        rule = "airline name 'Air ...'"
    else:
        return _apposition_org(tokens, ctx, span)
    # A ministry stays a state body whatever it deals with ("Transport Ministry").
    if schema != "public_body":
        for hint_words, hint in CATEGORY_HINTS:
            if hint_words & set(words[:-1] if head in ORG_HEADS else words[1:]):
                category = hint
                break
    return schema, category, rule


def _apposition_org(
    tokens: list[_Token], ctx: _Context, span: _Span
) -> tuple[str, str, str] | None:
    """'Acme, a Russian staffing agency' - the noun after the comma names the kind."""
    following = ctx.tokens[span.last + 1 : span.last + 8]
    if not following or following[0].text != ",":
        return None
    for token in following[1:]:
        # "X, director of a firm" describes a person, not the firm.
        if token.text in ",.;:" or token.lower in TITLES:
            break
        if token.lower in APPOSITION_ORG_NOUNS:
            schema, category = APPOSITION_ORG_NOUNS[token.lower]
            return schema, category, f"apposition '{token.text}'"
    return None


def _place(tokens: list[_Token], ctx: _Context, span: _Span) -> Candidate | None:
    words = [t.lower for t in tokens]
    if words[-1] in ("republic", "republics") and "people" in words:
        name_tokens = tokens
        code = _countries_in(words) or ["ua"]
        rule = "people's republic"
        country = code[0]
    else:
        found = _gazetteer_name(tokens)
        if found is None:
            return None
        name_tokens, country = found
        rule = "gazetteer"
        if " ".join(t.lower for t in name_tokens) in CAPITAL_METONYMS:
            return None
    # A place counts when its sentence, or the paragraph around it, is about
    # labour ("...sent workers to Donbas. Russia annexed two republics there: X and Y.").
    if not ({t.lower for t in ctx.tokens} | ctx.paragraph_words) & LABOUR_WORDS:
        return None
    if _is_transit(ctx.tokens, span):
        return None
    name = ctx.text(name_tokens)
    nxt = ctx.tokens[span.last + 1] if span.last + 1 < len(ctx.tokens) else None
    if nxt is not None and nxt.lower in PLACE_SUFFIXES and not nxt.capitalised:
        name = f"{name} {nxt.text}"
    return Candidate(
        name=name,
        schema="region",
        category="region",
        countries=[country],
        evidence=[Evidence(ctx.document, ctx.sentence, rule)],
    )


def _gazetteer_name(tokens: list[_Token]) -> tuple[list[_Token], str] | None:
    """The longest gazetteer entry that the span is, or ends with."""
    for start in range(len(tokens)):
        key = " ".join(t.lower for t in tokens[start:])
        if key in GAZETTEER:
            return tokens[start:], GAZETTEER[key]
    return None


def _is_transit(tokens: list[_Token], span: _Span) -> bool:
    """In a travel sentence only the final destination counts; the rest is the route."""
    words = [t.lower for t in tokens]
    if not set(words) & TRAVEL_WORDS:
        return False
    before = words[span.first - 1] if span.first > 0 else ""
    if before in ("from", "via", "through"):
        return True
    later = [
        i
        for i in range(span.last + 1, len(words))
        if words[i - 1] == "to" and tokens[i].capitalised
    ]
    return bool(later)


def _looks_like_person(tokens: list[_Token]) -> bool:
    if not 2 <= len(tokens) <= 4:
        return False
    for token in tokens:
        word = token.lower
        if (
            not token.text[:1].isupper()
            or token.text.isupper()
            or word in ORG_HEADS
            or word in CONNECTORS
            or word in COUNTRY_WORDS
            or word in GAZETTEER
            or word in MONTHS
            or word in CAP_STOP
            or word in TITLES
        ):
            return False
    return True


def _person(name: str, category: str, countries: list[str], ctx: _Context, rule: str) -> Candidate:
    return Candidate(
        name=name,
        schema="person",
        category=category,
        countries=_unique(countries),
        evidence=[Evidence(ctx.document, ctx.sentence, rule)],
    )


def _person_by_context(
    tokens: list[_Token], ctx: _Context, span: _Span, countries: list[str]
) -> Candidate | None:
    words = [t.lower for t in ctx.tokens]
    before = words[max(0, span.first - 5) : span.first]
    text_before = " ".join(before)
    after = words[span.last + 1 : span.last + 9]
    if _non_actor(after):
        return None
    for phrase in IN_CHARGE_PHRASES:
        if text_before.endswith(phrase) or f"{phrase} " in text_before:
            return _person(ctx.text(tokens), "executive", countries, ctx, f"'{phrase}'")
    # A title just before the name ("leader, Kim Il"; "ambassador to X").
    for word in reversed(before[-3:]):
        if word in TITLES:
            return _person(ctx.text(tokens), TITLES[word], countries, ctx, f"title '{word}'")
        if word not in (",", "to", "the", "of") and word not in COUNTRY_WORDS:
            break
    # A title in apposition ("X, head of ..."; "X, director of ...").
    if after and after[0] == ",":
        for word in after[1:5]:
            if word in TITLES:
                return _person(
                    ctx.text(tokens), TITLES[word], countries, ctx, f"apposition '{word}'"
                )
            if word not in ("a", "an", "the", "former", "then", "deputy") and word not in (
                COUNTRY_WORDS
            ):
                break
    if after and after[0] in ROLE_VERBS:
        return _person(ctx.text(tokens), "official", countries, ctx, f"role verb '{after[0]}'")
    return None


def _non_actor(after: list[str]) -> bool:
    return bool(after) and after[0] == "," and bool(set(after[1:]) & NON_ACTOR_WORDS)


def _is_quoted_source(tokens: list[_Token], span: _Span) -> bool:
    """'according to X', 'told X', 'X reported', 'X (ABC) said': X is a source, not an actor."""
    # Step back over a possessor: "according to Russia's Statistics Service".
    j = span.first - 1
    if j >= 0 and tokens[j].lower in ("'s", "'"):
        j -= 1
        while j >= 0 and tokens[j].capitalised:
            j -= 1
    before = " ".join(t.lower for t in tokens[max(0, j - 2) : j + 1])
    if any(before.endswith(p) or before.endswith(f"{p} the") for p in SOURCE_BEFORE):
        return True
    i = span.last + 1
    # Skip a parenthesised acronym and a possessed organisation ("X's Office ... reported").
    while i < len(tokens):
        word = tokens[i].lower
        if word == "(":
            close = next((k for k in range(i, len(tokens)) if tokens[k].text == ")"), i)
            i = close + 1
        elif word in ("'s", "'") or tokens[i].capitalised or word in CONNECTORS:
            i += 1
        else:
            break
    return (
        i < len(tokens)
        and tokens[i].lower in REPORTING_VERBS | {"has"}
        and (tokens[i].lower != "has" or (i + 1 < len(tokens) and tokens[i + 1].lower == "learned"))
    )


def _acronym_after(tokens: list[_Token], last: int) -> list[str]:
    """'Acme Staffing Center (ASC)' gives the alias 'ASC'."""
    if last + 3 < len(tokens) and tokens[last + 1].text == "(" and tokens[last + 3].text == ")":
        acronym = tokens[last + 2].text
        if acronym.isupper() and 2 <= len(acronym) <= 8:
            return [acronym]
    return []


def _countries_before(tokens: list[_Token], first: int) -> list[str]:
    """Country from a possessor or adjective just before the span ("Russia's ...")."""
    window = [t.lower for t in tokens[max(0, first - 4) : first]]
    if window and window[-1] in ("'s", "'"):
        window = window[:-1]
    return _countries_in(window[-2:])


def _countries_in(words: list[str]) -> list[str]:
    codes = []
    joined = " ".join(words)
    for phrase, code in COUNTRY_WORDS.items():
        if re.search(rf"\b{re.escape(phrase)}\b", joined):
            # "North Korean" must not also count as plain "korean".
            if phrase == "korean" and re.search(r"\b(north|south) korean\b", joined):
                continue
            codes.append(code)
    return _unique(codes)


def _is_supranational(words: list[str]) -> bool:
    joined = normalize(" ".join(words))
    return any(joined == s or joined.startswith(f"{s} ") for s in SUPRANATIONAL)


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


# Unnamed entities: a qualified kind noun ("a Tver-based construction firm").
_UNNAMED = re.compile(
    r"\b(?i:a|an|the|another)\s+"
    r"(?P<label>(?:affiliated\s+|[A-Z][\w-]*-based\s+|Russian\s+|North\s+Korean\s+)"
    r"\"?(?:construction\s+|recruitment\s+|staffing\s+|education\s+|training\s+|logistics\s+)?"
    r"(?P<kind>firm|company|agency|center|centre|website|school|contractor)\b\"?)"
)
_UNNAMED_KINDS: dict[str, tuple[str, str]] = {
    "firm": ("company", "employer"),
    "company": ("company", "employer"),
    "contractor": ("company", "employer"),
    "agency": ("company", "recruitment_agency"),
    "center": ("organization", "student_visa_intermediary"),
    "centre": ("organization", "student_visa_intermediary"),
    "school": ("organization", "student_visa_intermediary"),
    "website": ("organization", "student_visa_intermediary"),
}


def _unnamed_candidates(work: str, ctx: _Context) -> Iterator[Candidate]:
    if not {t.lower for t in ctx.tokens} & LABOUR_WORDS:
        return
    for match in _UNNAMED.finditer(work):
        label = " ".join(match.group("label").replace('"', "").split())
        schema, category = _UNNAMED_KINDS[match.group("kind").casefold()]
        if "construction" in label.casefold():
            category = "employer"
        yield Candidate(
            name=None,
            schema=schema,
            category=category,
            label=label,
            evidence=[Evidence(ctx.document, ctx.sentence, "described, not named")],
        )


# ----------------------------------------------------------------- review file


def write_review_file(candidates: Iterable[Candidate], path: Path | str) -> None:
    """Write candidates as a seed-format YAML file for an analyst to review.

    Every entry is ``needs_review`` and its claim is a placeholder: the analyst
    checks the ``evidence`` sentence against the article and writes the claim
    in our own words before moving the entry into ``seeds/``. The file loads
    with :func:`watchlists.curation.seeds.load_seed_file`.
    """
    candidates = list(candidates)
    documents = _unique(e.document for c in candidates for e in c.evidence)
    used: set[str] = set()
    entities = [_review_entry(c, used) for c in candidates]
    data: dict[str, Any] = {
        "name": "extract-review",
        "title": "Extractor candidates for review",
        "description": (
            "Entries proposed by watchlists.curation.extract (rule-based, version "
            f"{EXTRACTOR_VERSION}). Not a list: check each one against its document."
        ),
        "publisher": "project maintainers",
        "version": f"extract-{EXTRACTOR_VERSION}",
        "date": dt.date.today().isoformat(),
        "documents": [{"file": d, "publisher": None, "title": None} for d in documents],
        "entities": entities,
    }
    header = (
        "# Candidates proposed by `screening lists extract`. Review every entry:\n"
        "# confirm it against the evidence, write the claim in our own words,\n"
        "# fix names, schema, category and countries, then move it into seeds/.\n"
    )
    if not entities:
        header += "# The extractor found no candidates.\n"
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    Path(path).write_text(header + body, encoding="utf-8")


def _review_entry(candidate: Candidate, used: set[str]) -> dict[str, Any]:
    slug = re.sub(r"[^a-z0-9]+", "-", normalize(candidate.name or candidate.label or "x")).strip(
        "-"
    )
    entry_id = f"candidate-{slug or 'entry'}"
    n = 2
    while entry_id in used:
        entry_id = f"candidate-{slug}-{n}"
        n += 1
    used.add(entry_id)
    entry: dict[str, Any] = {"id": entry_id}
    if candidate.unnamed:
        entry["unnamed"] = True
        entry["label"] = candidate.label
    entry.update(
        {
            "schema": candidate.schema,
            "category": candidate.category,
            "countries": list(candidate.countries),
            "status": "needs_review",
        }
    )
    if not candidate.unnamed:
        names = []
        for i, value in enumerate(candidate.names):
            kind = "primary" if i == 0 else ("abbreviation" if value.isupper() else "alias")
            name: dict[str, Any] = {"value": value, "kind": kind}
            script = _script_of(value)
            if script == "Latn" and kind != "abbreviation":
                name["lang"] = "en"
            name["script"] = script
            names.append(name)
        entry["names"] = names
    sources = []
    for document in _unique(e.document for e in candidate.evidence):
        evidence = [e for e in candidate.evidence if e.document == document]
        sources.append(
            {
                "document": document,
                "claim": (
                    f"TO REVIEW: proposed by the extractor ({evidence[0].rule}); "
                    "replace with the claim this document supports, in our own words."
                ),
                "evidence": evidence[0].sentence,
            }
        )
    entry["sources"] = sources
    return entry


def _script_of(value: str) -> str:
    for script in ("Latn", "Cyrl", "Hang"):
        if script_problem(value, script) is None:
            return script
    return "Latn"
