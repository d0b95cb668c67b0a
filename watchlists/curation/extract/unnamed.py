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
    r"subcontractor|supplier|processor|mine|farm|workshop"
)
# A qualified kind noun ("a Tver-based construction firm").
_QUALIFIED = re.compile(
    r"\b(?i:a|an|the|another)\s+"
    r"(?P<label>(?:[a-z]+-(?:owned|run|controlled|linked|backed)\s+)?"
    r"(?:affiliated\s+|[A-Z][\w-]*-based\s+|Russian\s+|North\s+Korean\s+"
    r"|[a-z]+-(?:owned|run|controlled|linked|backed)\s+)"
    r"\"?(?:construction\s+|recruitment\s+|staffing\s+|education\s+|training\s+|logistics\s+"
    r"|trading\s+|labou?r\s+|fishing\s+|timber\s+|logging\s+|farming\s+)?"
    rf"(?P<kind>{_KINDS})\b\"?)"
)
# An indefinite kind noun placed by a phrase after it.
_PLACED = re.compile(
    r"\b(?i:a|an|another)\s+"
    rf"(?P<label>(?:[A-Za-z][\w-]*\s+){{0,3}}?(?P<kind>{_KINDS})"
    r"(?:\s+(?:(?:based|registered|headquartered)\s+in\s+(?:the\s+)?[A-Z][\w-]*"
    r"|from\s+(?:the\s+)?[A-Z][\w-]*"
    r"|in\s+(?:the\s+)?[A-Z][\w-]*(?:\s+(?:of\s+)?[A-Z][\w-]*)*"
    r"|under\s+the\s+[A-Z][\w']*(?:\s+(?:of\s+|for\s+|and\s+)?[A-Z][\w']*)*"
    r")|(?=,?\s+(?:that|which|whose)\s))"
    # "... that sends workers abroad": the clause, up to the main clause's verb (a past
    # tense or a common present one: "... abroad opened an office").
    r"(?:,?\s*(?:that|which|whose)\s+[a-z]+(?:\s+(?!(?:and|but|while|as|said|told|has|have|had|will|"
    r"would|is|are|was|were|also|for|on|to|in|at|with|by|employs|hires|uses|pays|houses|"
    r"supplies|runs|opens|says)\b)(?![a-z]+ed\b)[a-z][\w'-]*){0,3})?)"
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
_RU_PLACED = re.compile(
    r"(?P<label>(?:[А-ЯЁа-яё][а-яё]+(?:ое|ая|ый|ий|ого|ой|ом|ую|ых)\s+)?"
    r"(?P<kind>агентств[а-яё]*|компани[а-яё]*|фирм[а-яё]*|центр[а-яё]*|посредник[а-яё]*|"
    r"колледж[а-яё]*|школ[а-яё]*|офис[а-яё]*)\s+(?:в|во|из)\s+[А-ЯЁ][а-яё-]+)"
)
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
}
_RU_KIND_CATEGORIES: dict[str, tuple[str, str]] = {
    "агентств": ("company", "recruitment_agency"),
    "посредник": ("company", "recruitment_agency"),
    "компани": ("company", "employer"),
    "фирм": ("company", "employer"),
    "центр": ("organization", "student_visa_intermediary"),
    "колледж": ("organization", "student_visa_intermediary"),
    "школ": ("organization", "student_visa_intermediary"),
    "офис": ("public_body", "state_bureau"),
}


def unnamed_candidates(work: str, ctx: Context) -> Iterator[Candidate]:
    """Described, unnamed bodies in one sentence of an article about labour."""
    sentence_words = {t.lower for t in ctx.tokens}
    on_topic = is_about_labour(sentence_words | ctx.paragraph_words)
    taken: list[tuple[int, int]] = []
    patterns = ((_QUALIFIED, on_topic), (_ENROLLED, on_topic),
                (_PLACED, on_topic or is_about_labour(ctx.document_words)),
                (_RU_PLACED, on_topic))  # fmt: skip
    for pattern, allowed in patterns:
        if not allowed:
            continue
        for match in pattern.finditer(work):
            start, end = match.span("label")
            if any(start < b and a < end for a, b in taken) or _in_apposition(work, match.start()):
                continue
            kind = match.group("kind").casefold()
            if (
                pattern is _PLACED
                and kind in _EDUCATION_KINDS
                and not sentence_words & _EDUCATION_WORDS
            ):
                continue
            taken.append((start, end))
            label = " ".join(match.group("label").replace('"', "").split()).rstrip(",.;:")
            schema, category = _categories(match.group("kind"))
            if "construction" in label.casefold():
                category = "employer"
            yield Candidate(
                name=None,
                schema=schema,
                category=category,
                label=label,
                evidence=[Evidence(ctx.document, ctx.sentence, "described, not named")],
            )


def _categories(kind: str) -> tuple[str, str]:
    kind = kind.casefold()
    if kind in _KIND_CATEGORIES:
        return _KIND_CATEGORIES[kind]
    for stem, categories in _RU_KIND_CATEGORIES.items():
        if kind.startswith(stem):
            return categories
    return "organization", "employer"


def _in_apposition(work: str, start: int) -> bool:
    """'Acme Corporation, a North Korean company that ...': the description of a name."""
    before = work[:start].rstrip()
    if not before.endswith(","):
        return False
    words = before[:-1].split()
    return bool(words) and words[-1][:1].isupper()
