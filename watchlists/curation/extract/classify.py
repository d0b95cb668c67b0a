"""Classify a capitalised span: an organisation, a place, a person, or nothing.

The filters run first (outlets, sources, authors' employers, authorities), then
``organisations``, ``places`` and ``people`` are asked in that order.
"""

from __future__ import annotations

from watchlists.curation.extract.candidates import Candidate, Evidence, unique
from watchlists.curation.extract.filters import (
    acts_as_authority,
    acts_as_enforcer,
    an_advisers_firm,
    an_authors_body,
    an_experts_body,
    broke_the_story,
    describes_a_source,
    employs_a_speaker,
    helps_the_work,
    holds_a_sanctioning_rank,
    institution_hints,
    is_a_partnership,
    is_affiliation,
    is_an_unqualified_un_body,
    is_outlet,
    is_quoted_source,
    is_russian_source,
    is_source_apposition,
    is_source_body,
    is_supranational,
    joins_the_action,
    keeps_a_list,
    names_a_cited_body,
    of_a_bystander_trade,
    organises_an_event,
    serves_from_outside,
    settles_as_regulator,
    speaks_for_an_authority,
)
from watchlists.curation.extract.organisations import (
    PLACED_WORKPLACE,
    is_org_shaped,
    opens_with_a_kind_noun,
    organisation,
)
from watchlists.curation.extract.people import looks_like_person, person, person_by_context
from watchlists.curation.extract.places import countries_before, countries_in, place
from watchlists.curation.extract.sentences import Context, Token
from watchlists.curation.extract.spans import Span, number_start
from watchlists.curation.extract.vocabulary import (
    CAP_STOP,
    COUNTRY_WORDS,
    EXPERT_HONORIFICS,
    GAZETTEER,
    KOREAN_SURNAMES,
    KOREAN_SURNAMES_RU,
    MONTHS,
    NON_ACTOR_WORDS,
    ORG_HEADS,
    RU_REPUBLIC_NOUNS,
    RU_TITLES,
    TITLES,
    TRADE_HEADS,
)

# Courtesy titles before a name that say nothing of the person's post.
_COURTESY_TITLES = frozenset({"mr", "mrs", "ms", "miss", "mister"})


