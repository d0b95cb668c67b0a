"""Filters for what is never an entry: sources, outlets, non-actors and transit points."""

from __future__ import annotations

from watchlists.curation.extract.candidates import normalize
from watchlists.curation.extract.sentences import Token
from watchlists.curation.extract.spans import Span
from watchlists.curation.extract.vocabulary import (
    CONNECTORS,
    NON_ACTOR_WORDS,
    REPORTING_VERBS,
    SOURCE_BEFORE,
    SUPRANATIONAL,
    TRAVEL_WORDS,
)


def is_transit(tokens: list[Token], span: Span) -> bool:
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


def is_non_actor(after: list[str]) -> bool:
    return bool(after) and after[0] == "," and bool(set(after[1:]) & NON_ACTOR_WORDS)


def is_quoted_source(tokens: list[Token], span: Span) -> bool:
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


def is_supranational(words: list[str]) -> bool:
    joined = normalize(" ".join(words))
    return any(joined == s or joined.startswith(f"{s} ") for s in SUPRANATIONAL)
