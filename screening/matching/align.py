"""Align the tokens of a query name with the tokens of a listed name.

An alignment is a set of edges, each joining one or more query tokens to one
or more listed tokens, plus the tokens left over on each side. Edges come in
three shapes:

* one token to one token, scored by ``similarity.token_similarity``, with
  tag rules on top: legal forms only meet legal forms (and always agree),
  numbers only equal numbers, patronymics only meet patronymics, particles and
  titles must be spelled alike, and an initial meets a word that starts with it;
* one token to a run of 2–4 adjacent tokens spelled together (``joined``:
  AIRKORYO ~ Air Koryo, Ramimakhlouf ~ Rami Makhlouf, or a Hangul name
  split by syllable);
* one token to the run of words it abbreviates (``acronym``: KPA ~ Korean
  People's Army, JC ~ Jean Claude), skipping particles inside the run.

Edges are chosen greedily, best score first; word order is free, which suits
organisation names and the many orders a person's name is written in.
"""

from __future__ import annotations

from dataclasses import dataclass

from screening.matching.config import ScoringConfig
from screening.matching.similarity import string_similarity, token_similarity
from screening.matching.tokens import Tag, Token

# Tags that may be compared by spelling with each other.
_WORDS = frozenset({Tag.NAME, Tag.PATRONYMIC, Tag.GENERIC})
# Words an acronym letter may stand for: KKBC's C is "Corporation".
_ACRONYM_PARTS = _WORDS | {Tag.LEGAL}
_MAX_RUN = 4
_MAX_ACRONYM = 6
# Words with more tokens than this skip run edges: long names rarely need
# them and the runs would cost more than they find.
_MAX_RUN_TOKENS = 14
_STRONG = 0.9


@dataclass(slots=True)
class Edge:
    query: tuple[int, ...]
    listed: tuple[int, ...]
    score: float
    method: str


@dataclass(slots=True)
class Alignment:
    edges: list[Edge]
    query_extra: list[int]
    listed_extra: list[int]


def pair_score(q: Token, c: Token, config: ScoringConfig) -> tuple[float, str]:
    """Similarity of two single tokens under the tag rules of the module docstring."""
    qt, ct = q.tag, c.tag
    if qt in _WORDS and ct in _WORDS:
        if (qt is Tag.PATRONYMIC) != (ct is Tag.PATRONYMIC):
            # A father's name is not the person's own (Oleksandr vs Oleksandrovych).
            return 0.0, "none"
        return token_similarity(q.lexeme, c.lexeme, config)
    if qt is Tag.LEGAL or ct is Tag.LEGAL:
        return (1.0, "legal_form") if qt is ct else (0.0, "none")
    if qt is Tag.INITIAL and ct is Tag.INITIAL:
        return (1.0, "exact") if q.text == c.text else (0.0, "none")
    if qt is Tag.INITIAL and ct in _WORDS:
        return (config.initial_score, "initial") if c.text[0] == q.text else (0.0, "none")
    if ct is Tag.INITIAL and qt in _WORDS:
        return (config.initial_score, "initial") if q.text[0] == c.text else (0.0, "none")
    if q.text == c.text:
        return 1.0, "exact"
    if qt is not Tag.NUMBER and ct is not Tag.NUMBER and q.lexeme.key == c.lexeme.key:
        return config.romanisation_score, "romanisation"
    return 0.0, "none"


def _joined_edges(
    single: tuple[Token, ...], runs: tuple[Token, ...], config: ScoringConfig, flip: bool
) -> list[Edge]:
    edges: list[Edge] = []
    if len(runs) < 2 or len(runs) > _MAX_RUN_TOKENS:
        return edges
    for i, token in enumerate(single):
        if token.tag not in _WORDS or len(token.text) < 4:
            continue
        for start in range(len(runs) - 1):
            text = key = ""
            for end in range(start, min(start + _MAX_RUN, len(runs))):
                part = runs[end]
                text += part.text
                key += part.lexeme.key
                if end == start:
                    continue
                if len(text) > len(token.text) + 3:
                    break
                sim = max(
                    string_similarity(token.text, text), string_similarity(token.lexeme.key, key)
                )
                if sim >= config.min_joined_similarity:
                    run = tuple(range(start, end + 1))
                    score = sim - config.joined_penalty
                    edges.append(
                        Edge(run, (i,), score, "joined")
                        if flip
                        else Edge((i,), run, score, "joined")
                    )
    return edges


def _acronym_edges(
    single: tuple[Token, ...], runs: tuple[Token, ...], config: ScoringConfig, flip: bool
) -> list[Edge]:
    edges: list[Edge] = []
    if len(runs) < 2 or len(runs) > _MAX_RUN_TOKENS:
        return edges
    for i, token in enumerate(single):
        letters = token.text
        if token.tag not in _WORDS or not 2 <= len(letters) <= _MAX_ACRONYM:
            continue
        if not letters.isascii() or not letters.isalpha():
            continue
        for start, first in enumerate(runs):
            if first.tag not in _ACRONYM_PARTS or first.text[0] != letters[0]:
                continue
            run = [start]
            pos = start + 1
            while len(run) < len(letters) and pos < len(runs):
                part = runs[pos]
                if part.tag is Tag.STOP:
                    pos += 1
                    continue
                if part.tag not in _ACRONYM_PARTS or part.text[0] != letters[len(run)]:
                    break
                run.append(pos)
                pos += 1
            if len(run) == len(letters):
                span = tuple(run)
                edge = Edge(span, (i,), config.acronym_score, "acronym")
                if not flip:
                    edge = Edge((i,), span, config.acronym_score, "acronym")
                edges.append(edge)
    return edges


def align(
    query: tuple[Token, ...],
    listed: tuple[Token, ...],
    config: ScoringConfig,
) -> Alignment:
    """Greedy best-first alignment of two token sequences (see module docstring)."""
    candidates: list[Edge] = []
    floor = config.min_token_similarity
    for i, q in enumerate(query):
        for j, c in enumerate(listed):
            score, method = pair_score(q, c, config)
            if score >= floor:
                candidates.append(Edge((i,), (j,), score, method))
    # Runs only matter when some token has no close single partner; checking
    # first keeps the common case (every word found) cheap.
    strong_q = {e.query[0] for e in candidates if e.score >= _STRONG}
    strong_c = {e.listed[0] for e in candidates if e.score >= _STRONG}
    if len(strong_q) < len(query) or len(strong_c) < len(listed):
        candidates.extend(_joined_edges(query, listed, config, flip=False))
        candidates.extend(_joined_edges(listed, query, config, flip=True))
        candidates.extend(_acronym_edges(query, listed, config, flip=False))
        candidates.extend(_acronym_edges(listed, query, config, flip=True))
    # Best score first; among equals, the edge that explains more tokens.
    candidates.sort(key=lambda e: (-e.score, -(len(e.query) + len(e.listed))))
    used_q: set[int] = set()
    used_c: set[int] = set()
    edges: list[Edge] = []
    for edge in candidates:
        if used_q.isdisjoint(edge.query) and used_c.isdisjoint(edge.listed):
            edges.append(edge)
            used_q.update(edge.query)
            used_c.update(edge.listed)
    return Alignment(
        edges=edges,
        query_extra=[i for i in range(len(query)) if i not in used_q],
        listed_extra=[j for j in range(len(listed)) if j not in used_c],
    )