def classify_span(span: Span, ctx: Context) -> list[Candidate]:
    """The candidates a span stands for (none, or one)."""
    tokens = list(span.tokens)
    # Leading function words ("The", "In", "Since") are not part of a name, nor is a
    # Russian title at the start of a sentence ("Губернатор | Приморского края").
    while tokens and (
        tokens[0].lower in CAP_STOP or tokens[0].lower in MONTHS or tokens[0].lower in RU_TITLES
    ):
        if _a_korean_surname_mid_sentence(tokens, span):
            break  # "руководит Со Кван Иль": a capital "Со" mid-sentence is no preposition
        tokens.pop(0)
    if not tokens:
        return []
    if (
        span.first == 0
        and tokens[0] is span.tokens[0]
        and opens_with_a_kind_noun(ctx.tokens, span.last)
    ):
        # "Builder X is repairing ...": the kind noun introduces the name, no part of it.
        tokens = tokens[1:]
        span = _narrowed(tokens, span, ctx)
    if (
        len(tokens) > 2
        and tokens[0].lower.rstrip(".") in _COURTESY_TITLES
        and looks_like_person(tokens[1:])
    ):
        # "a Mr Pak Chol-su": the courtesy title is no part of the name.
        tokens = tokens[1:]
        span = _narrowed(tokens, span, ctx)
    words = [t.lower for t in tokens]
    if (words[0] in NON_ACTOR_WORDS or words[0] in EXPERT_HONORIFICS) and looks_like_person(
        tokens[1:]
    ):
        return []  # "Analyst Ko Chol Man said", "Prof Kim Chol ...": a source or a victim
    if an_experts_body(ctx.tokens, span) and not institution_hints(words):
        return []  # the "Chatham House" of "Dr Helen Marsh of Chatham House said"
    phrase = " ".join(words)
    if (
        phrase in COUNTRY_WORDS
        or is_supranational(words)
        or is_an_unqualified_un_body(ctx.tokens, span, words)
    ):
        return []
    if is_source_body(words) and not is_outlet([t.lower for t in span.tokens]):
        # "Prosecutor of the Venn Republic", "Labour Inspectorate of Venn Oblast": a body
        # that acts on the network is none, but the territory it serves is where it acts.
        return _territory_of(tokens, span, ctx)
    if is_outlet([t.lower for t in span.tokens]) or is_a_partnership(words):
        return []
    countries = countries_before(ctx.tokens, span.first)

    # "Director General of the X Bureau", "Deputy Head of the X Department of the Ministry of
    # Y": a post whose title embeds the body; the body is the name, not the post.
    of_at = _after_a_leading_title(words)
    if of_at is not None:
        embedded = _body_of_a_post(tokens[of_at + 1 :], span, ctx)
        if embedded is not None:
            return embedded

    # A title inside the span ("Russian President Ivan Ivanov") splits it,
    # unless the span is itself an organisation ("Office of the President").
    title_at = max((i for i, w in enumerate(words) if w in TITLES), default=-1)
    if title_at >= 0 and not is_org_shaped(words) and not _a_numbered_body(words):
        rest = tokens[title_at + 1 :]
        if rest and rest[0].lower == "of":
            # "Minister of External Economic Relations Yun Jong Ho": the name ends the span.
            rest = _name_after_a_body(rest)
        if not looks_like_person(rest) or speaks_for_an_authority(words[:title_at]):
            return []
        if holds_a_sanctioning_rank(words[: title_at + 1]):
            return []  # "said Acting Under Secretary X": the designating government
        if ctx.authority_speaks and _a_quoted_bare_rank(words[:title_at], ctx.tokens, span):
            return []  # '"...," said Deputy Director X' in a designation: its official
        if names_a_cited_body(words[:title_at], ctx.cited_bodies):
            return []  # "OSI Director X" where "according to OSI": a spokesperson
        rule = f"title '{tokens[title_at].text}'"
        codes = countries + countries_in(words[:title_at])
        return [person(ctx.text(rest), TITLES[words[title_at]], codes, ctx, rule)]

    # "Mark Ellery of the Bramley Center": a person and where they work, not one name.
    affiliated = _person_of_a_body(tokens, span, ctx)
    if affiliated is not None:
        found = classify_span(affiliated, ctx)
        # "managed by X of Y LLC", "supervised by X of the Y Company": the person is
        # proposed too when the words before the span show them acting (a cue is needed,
        # as for any name); the body's own kind decides nothing about the person.
        if found and all(c.schema != "person" for c in found):
            first_of = next(k for k, t in enumerate(tokens) if t.lower == "of")
            who = _narrowed(tokens[:first_of], span, ctx)
            who = Span(who.tokens, who.first, who.first + len(who.tokens) - 1)
            officer = person_by_context(who.tokens, ctx, who, countries)
            if officer is not None:
                found.append(officer)
        return found

    tokens, prefix_codes = _strip_country_prefix(tokens)
    countries += prefix_codes
    if not tokens or (len(tokens) == 1 and prefix_codes and tokens[0].lower in ORG_HEADS):
        return []  # "the Russian Army": a country's head word alone names no body
    name = ctx.text(tokens)

    org = organisation(tokens, ctx, span)
    if org is not None:
        schema, category, rule = org
        if rule.startswith(PLACED_WORKPLACE):
            # "the Pyongyang Lotus restaurant": the place is part of the workplace's name.
            name = ctx.text([t for t in span.tokens if t.lower not in CAP_STOP])
        if (
            is_quoted_source(ctx.tokens, span)
            or (is_affiliation(ctx.tokens, span) and not _a_korean_trading_firm(words))
            or acts_as_authority(ctx.tokens, span)
            or is_russian_source(ctx.tokens, span)
            or is_source_apposition(ctx.tokens, span)
            or employs_a_speaker(ctx.tokens, span, words)
            or broke_the_story(ctx.tokens, span)
            or organises_an_event(ctx.tokens, span)
            or an_authors_body(ctx.tokens, span)
            or an_advisers_firm(ctx.tokens, span)
            or keeps_a_list(ctx.tokens, span)
            or serves_from_outside(ctx.tokens, span)
            or joins_the_action(ctx.tokens, span)
            or helps_the_work(ctx.tokens, span)
            or of_a_bystander_trade(ctx.tokens, span)
        ):
            return []
        # "The X Police raided a dormitory": police, prosecutors and courts act
        # on the network; a North Korean body that detains its own workers is part of it.
        if acts_as_enforcer(ctx.tokens, span) and "kp" not in countries:
            return []
        if (
            schema == "public_body"
            and "kp" not in countries
            and settles_as_regulator(ctx.tokens, span)
        ):
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

    found = place(tokens, ctx, span)
    if found is not None:
        # "министр ... Республики Бурятия Иван Петров": the republic, then the minister.
        if tokens[0].lower in RU_REPUBLIC_NOUNS and len(tokens) >= 4:
            rest = _russian_full_name(tokens[2:])
            if looks_like_person(rest):
                official = person_by_context(rest, ctx, _narrowed(rest, span, ctx), countries)
                return [found] + ([official] if official is not None else [])
        return [found]

    if _a_career_stop(ctx.tokens, span.first):
        return []  # "X, formerly of Venn Re, now ...": where a person works or worked
    tokens = _russian_full_name(tokens)
    if looks_like_person(tokens):
        found = person_by_context(tokens, ctx, span, countries)
        if found is None and tokens[0] is not span.tokens[0]:
            # "Вице-мэр Якутска Иван Петров": the name is the end of the span; its title
            # and the place it serves stand before it.
            found = person_by_context(tokens, ctx, _narrowed(tokens, span, ctx), countries)
        if found is not None:
            return [found]
    return []


