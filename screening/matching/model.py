"""The scoring model: a declared list of features and how they add up.

A score is computed for one query name against one listed name:

1. both names are analysed into forms (``tokens.analyse_name``); every pair
   of forms is scored and the best pair wins. When both names are written in
   Hangul, or both in Chinese characters and kana, only the originals are
   compared, because romanisation would merge syllables that differ (종/정
   both become "jong", 石/市 both "shi");
2. the forms' tokens are aligned (``align.align``) and weighted: a tag
   weight (``config``) times a rarity multiplier from the index;
3. each feature in ``FEATURES`` measures the aligned pair, in [0, 1];
4. ``compute_score``: the best main feature times its weight, plus each
   qualifier times its (negative) weight, clipped to [0, 1].

``DEFAULT_THRESHOLD`` is the score from which a pair is reported as a match.
It was chosen on the benchmarks in ``benchmarks/`` (figures and commands in
``benchmarks/README.md``): F1 on the nomenklatura name-pair benchmark peaks
at 0.72 and stays within 0.01 of its peak from 0.68 to 0.74; the DPRK/Russia
quality set keeps full recall there; and false alerts on real company names
fall as the threshold rises, which argues against going lower.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from screening.matching.align import finish, prepare
from screening.matching.config import DEFAULT_CONFIG, ScoringConfig
from screening.matching.features import (
    Comparison,
    alignment_terms,
    birth_date_match,
    birth_date_mismatch,
    country_match,
    country_mismatch,
    effective_family,
    identifier_conflict,
    identifier_match,
    lone_query_word,
    may_reach,
    name_alignment,
    no_distinctive_match,
    number_mismatch,
    one_word_of_several,
    partial_short_name,
    patronymic_swap,
    schema_mismatch,
    single_fuzzy_word,
)
from screening.matching.fields import identifier_agreement
from screening.matching.results import EntityFacts, QueryFields, ScoreResult
from screening.matching.tokens import (
    NameForm,
    Tag,
    Token,
    analyse_name,
    chinese_syllable_names,
    form_words,
    korean_syllable_names,
    resegment,
    schema_family,
    syllabic_names,
)

ALGORITHM_VERSION = "screen-2.11"

# Families whose names have no initials (see ``align.pair_score``).
_ORGANISATIONS = frozenset({"org", "object"})
_PERSON_OR_ANY = frozenset({"person", "any"})

DEFAULT_THRESHOLD = 0.72


@dataclass(frozen=True, slots=True)
class Feature:
    """A named signal: ``func`` measures it in [0, 1], ``weight`` says how much it counts.

    Main features compete (the best one is the base score); qualifiers are
    added to it, usually as penalties.
    """

    func: Callable[[Comparison], float]
    weight: float
    qualifier: bool = False

    @property
    def name(self) -> str:
        return self.func.__name__

    @property
    def description(self) -> str:
        doc = self.func.__doc__ or ""
        return doc.strip().splitlines()[0] if doc.strip() else self.name


FEATURES: tuple[Feature, ...] = (
    # How much of both names is accounted for by similar words.
    Feature(func=name_alignment, weight=1.0),
    # Different numbers name different things (vessels, branches, units).
    Feature(func=number_mismatch, weight=-0.35, qualifier=True),
    # Sharing only "company", "air" or an initial is not evidence of identity.
    Feature(func=no_distinctive_match, weight=-0.3, qualifier=True),
    # One approximately spelled word is thin evidence on its own.
    Feature(func=single_fuzzy_word, weight=-0.2, qualifier=True),
    # Sharing one word of several is common among unrelated organisations.
    Feature(func=one_word_of_several, weight=-0.05, qualifier=True),
    # ... and a query that is that one word says less still.
    Feature(func=lone_query_word, weight=-0.08, qualifier=True),
    # A weak alias or abbreviation (SAI, MMC) names the entity only as the whole query.
    Feature(func=partial_short_name, weight=-0.3, qualifier=True),
    # Salman bin Muhammad is not Muhammad bin Salman.
    Feature(func=patronymic_swap, weight=-0.3, qualifier=True),
    # A person is not a company, vessel or region of the same name; a mild
    # penalty because lists and queries do mislabel.
    Feature(func=schema_mismatch, weight=-0.1, qualifier=True),
    # Secondary fields, when the query and the list give them.
    # The same identifier is decisive whatever the names say.
    Feature(func=identifier_match, weight=1.0),
    # Another value of the same identifier type: strong evidence against.
    Feature(func=identifier_conflict, weight=-0.4, qualifier=True),
    # A shared country is weak support; a contradicting one a penalty, never a filter.
    Feature(func=country_match, weight=0.03, qualifier=True),
    Feature(func=country_mismatch, weight=-0.25, qualifier=True),
    # A person's date of birth: agreeing supports, clearly contradicting weighs heavily.
    Feature(func=birth_date_match, weight=0.05, qualifier=True),
    Feature(func=birth_date_mismatch, weight=-0.35, qualifier=True),
)


# (name, weight) of main features and of qualifiers, computed once.
_MAIN = tuple((f.name, f.weight) for f in FEATURES if not f.qualifier)
_ADJUSTING = tuple((f.name, f.weight) for f in FEATURES if f.qualifier)
# Features that read secondary fields: 0.0 without any, so not evaluated then.
_FIELD_FEATURES = frozenset(
    {"identifier_match", "identifier_conflict", "country_match", "country_mismatch",
     "birth_date_match", "birth_date_mismatch"}
)  # fmt: skip
_NAME_FEATURES = tuple((f.name, f.func) for f in FEATURES if f.name not in _FIELD_FEATURES)
_ALL_FEATURES = tuple((f.name, f.func) for f in FEATURES)
_NO_FIELDS = dict.fromkeys(_FIELD_FEATURES, 0.0)
# What the features that read secondary fields (country, date of birth) can add to
# a score at most, beside the name.
FIELD_SUPPORT = sum(f.weight for f in FEATURES if f.qualifier and f.weight > 0) + 1e-9


def compute_score(values: dict[str, float]) -> float:
    """Best main feature times its weight, plus weighted qualifiers, within [0, 1]."""
    score = max(values[name] * weight for name, weight in _MAIN)
    if score <= 0.0:
        return 0.0
    for name, weight in _ADJUSTING:
        score += values[name] * weight
    return min(1.0, max(0.0, score))


def tag_weights(config: ScoringConfig) -> dict[Tag, float]:
    return {
        Tag.NAME: config.weight_name,
        Tag.PATRONYMIC: config.weight_patronymic,
        Tag.GENERIC: config.weight_generic,
        Tag.NUMBER: config.weight_number,
        Tag.INITIAL: config.weight_initial,
        Tag.LEGAL: config.weight_legal,
        Tag.STOP: config.weight_stop,
        Tag.TITLE: config.weight_title,
        Tag.QUALIFIER: config.weight_qualifier,
    }


# Rarity multiplier of a token text in [rarity_floor, 1]; None means "all rare".
Rarity = Callable[[str], float] | None

_TAG_WEIGHTS: dict[int, dict[Tag, float]] = {}


def token_weights(
    tokens: tuple[Token, ...], rarity: Rarity, config: ScoringConfig, listed: bool = False
) -> list[float]:
    """Tag weight times rarity per token. A country in a listed name is part of that name
    (Russian Financial Corporation), so on the listed side it weighs as a name word."""
    by_tag = _TAG_WEIGHTS.get(id(config) * 2 + listed)
    if by_tag is None:
        by_tag = tag_weights(config)
        if listed:
            by_tag[Tag.QUALIFIER] = config.weight_name
        _TAG_WEIGHTS[id(config) * 2 + listed] = by_tag
    if rarity is None:
        return [by_tag[t.tag] for t in tokens]
    return [by_tag[t.tag] * rarity(t.lexeme.text) for t in tokens]


@dataclass(slots=True)
class Scored:
    """The score of the best form pair, with what is needed to explain it."""

    score: float
    values: dict[str, float]
    comparison: Comparison


def score_forms(
    query: NameForm,
    listed: NameForm,
    query_family: str,
    listed_family: str,
    rarity: Rarity = None,
    config: ScoringConfig = DEFAULT_CONFIG,
    fields: QueryFields | None = None,
    facts: EntityFacts | None = None,
    listed_kind: str = "primary",
    floor: float | None = None,
) -> Scored | None:
    """The score of one form pair; with ``floor``, None as soon as it cannot reach it.

    Every feature but ``name_alignment`` and ``identifier_match`` lowers the score,
    or raises it by at most ``FIELD_SUPPORT`` with secondary fields, so a pair
    whose ``name_alignment`` cannot reach ``floor`` less that support, and which
    shares no identifier, is dropped: first on its draft alignment
    (``features.may_reach``), before the joined edges and the features are paid
    for, then on its alignment.
    """
    draft = prepare(
        query.tokens,
        listed.tokens,
        config,
        persons=listed_family == "person" and query_family in _PERSON_OR_ANY,
        initials=not {
            effective_family(query_family, query),
            effective_family(listed_family, listed),
        }
        & _ORGANISATIONS,
        listed_person=listed_family == "person",
        syllabic={query_family, listed_family} <= _PERSON_OR_ANY and syllabic_names(query, listed),
        korean_syllables={query_family, listed_family} <= _PERSON_OR_ANY
        and korean_syllable_names(query, listed),
        chinese_syllables={query_family, listed_family} <= _PERSON_OR_ANY
        and chinese_syllable_names(query, listed),
    )
    query_weights = token_weights(query.tokens, rarity, config)
    listed_weights = token_weights(listed.tokens, rarity, config, listed=True)
    with_fields = fields is not None and facts is not None
    target = None
    if floor is not None and not (with_fields and identifier_agreement(fields, facts) > 0):
        target = floor - FIELD_SUPPORT if with_fields else floor
        if not may_reach(draft, query_weights, listed_weights, query_family, listed_family, target):
            return None
    comparison = Comparison(
        query=query,
        listed=listed,
        query_family=query_family,
        listed_family=listed_family,
        alignment=finish(draft),
        query_weights=query_weights,
        listed_weights=listed_weights,
        config=config,
        fields=fields,
        facts=facts,
        listed_kind=listed_kind,
    )
    if target is not None and name_alignment(comparison) < target:
        return None
    if with_fields:
        values = {name: func(comparison) for name, func in _ALL_FEATURES}
    else:
        values = {**_NO_FIELDS, **{name: func(comparison) for name, func in _NAME_FEATURES}}
    return Scored(compute_score(values), values, comparison)


def form_pairs(
    query: Sequence[NameForm], listed: Sequence[NameForm]
) -> list[tuple[NameForm, NameForm]]:
    """Which forms to compare: the originals alone if both have one (Hangul, Chinese
    characters and kana), else romanisations.

    Every romanisation of one side meets the canonical form of the other;
    variant-against-variant pairs add cost and no new agreement, except the
    originals of two names written in another script (Arabic, Hebrew, Indic,
    ...: ``normalize.name_variants``), whose letters tell apart what their
    readings merge.
    """
    q_native = [f for f in query if f.native]
    l_native = [f for f in listed if f.native]
    if q_native and l_native:
        return [(q_native[0], l_native[0])]
    q_latin = [f for f in query if not f.native]
    l_latin = [f for f in listed if not f.native]
    pairs = [
        (q, lf) for i, q in enumerate(q_latin) for j, lf in enumerate(l_latin) if i == 0 or j == 0
    ]
    if len(q_latin) > 1 and len(l_latin) > 1:
        q_written = _written_original(q_latin)
        l_written = _written_original(l_latin)
        if q_written is not None and l_written is not None:
            pairs.append((q_written, l_written))
    return pairs


def _written_original(forms: Sequence[NameForm]) -> NameForm | None:
    """A form (not the first) spelled in another script than Latin, if any."""
    return next((f for f in forms[1:] if not f.text.isascii()), None)


def score_names(
    query: Sequence[NameForm],
    listed: Sequence[NameForm],
    query_family: str,
    listed_family: str,
    rarity: Rarity = None,
    config: ScoringConfig = DEFAULT_CONFIG,
    fields: QueryFields | None = None,
    facts: EntityFacts | None = None,
    listed_kind: str = "primary",
    floor: float | None = None,
) -> Scored | None:
    """The best-scoring form pair of two analysed names, or None if either is empty
    or, with ``floor``, when no pair can reach it (see ``score_forms``)."""
    best: Scored | None = None
    for q, lf in form_pairs(query, listed):
        scored = score_forms(
            q, lf, query_family, listed_family, rarity, config, fields, facts, listed_kind,
            floor,
        )  # fmt: skip
        if scored is not None and (best is None or scored.score > best.score):
            best = scored
            if scored.score >= 1.0:
                break
    return best


def explain(scored: Scored, threshold: float) -> dict[str, Any]:
    """A JSON-serialisable account of a score: token pairings and feature contributions."""
    c = scored.comparison
    terms = alignment_terms(c)
    total = terms.total or 1.0
    qt, lt = c.query.tokens, c.listed.tokens
    pairs = []
    for edge, weight in zip(c.alignment.edges, terms.edge_weights, strict=True):
        pairs.append(
            {
                "query": " ".join(qt[i].text for i in edge.query),
                "listed": " ".join(lt[j].text for j in edge.listed),
                "method": edge.method,
                "similarity": round(edge.score, 4),
                "weight": round(weight, 4),
                "contribution": round(edge.score * weight / total, 4),
                "tags": sorted({qt[i].tag.value for i in edge.query}),
            }
        )
    features = {}
    for f in FEATURES:
        value = scored.values[f.name]
        features[f.name] = {
            "value": round(value, 4),
            "weight": f.weight,
            "contribution": round(value * f.weight, 4),
            "qualifier": f.qualifier,
            "description": f.description,
        }
    return {
        "algorithm": ALGORITHM_VERSION,
        "score": round(scored.score, 4),
        "threshold": threshold,
        "query_form": c.query.text,
        "listed_form": c.listed.text,
        "pairs": pairs,
        "unmatched_query": [
            {"token": qt[i].text, "tag": qt[i].tag.value, "cost": round(cost / total, 4)}
            for i, cost in zip(c.alignment.query_extra, terms.query_costs, strict=True)
        ],
        "unmatched_listed": [
            {"token": lt[j].text, "tag": lt[j].tag.value, "cost": round(cost / total, 4)}
            for j, cost in zip(c.alignment.listed_extra, terms.listed_costs, strict=True)
        ],
        "features": features,
    }


def compare(
    a: str,
    b: str,
    schema: str | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    config: ScoringConfig = DEFAULT_CONFIG,
    fields: QueryFields | None = None,
    facts: EntityFacts | None = None,
    rarity: Rarity = None,
    kind: str = "primary",
) -> ScoreResult:
    """Score query name ``a`` against listed name ``b`` in [0, 1].

    Without ``rarity`` every word counts as rare; ``CandidateIndex.compare``
    passes the index's rarity, and then the score is the one ``search`` gives
    the pair. ``fields`` and ``facts`` are the secondary fields of the query
    and of the listed entity; ``kind`` is the listed name's kind
    (``NAME_KINDS``). Never raises on any pair of strings.
    """
    family = schema_family(schema)
    listed = analyse_name(b, schema, listed=True)
    query = analyse_name(a, schema)
    query += resegment(query, form_words(listed), schema)
    scored = score_names(query, listed, family, family, rarity, config, fields, facts, kind)
    if scored is None:
        return ScoreResult(
            score=0.0,
            match=False,
            explanation={"algorithm": ALGORITHM_VERSION, "score": 0.0, "threshold": threshold,
                         "reason": "a name has no letters or digits to compare"},
        )  # fmt: skip
    return ScoreResult(
        score=scored.score, match=scored.score >= threshold, explanation=explain(scored, threshold)
    )
