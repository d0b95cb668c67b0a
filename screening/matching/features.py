"""The scoring features: small pure functions of one aligned name pair.

Each feature reads a ``Comparison`` (the two name forms, their alignment and
token weights) and returns a value in [0, 1]. ``model.FEATURES`` declares
which features exist and how much each one weighs; this module only says
what each one measures.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from screening.matching.align import Alignment, Draft, Edge
from screening.matching.config import ScoringConfig
from screening.matching.countries import qualifier_countries
from screening.matching.fields import (
    birth_date_agreement,
    country_agreement,
    identifier_agreement,
)
from screening.matching.results import EntityFacts, QueryFields
from screening.matching.tokens import DESCRIPTIVE_WORDS, NameForm, Tag, Token

# Tags whose agreement identifies a name (as opposed to legal forms,
# particles, titles and generic words, which many names share).
DISTINCTIVE = frozenset({Tag.NAME, Tag.PATRONYMIC, Tag.NUMBER})
# Leftovers of these tags on both sides mean the names disagree, not that
# one of them is shorter.
SUBSTANTIVE = frozenset(
    {Tag.NAME, Tag.PATRONYMIC, Tag.GENERIC, Tag.NUMBER, Tag.INITIAL, Tag.QUALIFIER}
)
# For persons, an initial or acronym alone does not identify anyone.
_WEAK_METHODS = frozenset({"initial", "acronym"})


@dataclass(slots=True)
class Comparison:
    """Everything the features may look at for one (query form, listed form) pair."""

    query: NameForm
    listed: NameForm
    query_family: str
    listed_family: str
    alignment: Alignment
    query_weights: list[float]
    listed_weights: list[float]
    config: ScoringConfig
    # Secondary fields of the query and the listed entity, when known.
    fields: QueryFields | None = None
    facts: EntityFacts | None = None
    # The listed name's kind (``results.NAME_KINDS``): weak aliases and
    # abbreviations count only as whole names (see ``partial_short_name``).
    listed_kind: str = "primary"
    _distinctive_edges: list[Edge] | None = field(default=None, init=False, repr=False)
    _terms: AlignmentTerms | None = field(default=None, init=False, repr=False)

    @property
    def is_person(self) -> bool:
        return "person" in (self.query_family, self.listed_family)

    @property
    def distinctive_edges(self) -> list[Edge]:
        """Edges that pair identifying words (see ``_distinctive``), computed once."""
        if self._distinctive_edges is None:
            self._distinctive_edges = [e for e in self.alignment.edges if _distinctive(e, self)]
        return self._distinctive_edges


@dataclass(slots=True)
class AlignmentTerms:
    """The weighted sum behind ``name_alignment``, kept for the explanation."""

    edge_weights: list[float]
    query_costs: list[float]
    listed_costs: list[float]
    total: float


def alignment_terms(c: Comparison) -> AlignmentTerms:
    """Weights of aligned edges and costs of unmatched tokens (computed once per pair).

    An edge weighs the mean of its two sides' token weights. An unmatched
    token costs its weight times ``conflict_weight`` when the other side also
    has substantive tokens left over (the names disagree), and times
    ``extra_query_weight`` / ``extra_listed_weight`` when it is a mere
    omission. A leftover that repeats a word already matched on its own side
    (Sergey Sergey Shoigu) costs nothing: it adds no information.
    """
    if c._terms is not None:
        return c._terms
    cfg = c.config
    al = c.alignment
    qt, lt = c.query.tokens, c.listed.tokens
    matched_q = {qt[i].text for e in al.edges for i in e.query}
    matched_l = {lt[j].text for e in al.edges for j in e.listed}
    edge_weights = [
        (sum(c.query_weights[i] for i in e.query) + sum(c.listed_weights[j] for j in e.listed)) / 2
        for e in al.edges
    ]
    query_conflict = any(lt[j].tag in SUBSTANTIVE for j in al.listed_extra)
    listed_conflict = any(qt[i].tag in SUBSTANTIVE for i in al.query_extra)
    q_share = _query_share(cfg, query_conflict, al.syllabic, c.query_family, c.listed_family)
    l_share = _listed_share(cfg, listed_conflict, al.syllabic, c.listed_family)
    query_costs = [
        0.0 if qt[i].text in matched_q else c.query_weights[i] * q_share for i in al.query_extra
    ]
    # The listed entity's countries, when its name is only generic words (INDUSTRIAL
    # BANK) and they are known.
    own = (
        frozenset(c.facts.countries)
        if not query_conflict and c.facts is not None and generic_name(c.listed)
        else frozenset()
    )
    if query_conflict or own:
        # When the names disagree anyway, a country the query adds may be part of
        # its name (Korea Electric Power): it costs what a name word costs. So it does
        # beside a listed name of generic words when it is not the entity's country:
        # it then tells "Industrial Bank of Korea" from the Syrian INDUSTRIAL BANK,
        # while "Industrial Bank, Syria" is that bank.
        # Another country than the entity's is a disagreement, not an omission.
        scale = cfg.weight_name / cfg.weight_qualifier if cfg.weight_qualifier else 1.0
        query_costs = [
            c.query_weights[i] * scale * cfg.conflict_weight
            if cost
            and qt[i].tag is Tag.QUALIFIER
            and own.isdisjoint(qualifier_countries(qt[i].text))
            else cost
            for i, cost in zip(al.query_extra, query_costs, strict=True)
        ]
    listed_costs = [
        0.0 if lt[j].text in matched_l else c.listed_weights[j] * l_share for j in al.listed_extra
    ]
    if not c.is_person and l_share < cfg.conflict_weight:
        # A listed organisation's words before the ones the query meets are its head,
        # not an omission: Blue Bird is not SKY BLUE BIRD AVIATION.
        head = _listed_head(c)
        listed_costs = [
            c.listed_weights[j] * cfg.conflict_weight if j in head and cost else cost
            for j, cost in zip(al.listed_extra, listed_costs, strict=True)
        ]
    total = sum(edge_weights) + sum(query_costs) + sum(listed_costs)
    c._terms = AlignmentTerms(edge_weights, query_costs, listed_costs, total)
    return c._terms


def _listed_head(c: Comparison) -> frozenset[int]:
    """Positions of the listed name's own words (not generic words, countries or regions)
    that the query leaves unmatched and that come before every listed word it meets
    (see ``alignment_terms``)."""
    matched = [j for e in c.alignment.edges for j in e.listed]
    if not matched:
        return frozenset()
    first = min(matched)
    lt = c.listed.tokens
    return frozenset(
        j
        for j in c.alignment.listed_extra
        if j < first and lt[j].tag is Tag.NAME and lt[j].text not in _REGIONS
    )


def _query_share(
    cfg: ScoringConfig, conflict: bool, syllabic: bool, query_family: str, listed_family: str
) -> float:
    """Share of its weight an unmatched query word costs (see ``alignment_terms``)."""
    if conflict:
        return cfg.conflict_weight
    if syllabic:
        return cfg.extra_syllable_weight
    if query_family == "person" and listed_family == "person":
        return cfg.extra_query_weight_person
    return cfg.extra_query_weight


def _listed_share(cfg: ScoringConfig, conflict: bool, syllabic: bool, listed_family: str) -> float:
    """Share of its weight an unmatched listed word costs (see ``alignment_terms``)."""
    if conflict:
        return cfg.conflict_weight
    if syllabic:
        return cfg.extra_syllable_weight
    if listed_family in ("org", "object"):
        return cfg.extra_listed_weight_org
    return cfg.extra_listed_weight


def may_reach(
    draft: Draft,
    query_weights: list[float],
    listed_weights: list[float],
    query_family: str,
    listed_family: str,
    target: float,
) -> bool:
    """Whether any alignment of ``draft``'s edges could make ``name_alignment`` reach
    ``target``: False only when none can.

    ``name_alignment`` is N / D, where every token adds to N and D on its own: a
    matched token half its weight times its edge's similarity to N and half its
    weight to D, an unmatched one its cost to D. So N / D >= target exactly when
    the sum over tokens of (N part - target * D part) is >= 0, and each token's
    best choice bounds that sum: matched at the best similarity ``Draft.reach``
    allows it, or unmatched at the least cost it may have. A token no edge can take
    is unmatched for certain; if a substantive one is left on each side, both
    sides' leftovers cost ``conflict_weight``, as ``alignment_terms`` charges them.
    Pairing (an edge needs a partner) and the greedy choice only lower the sum.
    """
    cfg = draft.config
    reach_q, reach_l = draft.reach()
    qt, lt = draft.query, draft.listed
    listed_left = any(r == 0.0 and lt[j].tag in SUBSTANTIVE for j, r in enumerate(reach_l))
    query_left = any(r == 0.0 and qt[i].tag in SUBSTANTIVE for i, r in enumerate(reach_q))
    q_share = _query_share(cfg, listed_left, draft.syllabic, query_family, listed_family)
    l_share = _listed_share(cfg, query_left, draft.syllabic, listed_family)
    if not listed_left:
        q_share = min(q_share, cfg.conflict_weight)
    if not query_left:
        l_share = min(l_share, cfg.conflict_weight)
    # A country the query adds may cost what a name word costs (``alignment_terms``).
    scale = min(1.0, cfg.weight_name / cfg.weight_qualifier) if cfg.weight_qualifier else 1.0
    total = 0.0
    for tokens, weights, reach, share in (
        (qt, query_weights, reach_q, q_share),
        (lt, listed_weights, reach_l, l_share),
    ):
        texts = [t.text for t in tokens]
        repeated = len(set(texts)) < len(texts)
        for token, weight, best in zip(tokens, weights, reach, strict=True):
            # A leftover repeating a matched word of its side costs nothing.
            if repeated and texts.count(token.text) > 1:
                cost = 0.0
            elif token.tag is Tag.QUALIFIER and tokens is qt:
                cost = share * weight * scale
            else:
                cost = share * weight
            left = -target * cost
            total += max(weight / 2 * (best - target), left) if best > 0.0 else left
    return total >= -1e-9


def generic_name(form: NameForm) -> bool:
    """A name of generic and descriptive words, legal forms and countries only
    (INDUSTRIAL BANK, MINISTRY OF NATIONAL DEFENSE: ``tokens.DESCRIPTIVE_WORDS``)."""
    return not any(t.tag in DISTINCTIVE and t.text not in DESCRIPTIVE_WORDS for t in form.tokens)


def name_alignment(c: Comparison) -> float:
    """Weighted mean similarity of aligned tokens, unmatched tokens counting as 0."""
    terms = alignment_terms(c)
    if terms.total <= 0.0:
        return 0.0
    matched = sum(e.score * w for e, w in zip(c.alignment.edges, terms.edge_weights, strict=True))
    return min(1.0, matched / terms.total)


def _numbers(tokens: tuple[Token, ...]) -> list[str]:
    return sorted(t.text for t in tokens if t.tag is Tag.NUMBER)


def number_mismatch(c: Comparison) -> float:
    """1.0 when both names carry numbers and they differ (Rungra 888 vs Rungra 889)."""
    q, lst = _numbers(c.query.tokens), _numbers(c.listed.tokens)
    return 1.0 if q and lst and q != lst else 0.0


# Name kinds that identify an entity only when the query is that whole name.
_WHOLE_NAME_KINDS = frozenset({"weak_alias", "abbreviation"})
# What a query may add to a weak alias and still be that name: legal forms,
# particles and a country (KOMID, North Korea). An abbreviation allows only
# legal forms and particles: "DPR Korea" is not the DPR.
_WEAK_ALIAS_EXTRAS = frozenset({Tag.LEGAL, Tag.STOP, Tag.QUALIFIER})
_ABBREVIATION_EXTRAS = frozenset({Tag.LEGAL, Tag.STOP})
_PERSON_NAME_EXTRAS = frozenset({Tag.STOP, Tag.TITLE})


def partial_short_name(c: Comparison) -> float:
    """1.0 when a listed weak alias or abbreviation meets only part of the query.

    Lists mark short or common forms as weak aliases (OFAC's "weak a.k.a.":
    SAI, BANCORP, a person's nickname) or abbreviations (MMC, DPR), and they
    identify the entity only when the query is that name as a whole: "Peoples
    Bancorp Inc" is not BANCORP, "MMC Norilsk Nickel" is not the MMC, and a
    company ("Fox Corp") is not a person nicknamed Fox. Any word either side
    leaves over, other than a legal form, particle or country (for a person's
    name, a particle or title), makes the pair a partial one, as does a
    short word met only approximately.
    """
    if c.listed_kind not in _WHOLE_NAME_KINDS:
        return 0.0
    if c.listed_family == "person":
        allowed = _PERSON_NAME_EXTRAS
    elif c.listed_kind == "abbreviation":
        allowed = _ABBREVIATION_EXTRAS
    else:
        allowed = _WEAK_ALIAS_EXTRAS
    al = c.alignment
    if not al.edges:
        return 0.0
    leftovers = [c.query.tokens[i] for i in al.query_extra] + [
        c.listed.tokens[j] for j in al.listed_extra
    ]
    if any(t.tag not in allowed for t in leftovers):
        return 1.0
    # A short weak form must also be spelled the same: UBS is not the weak
    # alias UPZ, whose romanisation key it shares by chance
    # (a short word met approximately is as thin as evidence gets: 1.0).
    return 1.0 if any(_thinness(e, c) >= 1.0 for e in c.distinctive_edges) else 0.0


def _distinctive(edge: Edge, c: Comparison) -> bool:
    if c.is_person and edge.method in _WEAK_METHODS:
        return False
    return any(c.query.tokens[i].tag in DISTINCTIVE for i in edge.query) and any(
        c.listed.tokens[j].tag in DISTINCTIVE for j in edge.listed
    )


def no_distinctive_match(c: Comparison) -> float:
    """1.0 when names have distinctive words but only generic ones were matched.

    "Korean Air" and "Air Koryo" share only "air"; "Management Company" and
    "Westminster Management Company" share only generic words; for persons,
    "N.N." meeting "Nursultan Nazarbayev" by initials alone is no better.
    """
    has_words = any(t.tag in DISTINCTIVE for t in c.query.tokens) or any(
        t.tag in DISTINCTIVE for t in c.listed.tokens
    )
    if not has_words or not c.alignment.edges:
        return 0.0
    return 0.0 if c.distinctive_edges else 1.0


_FUZZY_METHODS = frozenset({"edit", "jaro_winkler", "phonetic", "hypocorism"})


def single_fuzzy_word(c: Comparison) -> float:
    """How thin the evidence is when it is one approximately spelled word, in [0, 1].

    A short word one edit or one sound away from a listed word ("Tesla" and
    "Desta", "Nike" and "Nica") is common by chance; a second agreeing word,
    an exact spelling or a long word is what makes a name match. The value
    falls from 1 at ``config.short_word_length`` letters to 0 at
    ``config.long_word_length``.
    """
    distinctive = c.distinctive_edges
    return _thinness(distinctive[0], c) if len(distinctive) == 1 else 0.0


def _thinness(edge: Edge, c: Comparison) -> float:
    """How thin one edge is as evidence (see ``single_fuzzy_word``): 0 for the same
    letters or a long word, 1 for a short word met approximately."""
    query = "".join(c.query.tokens[i].text for i in edge.query)
    listed = "".join(c.listed.tokens[j].text for j in edge.listed)
    if not _approximate(edge, query, listed, c.config):
        return 0.0
    short, long = c.config.short_word_length, c.config.long_word_length
    return max(0.0, min(1.0, (long - min(len(query), len(listed))) / (long - short)))


def _approximate(edge: Edge, query: str, listed: str, config: ScoringConfig) -> bool:
    """Whether an edge rests on approximate spelling rather than the same letters.

    Romanisation keys of short words collide by chance (UBS and UPZ, GSK and
    KZSK), and words written together only count as the same letters when
    they are (AIRKORYO ~ Air Koryo, not Netcapital ~ RT Capital).
    """
    if edge.method in _FUZZY_METHODS:
        return True
    if edge.method == "romanisation":
        return min(len(query), len(listed)) <= config.short_word_length
    if edge.method == "joined":
        return query != listed
    return False


def one_word_of_several(c: Comparison) -> float:
    """1.0 when one distinctive word agrees and either name has others the other lacks.

    "Target Corp" and "Target Transportation Limited" share one word and
    differ in another; many unrelated companies share a word. Persons are
    left out: their lists and queries omit given names all the time.
    """
    if c.is_person:
        return 0.0
    matched = c.distinctive_edges
    if len(matched) != 1:
        return 0.0
    extra = [c.query.tokens[i] for i in c.alignment.query_extra] + [
        c.listed.tokens[j] for j in c.alignment.listed_extra
    ]
    # A country in the listed name is one of its words (Russian Financial Corporation).
    listed_country = any(c.listed.tokens[j].tag is Tag.QUALIFIER for j in c.alignment.listed_extra)
    return 1.0 if listed_country or any(t.tag in DISTINCTIVE for t in extra) else 0.0


def lone_query_word(c: Comparison) -> float:
    """1.0 when the query's only distinctive word is matched and the listed name has
    distinctive words the query lacks: "Target Corp" for "Target Transportation
    Limited", "Orange" for "Orange Volunteers". One word, often a common one, names
    many unrelated organisations; a query that says only that word says less than
    one that shares one word of several. Persons are left out (given names are
    omitted all the time).
    """
    if c.is_person or len(c.distinctive_edges) != 1:
        return 0.0
    if sum(1 for t in c.query.tokens if t.tag in DISTINCTIVE) != 1:
        return 0.0
    # Another word, not a number ("Victory" and "Victory 3" are number_mismatch's
    # case) nor a region: "Faberlic Europe" is the brand's regional arm.
    listed_extra = (c.listed.tokens[j] for j in c.alignment.listed_extra)
    return 1.0 if any(t.tag is Tag.NAME and t.text not in _REGIONS for t in listed_extra) else 0.0


# Regions wider than a country that name a company's regional arm (a country is
# a QUALIFIER token already).
_REGIONS = frozenset(
    {"europe", "european", "asia", "asian", "africa", "african", "america", "americas",
     "american", "eurasia", "eurasian", "pacific", "atlantic", "nordic", "scandinavia",
     "baltic", "balkans", "caucasus", "gulf", "emea", "apac", "latam", "mena"}
)  # fmt: skip


def effective_family(family: str, form: NameForm) -> str:
    """A name of unknown kind that carries a legal form (Knowles Corp) is an organisation's."""
    if family == "any" and any(t.tag is Tag.LEGAL for t in form.tokens):
        return "org"
    return family


def schema_mismatch(c: Comparison) -> float:
    """1.0 when one side is known to be a person and the other known not to be.

    A name with a legal form counts as known not to be a person's.
    """
    families = {
        effective_family(c.query_family, c.query),
        effective_family(c.listed_family, c.listed),
    }
    if "any" in families or len(families) == 1:
        return 0.0
    return 1.0 if "person" in families else 0.0


def _named_after_particle(tokens: tuple[Token, ...]) -> set[int]:
    """Positions of names that follow bin/ibn/ben (the father's or an ancestor's name)."""
    after: set[int] = set()
    for i, token in enumerate(tokens):
        if token.tag is Tag.STOP and token.lexeme.key == "bin":
            for j in range(i + 1, len(tokens)):
                if tokens[j].tag is not Tag.STOP:
                    after.add(j)
                    break
    return after


def patronymic_swap(c: Comparison) -> float:
    """1.0 when a word is someone's own name on one side and a father's name on the other.

    "Salman bin Muhammad" is Muhammad's son; "Muhammad bin Salman" is
    Salman's: the same words in swapped roles name two people.
    """
    q_after = _named_after_particle(c.query.tokens)
    l_after = _named_after_particle(c.listed.tokens)
    if not q_after or not l_after:
        return 0.0
    for edge in c.alignment.edges:
        if (
            len(edge.query) == 1
            and len(edge.listed) == 1
            and (edge.query[0] in q_after) != (edge.listed[0] in l_after)
        ):
            return 1.0
    return 0.0


def identifier_match(c: Comparison) -> float:
    """1.0 when the query and the entity share an identifier (IMO, registration, tax number)."""
    return 1.0 if identifier_agreement(c.fields, c.facts) > 0 else 0.0


def identifier_conflict(c: Comparison) -> float:
    """1.0 when both give an identifier of one type and no value agrees."""
    return 1.0 if identifier_agreement(c.fields, c.facts) < 0 else 0.0


def country_match(c: Comparison) -> float:
    """1.0 when the query's country is one of the entity's."""
    return 1.0 if country_agreement(c.fields, c.facts)[0] else 0.0


def country_mismatch(c: Comparison) -> float:
    """1.0 when both give countries and none is shared (a penalty, never a filter)."""
    return 1.0 if country_agreement(c.fields, c.facts)[1] else 0.0


def birth_date_match(c: Comparison) -> float:
    """1.0 when a person's date of birth agrees with a listed one as far as both go."""
    if not c.is_person:
        return 0.0
    return 1.0 if birth_date_agreement(c.fields, c.facts) > 0 else 0.0


def birth_date_mismatch(c: Comparison) -> float:
    """1.0 when a person's date of birth contradicts every listed one (a year one off does not)."""
    if not c.is_person:
        return 0.0
    return 1.0 if birth_date_agreement(c.fields, c.facts) < 0 else 0.0