# Adverbs that date a person's employer: "formerly of X", "previously with X", "now at X".
_CAREER_ADVERBS = frozenset({"formerly", "previously", "now", "once", "recently", "currently",
                             "ex"})  # fmt: skip


def _territory_of(tokens: list[Token], span: Span, ctx: Context) -> list[Candidate]:
    """The region a body's name ends with after "of" or "for" ("Prosecutor's Office of
    the Venn Republic"), as a place of its own; nothing if there is none."""
    for k in range(len(tokens) - 2, 0, -1):
        if tokens[k].lower not in ("of", "for"):
            continue
        tail = tokens[k + 1 :]
        while tail and tail[0].lower == "the":
            tail = tail[1:]
        if not tail or any(t.lower in ORG_HEADS for t in tail):
            return []
        found = place(tail, ctx, _narrowed(tail, span, ctx))
        return [found] if found is not None and found.category == "region" else []
    return []


def _a_quoted_bare_rank(before_title: list[str], tokens: list[Token], span: Span) -> bool:
    """'"...," said Deputy Director X', 'Director X said: "..."': a rank with no body
    named, quoted in a sentence with a quotation. In an authority's document that is the
    authority's own official; an actor's officer is given with the actor ("its director")."""
    if not all(w in _RANK_MODIFIERS for w in before_title):
        return False
    if not any(t.text in ('"', "«", "»", "“", "”") for t in tokens):
        return False
    before = tokens[span.first - 1].lower if span.first > 0 else ""
    after = tokens[span.last + 1].lower if span.last + 1 < len(tokens) else ""
    return before in _QUOTE_VERBS or after in _QUOTE_VERBS


