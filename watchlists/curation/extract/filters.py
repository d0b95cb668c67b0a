"""Filters for what is never an entry: outlets, authors and their employers, sources,
authorities acting on others, non-actors and transit points."""

from __future__ import annotations

from itertools import pairwise

from watchlists.curation.extract.candidates import normalize
from watchlists.curation.extract.sentences import Token
from watchlists.curation.extract.spans import Span
from watchlists.curation.extract.vocabulary import (
    ACADEMIC_WORDS,
    ACTOR_HINT_WORDS,
    AFFILIATION_ROLES,
    APPOSITION_ORG_NOUNS,
    AUTHORITY_ORG_PHRASES,
    AUTHORITY_ORG_WORDS,
    AUTHORITY_VERBS,
    AUTHORITY_WORDS,
    COMPANY_MORPHEMES,
    CONNECTORS,
    COUNTRY_WORDS,
    ENFORCEMENT_VERBS,
    EXPERT_HONORIFICS,
    IMPOSED_MEASURES,
    INDUSTRY_WORDS,
    INSTITUTION_HEADS,
    LABOUR_WORDS,
    MASTHEAD_WORDS,
    MEDIA_WORDS,
    MONTHS,
    NON_ACTOR_WORDS,
    ORG_HEADS,
    OUTLET_MORPHEMES,
    OUTLETS,
    PARTNERSHIP_WORDS,
    PROFESSIONAL_ROLES,
    REPORT_NOUNS,
    REPORTING_VERBS,
    RESEARCH_TOPIC_WORDS,
    RU_KIND_NOUNS,
    RU_MEDIA_ADJECTIVES,
    RU_MEDIA_NOUNS,
    RU_SOURCE_BEFORE,
    RU_SOURCE_DESCRIPTION_STEMS,
    SANCTIONING_RANKS,
    SOURCE_BEFORE,
    SOURCE_KIND_HEADS,
    SOURCE_KIND_MODIFIERS,
    SOURCE_KIND_NOUNS,
    SOURCE_ORG_WORDS,
    SOURCE_ROLE_NOUNS,
    SUPRANATIONAL,
    SUPRANATIONAL_MEMBERS,
    TITLES,
    TRAVEL_WORDS,
    UN_BODIES,
    WORK_NOUNS,
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


# Words that attribute a whole sentence after its last comma: "..., the source said",
# "..., two sources said", "..., according to a witness".
_ATTRIBUTING_HEADS = frozenset({"source", "sources", "witness", "witnesses", "official",
                                "officials", "person", "people"})  # fmt: skip
_ATTRIBUTING_VERBS = frozenset({"said", "says", "added", "claimed", "told"})


def _attributed_after(words: list[str]) -> bool:
    """'the source said', 'two sources said.': an attribution of the whole sentence (a
    determiner, at most one more word, the head and a verb of saying that ends it), not an
    apposition describing the name before the comma."""
    if len(words) < 3 or words[0] not in ("the", "a", "one", "two", "three", "several"):
        return False
    for k in (1, 2):
        if k + 1 < len(words) and words[k] in _ATTRIBUTING_HEADS:
            if words[k + 1] not in _ATTRIBUTING_VERBS:
                return False
            return words[k + 2 : k + 3] in ([], ["."], [";"])
    return False


def is_non_actor(after: list[str]) -> bool:
    """'X, a defector, ...', 'X, who defected in 2016, ...': an apposition marks a source or
    a victim. A clause that closes an earlier apposition ("the centre's director, X, is a
    former official") says nothing of the kind."""
    if not after or after[0] != ",":
        return False
    k = 1
    while k < len(after) and after[k].endswith("ly") and len(after[k]) > 4:
        k += 1  # "X, openly told residents ...": an adverb, then the clause's own verb
    if k < len(after) and after[k] in _FINITE_VERBS:
        return False
    if _attributed_after(after[1:]):
        return False  # "... a manager named X, the source said": who told it, not who X is
    words = set(after[1:])
    # "X, who appeared as a witness": a part in a trial, which an official may play too.
    for k in range(2, len(after)):
        # "X, arrived and told our reporter": the outlet's own reporter is the object of
        # the clause's verb, not X's apposition ("X, our correspondent, ..." still is).
        if after[k] in NON_ACTOR_WORDS and after[k - 1] in _OUTLET_OWN and k >= 3:
            words.discard(after[k])
        if after[k] in ("witness", "witnesses") and after[k - 1] in ("a", "as"):
            words.discard(after[k])
        # "X, presented a power of attorney": a document, not a lawyer.
        if after[k] in ("attorney", "attorneys") and after[k - 2 : k] == ["power", "of"]:
            words.discard(after[k])
        # "X, who, according to a defector, answers to ...": who tells it, not who X is.
        if _after_according_to(after[:k]):
            words.discard(after[k])
    return bool(words & NON_ACTOR_WORDS)


def _after_according_to(words: list[str]) -> bool:
    """Whether "according to" opens an aside among ``words`` that no comma has closed."""
    for k in range(len(words) - 1, 0, -1):
        if words[k] == ",":
            return False
        if words[k - 1 : k + 1] == ["according", "to"]:
            return True
    return False


# Possessives by which an outlet names its own staff: "our reporter", "this correspondent".
_OUTLET_OWN = frozenset({"our", "this", "my"})
_FINITE_VERBS = frozenset({"is", "was", "has", "had", "will", "would", "did", "does", "said",
                           "says", "told", "could", "can", "declined", "denied"})  # fmt: skip
# Nouns after a possessive that make the possessor a source: "Korea Ledger's source".
_POSSESSED_SOURCE_NOUNS = frozenset(
    {"source", "sources", "correspondent", "correspondents", "reporter", "reporters",
     "editor", "journalist", "journalists", "columnist", "analyst", "analysts", "researcher",
     "researchers", "investigation", "reporting", "photographer", "report", "study", "survey",
     "database", "data", "estimates", "newsletter", "podcast", "bulletin", "statistics",
     "figures", "findings", "assessment", "briefing", "statement", "website", "channel",
     "account", "feed", "panel", "tally", "press", "count", "analysis", "tracker",
     "dataset", "lawyers", "lawyer", "attorneys", "investigators"}
)  # fmt: skip
# Words between a body and a source role after it: "Venn Center senior fellow X".
_ROLE_ADJECTIVES = frozenset({"senior", "visiting", "nonresident", "non-resident", "chief",
                              "lead", "principal", "former", "research", "associate",
                              "adjunct", "staff", "annual", "latest", "new"})  # fmt: skip
# Verbs after a body's name that make it a source of findings: "X documented 20 cases",
# "KOTRA estimates", "X has found".
_RESEARCH_VERBS = frozenset({"documented", "counted", "calculated", "analysed", "analyzed",
                             "estimates", "estimated", "found", "reported", "published",
                             "shows", "showed", "suggests", "suggested", "indicates",
                             "indicated", "examined", "verified", "authenticated", "reviewed",
                             "surveyed", "interviewed", "publishes", "compiles", "compiled",
                             "geolocated", "believes", "assessed", "assesses", "alleges",
                             "alleged", "concluded", "concludes"})  # fmt: skip
# Adverbs between a source and its verb: "X first reported", "X also found".
_SOURCE_ADVERBS = frozenset({"first", "also", "previously", "earlier", "originally", "later",
                             "recently", "separately"})  # fmt: skip
# How far back a source phrase may start: "according to a 2023 report by the X".
_SOURCE_WINDOW = 6


def is_quoted_source(tokens: list[Token], span: Span) -> bool:
    """'according to X', 'told X', 'X reported', 'X (ABC) said', 'a report by X',
    'X, citing sources', 'X analyst Y', "X's source", 'X has documented': X is a source,
    not an actor."""
    # Step back over a possessor: "according to Russia's Statistics Service".
    j = span.first - 1
    if j >= 0 and tokens[j].lower in ("'s", "'"):
        j -= 1
        while j >= 0 and tokens[j].capitalised:
            j -= 1
    if is_cited_before(tokens, j):
        return True
    if _reported_by(tokens, j):
        return True
    i = span.last + 1
    # Skip a parenthesised acronym and a possessed organisation ("X's Office ... reported").
    while i < len(tokens):
        word = tokens[i].lower
        if word == "(":
            close = next((k for k in range(i, len(tokens)) if tokens[k].text == ")"), i)
            i = close + 1
        elif word in CONNECTORS and not _joins_another_name(tokens, i):
            break  # "employed by X and reported to Y": the verb is the subject's, not X's
        elif word in ("'s", "'") or tokens[i].capitalised or word in CONNECTORS:
            i += 1
            if word in ("'s", "'"):
                # "Korea Ledger's source in Ulan-Ude", "the Venn Institute's annual report"
                if any(t.lower in _POSSESSED_SOURCE_NOUNS for t in tokens[i : i + 2]):
                    return True
                # "the Venn Center's 38 North program": an institution's research programme.
                if set(span.words) & INSTITUTION_HEADS and any(
                    t.lower in ("program", "programme", "project", "website", "blog")
                    for t in tokens[i : i + 3]
                ):
                    return True
                # "the Interior Ministry's migration department said"
                k = i
                while k < min(len(tokens), i + 3) and tokens[k].text.isalpha():
                    if tokens[k].lower in REPORTING_VERBS:
                        return True
                    k += 1
        else:
            break
    k = i
    while k < min(len(tokens), i + 2) and tokens[k].lower in _ROLE_ADJECTIVES:
        k += 1
    if k < len(tokens) and tokens[k].lower in SOURCE_ROLE_NOUNS and tokens[k].text.islower():
        return True  # "Halden University researchers", "Dunmore Center senior analyst X"
    if i + 1 < len(tokens) and tokens[i].text == "," and tokens[i + 1].lower == "citing":
        return True  # "X, citing sources inside the country"
    if _describes_its_reporting(tokens, i) and not set(span.words) & ACTOR_HINT_WORDS:
        return True
    if _describes_its_reporting(tokens, i, _WATCHING):
        return True  # "X Labour Bureau, which monitors recruitment": a monitor, named or not
    if _checks_claims(tokens, i):
        return True  # "X could not independently verify the claims": only an outlet does
    if _closes_an_apposition(tokens, span, i) and tokens[i + 1].lower in _STUDYING_VERBS:
        return True  # "Our partner, the X, interviewed six workers": only a source studies
    while i < len(tokens) and tokens[i].lower in _SOURCE_ADVERBS:
        i += 1  # "X first reported the deployment"
    if i < len(tokens) and tokens[i].lower in ("has", "have", "had"):
        # "X has learned", "X has documented 20 cases"
        return i + 1 < len(tokens) and tokens[i + 1].lower in _RESEARCH_VERBS | {"learned"}
    return i < len(tokens) and tokens[i].lower in REPORTING_VERBS | _RESEARCH_VERBS


def _joins_another_name(tokens: list[Token], i: int) -> bool:
    """Whether the connector at ``i`` joins the name before it to another name ("X and
    Y reported", "X of the Y said"), not a clause of its own ("by X and reported to Y")."""
    k = i
    while k < len(tokens) and tokens[k].lower in CONNECTORS:
        k += 1
    return k < len(tokens) and tokens[k].capitalised


# Verbs of studying others, which no actor does to its own workers: "X, a partner, has
# interviewed 12 workers" (not "reported" or "told", which a firm does too).
_STUDYING_VERBS = frozenset({"interviewed", "documented", "surveyed", "analysed", "analyzed",
                             "examined", "geolocated", "authenticated", "verified",
                             "compiled", "catalogued", "cataloged", "tracked"})  # fmt: skip


def _closes_an_apposition(tokens: list[Token], span: Span, i: int) -> bool:
    """The name stands in an apposition set off by commas ("Our partner organisation, the
    X, interviewed ..."): the comma at ``tokens[i]`` closes it, and the verb after it is
    the name's own."""
    j = span.first - 1
    if j >= 0 and tokens[j].lower == "the":
        j -= 1
    return (
        j >= 1
        and tokens[j].text == ","
        and i + 1 < len(tokens)
        and tokens[i].text == ","
        and tokens[i + 1].text.islower()
    )


def _checks_claims(tokens: list[Token], i: int) -> bool:
    """'X could not independently verify', 'X was unable to independently confirm',
    'X has not independently verified': a newsroom's phrase about checking what others
    say, so X reports on the network."""
    words = [t.lower for t in tokens[i : i + 6]]
    return "independently" in words and bool(set(words) & _CHECKING_VERBS)


_CHECKING_VERBS = frozenset({"verify", "verified", "confirm", "confirmed", "corroborate",
                             "corroborated", "authenticate", "authenticated"})  # fmt: skip


def is_cited_as_a_publisher(tokens: list[Token], span: Span) -> bool:
    """Cues that only a publisher, a newsroom or a researcher takes: "told X", "seen by
    X", "writing for X", "X has learned", "X first reported", "X could not independently
    verify". A body cited so anywhere in a document is a source everywhere in it
    (unlike "could not reach X" or "X said", which an actor takes as well)."""
    before = " ".join(t.lower for t in tokens[max(0, span.first - 5) : span.first])
    before = f" {before}"
    if any(before.endswith(f" {cue}") or before.endswith(f" {cue} the") for cue in _PUBLISHER_CUES):
        return True
    i = span.last + 1
    while i < len(tokens) and tokens[i].lower in _SOURCE_ADVERBS:
        i += 1
    after = [t.lower for t in tokens[i : i + 2]]
    if after == ["has", "learned"] or after == ["has", "learnt"]:
        return True
    if (
        span.last + 1 < len(tokens)
        and tokens[span.last + 1].lower == "first"
        and after[:1] in (["reported"], ["revealed"])
    ):
        return True
    return _checks_claims(tokens, span.last + 1)


# Nouns by which a document's author names a body of its own group or one that works on
# the document with it: "our sourcing subsidiary, X", "our data partner, the X".
_OWN_SIDE_NOUNS = frozenset({"subsidiary", "subsidiaries", "parent", "affiliate", "auditor",
                             "auditors", "counsel", "adviser", "advisers", "advisor",
                             "advisors"})  # fmt: skip
# How many words may stand between "our" and the comma before the name.
_OWN_SIDE_REACH = 4


def the_authors_own(tokens: list[Token], span: Span) -> bool:
    """'our sourcing subsidiary, X Ltd', 'Our data partner, the X, supplies ...': a name
    in apposition to what the author calls its own subsidiary, auditor or source of data
    is the author's side, never the network's (unlike "our supplier, X")."""
    j = span.first - 1
    if j >= 0 and tokens[j].lower == "the":
        j -= 1
    if j < 2 or tokens[j].text != ",":
        return False
    k = j - 1
    between: set[str] = set()
    while k >= 0 and j - k <= _OWN_SIDE_REACH and tokens[k].text.isalpha():
        if tokens[k].lower in ("our", "my"):
            return bool(between & (_OWN_SIDE_NOUNS | _POSSESSED_SOURCE_NOUNS))
        between.add(tokens[k].lower)
        k -= 1
    return False


# A bank's or a payment firm's own parties to a payment: "our beneficiary X", "our remitter
# X". The bank screens them; a memo about them names them whatever they turn out to be.
_COUNTERPARTY_NOUNS = frozenset({"beneficiary", "beneficiaries", "remitter", "remitters",
                                 "payee", "payees", "payer", "payers", "counterparty",
                                 "counterparties", "originator"})  # fmt: skip


def the_authors_counterparty(tokens: list[Token], span: Span) -> bool:
    """'Our beneficiary X LLC has a different tax number', 'our remitter, X': the name
    after what the author calls its own party to a payment, past an article or a comma
    and a word or two ("our new beneficiary"), is the author's customer, not the network."""
    j = span.first - 1
    while j >= 0 and (tokens[j].lower in ("the", ",") or tokens[j].text in ('"', "«")):
        j -= 1
    if j < 1 or tokens[j].lower not in _COUNTERPARTY_NOUNS:
        return False
    k = j - 1
    while k >= 0 and j - k <= 3 and tokens[k].text.isalpha():
        if tokens[k].lower in ("our", "my"):
            return True
        k -= 1
    return False


_PUBLISHER_CUES = ("told", "reported by", "first reported by", "as reported by", "seen by",
                   "reviewed by", "writing for", "written for", "writing in", "wrote in",
                   "correspondent for", "reporter for", "quoted by", "in an interview with",
                   "interviewed by", "a report by", "first published in",
                   "originally published in", "first published by")  # fmt: skip


def is_cited_before(tokens: list[Token], j: int) -> bool:
    """The words up to ``tokens[j]`` cite what follows: "according to", "(source:", "h/t"."""
    before = " ".join(t.lower for t in tokens[max(0, j - _SOURCE_WINDOW) : j + 1])
    # Tokens are spaced: "source :" and "h / t" are written "source:" and "h/t".
    before = before.replace(" :", ":").replace(" / ", "/")
    # Whole words only: "overseen by X" is no "seen by X", "unconfirmed by" no "confirmed by".
    spaced = f" {before}"
    cue = next(
        (p for p in SOURCE_BEFORE if spaced.endswith(f" {p}") or spaced.endswith(f" {p} the")),
        None,
    )
    words = set(before.split())
    if cue in _SUPPLY_CUES and _about_this_work(tokens[: j + 1]):
        return True  # "This project was funded by X": who paid for the document itself
    if (
        cue in _SUPPLY_CUES
        and words & (LABOUR_WORDS | _BUILT_THINGS | _SCHEME_SERVICES | _WORK_UNITS)
        and not words & (_PROVIDED_DATA | REPORT_NOUNS)
    ):
        # "the crews are provided by X", "apartment blocks commissioned by X": X supplies
        # the workers or orders the building, it does not supply data.
        return False
    return cue is not None


def _about_this_work(tokens: list[Token]) -> bool:
    """The sentence is about the document itself: "This project was funded by", "This
    report was commissioned by", "The research for this episode was supported by"."""
    words = [t.lower for t in tokens]
    # The work is the subject of the cue: "this project was (generously) funded by".
    for k in range(len(words) - 1):
        if words[k] == "this" and words[k + 1] in _THIS_WORK:
            between = words[k + 2 :]
            return bool(between) and set(between) <= _PASSIVE_GLUE | {
                "funded",
                "supported",
                "commissioned",
                "by",
                "the",
                "a",
            }
    return False


_PASSIVE_GLUE = frozenset({"was", "is", "were", "are", "has", "have", "been", "also",
                           "generously", "partly", "partially", "kindly", "jointly"})  # fmt: skip


# What a document calls itself: "this report", "this episode", "this project".
_THIS_WORK = frozenset({"report", "project", "study", "research", "paper", "episode", "book",
                        "publication", "article", "investigation", "podcast", "newsletter",
                        "series", "work", "briefing", "documentary", "film", "survey",
                        "issue", "edition", "digest", "story"})  # fmt: skip


# Source cues that also say who supplies workers or orders work ("data provided by" / "crews
# provided by"; "imagery commissioned by" / "housing commissioned by").
_SUPPLY_CUES = frozenset({"provided by", "commissioned by", "funded by", "carried out by"})
# What a client commissions or pays for besides a report: buildings, projects, contracts.
_BUILT_THINGS = frozenset({"blocks", "buildings", "building", "housing", "homes", "houses",
                           "apartments", "flats", "dormitory", "dormitories", "barracks",
                           "road", "roads", "bridge", "bridges", "project", "projects",
                           "site", "sites", "works", "facility", "facilities", "port",
                           "hospital", "complex", "estate", "tender", "tenders", "contract",
                           "contracts", "orders", "vessels", "trawlers", "repairs",
                           "renovation"})  # fmt: skip
# Services the scheme buys for its workers: "transport from the station was provided by X",
# "accommodation provided by X", "meals were carried out by X". Whoever renders them moves,
# houses or feeds the workers; a source provides data, not buses.
_SCHEME_SERVICES = frozenset({"transport", "transportation", "transfer", "transfers", "bus",
                              "buses", "coach", "coaches", "flights", "flight", "charter",
                              "charters", "accommodation", "lodging", "lodgings", "meals",
                              "catering", "escort", "escorts", "guards", "security",
                              "interpreting", "visas", "visa", "invitations", "payroll",
                              "recruitment", "placement", "logistics", "shuttle",
                              "delivery"})  # fmt: skip
# Units of workers a supplier sends: "the brigades were provided by X".
_WORK_UNITS = frozenset({"brigade", "brigades", "crew", "teams", "squads", "gangs", "workforce",
                         "manpower", "labourers", "hands"})  # fmt: skip
# What a source provides: "figures on the workers provided by X" still cites X.
_PROVIDED_DATA = frozenset({"data", "figures", "statistics", "information", "photos", "photo",
                            "images", "documents", "footage", "numbers", "estimates"})  # fmt: skip


def _reported_by(tokens: list[Token], j: int) -> bool:
    """'a 2023 report by the X', 'satellite imagery from X', 'a study published by X':
    a piece of reporting or research, then 'by' or 'from', then the name."""
    if j >= 0 and tokens[j].lower == "the":
        j -= 1
    if j < 1 or tokens[j].lower not in ("by", "from", "for"):
        return False
    for k in range(j - 1, max(-1, j - 4), -1):
        word = tokens[k].lower
        if word in REPORT_NOUNS and k + 1 < j and tokens[k + 1].lower in _PERMITS:
            return False  # "study visas from X": a permit X issues, not a study it wrote
        if word in REPORT_NOUNS:
            # "employed on paper by X": formally, not a paper written by X; "gave them papers
            # from X", "their papers from X": documents someone holds, not a study.
            return not (
                word in ("paper", "papers") and k > 0 and tokens[k - 1].lower in _PAPERWORK_CUES
            )
        if not tokens[k].text.isalnum():
            return False
    return False


# Permits that a report noun may qualify: "study visas", "research permits".
_PERMITS = frozenset({"visa", "visas", "permit", "permits", "invitation", "invitations"})
# Words before "paper(s)" that make it a document held or handed over, not a study: "on
# paper", "gave them papers", "their papers", "issued papers".
_PAPERWORK_CUES = frozenset({"on", "us", "them", "him", "her", "me", "their", "our", "his", "my",
                             "handed", "gave", "given", "issued", "received", "carried",
                             "forged", "stamped", "showed", "identity", "travel", "visa",
                             "work", "enrolment", "enrollment"})  # fmt: skip


def _describes_its_reporting(
    tokens: list[Token], i: int, activities: frozenset[str] | None = None
) -> bool:
    """'X, which monitors North Korea, ...', 'X, which first reported the deployment, ...':
    a relative clause after the name says the body reports or researches."""
    if (
        i + 2 < len(tokens)
        and tokens[i].text == ","
        and tokens[i + 1].lower == "whose"
        and (tokens[i + 2].lower in REPORT_NOUNS or tokens[i + 2].lower in _WHOSE_SOURCE_NOUNS)
    ):
        return True  # "X, whose report on the issue we found credible": X publishes
    if (
        i + 1 >= len(tokens)
        or tokens[i].text != ","
        or tokens[i + 1].lower not in ("which", "that")
    ):
        return False
    for token in tokens[i + 2 : i + 6]:
        if token.text in ",.;:" or token.lower in _CLAUSE_SUBJECT_OPENERS:
            # "X, which the documents describe as ...": a determiner opens the clause's own
            # subject, so X is what is described; "documents" there is a noun, not X's verb.
            return False
        if token.lower in (_REPORTING_ACTIVITY if activities is None else activities):
            return True
    return False


# Determiners that open a relative clause's own subject ("which the ledger lists", "that
# its records show"): the body named before the clause is its object.
_CLAUSE_SUBJECT_OPENERS = frozenset({"the", "a", "an", "its", "their", "these", "those",
                                     "this", "our", "his", "her"})  # fmt: skip
# What a body that publishes owns: "X, whose researchers ...", "X, whose findings ...".
_WHOSE_SOURCE_NOUNS = frozenset({"findings", "researchers", "analysts", "reporters",
                                 "journalists", "investigators", "estimate",
                                 "reporting"})  # fmt: skip


def broke_the_story(tokens: list[Token], span: Span) -> bool:
    """'X, which broke the story, ...', 'X, which first revealed the scheme': only an outlet
    or a researcher breaks or reveals a story, whatever its name says it does."""
    clause = _relative_clause(tokens, span.last + 1)
    return bool(set(clause[:4]) & _REVEALING) or clause[:2] == ["first", "reported"]


_REVEALING = frozenset({"broke", "revealed", "uncovered", "exposed"})


_REPORTING_ACTIVITY = frozenset({"monitors", "monitored", "reported", "analyses", "analyzes",
                                 "researches", "investigates", "investigated", "tracks",
                                 "tracked", "documents", "documented", "maps", "mapped",
                                 "counts", "counted", "publishes", "published",
                                 "broadcasts", "broke", "revealed", "uncovered",
                                 "exposed", "audits", "audited", "surveys", "surveyed",
                                 "polls", "polled", "studies"})  # fmt: skip


# What only a watcher does, whatever its name says it is ("X Labour Agency, which tracks
# recruitment"): a body that hires or sends workers does not monitor or document them.
_WATCHING = frozenset({"monitors", "monitored", "tracks", "tracked", "documents", "documented",
                       "researches", "researched", "investigates", "catalogues", "catalogs",
                       "maps", "mapped", "studies", "studied", "analyses",
                       "analyzes"})  # fmt: skip


def organises_an_event(tokens: list[Token], span: Span) -> bool:
    """'The fair's organiser, X, said', 'its sponsor, X', and a credit line of an event's
    report that opens with "Organised by X" or "Hosted by the X": the body that runs or
    pays for a fair, a conference or a programme speaks about it; it is no actor in the
    network."""
    j = span.first - 1
    before = [t.lower for t in tokens[: span.first] if t.lower != "the"]
    return (
        j >= 1
        and tokens[j].text == ","
        and tokens[j - 1].lower in _EVENT_ROLES
        and tokens[j - 1].text.islower()
    ) or (len(before) == 2 and before[0] in _ORGANISING and before[1] == "by")


_EVENT_ROLES = frozenset({"organiser", "organizer", "organisers", "organizers", "sponsor",
                          "sponsors", "co-organiser", "co-organizer"})  # fmt: skip
# Participles that open the credit line of an event: "Organised by X.", "Hosted by X".
_ORGANISING = frozenset({"organised", "organized", "co-organised", "co-organized", "hosted",
                         "co-hosted", "convened", "sponsored"})  # fmt: skip


def is_source_apposition(tokens: list[Token], span: Span) -> bool:
    """'X, a trade-data firm', 'X, a Geneva-based NGO', 'the research firm X', 'the news
    agency X': the body is described as a publisher, researcher or data provider."""
    following: list[str] = []
    if span.last + 1 < len(tokens) and tokens[span.last + 1].text == ",":
        for token in tokens[span.last + 2 : span.last + 10]:
            if token.text in ",.;:":
                break
            following.append(token.lower)
    if set(following) & REPORTING_VERBS:
        following = []  # "X, the paper said": a clause quoting someone else, no apposition
    if following and following[0] in ("a", "an", "the") and _describes_a_source_kind(following):
        return True
    # "X, a corporate-records database", "X, a Telegram channel with 200,000 subscribers".
    if following[:1] in (["a"], ["an"], ["the"]) and set(following[1:4]) & _MEDIUM_NOUNS:
        return True
    if helps_victims(following) or helps_victims(_relative_clause(tokens, span.last + 1)):
        return True  # "X, a group that helps defectors", "X, which resettles refugees"
    if _a_watcher_in_apposition(following):
        return True  # "X, a group that documents visa issuance", "X, a project that tracks"
    j = span.first - 1
    if j >= 0 and tokens[j].text in ('"', "«"):
        j -= 1
    # "the documentary X", "the OSINT account X"; "the training programme X" is an actor's.
    if j >= 1 and tokens[j].lower in WORK_NOUNS and tokens[j].text.islower():
        return not _a_kind_of_actor(tokens[j - 1].lower)
    preceding: list[str] = []
    # "Rights group X" opening the sentence: its first word is capitalised.
    while j >= 0 and (tokens[j].text.islower() or j == 0) and len(preceding) < 3:
        if tokens[j].lower in _COMPLEMENTISERS:
            break  # "this newspaper showed that X hired ...": X opens what the paper showed
        preceding.insert(0, tokens[j].lower)
        if tokens[j].lower in ("a", "an", "the"):
            break
        j -= 1
    if (
        preceding[-2:-1]
        and preceding[-1] == "by"
        and preceding[-2] in _FREQUENCY_ADVERBS
        and not set(preceding[:-2]) & _PUBLISHING
    ):
        return False  # "transported daily by X": an adverb, not a daily newspaper
    return bool(preceding) and _describes_a_source_kind(preceding)


_COMPLEMENTISERS = frozenset({"that", "how", "whether", "что", "как"})
# Words of how often something is done, which are also names of periodicals ("daily",
# "weekly"); right before "by" they are adverbs.
_FREQUENCY_ADVERBS = frozenset({"daily", "weekly", "monthly", "nightly", "yearly", "annually",
                                "fortnightly", "hourly"})  # fmt: skip
# Participles of putting out a periodical: "published weekly by X" names its publisher.
_PUBLISHING = frozenset({"published", "issued", "released", "printed", "produced", "edited",
                         "compiled", "broadcast", "aired", "distributed", "sent",
                         "updated"})  # fmt: skip


def _a_watcher_in_apposition(words: list[str]) -> bool:
    """'a group that documents ...', 'an independent body that monitors ...', 'a volunteer
    project which follows ...': an apposition whose own relative clause watches."""
    if words[:1] not in (["a"], ["an"], ["the"]):
        return False
    for k in range(1, min(len(words) - 1, 6)):
        if words[k] in ("that", "which"):
            return words[k + 1] in _WATCHING
    return False


def _a_kind_of_actor(word: str) -> bool:
    """'the construction group X', 'the trading group X': a group that works, not a medium."""
    return word in ACTOR_HINT_WORDS or word in _ACTOR_GROUP_WORDS


_ACTOR_GROUP_WORDS = frozenset({"trading", "industrial", "farming", "fishing", "logging",
                                "building", "timber", "shipping", "holding", "business",
                                "corporate", "investment", "manufacturing"})  # fmt: skip


_MEDIUM_NOUNS = WORK_NOUNS - {"series", "programme", "program", "show", "page"}


def helps_victims(words: list[str]) -> bool:
    """'a group that helps defectors', 'which resettles refugees': a charity or a rights
    group, which speaks for victims and is never an actor."""
    return bool(set(words) & _HELPING_VERBS) and bool(set(words) & _VICTIMS)


_HELPING_VERBS = frozenset({"helps", "helped", "assists", "assisted", "supports", "resettles",
                            "rescues", "rescued", "shelters", "represents", "campaigns",
                            "advocates", "lobbies", "aids"})  # fmt: skip
_VICTIMS = frozenset({"defectors", "refugees", "escapees", "victims", "survivors", "asylum",
                      "defector", "refugee"})  # fmt: skip


def _relative_clause(tokens: list[Token], i: int) -> list[str]:
    """The words of ', which/that ...' right after a name, up to the next punctuation."""
    if (
        i + 1 >= len(tokens)
        or tokens[i].text != ","
        or tokens[i + 1].lower
        not in (
            "which",
            "that",
            "who",
        )
    ):
        return []
    words = []
    for token in tokens[i + 2 : i + 12]:
        if token.text in ",.;:":
            break
        words.append(token.lower)
    return words


def _describes_a_source_kind(words: list[str]) -> bool:
    # "trade-data", "satellite-imagery"; not a kinship word ("brother-in-law"), whose
    # "law" names no law firm.
    parts = {p for w in words if "in-law" not in w for p in w.split("-")}
    return bool(set(words) & SOURCE_KIND_NOUNS) or (
        bool((set(words) | parts) & SOURCE_KIND_MODIFIERS)
        and bool(set(words) & (set(APPOSITION_ORG_NOUNS) | SOURCE_KIND_HEADS))
    )


def employs_a_speaker(tokens: list[Token], span: Span, words: list[str]) -> bool:
    """'said Mark Ellery of the Bramley Center', 'X, director of the Y Institute, said',
    'X, who leads the Korea programme at the Y Center': an institution where a person
    quoted in the sentence works is a source, unless its name shows it places workers.
    (An expert's honorific places a source whatever the body's name: see
    ``an_experts_body``, which ``classify_span`` asks first.)"""
    if not at_an_institution([words[0], words[-1]], {t.lower for t in tokens}):
        return False
    if institution_hints(words):
        return False
    # "Venn Center director Ko Chol Man said": a title and a name after the body.
    nxt = span.last + 1
    if nxt + 1 < len(tokens) and tokens[nxt].lower in TITLES and tokens[nxt + 1].capitalised:
        return True
    j = span.first - 1
    while j >= 0 and tokens[j].lower in ("the", "'s", "its", "their"):
        j -= 1
    if j < 1 or tokens[j].lower not in ("of", "at", "with", "from"):
        return False
    # A person's name right before "of": "Mark Ellery of the ...", "Mark Ellery, of the ...".
    comma = tokens[j - 1].text == ","
    last_name = j - 2 if comma else j - 1
    k = last_name
    while k >= 0 and tokens[k].capitalised:
        k -= 1
    length = last_name - k
    # A surname alone only in "Lankov, of ..." and not opening the sentence.
    if 2 <= length <= 4 or (length == 1 and comma and k >= 0):
        return True
    for token in reversed(tokens[max(0, j - 8) : j]):
        if token.text in ".;:":
            break
        if token.lower in TITLES or token.lower in AFFILIATION_ROLES or token.lower in _LEADS:
            return True
    return False


_LEADS = frozenset({"heads", "headed", "leads", "led", "runs", "ran", "directs", "directed",
                    "chairs", "founded", "co-founded", "manages", "oversees"})  # fmt: skip


def is_supranational(words: list[str]) -> bool:
    """The UN, the EU or NATO, or one of their bodies ("Council of the European Union")."""
    joined = normalize(" ".join(words))
    return any(joined == s or joined.startswith(f"{s} ") for s in SUPRANATIONAL) or any(
        member in f"{joined} " for member in SUPRANATIONAL_MEMBERS
    )


def is_an_unqualified_un_body(tokens: list[Token], span: Span, words: list[str]) -> bool:
    """'the Security Council Committee established pursuant to resolution 1718': a UN body
    named with no country, neither before it ("Venn's Security Council", "the Venn
    Security Council") nor after it ("Security Council of the Venn Republic")."""
    joined = normalize(" ".join(words))
    if not any(joined == b or joined.startswith(f"{b} ") for b in UN_BODIES) or " of " in joined:
        return False
    j = span.first - 1
    while j >= 0 and tokens[j].lower == "the":
        j -= 1
    return j < 0 or (tokens[j].lower not in ("'s", "'") and tokens[j].lower not in COUNTRY_WORDS)


def joins_the_action(tokens: list[Token], span: Span) -> bool:
    """'The action was coordinated with the X', 'designated in coordination with X': a body
    that takes a sanctioning action together with the designating one is an authority too."""
    j = span.first - 1
    if j >= 0 and tokens[j].lower == "the":
        j -= 1
    before = " ".join(t.lower for t in tokens[max(0, j - 3) : j + 1])
    if not any(f" {before}".endswith(f" {cue}") for cue in _JOINT_CUES):
        return False
    return bool({t.lower for t in tokens} & _SANCTIONING_ACTS)


_JOINT_CUES = ("coordinated with", "in coordination with", "in cooperation with",
               "jointly with", "in concert with", "in tandem with", "alongside")  # fmt: skip
_SANCTIONING_ACTS = frozenset({"action", "actions", "designation", "designations", "designated",
                               "designating", "sanctions", "sanctioned", "measures",
                               "enforcement", "listing", "listings"})  # fmt: skip


def helps_the_work(tokens: list[Token], span: Span) -> bool:
    """'Geolocation was verified with help from the X Lab at the Y University': whoever
    helps the writers check, translate or analyse their material is a source of the piece,
    and so is where that helper sits ("at Y")."""
    for k in range(span.first - 1, 0, -1):
        word = tokens[k].lower
        if word in _HELP_NOUNS and tokens[k - 1].lower in ("with", "the"):
            start = k - 1 if tokens[k - 1].lower == "with" else k - 2
            verbs = {t.lower for t in tokens[max(0, start - _HELP_REACH) : max(0, start)]}
            return bool(verbs & _CHECKING_WORK)
        if tokens[k].text in (";", ".") or (tokens[k].text.islower() and word not in _HELP_GLUE):
            return False
    return False


_HELP_NOUNS = frozenset({"help", "assistance", "support"})
_HELP_GLUE = frozenset({"the", "a", "an", "at", "of", "from", "and", "in", "its", "our",
                        "their", "colleagues", "researchers", "analysts", "team"})  # fmt: skip
_HELP_REACH = 4
_CHECKING_WORK = frozenset({"verified", "geolocated", "confirmed", "checked", "authenticated",
                            "analysed", "analyzed", "translated", "reviewed", "fact-checked",
                            "corroborated", "measured", "mapped", "identified", "located",
                            "dated", "matched", "decoded"})  # fmt: skip


def holds_a_sanctioning_rank(words: list[str]) -> bool:
    """'Acting Under Secretary', 'Assistant Secretary for Terrorist Financing': a rank of
    the government that designates; its holder speaks for it."""
    joined = " ".join(words)
    return any(rank in joined for rank in SANCTIONING_RANKS)


# Nouns of a body that serves another, named after "for"/"of": "a front for X", "a cover
# for X", "a subsidiary of X". Whoever describes it so, X is in the scheme.
_FRONT_NOUNS = frozenset({"front", "cover", "subsidiary", "subsidiaries", "proxy", "arm",
                          "affiliate", "vehicle", "conduit", "fronts", "shell"})  # fmt: skip


def is_affiliation(tokens: list[Token], span: Span) -> bool:
    """'a former official at X', 'a fellow at the X', 'previously worked for X': X is where
    a source or an author works or worked, not an actor."""
    j = span.first - 1
    # Step back over a possessor and an article: "at South Korea's X", "at the X".
    while j >= 0 and (
        tokens[j].lower in ("the", "'s", "'") or (tokens[j].capitalised and j < span.first - 1)
    ):
        j -= 1
    if j >= 1 and tokens[j].lower == "to" and tokens[j - 1].lower in _ADVISERS:
        return True  # "a former adviser to X": one person's client or employer
    if j < 0 or tokens[j].lower not in ("at", "for", "with", "of", "from"):
        return False
    if j >= 1 and tokens[j].lower in ("for", "of") and tokens[j - 1].lower in _FRONT_NOUNS:
        return False  # "former employees described it as a front for X": X runs the front
    window = tokens[max(0, j - 8) : j]
    # "According to three former workers, it is a front for X": the clause ends at a comma.
    # "a former school where they slept and the fields of X": a relative clause of place
    # or time starts a clause of its own; "former" before it qualified no person.
    cut = max(
        (k for k, t in enumerate(window) if t.text in ",;:." or t.lower in ("where", "when")),
        default=-1,
    )
    window = window[cut + 1 :]
    for k, token in enumerate(window):
        if token.lower in _CAREER_VERBS and {t.lower for t in window[:k]} & _ONE_PERSON:
            return True  # "he spent six years at X": one person's career, not the workers'
        if (
            token.lower == "work"
            and [t.lower for t in window[max(0, k - 2) : k]] == ["used", "to"]
            and {t.lower for t in window[:k]} & _ONE_PERSON
        ):
            return True  # "I used to work at X, in compliance": the speaker's past employer
        if token.lower not in AFFILIATION_ROLES:
            continue
        # "a company which works for the X Bureau": a body working for another is an actor.
        subject = next((t.lower for t in reversed(window[:k]) if t.lower not in _TIME_ADVERBS), "")
        if token.lower in _WORK_VERBS and (subject in _BODY_SUBJECTS or subject in ORG_HEADS):
            continue
        return True
    if tokens[j].lower == "from":
        return False  # "workers from the X" is no affiliation; "researchers from" is
    # "the Center for Korean Studies at the Academy of Sciences": where a source sits.
    k = j - 1
    while k >= 0 and (tokens[k].capitalised or tokens[k].lower in CONNECTORS):
        k -= 1
    parent = [t.lower for t in tokens[k + 1 : j]]
    return tokens[j].lower == "at" and bool(parent) and is_source_body(parent)


def an_experts_body(tokens: list[Token], span: Span) -> bool:
    """'Dr Helen Marsh of Y said', 'Prof. Ivan Orlov (Y) told': the body placed after a
    name that an expert's honorific opens, in a sentence that quotes."""
    j = span.first - 1
    while j >= 0 and tokens[j].lower in ("the", "(", ","):
        j -= 1
    if j < 1 or (tokens[j].lower not in ("of", "at", "from") and tokens[j + 1].text != "("):
        return False
    k = j - 1 if tokens[j].lower in ("of", "at", "from") else j
    sentence = {t.lower for t in tokens}
    speaks = bool(sentence & (REPORTING_VERBS | _EXPERT_SPEECH))
    last = k
    if tokens[j].lower in ("of", "at") and _argues_next(tokens, span.last + 1):
        # "Jane Doe of the Venn Institute argues that ...": a named person of a body whose
        # verb is a commentator's; the body is where the commentator works.
        start = k
        while start >= 0 and tokens[start].capitalised:
            start -= 1
        if _a_name(tokens[start + 1 : k + 1]):
            return True
    while k >= 0 and (tokens[k].capitalised or tokens[k].text == "."):
        if tokens[k].lower in EXPERT_HONORIFICS:
            return speaks
        k -= 1
    # "Jane Doe (Venn Centre) told a conference": a bracket after a quoted person's name.
    close = next((i for i in range(j + 1, len(tokens)) if tokens[i].text == ")"), None)
    return (
        tokens[j + 1].text == "("
        and _a_name(tokens[k + 1 : last + 1])
        and close is not None
        and close + 1 < len(tokens)
        and tokens[close + 1].lower in REPORTING_VERBS | _EXPERT_SPEECH
    )


# Verbs of putting forward a view, which an expert or an author takes and an actor in a news
# story seldom does: "X of Y argues in a new paper that ...".
_OPINION_VERBS = frozenset({"argues", "argued", "contends", "contended", "writes", "wrote",
                            "believes", "thinks", "cautions", "cautioned", "posits",
                            "theorises", "theorizes", "speculates"})  # fmt: skip


def _argues_next(tokens: list[Token], i: int) -> bool:
    """The word at ``i`` (past a comma or an adverb such as "also") is an opinion verb."""
    while i < len(tokens) and (tokens[i].text == "," or tokens[i].lower in _SOURCE_ADVERBS):
        i += 1
    return i < len(tokens) and tokens[i].lower in _OPINION_VERBS


def _a_name(tokens: list[Token]) -> bool:
    """Two to four capitalised words, none a head word or a title: a person's name (as
    ``people.looks_like_person`` reads it, which this module cannot import)."""
    return 2 <= len(tokens) <= 4 and all(
        t.text[:1].isupper() and t.text.isalpha() and not t.text.isupper()
        and t.lower not in ORG_HEADS and t.lower not in TITLES
        for t in tokens
    )  # fmt: skip


# Verbs and cues of an expert speaking or being heard, besides REPORTING_VERBS: "argues",
# "joining us now is Dr X of Y".
_EXPERT_SPEECH = frozenset({"argues", "argued", "argue", "contends", "contended", "believes",
                            "believed", "explains", "explained", "observes", "observed",
                            "cautions", "cautioned", "concludes", "concluded", "thinks",
                            "added", "adds", "commented", "comments", "estimates", "notes",
                            "suggests", "suggested", "points", "pointed", "joining", "joins",
                            "welcome", "guest", "interviewed", "spoke", "speaking",
                            "testified", "presented", "told"})  # fmt: skip


def an_authors_body(tokens: list[Token], span: Span) -> bool:
    """'a new paper by Dr Jane Doe at the Venn Centre', 'a study by Jane Doe and Ivo Brandt
    of Venn University', 'a book written by Jane Doe (Venn Institute)': the body placed
    after the authors of a piece of writing or research is their employer, whatever its
    name says it works on."""
    j = span.first - 1
    # Past an article and a possessor: "of the university's X", "at Venn's X".
    while j >= 0 and (
        tokens[j].lower in ("the", "'s")
        or (j + 1 < span.first and tokens[j + 1].lower == "'s" and tokens[j].text.isalpha())
    ):
        j -= 1
    if j < 3 or tokens[j].lower not in ("at", "of", "from", "(", ","):
        return False
    k = j - 1
    if tokens[j].text == "," and tokens[k].lower in ("at", "of", "from"):
        k -= 1  # "Jane Doe, of the Venn Centre"
    names = 0
    while k >= 0 and (
        tokens[k].capitalised or tokens[k].text in (".", ",", "&") or tokens[k].lower == "and"
    ):
        names += tokens[k].capitalised
        k -= 1
    if names == 0 or k < 1 or tokens[k].lower != "by":
        return False
    before = [t.lower for t in tokens[max(0, k - 4) : k]]
    return bool(set(before) & (REPORT_NOUNS | _AUTHORED_WORKS))


# Works and verbs of authorship before "by" and the authors' names: "a book by", "an essay
# co-authored by", "research led by".
_AUTHORED_WORKS = frozenset({"book", "books", "essay", "essays", "chapter", "article",
                             "articles", "op-ed", "monograph", "thesis", "dissertation",
                             "preprint", "brief", "note", "notes", "piece", "blog", "post",
                             "written", "authored", "co-authored", "co-written", "edited",
                             "co-edited", "led", "compiled", "conducted", "published"})  # fmt: skip


_WORK_VERBS = frozenset({"worked", "works", "served"})
# One person advising a body: "a former adviser to X", "consultant to X".
_ADVISERS = frozenset({"adviser", "advisor", "advisers", "advisors", "consultant",
                       "consultants", "counsel"})  # fmt: skip
# Verbs of a career that place one person (not a crew: "the workers spent a year at X").
_CAREER_VERBS = frozenset({"spent", "spend", "spends", "interned", "trained"})
_ONE_PERSON = frozenset({"he", "she", "i"})
_TIME_ADVERBS = frozenset({"previously", "formerly", "now", "also", "still", "once"})
# Subjects of "works for" that are bodies, not people: "which", "the company".
_BODY_SUBJECTS = frozenset({"which", "that", "it", "firm", "agency", "contractor", "recruiter",
                            "subcontractor", "unit"})  # fmt: skip


def an_advisers_firm(tokens: list[Token], span: Span) -> bool:
    """'our legal adviser, Lev Orlov of the firm X', 'counsel Anna Brandt of X': the firm
    where a lawyer, adviser or auditor quoted on the story works is never an entry."""
    j = span.first - 1
    while j >= 0 and tokens[j].text.islower() and tokens[j].lower not in ("of", "at", "with"):
        j -= 1  # "of the firm X", "at the law practice X": the kind words before the name
        if span.first - j > 4:
            return False
    if j < 2 or tokens[j].lower not in ("of", "at", "with"):
        return False
    k = j - 1
    while k >= 0 and tokens[k].capitalised:
        k -= 1
    if not _a_name(tokens[k + 1 : j]):
        return False
    while k >= 0 and tokens[k].text in (",", "—", "-"):
        k -= 1
    role = [t.lower for t in tokens[max(0, k - 2) : k + 1]]
    return bool(set(role) & PROFESSIONAL_ROLES)


# Trades that serve whoever writes about the network, never the network's work: insurers,
# auditors, estate agents, notaries. A body of such a trade in its name or in the kind
# words before it ("агентство недвижимости «X»", "АО «Страховая компания «X»»", "X
# Reinsurance") insures, audits or lets for the document's author, or reports on a risk.
_BYSTANDER_TRADES = ("страхов", "перестрах", "недвижим", "аудит", "риелтор", "риэлтор",
                     "нотари", "insurance", "insurer", "reinsurance", "reinsurer", "audit",
                     "realty", "realtor", "notary", "notarial")  # fmt: skip
# How many lower-case kind words before a name may name its trade.
_TRADE_REACH = 3


def of_a_bystander_trade(tokens: list[Token], span: Span) -> bool:
    """Whether the name, or the lower-case kind words right before it (past a legal form
    and an opening quote), give an insurer's, auditor's, estate agent's or notary's trade."""
    words = [t.lower for t in span.tokens]
    j = span.first - 1
    while j >= 0 and (tokens[j].text in ("«", '"', "“") or tokens[j].lower in _TRADE_FORMS):
        j -= 1
    k = j
    while k >= 0 and j - k < _TRADE_REACH and tokens[k].text.isalpha() and tokens[k].text.islower():
        words.append(tokens[k].lower)
        k -= 1
    # The kind word may open the sentence capitalised: "Агентство недвижимости «X»".
    if k >= 0 and k < j and tokens[k].text.isalpha() and (k == 0 or tokens[k - 1].text in ".:"):
        words.append(tokens[k].lower)
    return any(
        piece.startswith(_BYSTANDER_TRADES) for w in words for piece in w.split("-") if piece
    )


_TRADE_FORMS = frozenset({"ооо", "ао", "пао", "зао", "оао", "llc", "jsc", "ltd", "plc"})


def keeps_a_list(tokens: list[Token], span: Span) -> bool:
    """'a list kept by the X', 'the register maintained by X': the body that keeps a
    sanctions or screening list acts on the network from outside it."""
    before = [t.lower for t in tokens[max(0, span.first - 5) : span.first]]
    while before and before[-1] in ("the", "its"):
        before.pop()
    return (
        len(before) >= 3
        and before[-1] == "by"
        and before[-2] in _KEEPING
        and bool(set(before[:-2]) & _LISTS)
    )


_KEEPING = frozenset({"kept", "maintained", "compiled", "administered", "run", "published",
                      "issued", "managed"})  # fmt: skip
_LISTS = frozenset({"list", "lists", "register", "registry", "watchlist", "watch-list",
                    "database", "blacklist"})  # fmt: skip


def is_a_partnership(words: list[str]) -> bool:
    """'Orlov & Partners', 'Brandt & Associates': a partnership of named professionals (a
    law, audit or consulting practice) writes about the story, it does not hire workers."""
    return "&" in words[1:-1] and words[-1] in PARTNERSHIP_WORDS


def is_source_body(words: list[str]) -> bool:
    """Think tanks, watchdogs, NGOs, spy agencies, statistics offices and the bodies that
    sanction or prosecute: quoted or acting on the network, never listed."""
    joined = " ".join(w.replace(".", "") for w in words)
    found = set(words) & (SOURCE_ORG_WORDS | AUTHORITY_ORG_WORDS)
    if found == {"alliance"} and _a_trade_alliance(words):
        return False
    return bool(found) or any(phrase in joined for phrase in AUTHORITY_ORG_PHRASES)


def _a_trade_alliance(words: list[str]) -> bool:
    """'X Timber Alliance', 'X Lesstroy Alliance': an alliance named by the goods it makes
    or by a coined firm's name is a group of firms; one named by a cause ("X Labour
    Alliance", "X Welfare Alliance") campaigns."""
    if set(words) & LABOUR_WORDS:
        return False
    return any(
        w in INDUSTRY_WORDS
        or any(w == m or (w.endswith(m) and len(w) >= len(m) + 3) for m in COMPANY_MORPHEMES)
        for w in words
    )


def is_outlet(words: list[str]) -> bool:
    """A news outlet by a media word in its name, a coined outlet name ("Dalinform",
    "Кузбасс-Информ", "PrimaMedia") or its known name."""
    joined = " ".join(words)
    bare = joined[4:] if joined.startswith("the ") else joined
    return (
        bool(set(words) & MEDIA_WORDS)
        or bool(set(_masthead_part(words)) & MASTHEAD_WORDS)
        or any(_coined_outlet_name(w) for w in words)
        # "BBC Russian Service": a known outlet's name inside a longer one.
        or any(w in OUTLETS and len(w) >= 3 and w != "sky" for w in words)
        or joined in OUTLETS
        or bare in OUTLETS
    )


def _masthead_part(words: list[str]) -> list[str]:
    """The words of a name that may hold a masthead's word: all of them, unless a body's
    head word and "of"/"for" come first ("Bureau of Overseas Labour Dispatch": the
    dispatch of labour is what the bureau does, not a newspaper's name)."""
    for k in range(len(words) - 1):
        if words[k] in ORG_HEADS and words[k + 1] in ("of", "for"):
            return words[:k]
    # "Second Economic Dispatch Bureau": a masthead's word right before a state body's head
    # says what the body does (it dispatches, reviews); a newspaper's name ends with it.
    return [
        w
        for k, w in enumerate(words)
        if not (k + 1 < len(words) and words[k + 1] in _STATE_BODY_HEADS)
    ]


# Heads of state bodies a masthead's word may describe ("Dispatch Bureau", "Review
# Commission"); not "Service" or "Office", which end a news agency's name ("Wire Service").
_STATE_BODY_HEADS = frozenset({"bureau", "ministry", "department", "directorate", "committee",
                               "commission", "administration"})  # fmt: skip


def _coined_outlet_name(word: str) -> bool:
    """A part of the word is a media morpheme ("кузбасс-информ", "енисей-медиа"), or a
    long word ends with one ("дальинформ"); "express" is no "press"."""
    parts = word.split("-")
    if len(parts) > 1 and any(part in OUTLET_MORPHEMES for part in parts):
        return True
    return any(
        word.endswith(m)
        and len(word) >= len(m) + 3
        and len(m) >= 4
        and not word.endswith(("express", "экспресс", "impress"))
        for m in OUTLET_MORPHEMES
    )


def acts_as_authority(tokens: list[Token], span: Span) -> bool:
    """'OFAC (today) designated X': the subject of a sanctioning verb is no entry."""
    following = [t.lower for t in tokens[span.last + 1 : span.last + 12]]
    i = 0
    while i < len(following) and following[i] in ("(", ")", "today", "has", "have", "also"):
        i += 1
    # Skip a parenthesised acronym: "Office of Foreign Assets Control (OFAC) today designated".
    if i < len(following) and following[i - 1 : i] == ["("]:
        i += 2
    passive = False  # "X was designated": X is the target, not the authority
    while i < len(following):
        if following[i] in _BE:
            passive = True
            i += 1
        elif following[i] in (")", "today", "has", "have", "also", "yesterday", "earlier",
                              "had") or (
            following[i].endswith("ly") and len(following[i]) > 4  # "concurrently"
        ):  # fmt: skip
            i += 1
        elif following[i] in ("on", "in", "last", "this") and i + 1 < len(following):
            # "on Thursday", "on 12 June", "last week", "in March": when, not who.
            i += 2
            while i < len(following) and (following[i].isdigit() or following[i] in MONTHS):
                i += 1
        else:
            break
    if i >= len(following) or (passive and not following[i].endswith("ing")):
        return False  # only "is designating" is active after a form of "be"
    if following[i] == "added":
        # "added X to its list of end users", "added X to the sanctions list".
        return "list" in following[i + 1 : i + 12]
    if following[i] == "imposed":
        # "imposed restrictive measures on", "imposed sanctions against".
        return bool(set(following[i + 1 : i + 4]) & IMPOSED_MEASURES)
    return following[i] in AUTHORITY_VERBS


_BE = frozenset({"is", "are", "was", "were"})


def acts_as_enforcer(tokens: list[Token], span: Span) -> bool:
    """'The X Police raided a dormitory', 'X opened a case against ...':
    the subject of a verb of policing, prosecuting or judging acts on the network from
    outside it."""
    following = [t.lower for t in tokens[span.last + 1 : span.last + 12]]
    i = 0
    if following[:1] == ["("]:  # an acronym: "(FSB)"
        i = following.index(")") + 1 if ")" in following else 0
    while i < len(following) and following[i] in ("has", "have", "had", "also", "today"):
        i += 1
    if i >= len(following):
        return False
    if following[i] in ENFORCEMENT_VERBS:
        return True
    return following[i] == "opened" and bool(set(following[i + 1 : i + 4]) & _CASE_WORDS)


_CASE_WORDS = frozenset({"case", "investigation", "inquiry", "probe", "criminal"})


def settles_as_regulator(tokens: list[Token], span: Span) -> bool:
    """'The X Directorate reached a settlement with Y', '... issued a warning letter to Y',
    '... imposed a penalty on Y': a state body that settles with, warns or penalises a
    firm enforces rules on the network from outside. (Asked of state bodies only: a firm
    that "reached a settlement" is the party that settled.)"""
    following = [t.lower for t in tokens[span.last + 1 : span.last + 10]]
    while following and following[0] in ("(", ")", "has", "have", "had", "also", "today"):
        following = following[1:]
    if not following or following[0] not in _SETTLING_VERBS:
        return False
    return following[0] == "settled" or bool(set(following[1:6]) & _SETTLEMENTS)


_SETTLING_VERBS = frozenset({"reached", "agreed", "concluded", "settled", "issued", "sent",
                             "imposed", "levied", "announced"})  # fmt: skip
_SETTLEMENTS = frozenset({"settlement", "settlements", "penalty", "penalties", "warning",
                          "fine", "fines", "consent"})  # fmt: skip


def is_russian_source(tokens: list[Token], span: Span) -> bool:
    """'сообщает «Коммерсантъ»', 'по данным МВД', 'выяснила «Медуза»', '«Известия» пишут',
    'корреспондент «...»', 'газета «...»', 'информационное агентство «...»', 'передаёт
    агентство «...»', 'по данным аналитической компании «...»'."""
    if reports_in_a_russian_clause(tokens, span.last + 1):
        return True  # "«X», который отслеживает наём рабочих": a monitor, a source
    j = span.first - 1
    while j >= 0 and tokens[j].text in ("«", '"'):
        j -= 1
    if j < 0:
        return is_cited_after_in_russian(tokens, span)
    if names_a_workplace_in_russian([t.lower for t in tokens[max(0, j - 12) : j + 1]]):
        return True  # "ранее работал в банке «X»": an author's or a source's employer
    if a_source_role_before(tokens, j):
        return True  # "аналитик банка «X» Иван Петров": an analyst's employer
    if _a_law_practice([t.lower for t in tokens[max(0, j - 2) : j + 1]]):
        return True  # "адвокатское бюро «X»", "коллегия адвокатов «X»": a law firm
    k = russian_kind_noun_before(tokens, j)
    if k is not None and tokens[j].lower not in RU_KIND_NOUNS:
        if any(t.lower.startswith(RU_SOURCE_DESCRIPTION_STEMS) for t in tokens[k + 1 : j + 1]):
            return True  # "центр по мониторингу миграции «X»": what it does is research
        j = k  # "по данным компании по мониторингу рынка «X»": the kind noun further back
    noun = tokens[j].lower
    if noun in ("риа", "ria"):
        return True  # "РИА «...»"
    agency = noun.startswith("агентств")
    if noun.startswith(RU_MEDIA_NOUNS) and not agency:
        return True  # "газета «...»", "изданию «...»"
    if agency and j > 0 and tokens[j - 1].lower.startswith(RU_MEDIA_ADJECTIVES):
        return True  # "информационное агентство «...»"
    if _cited_in_russian(tokens, j, RU_SOURCE_BEFORE) or is_cited_after_in_russian(tokens, span):
        return True
    if not (agency or noun in RU_KIND_NOUNS):
        return False
    # Past the kind noun and its adjectives: "по данным аналитической компании «X»"; an
    # agency also after an outlet's verb: "передаёт агентство «X»" (but not "сообщила
    # компания «X»", which quotes an actor).
    phrases = _RU_CITING_PHRASES + (_RU_OUTLET_VERBS if agency else ())
    j -= 1
    # The adjective may open the sentence: "Правозащитная группа «X» ...".
    while (
        j >= 0
        and (tokens[j].text.islower() or j == 0)
        and tokens[j].lower.endswith(_RU_ADJ_ENDINGS)
    ):
        if _cited_in_russian(tokens, j, phrases):
            return True
        # "аналитический центр «X»", "правозащитная организация «X»": a source by its kind.
        if any(part.startswith(_RU_SOURCE_KIND_STEMS) for part in tokens[j].lower.split("-")):
            return True
        j -= 1
    return _cited_in_russian(tokens, j, phrases)


def _a_law_practice(words: list[str]) -> bool:
    """The words before a name make the body a law practice ("адвокатское бюро",
    "юридическая фирма", "нотариальная контора", "коллегия адвокатов"): it acts for a party
    or comments, and is never part of the network. ("адвокат компании «X»" names the
    lawyer's client, and "по юридическому адресу ООО «X»" a firm's address: neither is
    this.)"""
    for a, b in pairwise(words):
        if a.startswith(_LAW_ADJECTIVES) and b.startswith(_LAW_PRACTICE_NOUNS):
            return True
        if a.startswith(("коллеги", "палат")) and b in ("адвокатов", "юристов", "нотариусов"):
            return True
    return False


_LAW_ADJECTIVES = ("адвокатск", "юридическ", "нотариальн")
_LAW_PRACTICE_NOUNS = ("бюро", "фирм", "компани", "контор", "консультаци", "групп", "палат",
                       "коллеги", "кабинет", "центр")  # fmt: skip


# Roles of someone who comments on the network from outside it: the body in the genitive
# after one of them is where they work ("аналитик банка «X»", "эксперт консалтинговой
# компании «X»", "научный сотрудник института «X»"), as "an analyst at X" is in English.
_RU_SOURCE_ROLE_STEMS = ("аналитик", "эксперт", "экономист", "исследовател", "политолог",
                         "социолог", "профессор", "доцент", "журналист",
                         "корреспондент", "обозревател", "редактор")  # fmt: skip
# How many lower-case words (the kind noun and its adjectives) may stand between the role
# and the name in guillemets.
_RU_ROLE_REACH = 4


def a_source_role_before(tokens: list[Token], j: int) -> bool:
    """The lower-case words up to ``tokens[j]`` (right before the name's guillemet) open
    with a commentator's role: "аналитик банка", "эксперт аналитической компании"."""
    # Past legal forms written in capitals: "эксперт АНО «X»", "аналитик ООО «X»" place the
    # commentator at the body as "аналитик банка «X»" does.
    while j > 0 and tokens[j].text.isupper() and tokens[j].lower in _RU_CAPITAL_FORMS:
        j -= 1
    if from_a_named_commentator(
        [t.text for t in tokens[max(0, j - _RU_NAME_MAX_WORDS - 1) : j + 1]]
    ):
        return True  # "аналитик Иван Петров из «X»": the body the commentator is from
    for k in range(j, max(-1, j - _RU_ROLE_REACH), -1):
        word = tokens[k].lower
        if not word.isalpha() or not ("а" <= word[0] <= "я" or word[0] == "ё"):
            return False
        if word.startswith(_RU_SOURCE_ROLE_STEMS):
            return True
        if word.startswith("сотрудник") and k > 0 and tokens[k - 1].lower.startswith("научн"):
            return True  # "научный сотрудник института «X»" (not "научно-производственная")
        if not tokens[k].text.islower() and k > 0:
            return False
    return False


# Prepositions that place a person at a body: "эксперт Иван Петров из «X»".
_RU_FROM = frozenset({"из", "от"})
# How many capitalised words a person's name between a role and "из" may have.
_RU_NAME_MAX_WORDS = 3


def from_a_named_commentator(words: list[str]) -> bool:
    """The words (as written) right before a body's name end with a commentator's role, a
    person's name and "из"/"от": "аналитик Иван Петров из", "эксперта Анны Ли из «"."""
    while words and words[-1] in ("«", '"'):
        words = words[:-1]
    if not words or words[-1].casefold() not in _RU_FROM:
        return False
    k = len(words) - 2
    for first in range(k - 1, max(-1, k - _RU_NAME_MAX_WORDS - 1), -1):
        if not words[first + 1][:1].isupper():
            return False  # the name is capitalised words only
        # The role may open the sentence with a capital: "Аналитик Иван Петров из «X»".
        if words[first].isalpha() and words[first].casefold().startswith(_RU_SOURCE_ROLE_STEMS):
            return True
    return False


# Legal forms written in capitals before a name in guillemets, of firms and of non-profits.
_RU_CAPITAL_FORMS = frozenset({"ооо", "ао", "оао", "зао", "пао", "нко", "ано", "дпо", "чу", "чоу",
                               "чпоу", "ноу"})  # fmt: skip


_RU_CITING_PHRASES = ("по данным", "по информации", "по сведениям", "со ссылкой на",
                      "по оценке", "по оценкам", "по подсчётам", "по подсчетам")  # fmt: skip
_RU_OUTLET_VERBS = ("сообщает", "передаёт", "передает", "пишет", "сообщило", "сообщали",
                    "сообщало")  # fmt: skip


# How many words of a Russian body's description may stand between its kind noun and its
# name in guillemets: "компания по строительству за рубежом «X»".
_RU_KIND_REACH = 5
# Endings of Russian verbs: a description runs through nouns, adjectives and prepositions,
# never a verb ("компания заключила договор с «X»" names another body).
_RU_VERB_ENDINGS = ("л", "ла", "ло", "ли", "ет", "ют", "ит", "ят", "ат", "ся", "сь")


def russian_kind_noun_before(tokens: list[Token], j: int) -> int | None:
    """Where the kind noun of a Russian body's description stands, walking back from
    ``tokens[j]`` (the word before the name's opening guillemet) over lower-case nouns,
    adjectives and prepositions: "компания внешнего строительства «X»" -> "компания"."""
    for k in range(j, max(-1, j - _RU_KIND_REACH), -1):
        word = tokens[k].lower
        if not word.isalpha() or not ("а" <= word[0] <= "я" or word[0] == "ё"):
            return None
        if not tokens[k].text.islower() and k > 0:
            return None  # "Центра миграционных исследований «X»": a longer name, no kind
        if word in RU_KIND_NOUNS or word in _RU_MORE_KIND_NOUNS:
            return k
        if word.endswith(_RU_VERB_ENDINGS):
            return None
    return None


# Kind nouns of bodies besides RU_KIND_NOUNS: "корпорация", "предприятие", "объединение".
_RU_MORE_KIND_NOUNS = frozenset({"корпорация", "корпорации", "корпорацию", "корпорацией",
                                 "предприятие", "предприятия", "предприятием", "объединение",
                                 "объединения", "объединением", "общество", "общества",
                                 "обществом"})  # fmt: skip


def reports_in_a_russian_clause(tokens: list[Token], i: int) -> bool:
    """'«X», который отслеживает наём рабочих', '..., которая ведёт мониторинг ...',
    '..., который помогает мигрантам': a relative clause after a name says the body
    watches, counts, studies or helps, as only a source or a rights group does."""
    while i < len(tokens) and tokens[i].text in ("»", '"'):
        i += 1
    if i + 1 >= len(tokens) or tokens[i].text != "," or not tokens[i + 1].lower.startswith("котор"):
        return False
    for token in tokens[i + 2 : i + 6]:
        if token.text in ",.;:":
            return False
        if token.lower.startswith(_RU_REPORTING_STEMS):
            return True
    return False


# Verbs (and nouns) of watching, counting, studying and helping: "отслеживает", "ведёт
# мониторинг", "документирует", "исследует", "помогает", "оказывает юридическую помощь"
# (not "оказывает услуги", which a recruiter does).
_RU_REPORTING_STEMS = ("отслежива", "мониторинг", "мониторит", "документиру", "исследу",
                       "изучает", "изучают", "следит", "следят", "подсчитыва", "собирает",
                       "собирают", "помогает", "помогают", "защищает", "защищают",
                       "помощь", "публикует", "публикуют")  # fmt: skip


def names_a_workplace_in_russian(words: list[str]) -> bool:
    """The clause before a body ("..., ранее работавшая в", "бывший сотрудник", "работал в
    банке «X» и в") says one person works or worked there: a source's or an author's
    employer, as "a former official at X" is in English. Plural forms ("рабочие работали
    в ...") are the workers', and leave the body alone."""
    clause: list[str] = []
    for word in reversed(words):
        if word in (",", ".", ";", ":", "-", "(", ")", "—"):
            break
        clause.insert(0, word)
    if set(clause) & _RU_ONE_PERSON_WORKED:
        return True
    # "я работал прорабом, а до пенсии - инженером в АО «X»": the verb is left out of
    # the second clause; a post in the instrumental singular, then "в"/"на", is the
    # same person's workplace (plural posts, "сварщиками на", are the workers').
    rest = [w for w in clause if w not in _LEGAL_FORMS_RU]
    if (
        len(rest) >= 2
        and rest[-1] in ("в", "на")
        and rest[-2].endswith(("ом", "ем", "ой", "ей"))
        and set(words) & _RU_ONE_PERSON_WORKED
    ):
        return True
    return any(
        a in ("бывший", "бывшая", "бывшего", "бывшей") and b.startswith("сотрудни")
        for a, b in pairwise(clause)
    )


_LEGAL_FORMS_RU = frozenset({"ао", "ооо", "оао", "зао", "пао", "ип", "нко"})
# Singular verbs and participles of working or serving somewhere.
_RU_ONE_PERSON_WORKED = frozenset({"работал", "работала", "работавший", "работавшая",
                                   "работавшего", "работавшей", "служил", "служила",
                                   "служивший", "служившая", "трудился", "трудилась"})  # fmt: skip


def is_cited_after_in_russian(tokens: list[Token], span: Span) -> bool:
    """'«Известия» пишут', '«Вестник» выяснил': a Russian name followed by a verb only an
    outlet uses is a source (as "X reported" is in English)."""
    i = span.last + 1
    while i < len(tokens) and tokens[i].text in ("»", '"'):
        i += 1
    return i < len(tokens) and tokens[i].lower.startswith(_RU_SOURCE_AFTER)


# Only an outlet writes, finds out or passes on; an actor may "сообщить" too.
_RU_SOURCE_AFTER = ("пишет", "пишут", "выяснил", "выяснила", "выяснило", "выяснили",
                    "передаёт", "передает", "узнал", "узнала", "узнало", "узнали")  # fmt: skip


def _cited_in_russian(tokens: list[Token], j: int, phrases: tuple[str, ...]) -> bool:
    """The words up to ``tokens[j]`` end with one of ``phrases``."""
    before = " ".join(t.lower for t in tokens[max(0, j - 2) : j + 1])
    return any(before.endswith(p) for p in phrases)


_RU_ADJ_ENDINGS = (
    "ой",
    "ого",
    "ая",
    "ий",
    "ый",
    "ую",
    "ому",
    "ым",
    "им",
    "ом",
    "ей",
    "его",
    "ых",
    "их",
)
# Adjectives that make a body before a name in guillemets a source: analysts, researchers,
# pollsters, rights groups, news and data services.
_RU_SOURCE_KIND_STEMS = ("аналитическ", "исследовательск", "правозащитн", "социологическ",
                         "экспертн", "информацион", "консалтингов", "мониторингов",
                         "статистическ", "новостн")  # fmt: skip


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


def institution_hints(words: list[str]) -> set[str]:
    """The words of a name that show an actor's work ("Employment", "Training"); at an
    institution, "Labour" or "Migration" are what it may study and show nothing."""
    hints = set(words) & ACTOR_HINT_WORDS
    if set(words) & INSTITUTION_HEADS:
        hints -= RESEARCH_TOPIC_WORDS
    return hints


def at_an_institution(words: list[str], sentence: set[str]) -> bool:
    """A person quoted in the sentence ("said", "told") and placed at a centre, institute,
    university or foundation whose name shows no work with labour ("director of the
    Venn Center"): an expert speaking as a source."""
    return (
        bool(set(words) & INSTITUTION_HEADS)
        and not institution_hints(words)
        # "said", and the verbs of an expert's view: "X of the Venn Institute argues".
        and bool(sentence & (REPORTING_VERBS | _EXPERT_SPEECH))
        and not sentence & _INSTITUTION_ACTING
    )


# An institution that enrols or hires in the sentence may be the actor ("Ivan Petrov, head
# of Tver State University, said it enrolled 200 North Koreans").
_INSTITUTION_ACTING = frozenset({"enrol", "enroll", "enrols", "enrolls", "enrolled", "student",
                                 "students", "visa", "visas", "hired", "hires", "hire",
                                 "recruited", "recruits", "employs", "employed", "invited",
                                 "admitted", "admits"})  # fmt: skip


# Those who check, rate or insure a firm from outside and report on it: "X, previously
# with the group's external auditor", "X, head of ratings at Y", "X, an underwriter".
_CHECKERS = frozenset({"auditor", "auditors", "audit", "insurer", "insurers", "reinsurer",
                       "reinsurers", "reinsurance", "underwriter", "underwriters", "ratings",
                       "assessor", "assessors", "аудитор", "аудиторской", "страховой",
                       "страховщик", "рейтингового"})  # fmt: skip


def describes_a_source(words: list[str]) -> bool:
    """An apposition placing a person at a think tank, university, outlet, NGO, authority,
    auditor, insurer or rating agency ("director of the Institute for Far Eastern
    Studies"): a source."""
    joined = " ".join(w.replace(".", "") for w in words)
    sources = SOURCE_ORG_WORDS | MEDIA_WORDS | AUTHORITY_ORG_WORDS | ACADEMIC_WORDS | _CHECKERS
    return (
        bool(set(words) & sources)
        or any(phrase in joined for phrase in AUTHORITY_ORG_PHRASES)
        or any(f" {o} " in f" {joined} " for o in OUTLETS)
    )


def names_a_cited_body(words: list[str], cited: frozenset[str]) -> bool:
    """The words (before a title, or between it and a name) name a body the document quotes
    or that acts as an authority: "OSI Director X" where "according to OSI", "руководитель
    ФСМТМ X" where "по данным ФСМТМ". Its officials speak for it as a source."""
    joined = f" {normalize(' '.join(words))} "
    return any(f" {body} " in joined for body in cited)


# ------------------------------------------------------- extractor version 30
# Labels of a service a body renders to a fair, a catalogue, a website or a firm's books from
# outside the scheme, before a dash or a colon and the body's name: "Организатор выставки -
# ООО «X»", "Аудитор: X", "Разработка сайта - студия «X»", "Website: X", "Organiser - X".
_SERVICE_LABEL_STEMS = ("организатор", "соорганизатор", "аудитор", "составител", "издател",
                        "сайт", "фотограф", "спонсор", "медиапартн", "информационн",
                        "organiser", "organizer", "co-organiser", "co-organizer", "auditor",
                        "publisher", "compiler", "website", "webmaster", "sponsor",
                        "photographer", "printer", "printing")  # fmt: skip
# How many words the label may have before its dash: "Генеральный информационный партнёр".
_SERVICE_LABEL_REACH = 3
# Verbs of checking a firm's books, with a word for the books before them: "Отчётность
# компании ежегодно проверяет ООО «X»", "its accounts are audited by X".
_CHECKING_STEMS = ("провер", "аудир")
_BOOKS_STEMS = ("отчётност", "отчетност", "бухгалтер", "accounts", "statements", "books",
                "financial")  # fmt: skip
_CHECK_REACH = 3


def serves_from_outside(tokens: list[Token], span: Span) -> bool:
    """The body renders a service to the document or to a firm's books, not to the scheme:
    it organises the fair a catalogue lists, audits the firm's accounts, built its website
    ("Организатор выставки - ООО «X»", "Отчётность проверяет ООО «X»", "Auditor: X",
    "the accounts are audited by X")."""
    j = span.first - 1
    while j >= 0 and (tokens[j].text in ("«", '"') or tokens[j].lower in _RU_CAPITAL_FORMS):
        j -= 1
    while j >= 0 and tokens[j].lower in (
        "студия",
        "студии",
        "компания",
        "компании",
        "фирма",
        "агентство",
        "the",
        "studio",
        "firm",
        "company",
    ):
        j -= 1  # "Разработка сайта - студия «X»": the kind noun after the dash
    if j < 1:
        return False
    if tokens[j].text in ("-", ":", "|"):
        for k in range(j - 1, max(-1, j - 1 - _SERVICE_LABEL_REACH), -1):
            word = tokens[k].lower
            if not word.replace("-", "").isalpha():
                break
            if word.startswith(_SERVICE_LABEL_STEMS):
                return True
        return False
    if tokens[j].lower == "by" and tokens[j - 1].lower in ("audited", "certified"):
        return True  # "audited by X": an auditor
    for k in range(j, max(-1, j - _CHECK_REACH), -1):
        if tokens[k].lower.startswith(_CHECKING_STEMS) and any(
            t.lower.startswith(_BOOKS_STEMS) for t in tokens[:k]
        ):
            return True  # "Отчётность компании ежегодно проверяет ООО «X»": the books' checker
    return False
