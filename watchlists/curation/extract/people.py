"""Is a span a person acting in the deployments, and in which role?

A name of two to four capitalised words counts as a person only with a cue:
a title before it ("Governor X", "Губернатор ... X"), a title in apposition
("X, director of ..."), a phrase putting them in charge ("run by X") or a verb
of acting right after it ("X said", "X заявил"). Sources, defectors and other
non-actors described in apposition are dropped.
"""

from __future__ import annotations

from watchlists.curation.extract.candidates import Candidate, Evidence, unique
from watchlists.curation.extract.filters import is_non_actor
from watchlists.curation.extract.sentences import Context, Token
from watchlists.curation.extract.spans import Span
from watchlists.curation.extract.vocabulary import (
    CAP_STOP,
    CONNECTORS,
    COUNTRY_WORDS,
    GAZETTEER,
    IN_CHARGE_PHRASES,
    MONTHS,
    NON_ACTOR_WORDS,
    ORG_HEADS,
    ROLE_VERBS,
    RU_ROLE_VERBS,
    RU_TITLES,
    TITLES,
)


def looks_like_person(tokens: list[Token]) -> bool:
    """Two to four capitalised words, none of them a head word, country, month or title."""
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
            or word in RU_TITLES
        ):
            return False
    return True


def person(name: str, category: str, countries: list[str], ctx: Context, rule: str) -> Candidate:
    return Candidate(
        name=name,
        schema="person",
        category=category,
        countries=unique(countries),
        evidence=[Evidence(ctx.document, ctx.sentence, rule)],
    )


def person_by_context(
    tokens: list[Token], ctx: Context, span: Span, countries: list[str]
) -> Candidate | None:
    """A person candidate when a title, apposition, 'run by' or a verb shows them acting."""
    words = [t.lower for t in ctx.tokens]
    before = words[max(0, span.first - 5) : span.first]
    text_before = " ".join(before)
    after = words[span.last + 1 : span.last + 9]
    name = ctx.text(tokens)
    if is_non_actor(after) or (before and before[-1] in NON_ACTOR_WORDS):
        return None
    for phrase in IN_CHARGE_PHRASES:
        if text_before.endswith(phrase) or f"{phrase} " in text_before:
            return person(name, "executive", countries, ctx, f"'{phrase}'")
    # A title just before the name ("leader, Kim Il"; "ambassador to X"; "chief executive, X").
    for word in reversed(before[-3:]):
        if word in TITLES:
            return person(name, TITLES[word], countries, ctx, f"title '{word}'")
        if word not in (",", "to", "the", "of", "executive") and word not in COUNTRY_WORDS:
            break
    # A Russian title may stand before the body it heads: "Губернатор Иркутской области X".
    for i in range(span.first - 1, max(-1, span.first - 5), -1):
        if ctx.tokens[i].lower in RU_TITLES:
            title = ctx.tokens[i].lower
            return person(name, RU_TITLES[title], countries, ctx, f"title '{title}'")
        if not ctx.tokens[i].text.isalpha():
            break
    # A title in apposition ("X, head of ..."; "X, director of ...").
    if after and after[0] == ",":
        for word in after[1:5]:
            if word in TITLES:
                return person(name, TITLES[word], countries, ctx, f"apposition '{word}'")
            if word not in ("a", "an", "the", "then", "deputy") and word not in COUNTRY_WORDS:
                break
    if after and (after[0] in ROLE_VERBS or after[0] in RU_ROLE_VERBS):
        return person(name, "official", countries, ctx, f"role verb '{after[0]}'")
    return None
