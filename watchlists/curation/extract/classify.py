"""Classify a capitalised span as an organisation, a place or a person, or nothing."""

from __future__ import annotations

import re

from watchlists.curation.extract.candidates import Candidate, Evidence, unique
from watchlists.curation.extract.filters import (
    is_non_actor,
    is_quoted_source,
    is_supranational,
    is_transit,
)
from watchlists.curation.extract.sentences import Context, Token
from watchlists.curation.extract.spans import Span
from watchlists.curation.extract.vocabulary import (
    APPOSITION_ORG_NOUNS,
    CAP_STOP,
    CAPITAL_METONYMS,
    CATEGORY_HINTS,
    CONNECTORS,
    COUNTRY_WORDS,
    GAZETTEER,
    IN_CHARGE_PHRASES,
    LABOUR_WORDS,
    MEDIA_WORDS,
    MONTHS,
    ORG_HEADS,
    PLACE_SUFFIXES,
    ROLE_VERBS,
    TITLES,
)


def classify_span(span: Span, ctx: Context) -> list[Candidate]:
    tokens = list(span.tokens)
    # Leading function words ("The", "In", "Since") are not part of a name.
    while tokens and (tokens[0].lower in CAP_STOP or tokens[0].lower in MONTHS):
        tokens.pop(0)
    if not tokens:
        return []
    words = [t.lower for t in tokens]
    phrase = " ".join(words)
    if phrase in COUNTRY_WORDS or is_supranational(words):
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
        if is_quoted_source(ctx.tokens, span):
            return []
        if category == "state_bureau" and countries and "kp" not in countries:
            category = "government_body"
        return [
            Candidate(
                name=name,
                schema=schema,
                category=category,
                countries=unique(countries),
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


def _strip_country_prefix(tokens: list[Token]) -> tuple[list[Token], list[str]]:
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


def _organisation(tokens: list[Token], ctx: Context, span: Span) -> tuple[str, str, str] | None:
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


def _apposition_org(tokens: list[Token], ctx: Context, span: Span) -> tuple[str, str, str] | None:
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


def _place(tokens: list[Token], ctx: Context, span: Span) -> Candidate | None:
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
    if is_transit(ctx.tokens, span):
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


def _gazetteer_name(tokens: list[Token]) -> tuple[list[Token], str] | None:
    """The longest gazetteer entry that the span is, or ends with."""
    for start in range(len(tokens)):
        key = " ".join(t.lower for t in tokens[start:])
        if key in GAZETTEER:
            return tokens[start:], GAZETTEER[key]
    return None


def _looks_like_person(tokens: list[Token]) -> bool:
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


def _person(name: str, category: str, countries: list[str], ctx: Context, rule: str) -> Candidate:
    return Candidate(
        name=name,
        schema="person",
        category=category,
        countries=unique(countries),
        evidence=[Evidence(ctx.document, ctx.sentence, rule)],
    )


def _person_by_context(
    tokens: list[Token], ctx: Context, span: Span, countries: list[str]
) -> Candidate | None:
    words = [t.lower for t in ctx.tokens]
    before = words[max(0, span.first - 5) : span.first]
    text_before = " ".join(before)
    after = words[span.last + 1 : span.last + 9]
    if is_non_actor(after):
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


def _acronym_after(tokens: list[Token], last: int) -> list[str]:
    """'Acme Staffing Center (ASC)' gives the alias 'ASC'."""
    if last + 3 < len(tokens) and tokens[last + 1].text == "(" and tokens[last + 3].text == ")":
        acronym = tokens[last + 2].text
        if acronym.isupper() and 2 <= len(acronym) <= 8:
            return [acronym]
    return []


def _countries_before(tokens: list[Token], first: int) -> list[str]:
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
    return unique(codes)
