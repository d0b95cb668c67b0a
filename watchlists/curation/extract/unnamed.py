"""Unnamed entities: a body the article describes without naming it."""

from __future__ import annotations

import re
from collections.abc import Iterator

from watchlists.curation.extract.candidates import Candidate, Evidence
from watchlists.curation.extract.sentences import Context
from watchlists.curation.extract.vocabulary import LABOUR_WORDS

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


def unnamed_candidates(work: str, ctx: Context) -> Iterator[Candidate]:
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