_RANK_MODIFIERS = frozenset({"deputy", "acting", "assistant", "senior", "associate", "first",
                             "principal", "chief", "executive", "interim"})  # fmt: skip
_QUOTE_VERBS = frozenset({"said", "says", "added", "stated", "noted", "warned", "explained",
                          "commented", "remarked"})  # fmt: skip


def _a_korean_surname_mid_sentence(tokens: list[Token], span: Span) -> bool:
    """The span opens, past the sentence's first word, with a Korean surname that is also a
    function word ("Со", "An") and goes on with a two-part given name: "Со Кван Иль"."""
    return (
        span.first > 0
        and tokens[0] is span.tokens[0]
        and tokens[0].lower in KOREAN_SURNAMES | KOREAN_SURNAMES_RU
        and len(tokens) == 3
        and all(t.text[:1].isupper() and t.text[1:].islower() and len(t.text) <= 5 for t in tokens)
    )


def _a_korean_trading_firm(words: list[str]) -> bool:
    """'Korea X Trading Company', 'Korea X General Corporation': the North's firms are named
    so; a worker who says he "worked for" one names his employer, not a source's."""
    return (
        len(words) >= 3
        and words[0] == "korea"
        and (words[-1] in TRADE_HEADS or ORG_HEADS.get(words[-1], ("",))[0] == "company")
    )


def _a_numbered_body(words: list[str]) -> bool:
    """'General Bureau No. 318', 'General Bureau No. 604 for Overseas Labour': a head
    and its number, whatever title-like word opens the name ("General") or what it is
    for; the number tells one of several bodies apart, and a person has none."""
    for end in range(len(words), 1, -1):
        cut = number_start(words[:end])
        if cut is not None and is_org_shaped(words[:cut]):
            return True
    return False


def _a_career_stop(tokens: list[Token], first: int) -> bool:
    """'formerly of X', 'previously with the X', 'now at X', 'until recently at X': the name
    at ``first`` is where someone works or worked, a body, never a person, whatever title
    its apposition gives ("X, formerly of Venn Re, now Senior Director, ..." is no
    director named Venn Re)."""
    j = first - 1
    while j >= 0 and tokens[j].lower in ("the", "'s"):
        j -= 1
    return (
        j >= 1
        and tokens[j].lower in ("of", "at", "with", "for")
        and tokens[j - 1].lower in _CAREER_ADVERBS
    )


# Words that qualify a title in a post's name: "First Deputy Minister", "Acting Director".
_TITLE_QUALIFIERS = frozenset({"first", "acting", "senior", "vice", "executive", "assistant",
                               "principal"})  # fmt: skip


def _after_a_leading_title(words: list[str]) -> int | None:
    """Where the "of"/"for" after a post's title stands when the span opens with one
    ("Director General of ...", "First Deputy Minister of ..."), else None."""
    k = 0
    while k < len(words) and (words[k] in TITLES or words[k] in _TITLE_QUALIFIERS):
        k += 1
    titled = any(w in TITLES and w != "general" for w in words[:k])
    if not titled or k + 1 >= len(words) or words[k] not in ("of", "for"):
        return None
    return k


def _body_of_a_post(body: list[Token], span: Span, ctx: Context) -> list[Candidate] | None:
    """The body a post's title embeds: "the Korea Bureau of X" after "Director General
    of"; "the Republic of Y" after "Deputy Minister of Construction of". An empty list if
    the body is a source or an authority ("Minister for Foreign Affairs"); None if no body
    is named (the title's holder may follow: "Minister of X Relations Kim Il Su")."""
    while body and body[0].lower == "the":
        body = body[1:]
    if not body:
        return None
    words = [t.lower for t in body]
    if describes_a_source(words) or is_source_body(words):
        return []
    if is_org_shaped(words):
        return classify_span(_narrowed(body, span, ctx), ctx)
    for k, token in enumerate(body[:-1]):
        if token.lower not in ("of", "for"):
            continue
        tail = body[k + 1 :]
        while tail and tail[0].lower == "the":
            tail = tail[1:]
        if tail:
            found = [c for c in classify_span(_narrowed(tail, span, ctx), ctx)
                     if c.schema != "person"]  # fmt: skip
            if found:
                return found
    return None


