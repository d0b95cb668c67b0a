"""Filters for what is never an entry: outlets, authors and their employers, sources,
authorities acting on others, non-actors and transit points."""

from __future__ import annotations

from watchlists.curation.extract.candidates import normalize
from watchlists.curation.extract.sentences import Token
from watchlists.curation.extract.spans import Span
from watchlists.curation.extract.vocabulary import (
    ACADEMIC_WORDS,
    AFFILIATION_ROLES,
    AUTHORITY_ORG_PHRASES,
    AUTHORITY_ORG_WORDS,
    AUTHORITY_VERBS,
    AUTHORITY_WORDS,
    BYLINE_PHRASES,
    BYLINE_STARTS,
    CONNECTORS,
    MEDIA_WORDS,
    NON_ACTOR_WORDS,
    OUTLETS,
    REPORTING_VERBS,
    RU_SOURCE_BEFORE,
    SOURCE_BEFORE,
    SOURCE_ORG_WORDS,
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
            if word in ("'s", "'"):
                # "the Interior Ministry's migration department said"
                k = i
                while k < min(len(tokens), i + 3) and tokens[k].text.isalpha():
                    if tokens[k].lower in REPORTING_VERBS:
                        return True
                    k += 1
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


def is_byline(tokens: list[Token]) -> bool:
    """A byline or a note on the author ("By X", "Reporting by X", "The author is a ...")."""
    words = " ".join(t.lower for t in tokens if t.text not in ",.:;|-")
    # "By Jane Doe" is a byline; "By 2006, ..." is not.
    if len(tokens) > 1 and tokens[0].lower == "by" and tokens[1].text[:1].isupper():
        return len(tokens) <= 12
    return words.startswith(tuple(f"{s} " for s in BYLINE_STARTS)) or any(
        phrase in words for phrase in BYLINE_PHRASES
    )


def is_affiliation(tokens: list[Token], span: Span) -> bool:
    """'a former official at X', 'a fellow at the X', 'previously worked for X': X is where
    a source or an author works or worked, not an actor."""
    j = span.first - 1
    # Step back over a possessor and an article: "at South Korea's X", "at the X".
    while j >= 0 and (
        tokens[j].lower in ("the", "'s", "'") or (tokens[j].capitalised and j < span.first - 1)
    ):
        j -= 1
    if j < 0 or tokens[j].lower not in ("at", "for", "with", "of"):
        return False
    window = {t.lower for t in tokens[max(0, j - 6) : j]}
    if window & AFFILIATION_ROLES:
        return True
    # "the Center for Korean Studies at the Academy of Sciences": where a source sits.
    k = j - 1
    while k >= 0 and (tokens[k].capitalised or tokens[k].lower in CONNECTORS):
        k -= 1
    parent = [t.lower for t in tokens[k + 1 : j]]
    return tokens[j].lower == "at" and bool(parent) and is_source_body(parent)


def is_source_body(words: list[str]) -> bool:
    """Think tanks, watchdogs, NGOs, spy agencies, statistics offices and the bodies that
    sanction or prosecute: quoted or acting on the network, never listed."""
    joined = " ".join(w.replace(".", "") for w in words)
    return bool(set(words) & (SOURCE_ORG_WORDS | AUTHORITY_ORG_WORDS)) or any(
        phrase in joined for phrase in AUTHORITY_ORG_PHRASES
    )


def is_outlet(words: list[str]) -> bool:
    """A news outlet by a media word in its name or by its known name."""
    joined = " ".join(words)
    bare = joined[4:] if joined.startswith("the ") else joined
    return bool(set(words) & MEDIA_WORDS) or joined in OUTLETS or bare in OUTLETS


def acts_as_authority(tokens: list[Token], span: Span) -> bool:
    """'OFAC (today) designated X': the subject of a sanctioning verb is no entry."""
    following = [t.lower for t in tokens[span.last + 1 : span.last + 8]]
    i = 0
    while i < len(following) and following[i] in ("(", ")", "today", "has", "have", "also"):
        i += 1
    # Skip a parenthesised acronym: "Office of Foreign Assets Control (OFAC) today designated".
    if i < len(following) and following[i - 1 : i] == ["("]:
        i += 2
    while i < len(following) and following[i] in (")", "today", "has", "have", "also"):
        i += 1
    return i < len(following) and following[i] in AUTHORITY_VERBS


def is_russian_source(tokens: list[Token], span: Span) -> bool:
    """'сообщает «Коммерсантъ»', 'по данным МВД', 'выяснила «Медуза»'."""
    j = span.first - 1
    while j >= 0 and tokens[j].text in ("«", '"'):
        j -= 1
    before = " ".join(t.lower for t in tokens[max(0, j - 2) : j + 1])
    return any(before.endswith(p) for p in RU_SOURCE_BEFORE)


def speaks_for_an_authority(words: list[str]) -> bool:
    """'Treasury Under Secretary X', 'NIS Director X', 'Reuters editor X': the words
    before a title name a body that investigates, sanctions or reports on the network,
    so the person is quoted, not acting."""
    joined = " ".join(w.replace(".", "") for w in words)
    return (
        any(f" {w} " in f" {joined} " for w in AUTHORITY_WORDS)
        or bool(set(words) & (MEDIA_WORDS | SOURCE_ORG_WORDS))
        or joined in OUTLETS
    )


def is_source_name(span: Span) -> bool:
    """An outlet's, think tank's or authority's whole name."""
    return is_outlet(span.words) or is_source_body(span.words)


def describes_a_source(words: list[str]) -> bool:
    """An apposition placing a person at a think tank, university, outlet, NGO or
    authority ("director of the Institute for Far Eastern Studies"): a source."""
    joined = " ".join(w.replace(".", "") for w in words)
    return (
        bool(set(words) & (SOURCE_ORG_WORDS | MEDIA_WORDS | AUTHORITY_ORG_WORDS | ACADEMIC_WORDS))
        or any(phrase in joined for phrase in AUTHORITY_ORG_PHRASES)
        or any(f" {o} " in f" {joined} " for o in OUTLETS)
    )
