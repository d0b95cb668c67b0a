"""Run the extractor over documents and merge what it finds."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from watchlists.curation.extract.candidates import Candidate, Evidence
from watchlists.curation.extract.classify import classify_span
from watchlists.curation.extract.filters import is_byline, is_source_name
from watchlists.curation.extract.organisations import is_org_shaped
from watchlists.curation.extract.russian import russian_bodies
from watchlists.curation.extract.sentences import (
    Context,
    plain_punctuation,
    split_paragraphs,
    tokenize,
)
from watchlists.curation.extract.spans import capitalised_spans, split_at_connectors
from watchlists.curation.extract.unnamed import unnamed_candidates


def extract_candidates(text: str, document: str) -> list[Candidate]:
    """Propose candidate entries (organisations, people, places) found in ``text``.

    Each candidate carries the sentence it was found in; candidates seen more
    than once in the document are merged, keeping every sentence as evidence.
    """
    found: dict[str, Candidate] = {}
    short_refs: list[tuple[str, Context]] = []
    paragraphs = []
    for paragraph in split_paragraphs(text):
        works = [plain_punctuation(sentence) for sentence in paragraph]
        paragraphs.append((paragraph, works, [tokenize(work) for work in works]))
    whole = frozenset(t.lower for _, _, tokens in paragraphs for ts in tokens for t in ts)
    for paragraph, works, sentence_tokens in paragraphs:
        topic = frozenset(t.lower for tokens in sentence_tokens for t in tokens)
        for sentence, work, tokens in zip(paragraph, works, sentence_tokens, strict=True):
            if is_byline(tokens):
                continue
            ctx = Context(document, sentence, work, tokens, topic, whole)
            for span in capitalised_spans(ctx.tokens):
                candidates = classify_span(span, ctx)
                # A connector may have joined two names ("Sakhalin Island for Ostrovstroy");
                # an organisation's own "of"/"for" ("Institute for ...") is left alone.
                # A source's own name is not split either ("World Institute | for ... Studies").
                if not candidates and not is_org_shaped(span.words) and not is_source_name(span):
                    for part in split_at_connectors(span, ctx.tokens):
                        candidates += classify_span(part, ctx)
                for candidate in candidates:
                    _merge(found, candidate)
                if len(span.tokens) == 1:
                    short_refs.append((span.tokens[0].text, ctx))
            for candidate in unnamed_candidates(work, ctx):
                _merge(found, candidate)
            for candidate in russian_bodies(work, ctx):
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
    found: dict[str, Candidate], short_refs: list[tuple[str, Context]]
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