def _narrowed(tokens: list[Token], span: Span, ctx: Context) -> Span:
    """The part of ``span`` that ``tokens`` (its last words) cover, as a span of its own."""
    first = next(
        (i for i in range(span.first, span.last + 1) if ctx.tokens[i] is tokens[0]), span.first
    )
    return Span(tokens, first, span.last)


def _person_of_a_body(tokens: list[Token], span: Span, ctx: Context) -> Span | None:
    """The body in "<person> of the <body>" ("Mark Ellery of the Bramley Center"), as a
    span of its own; None unless the words before "of" look like a person's name and the
    words after it are shaped like an organisation's."""
    words = [t.lower for t in tokens]
    if "of" not in words:
        return None
    k = words.index("of")
    rest = tokens[k + 1 :]
    while rest and rest[0].lower == "the":
        rest = rest[1:]
    if not rest or not looks_like_person(tokens[:k]) or not is_org_shaped([t.lower for t in rest]):
        return None
    first = next(i for i in range(span.first, span.last + 1) if ctx.tokens[i] is rest[0])
    return Span(rest, first, span.last)


_PATRONYMIC = ("вич", "вна", "ична", "ьич")


def _russian_full_name(tokens: list[Token]) -> list[Token]:
    """A Cyrillic name is a given name and a surname, with a patronymic between them if
    there is one: "Министр труда Приморья Ольга Иванова" keeps "Ольга Иванова"."""
    if len(tokens) < 3 or not all(_is_cyrillic(t.text) for t in tokens):
        return tokens
    if tokens[-3].lower in KOREAN_SURNAMES_RU:  # a Korean name: a surname and two more words
        return tokens[-3:]
    if tokens[-2].lower.endswith(_PATRONYMIC):
        return tokens[-3:]
    if tokens[-1].lower.endswith(_PATRONYMIC):  # surname first: "Петров Иван Сергеевич"
        return tokens[-3:]
    return tokens[-2:]


def _is_cyrillic(word: str) -> bool:
    return any("а" <= c <= "я" or c == "ё" for c in word.casefold())


def _name_after_a_body(tokens: list[Token]) -> list[Token]:
    """The person's name at the end of "of <body> <name>": three words if they start
    with a common Korean surname, otherwise two."""
    if len(tokens) >= 5 and tokens[-3].lower in KOREAN_SURNAMES:
        return tokens[-3:]
    return tokens[-2:] if len(tokens) >= 4 else []


def _strip_country_prefix(tokens: list[Token]) -> tuple[list[Token], list[str]]:
    """Drop leading country words ("North Korean", "Russian-occupied"), keeping their codes.

    A span that is itself a gazetteer name keeps its adjective ("Russian Far East").
    """
    codes: list[str] = []
    while len(tokens) > 1 and " ".join(t.lower for t in tokens) not in GAZETTEER:
        if tokens[1].lower in ("people's", "people", "peoples"):
            # "Ruritanian People's Army", "Ruritanian People's Navy": the nationality
            # belongs to the name.
            if tokens[0].lower in COUNTRY_WORDS:
                codes.append(COUNTRY_WORDS[tokens[0].lower])
            break
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


def _acronym_after(tokens: list[Token], last: int) -> list[str]:
    """'Acme Staffing Center (ASC)' gives the alias 'ASC'."""
    if last + 3 < len(tokens) and tokens[last + 1].text == "(" and tokens[last + 3].text == ")":
        acronym = tokens[last + 2].text
        if acronym.isupper() and 2 <= len(acronym) <= 8:
            return [acronym]
    return []
