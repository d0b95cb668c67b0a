"""Unnamed entities: a body the article describes without naming it.

Three shapes, each a singular noun of a kind of body:

- qualified by its nationality, seat or tie: "a Tver-based construction firm",
  "the Russian company", "the affiliated education center";
- indefinite, placed by what follows it: "an agency in Pyongyang that sends
  workers abroad", "a trading firm under the Ministry of Railways";
- what workers are enrolled in: "registered as students of a local college";

and, in Russian, a kind noun with its city: "кадровое агентство в Новосибирске".
A description in apposition to a name ("Acme, a Russian company that ...") is
that name's, not a body of its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from watchlists.curation.extract.candidates import Candidate, Evidence
from watchlists.curation.extract.places import is_about_labour
from watchlists.curation.extract.sentences import Context

_KINDS = (
    r"firm|company|agency|center|centre|website|school|contractor|college|recruiter|office|"
    r"bureau|plant|factory|yard|shipyard|warehouse|intermediary|developer|builder|institute|"
    r"subcontractor|supplier|processor|mine|farm|workshop|enterprise|cooperative|sawmill|"
    r"mill|partner|subsidiary|affiliate|fund|operator|"
    # Who moves, pays, houses or buys from the workers: "a freight forwarder in X", "a labour
    # broker in X", "a car dealership in X", "a hostel owned by X".
    r"forwarder|haulier|hauler|carrier|broker|agent|dealership|distributor|retailer|hostel|"
    r"bank|elevator|depot|trading\s+house|"
    # Who changes or wires the wages, flies the crews in, buys the goods or lets the
    # housing: "a money-transfer shop in X", "an exchange kiosk", "a charter airline in X",
    # "a wholesaler in X", "a municipal housing trust in X".
    r"shop|kiosk|airline|wholesaler|trust"
)
# The same kinds in the plural, for "one of the largest construction firms in the region".
_PLURAL_KINDS = (
    r"firms|companies|agencies|contractors|subcontractors|suppliers|builders|developers|"
    r"enterprises|recruiters|intermediaries|plants|factories|sawmills|cooperatives|processors"
)
# A qualified kind noun ("a Tver-based construction firm").
_QUALIFIED = re.compile(
    r"\b(?i:a|an|the|another)\s+"
    r"(?P<label>(?:[a-z]+-(?:owned|run|controlled|linked|backed)\s+)?"
    r"(?:affiliated\s+|[A-Z][\w-]*-based\s+"
    # "the North Korean side's contracting bureau": the side of a deal that owns the body.
    r"|(?:North\s+Korean|Russian|Korean)\s+side's\s+|Russian\s+|North\s+Korean\s+"
    r"|[a-z]+-(?:owned|run|controlled|linked|backed)\s+)"
    r"\"?(?:construction\s+|recruitment\s+|staffing\s+|education\s+|training\s+|logistics\s+"
    r"|trading\s+|labou?r\s+|fishing\s+|timber\s+|logging\s+|farming\s+"
    # Any trade in lower case after a tie ("a state-owned road construction enterprise").
    r"|(?<=-owned\s)(?:[a-z][\w-]*\s+){1,2}?|(?<=-run\s)(?:[a-z][\w-]*\s+){1,2}?"
    r"|(?<=side's\s)[a-z][\w-]*\s+)?"
    rf"(?P<kind>{_KINDS})\b\"?)"
)
# An indefinite kind noun qualified by its town or as unnamed or local, with its trade:
# "a Kursk haulage company", "a local drywall subcontractor", "an unnamed Rostov bank".
_LOCAL_QUALIFIED = re.compile(
    r"\b(?i:a|an)\s+(?P<label>(?:(?:unnamed|local|private|small|nearby)\s+"
    r"(?:[A-Z][a-z][\w-]*\s+)?|[A-Z][a-z][\w-]*\s+)"
    rf"(?:[a-z][\w-]*\s+){{0,2}}?(?P<kind>{_KINDS})\b)"
)
# An indefinite kind noun placed by a phrase after it.
_PLACED = re.compile(
    r"\b(?i:a|an|another|the\s+same)\s+"
    rf"(?P<label>(?:[A-Za-z][\w-]*\s+){{0,3}}?(?P<kind>{_KINDS})"
    r"(?:\s+(?:(?:based|registered|headquartered)\s+in\s+(?:the\s+)?[A-Z][\w-]*"
    r"|(?:from|of)\s+(?:the\s+)?[A-Z][\w-]*"
    r"|(?:in|near|outside)\s+(?:the\s+)?(?:neighbou?ring\s+|nearby\s+)?[A-Z][\w-]*"
    r"(?:\s+(?:of\s+)?[A-Z][\w-]*)*"
    r"|under\s+the\s+[A-Z][\w']*(?:\s+(?:of\s+|for\s+|and\s+)?[A-Z][\w']*)*"
    # "a hostel owned by a bankrupt tram depot": placed by who owns or runs it.
    r"|(?:owned|run|operated|controlled|managed)\s+by\s+(?:a|an|the)\s+(?:[\w'-]+\s+){0,2}"
    r"[\w'-]+"
    r")|(?=,?\s+(?:that|which|whose)\s))"
    # "... that sends workers abroad": the clause, up to the main clause's verb (a past
    # tense or a common present one: "... abroad opened an office").
    r"(?:,?\s*(?:that|which|whose)\s+[a-z]+(?:\s+(?!(?:and|but|while|as|said|told|has|have|had|will|"
    r"would|is|are|was|were|also|for|on|to|in|at|with|by|employs|hires|uses|pays|houses|"
    r"supplies|runs|opens|says)\b)(?![a-z]+ed\b)[a-z][\w'-]*){0,3})?)"
)
# A government's unnamed office, department or ministry, placed by the region or the
# administration it belongs to: "the regional labour ministry", "the krai's property
# department", "the occupation administration's construction department", "the construction
# ministry of the so-called X Republic". Who approves quotas, permits and leases acts in the
# network; a federal service is left out (it polices or counts more often than it acts).
_GOVERNMENT_KINDS = (
    r"ministry|department|committee|commission|office|headquarters|inspectorate|directorate|"
    r"administration"
)
_REGIONAL = (
    r"(?:regional|municipal|city|district|provincial|local)\s+"
    r"|(?:oblast|krai|region|republic|city|district|province|governor|mayor)'s?\s+"
    r"|(?:occupation|regional|city|local)\s+(?:administration|authorities|government)'s?\s+"
)
# How reporting qualifies an occupation authority: "the so-called X People's Republic".
_SO_CALLED = r"(?:(?:so-called|self-proclaimed|self-styled|unrecognised|unrecognized)\s+)?"
_GOVERNMENT = re.compile(
    r"\b(?i:the)\s+(?P<label>"
    rf"(?:(?:{_REGIONAL})(?:[a-z][\w-]*\s+){{0,2}}?(?P<kind>{_GOVERNMENT_KINDS})"
    # "the construction ministry of the so-called Venn People's Republic".
    rf"|(?:[a-z][\w-]*\s+){{1,2}}?(?P<kind2>{_GOVERNMENT_KINDS})(?=\s+of\s+(?:the\s+)?"
    rf"{_SO_CALLED}[A-Z]))"
    rf"(?:\s+of\s+(?:the\s+)?{_SO_CALLED}[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){{0,3}})?)\b"
)
# Words right after such a body that quote it rather than show it acting.
_QUOTED_AFTER = re.compile(r"^\s*(?:said|says|told|reported|reports|estimates|data|figures|"
                           r"statistics|spokes\w+)\b")  # fmt: skip

# "one of the largest construction firms in the region": one of a kind of bodies.
_PARTITIVE = re.compile(
    r"\b(?i:one)\s+of\s+(?:the|its|their|Russia's|the\s+region's)\s+"
    rf"(?P<label>(?:[a-z][\w-]*\s+){{0,3}}?(?P<kind>{_PLURAL_KINDS})\b"
    r"(?:\s+(?:in|from|of)\s+(?:the\s+)?(?:region|area|city|[A-Z][\w-]*))?)"
)
# Kinds that bring workers in as students only where the sentence says so
# ("a new school in Khabarovsk" may be just a building site).
_EDUCATION_KINDS = frozenset({"school", "college", "institute", "center", "centre"})
_EDUCATION_WORDS = frozenset(
    {"student", "students", "visa", "visas", "enrol", "enrols", "enrolled", "enroll", "enrolls",
     "study", "studies", "interns", "courses", "classes"}
)  # fmt: skip
# Where workers are enrolled: "students of a local college", "interns at a school".
_ENROLLED = re.compile(
    r"\b(?:students|interns|trainees|pupils)\s+(?:of|at)\s+(?:a|an)\s+"
    r"(?P<label>(?:[a-z][\w-]*\s+){0,2}?(?P<kind>college|school|institute|center|centre))\b"
)
# Russian: a kind noun (any case) with the city it is in.
_RU_KIND_STEMS = (
    r"агентств|компани|фирм|центр|посредник|колледж|школ|офис|предприяти|лесхоз|завод|"
    r"комбинат|подрядчик|кооператив|техникум|училищ"
)
# A city as Russian writes it: "Владивостока", "Ростова-на-Дону", "Комсомольске-на-Амуре".
# Or an adjective and a noun: "в Старом Осколе", "из Великого Новгорода".
_RU_CITY = (
    r"(?:[А-ЯЁ][а-яё]+(?:ом|ем|ого|его|ой)\s+[А-ЯЁ][а-яё]+"
    r"|[А-ЯЁ][а-яё]+(?:-[а-яё]+)*(?:-[А-ЯЁ][а-яё]+)?)"
)
_RU_PLACED = re.compile(
    r"(?P<label>(?:[А-ЯЁа-яё][а-яё]+(?:ое|ая|ый|ий|ого|ой|ом|ую|ых)\s+)?"
    # "учебный центр-партнёр в X", "агрокомпания из X".
    rf"(?P<kind>(?:сельхоз|агро)?(?:{_RU_KIND_STEMS})[а-яё]*(?:-[а-яё]+)?)\s+(?:в|во|из)\s+"
    rf"{_RU_CITY})"
)
# "одна из строительных компаний Хабаровска", "одно из крупнейших сельхозпредприятий края",
# "на базе одного из лесхозов": one of a kind of bodies, with where they are.
_RU_PARTITIVE = re.compile(
    r"\b(?i:од(?:на|но|ин|ной|ного|ному|ним|ном|ну))\s+из\s+"
    r"(?P<label>(?:[а-яё]+(?:ых|их)\s+){0,3}"
    rf"(?P<kind>(?:сельхоз)?(?:{_RU_KIND_STEMS}|организаци)[а-яё]*)"
    rf"(?:\s+(?:(?:в|во|из)\s+{_RU_CITY}(?:\s+(?:районе|области|крае))?"
    r"|края|области|региона|республики|района|города|[А-ЯЁ][а-яё]+(?:а|я|и|ы)\b))?)"
)
# A kind noun after an adjective that ties it to a place, a country or a role, with no
# name: "местная управляющая компания", "корейская фирма-посредник", "местный колледж".
_RU_QUALIFIED = re.compile(
    r"(?P<label>(?:(?:местн|корейск|северокорейск|российск|частн|посредническ|управляющ|"
    r"подрядн|государственн)(?:ая|ый|ий|ое|ой|ую|ого|ому|ым|ом|ей)\s+){1,2}"
    rf"(?P<kind>(?:сельхоз)?(?:{_RU_KIND_STEMS})[а-яё]*(?:-[а-яё]+)?))\b(?!\s*[«\"])"
)
# A capitalised Russian adjective right before a described body: the first word of its name.
# A capitalised Russian adjective right before a described school is the first word of its
# name ("Вязовского политехнического колледжа"), which ``russian.russian_schools`` proposes.
_NAMED_BY_ADJECTIVE = re.compile(
    r"(?<![А-ЯЁа-яё-])[А-ЯЁ][а-яё]+(?:ого|его|ому|ему|ым|им|ой|ей|ий|ый)\s+$"
)
_RU_SCHOOL_STEMS = ("колледж", "техникум", "училищ")
_KIND_CATEGORIES: dict[str, tuple[str, str]] = {
    "firm": ("company", "employer"),
    "company": ("company", "employer"),
    "contractor": ("company", "employer"),
    "subcontractor": ("company", "employer"),
    "supplier": ("company", "recruitment_agency"),
    "processor": ("company", "employer"),
    "mine": ("company", "employer"),
    "farm": ("company", "employer"),
    "workshop": ("company", "employer"),
    "developer": ("company", "employer"),
    "builder": ("company", "employer"),
    "plant": ("company", "employer"),
    "factory": ("company", "employer"),
    "yard": ("company", "employer"),
    "shipyard": ("company", "employer"),
    "warehouse": ("company", "employer"),
    "agency": ("company", "recruitment_agency"),
    "recruiter": ("company", "recruitment_agency"),
    "intermediary": ("company", "recruitment_agency"),
    "center": ("organization", "student_visa_intermediary"),
    "centre": ("organization", "student_visa_intermediary"),
    "school": ("organization", "student_visa_intermediary"),
    "college": ("organization", "student_visa_intermediary"),
    "institute": ("organization", "student_visa_intermediary"),
    "website": ("organization", "student_visa_intermediary"),
    "office": ("public_body", "state_bureau"),
    "bureau": ("public_body", "state_bureau"),
    "enterprise": ("company", "employer"),
    "cooperative": ("company", "employer"),
    "sawmill": ("company", "employer"),
    "mill": ("company", "employer"),
    "partner": ("company", "employer"),
    "subsidiary": ("company", "employer"),
    "affiliate": ("company", "employer"),
    "fund": ("organization", "employer"),
    "operator": ("company", "employer"),
    **dict.fromkeys(["forwarder", "haulier", "hauler", "carrier"], ("company", "transport")),
    **dict.fromkeys(["broker", "agent"], ("company", "recruitment_agency")),
    **dict.fromkeys(
        [
            "dealership",
            "distributor",
            "retailer",
            "hostel",
            "bank",
            "elevator",
            "depot",
            "trading house",
        ],
        ("company", "employer"),
    ),
    "ministry": ("public_body", "government_body"),
    "department": ("public_body", "government_body"),
    "committee": ("public_body", "government_body"),
    "commission": ("public_body", "government_body"),
    "headquarters": ("public_body", "government_body"),
    "inspectorate": ("public_body", "government_body"),
    "directorate": ("public_body", "government_body"),
    "administration": ("public_body", "government_body"),
}
# Russian kind nouns in the nominative singular, with their gender, by stem.
_RU_NOMINATIVE: dict[str, tuple[str, str]] = {
    "агентств": ("агентство", "n"), "компани": ("компания", "f"), "фирм": ("фирма", "f"),
    "центр": ("центр", "m"), "посредник": ("посредник", "m"), "колледж": ("колледж", "m"),
    "школ": ("школа", "f"), "офис": ("офис", "m"), "предприяти": ("предприятие", "n"),
    "организаци": ("организация", "f"), "лесхоз": ("лесхоз", "m"), "завод": ("завод", "m"),
    "комбинат": ("комбинат", "m"), "подрядчик": ("подрядчик", "m"),
    "кооператив": ("кооператив", "m"), "техникум": ("техникум", "m"),
    "училищ": ("училище", "n"),
}  # fmt: skip
_RU_ADJECTIVE_ENDINGS = ("ого", "его", "ому", "ему", "ыми", "ими", "ым", "им", "ой", "ей", "ую",
                         "юю", "ая", "яя", "ое", "ее", "ом", "ем", "ый", "ий", "ых", "их", "ые",
                         "ие")  # fmt: skip
_RU_KIND_CATEGORIES: dict[str, tuple[str, str]] = {
    "агентств": ("company", "recruitment_agency"),
    "посредник": ("company", "recruitment_agency"),
    "компани": ("company", "employer"),
    "фирм": ("company", "employer"),
    "центр": ("organization", "student_visa_intermediary"),
    "колледж": ("organization", "student_visa_intermediary"),
    "школ": ("organization", "student_visa_intermediary"),
    "офис": ("public_body", "state_bureau"),
    "предприяти": ("company", "employer"),
    "организаци": ("company", "employer"),
    "лесхоз": ("company", "employer"),
    "завод": ("company", "employer"),
    "комбинат": ("company", "employer"),
    "подрядчик": ("company", "employer"),
    "кооператив": ("company", "employer"),
    "сельхоз": ("company", "employer"),
    # "студентами одного из техникумов Геническа": where student visas come from.
    "техникум": ("organization", "student_visa_intermediary"),
    "училищ": ("organization", "student_visa_intermediary"),
}


def unnamed_candidates(work: str, ctx: Context) -> Iterator[Candidate]:
    """Described, unnamed bodies in one sentence of an article about labour."""
    sentence_words = {t.lower for t in ctx.tokens}
    on_topic = is_about_labour(sentence_words | ctx.paragraph_words)
    taken: list[tuple[int, int]] = []
    in_labour_article = is_about_labour(ctx.document_words)
    patterns = ((_GOVERNMENT, on_topic or in_labour_article),
                (_QUALIFIED, on_topic), (_ENROLLED, on_topic),
                (_PLACED, on_topic or is_about_labour(ctx.document_words)),
                # A Russian article's paragraph may be one sentence with no labour word in
                # it ("Кадровое агентство в X, которое ищет отделочников, ..."): the article
                # sets the topic, as for "a firm in X that ..." in English.
                (_RU_PLACED, on_topic or in_labour_article), (_RU_PARTITIVE, on_topic),
                (_RU_QUALIFIED, on_topic),
                (_PARTITIVE, on_topic or is_about_labour(ctx.document_words)),
                (_LOCAL_QUALIFIED, on_topic))  # fmt: skip
    for pattern, allowed in patterns:
        if not allowed:
            continue
        # A Russian kind noun may open the sentence: "Фирма в X, которая ...".
        russian = pattern in (_RU_PLACED, _RU_PARTITIVE, _RU_QUALIFIED)
        for match in pattern.finditer(work[:1].lower() + work[1:] if russian else work):
            start, end = match.span("label")
            if any(start < b and a < end for a, b in taken) or _in_apposition(work, match.start()):
                continue
            if (
                pattern in (_RU_PLACED, _RU_QUALIFIED)
                and match.group("kind").casefold().startswith(_RU_SCHOOL_STEMS)
                and _NAMED_BY_ADJECTIVE.search(work[: match.start("label")])
            ):
                continue  # "Вязовского политехнического колледжа в X": named, not described
            if pattern is _GOVERNMENT and (
                _QUOTED_AFTER.match(work[match.end() :])
                or work[: match.start()].casefold().rstrip().endswith("according to")
            ):
                continue  # "the regional labour ministry said": quoted, not acting
            kind = (match.group("kind") or match.group("kind2")).casefold()
            if (
                pattern is _PLACED
                and kind in _EDUCATION_KINDS
                and not sentence_words & _EDUCATION_WORDS
            ):
                continue
            taken.append((start, end))
            # The label as written (a Russian pattern matched a copy with its first letter
            # in lower case; the offsets are the same).
            label = " ".join(work[start:end].replace('"', "").split()).rstrip(",.;:")
            if pattern in (_RU_PLACED, _RU_PARTITIVE, _RU_QUALIFIED):
                label = _russian_nominative(label, match.group("kind"))
            schema, category = _categories(kind)
            if "construction" in label.casefold() and pattern is not _GOVERNMENT:
                category = "employer"
            elif pattern is not _GOVERNMENT and set(label.casefold().split()) & _MOVING_WORDS:
                category = "transport"  # "a Moscow transport firm", "a Taganrog coach operator"
            yield Candidate(
                name=None,
                schema=schema,
                category=category,
                label=label,
                evidence=[Evidence(ctx.document, ctx.sentence, "described, not named")],
            )


def _russian_nominative(label: str, kind: str) -> str:
    """The kind noun and the adjectives before it in the nominative singular, the rest as
    written: "посреднической фирмой из Владивостока" -> "посредническая фирма из ...";
    "строительных компаний Хабаровска" -> "строительная компания Хабаровска"."""
    words = label.split()
    at = next((i for i, w in enumerate(words) if w == kind), None)
    if at is None:
        return label
    parts = [_russian_noun(part) for part in kind.split("-")]
    nouns = [p for p in parts if p is not None]
    if not nouns or len(nouns) != len(parts):
        return label
    gender = nouns[0][1]
    noun = "-".join(n for n, _ in nouns)
    adjectives = [russian_adjective(w, gender) for w in words[:at]]
    return " ".join([*adjectives, noun, *words[at + 1 :]])


def _russian_noun(word: str) -> tuple[str, str] | None:
    """'компаний' -> ('компания', 'f'); 'сельхозпредприятий' -> ('сельхозпредприятие', 'n')."""
    word = word.casefold()
    prefix = next((p for p in ("сельхоз", "агро") if word.startswith(p)), "")
    rest = word[len(prefix) :]
    for stem, (nominative, gender) in _RU_NOMINATIVE.items():
        if rest.startswith(stem):
            return prefix + nominative, gender
    return None


def russian_adjective(word: str, gender: str) -> str:
    """An adjective in any case or number, in the nominative singular of ``gender``."""
    ending = next((e for e in _RU_ADJECTIVE_ENDINGS if word.endswith(e)), None)
    if ending is None or len(word) - len(ending) < 2:
        return word
    if gender == "m" and ending in ("ый", "ий", "ой"):
        return word  # already the masculine nominative ("местный", "городской")
    stem = word[: -len(ending)]
    hushing = stem.endswith(("ж", "ш", "щ", "ч"))
    velar = stem.endswith(("к", "г", "х"))
    soft = ending[0] in "еиюя" and not (hushing or velar)
    if gender == "f":
        return stem + ("яя" if soft else "ая")
    if gender == "n":
        return stem + ("ее" if soft or hushing else "ое")
    return stem + ("ий" if soft or hushing or velar else "ый")


def _categories(kind: str) -> tuple[str, str]:
    kind = kind.casefold()
    # "firms", "companies", "intermediaries": the plural of "one of the ..." as its singular.
    singular = re.sub(r"ies$", "y", kind) if kind.endswith("ies") else kind.removesuffix("s")
    for word in (kind, singular):
        if word in _KIND_CATEGORIES:
            return _KIND_CATEGORIES[word]
    for stem, categories in _RU_KIND_CATEGORIES.items():
        if kind.removeprefix("агро").startswith(stem):
            return categories
    return "organization", "employer"


# Trades in a described body's label that make it a carrier of the workers.
_MOVING_WORDS = frozenset({"transport", "logistics", "haulage", "trucking", "bus", "coach",
                           "freight", "shipping", "charter", "forwarder", "haulier", "hauler",
                           "carrier"})  # fmt: skip


# A sentence opening with where it happens: "In Nakhodka,", "At Vanino port,".
_OPENING_PLACE = re.compile(r"^\s*(?:In|At|Near)\s+(?:the\s+)?[A-Z][\w-]*(?:\s+[\w-]+){0,2},$")


def _in_apposition(work: str, start: int) -> bool:
    """'Acme Corporation, a North Korean company that ...': the description of a name."""
    before = work[:start].rstrip()
    if not before.endswith(","):
        return False
    if _OPENING_PLACE.match(before):
        return False  # "In Nakhodka, one of the largest firms ... employs": no apposition
    words = before[:-1].split()
    return bool(words) and words[-1][:1].isupper()
