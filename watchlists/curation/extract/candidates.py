"""What the extractor proposes: a candidate entry and the evidence for it."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from watchlists.curation.extract.vocabulary import PLACE_SUFFIXES


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


def unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))
