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
  People's Army), skipping particles inside the run. Short acronyms are
  trusted only as whole names (see ``_acronym_edges``).

Edges are chosen greedily, best score first; word order is free, which suits
organisation names and the many orders a person's name is written in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from screening.matching.config import ScoringConfig
from screening.matching.countries import qualifier_countries
from screening.matching.similarity import latin_similarity, string_similarity, token_similarity
from screening.matching.tokens import Tag, Token, korean_word, nuclei_agree, onsets_agree

# Tags that may be compared by spelling with each other.
_WORDS = frozenset({Tag.NAME, Tag.PATRONYMIC, Tag.GENERIC})
# Words an acronym letter may stand for: KKBC's C is "Corporation".
_ACRONYM_PARTS = _WORDS | {Tag.LEGAL, Tag.QUALIFIER}
# A legal form leading a name is no letter of its acronym (AO RTS-KHOLDING is not ARK;
# OAO RZHD is RZHD), while one closing it may be (KNIC: ... INSURANCE COMPANY).
_RUN_STARTS = _ACRONYM_PARTS - {Tag.LEGAL}
_MAX_RUN = 4
_MAX_ACRONYM = 6
# Words with more tokens than this skip run edges: long names rarely need
# them and the runs would cost more than they find.
_MAX_RUN_TOKENS = 14
_STRONG = 0.9
# Similarities measured on spelling alone (not on sound or romanisation keys).
_SPELLING_METHODS = frozenset({"edit", "jaro_winkler"})
# Similarities by spelling or by sound: between Korean syllables, a different vowel
# makes them different syllables, however alike (``prepare``).
_SOUND_METHODS = _SPELLING_METHODS | {"phonetic"}
# Similarities that may rest on romanisation keys or on phonetic codes read from them.
_KEYED_METHODS = frozenset({"romanisation", "edit", "phonetic"})


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
    # Both names are written by syllable (see ``align``).
    syllabic: bool = False


def pair_score(
    q: Token,
    c: Token,
    config: ScoringConfig,
    initials: bool = True,
    persons: bool = False,
    chinese_syllables: bool = False,
) -> tuple[float, str]:
    """Similarity of two single tokens under the tag rules of the module docstring.

    ``initials`` allows a single letter to stand for a word; in the name of
    an organisation a lone letter is a letter (Argo I, C & F), not an initial.
    ``persons`` lets a familiar form of a given name meet its full name (Ted ~
    Theodore); in other names, Bill is a word. ``chinese_syllables`` (both names
    are Chinese names written by syllable) lets Shi and Xi meet.
    """
    qt, ct = q.tag, c.tag
    if qt in _WORDS and ct in _WORDS:
        score, method = token_similarity(
            q.lexeme, c.lexeme, config, hypocorisms=persons, syllables=chinese_syllables
        )
        if not persons and method in _KEYED_METHODS:
            # Outside persons' names, words not spelled as romanised Korean syllables
            # (Koryo, Goryeo) are Latin words, not transliterations of one sound.
            latin = latin_similarity(q.lexeme, c.lexeme, config)
            if latin is not None:
                score, method = latin
        if (qt is Tag.PATRONYMIC) != (ct is Tag.PATRONYMIC) and score < _STRONG:
            # A father's name is not the person's own (Oleksandr vs
            # Oleksandrovych), but a misspelt one is (Albertovch).
            return 0.0, "none"
        return score, method
    if qt is Tag.QUALIFIER or ct is Tag.QUALIFIER:
        if qt is not ct:
            # A one-word country may also be a misspelt word of the other name.
            other = c if qt is Tag.QUALIFIER else q
            if other.tag in _WORDS and "_" not in q.text + c.text:
                return token_similarity(
                    q.lexeme, c.lexeme, config, hypocorisms=False, syllables=False
                )
            return 0.0, "none"
        agree = qualifier_countries(q.text) & qualifier_countries(c.text)
        return (1.0, "qualifier") if agree else (0.0, "none")
    if qt is Tag.LEGAL or ct is Tag.LEGAL:
        return (1.0, "legal_form") if qt is ct else (0.0, "none")
    if qt is Tag.INITIAL and ct is Tag.INITIAL:
        return (1.0, "exact") if q.text == c.text else (0.0, "none")
    if qt is Tag.INITIAL and ct in _WORDS:
        agree = initials and c.text[0] == q.text
        return (config.initial_score, "initial") if agree else (0.0, "none")
    if ct is Tag.INITIAL and qt in _WORDS:
        agree = initials and q.text[0] == c.text
        return (config.initial_score, "initial") if agree else (0.0, "none")
    if q.text == c.text:
        return 1.0, "exact"
    if qt is not Tag.NUMBER and ct is not Tag.NUMBER and q.lexeme.key == c.lexeme.key:
        return config.romanisation_score, "romanisation"
    return 0.0, "none"


def _joinable(
    single: tuple[Token, ...],
    runs: tuple[Token, ...],
    config: ScoringConfig,
    taken: tuple[set[int], set[int]],
) -> list[tuple[int, int, int]]:
    """(token of ``single``, first and last position of a run of ``runs``) whose lengths
    allow the run, spelled together, to be that token (see ``_joined_edges``).

    ``taken`` holds the positions in ``single`` and in ``runs`` that already
    have a strong partner of their own; they are left out, since a joined
    edge would only compete with a better explanation.
    """
    single_taken, runs_taken = taken
    found: list[tuple[int, int, int]] = []
    if len(runs) < 2 or len(runs) > _MAX_RUN_TOKENS:
        return found
    # Similar enough means few edits, so lengths must nearly agree: a cheap
    # test on summed lengths spares most runs the string building and the
    # edit distance.
    slack = 1.0 - config.min_joined_similarity
    text_lens = [len(t.text) for t in runs]
    key_lens = [len(t.lexeme.key) for t in runs]
    for i, token in enumerate(single):
        if token.tag not in _WORDS or i in single_taken:
            continue
        # A Hangul syllable carries as much as a short Latin word.
        if len(token.text) < (2 if token.text[0] >= "\u2e80" else 4):
            continue
        text_len, key_len = len(token.text), len(token.lexeme.key)
        for start in range(len(runs) - 1):
            if start in runs_taken:
                continue
            joined_text = text_lens[start]
            joined_key = key_lens[start]
            for end in range(start + 1, min(start + _MAX_RUN, len(runs))):
                if end in runs_taken:
                    break
                joined_text += text_lens[end]
                joined_key += key_lens[end]
                if joined_text > text_len + 3:
                    break
                if abs(joined_text - text_len) > slack * max(joined_text, text_len) and abs(
                    joined_key - key_len
                ) > slack * max(joined_key, key_len):
                    continue
                found.append((i, start, end))
    return found


def _joined_edges(
    single: tuple[Token, ...],
    runs: tuple[Token, ...],
    config: ScoringConfig,
    flip: bool,
    joinable: list[tuple[int, int, int]],
) -> list[Edge]:
    """Edges from one token of ``single`` to a run of ``runs`` spelled together, among the
    ``joinable`` (token, run start, run end) triples of ``_joinable``."""
    edges: list[Edge] = []
    for i, start, end in joinable:
        token = single[i]
        text = "".join(t.text for t in runs[start : end + 1])
        key = "".join(t.lexeme.key for t in runs[start : end + 1])
        # Keys fold spellings: agreeing keys count as a romanisation.
        sim = max(
            string_similarity(token.text, text),
            min(string_similarity(token.lexeme.key, key), config.romanisation_score),
        )
        if sim >= config.min_joined_similarity:
            run = tuple(range(start, end + 1))
            score = sim - config.joined_penalty
            edges.append(
                Edge(run, (i,), score, "joined") if flip else Edge((i,), run, score, "joined")
            )
    return edges


def _initials_edges(single: tuple[Token, ...], runs: tuple[Token, ...], flip: bool) -> list[Edge]:
    """Edges from a short word to the run of initials that spell it (JP ~ J. P., SC ~ S. C.)."""
    edges: list[Edge] = []
    start = 0
    while start < len(runs):
        end = start
        while end < len(runs) and runs[end].tag is Tag.INITIAL:
            end += 1
        if end - start >= 2:
            letters = "".join(t.text for t in runs[start:end])
            for i, token in enumerate(single):
                if token.text == letters and token.tag is not Tag.INITIAL:
                    run = tuple(range(start, end))
                    edges.append(Edge(run, (i,), 1.0, "joined") if flip
                                 else Edge((i,), run, 1.0, "joined"))  # fmt: skip
        start = max(end, start + 1)
    return edges


_CONSONANTS_ONLY = re.compile("[^aeiouy]+")


def _acronym_edges(
    single: tuple[Token, ...],
    runs: tuple[Token, ...],
    config: ScoringConfig,
    flip: bool,
    persons: bool,
    runs_person: bool = False,
) -> list[Edge]:
    """Edges from an acronym in ``single`` to the words of ``runs`` it abbreviates.

    ``flip`` says ``single`` is the listed name; ``runs_person`` that
    ``runs`` is known to be a person's name.
    """
    edges: list[Edge] = []
    if len(runs) < 2 or len(runs) > _MAX_RUN_TOKENS:
        return edges
    # Short acronyms meet the initials of thousands of unrelated names: "TPG
    # Inc." is a company called TPG, not Tartous Port General Company. So an
    # acronym needs four letters, or three when it is the whole of one name
    # and spells out the whole of the other (KPA ~ Korean People's Army); a
    # person's initials may be two (JC Juncker).
    # Bare: the acronym is the name's only word beside legal forms (CMCT LLC).
    bare = sum(t.tag in _WORDS or t.tag is Tag.NUMBER for t in single) == 1
    if bare and (flip or runs_person):
        # A listed name that is only an acronym (BMI) is met by a query
        # written as that acronym, never by query words that happen to spell
        # it (Bjørg Mona Iversen); and a whole acronym never stands for a
        # person's name.
        return edges
    for i, token in enumerate(single):
        if not (_spelled_in_letters(token, 2) if persons else may_be_acronym(single, i, config)):
            continue
        letters = token.text
        # Two letters with a vowel among Korean syllables are one too: Kim Ki-duk is
        # not Kim Kwang Il (while Hassan Ma may be Mohammed Asiri's initials).
        syllable = persons and len(letters) == 2 and not _CONSONANTS_ONLY.fullmatch(letters)
        for start, first in enumerate(runs):
            if first.tag not in _RUN_STARTS or first.text[0] != letters[0]:
                continue
            found = _acronym_run(letters, runs, start, skips=1 if persons else 0)
            if found is None:
                continue
            if syllable and all(korean_word(runs[k].text) for k in found):
                continue
            if not persons and not _accepted(letters, runs, found, config):
                continue
            if flip:
                edges.append(Edge(found, (i,), config.acronym_score, "acronym"))
            else:
                edges.append(Edge((i,), found, config.acronym_score, "acronym"))
    return edges


def _spelled_in_letters(token: Token, shortest: float) -> bool:
    """Whether ``token`` is a word that may be an acronym: ``shortest`` to six letters a to z."""
    text = token.text
    return (
        token.tag in _WORDS
        and shortest <= len(text) <= _MAX_ACRONYM
        and text.isascii()
        and text.isalpha()
    )


def may_be_acronym(tokens: tuple[Token, ...], i: int, config: ScoringConfig) -> bool:
    """Whether the word ``tokens[i]`` may stand, as an acronym, for a run of words of an
    organisation's name (``_acronym_edges``; a person's initials follow their own rules).

    It must be how its side is written: no other word beside it but legal forms,
    particles and countries (PORT in "SSK Port" is a word, not Piedmont Office Realty
    Trust abbreviated; Ares in "Ares Management Corp" is a name, not Arman Resources
    Equip and Support); and a short one (TPG) must be the whole of its side.
    """
    token = tokens[i]
    if not _spelled_in_letters(token, config.min_whole_acronym_letters):
        return False
    if len(token.text) < config.min_acronym_letters and len(tokens) > 1:
        return False
    return not any(t.tag in _BESIDE_ACRONYM for k, t in enumerate(tokens) if k != i)


# Words that identify a name, which an acronym's words must all be among.
_IDENTIFYING = frozenset({Tag.NAME, Tag.PATRONYMIC, Tag.NUMBER})
# Words that, beside an acronym, say it is a word of a longer name (``may_be_acronym``).
_BESIDE_ACRONYM = _WORDS | {Tag.NUMBER}


def _expands_to(letters: str, runs: tuple[Token, ...], run: tuple[int, ...]) -> bool:
    """Whether the run of words an acronym abbreviates is the whole of their name: every
    identifying word of ``runs`` is in ``run`` or is the acronym itself (KOREA KWANGSON
    BANKING CORP (KKBC)). Lattakia Port General Company is not expanded by PORT."""
    inside = set(run)
    return all(
        k in inside or t.tag not in _IDENTIFYING or t.text == letters for k, t in enumerate(runs)
    )


def _acronym_run(
    letters: str, runs: tuple[Token, ...], start: int, skips: int
) -> tuple[int, ...] | None:
    """Positions of the words ``letters`` abbreviates from ``start`` on, if any.

    A particle (de, ben, al) is passed over, or takes a letter where that is the
    only way (J.D.J. ~ Jose de Jesus); in a person's name, ``skips`` given names
    may be passed over too (S. U. M. ~ Sa'ad Uwayyid 'Ubayd Mu'jil)."""
    if not letters:
        return ()
    if start >= len(runs):
        return None
    part = runs[start]
    if part.tag is Tag.STOP:
        passed = _acronym_run(letters, runs, start + 1, skips)
        if passed is not None or part.text[0] != letters[0]:
            return passed
        rest = _acronym_run(letters[1:], runs, start + 1, skips)
        return None if rest is None else (start, *rest)
    if part.tag in _ACRONYM_PARTS and part.text[0] == letters[0]:
        rest = _acronym_run(letters[1:], runs, start + 1, skips)
        if rest is not None:
            return (start, *rest)
    if skips and part.tag in _WORDS and start > 0:
        return _acronym_run(letters, runs, start + 1, skips - 1)
    return None


def listed_acronyms(tokens: tuple[Token, ...], config: ScoringConfig) -> dict[str, tuple[int, ...]]:
    """Every acronym that ``_acronym_edges`` lets a query written as that acronym meet
    this (not a person's) listed name with, and the run of words it stands for: the
    candidate index files the name under each, so that it offers every name the scorer
    would accept (KNIC ~ KOREAN NATIONAL INSURANCE COMPANY, its legal form included).

    Runs start at a word of ``_ACRONYM_PARTS``, take one letter per word and pass over a
    particle or take its letter; each spelling is then checked as the scorer checks it.
    """
    found: dict[str, tuple[int, ...]] = {}
    if not 2 <= len(tokens) <= _MAX_RUN_TOKENS:
        return found
    shortest = int(config.min_whole_acronym_letters)
    # A run must hold every identifying word (``_expands_to``) but one spelled as the
    # acronym itself: it starts at the first at the latest, and a spelling is checked
    # once its words reach the last.
    identifying = [
        k
        for k, t in enumerate(tokens)
        if t.tag in _IDENTIFYING and not _spelled_in_letters(t, shortest)
    ]
    first, last = (identifying[0], identifying[-1]) if identifying else (len(tokens), -1)
    tried: set[tuple[str, int]] = set()

    def spell(pos: int, letters: str, start: int, particles: bool) -> None:
        if pos > last and len(letters) >= shortest and (letters, start) not in tried:
            tried.add((letters, start))
            # Without particles the words spelled are the run; with them, the scorer's
            # reading of the letters decides which particles the run takes.
            run = _acronym_run(letters, tokens, start, 0) if particles else tuple(range(start, pos))
            if run is not None and letters not in found and _accepted(letters, tokens, run, config):
                found[letters] = run
        if len(letters) >= _MAX_ACRONYM or pos >= len(tokens):
            return
        token = tokens[pos]
        if token.tag is Tag.STOP:
            spell(pos + 1, letters, start, True)
            spell(pos + 1, letters + token.text[0], start, True)
        elif token.tag in _ACRONYM_PARTS:
            spell(pos + 1, letters + token.text[0], start, particles)

    for start, token in enumerate(tokens[: first + 1]):
        if token.tag in _RUN_STARTS:
            spell(start + 1, token.text[0], start, False)
    return {k: run for k, run in found.items() if k.isascii() and k.isalpha()}


def _accepted(
    letters: str, runs: tuple[Token, ...], run: tuple[int, ...], config: ScoringConfig
) -> bool:
    """``_acronym_edges``'s checks of a run of an organisation's words that ``letters``
    abbreviates: a short acronym only for the whole name, and the run holds every
    identifying word."""
    inside = set(run)
    short = len(letters) < config.min_acronym_letters
    if short and any(t.tag is not Tag.STOP for k, t in enumerate(runs) if k not in inside):
        return False
    return _expands_to(letters, runs, run)


@dataclass(slots=True)
class Draft:
    """An alignment's candidate edges before the joined ones are spelled out.

    ``prepare`` finds every single-token edge and every run edge but the joined
    ones, whose string comparisons cost the most; of those it keeps only the
    ``joinable`` positions whose lengths allow one. ``reach`` says how well each
    token could fare at best, which lets a caller give up on a pair that cannot
    reach its threshold before paying for the rest (``finish``).
    """

    query: tuple[Token, ...]
    listed: tuple[Token, ...]
    config: ScoringConfig
    edges: list[Edge]
    # Edges of initials and acronyms, kept apart to keep the order ties are broken in.
    runs: list[Edge]
    # (query token, listed run start, end) and (listed token, query run start, end)
    joinable_query: list[tuple[int, int, int]]
    joinable_listed: list[tuple[int, int, int]]
    syllabic: bool

    def reach(self) -> tuple[list[float], list[float]]:
        """The best similarity any edge may give each query and each listed token
        (0.0: the token is certainly left unmatched)."""
        query = [0.0] * len(self.query)
        listed = [0.0] * len(self.listed)
        for edge in (*self.edges, *self.runs):
            for i in edge.query:
                query[i] = max(query[i], edge.score)
            for j in edge.listed:
                listed[j] = max(listed[j], edge.score)
        # A joined edge scores below 1.0; counting it as 1.0 keeps this an upper bound.
        for i, start, end in self.joinable_query:
            query[i] = 1.0
            listed[start : end + 1] = [1.0] * (end + 1 - start)
        for j, start, end in self.joinable_listed:
            listed[j] = 1.0
            query[start : end + 1] = [1.0] * (end + 1 - start)
        return query, listed


def prepare(
    query: tuple[Token, ...],
    listed: tuple[Token, ...],
    config: ScoringConfig,
    persons: bool = False,
    initials: bool = True,
    listed_person: bool = False,
    syllabic: bool = False,
    korean_syllables: bool = False,
    chinese_syllables: bool = False,
) -> Draft:
    """The candidate edges of ``align`` (same arguments), joined edges still pending."""
    candidates: list[Edge] = []
    floor = config.min_token_similarity
    syllable_floor = config.min_syllable_similarity if syllabic else 0.0
    for i, q in enumerate(query):
        for j, c in enumerate(listed):
            score, method = pair_score(q, c, config, initials, persons, chinese_syllables)
            if score >= floor:
                if method in _SPELLING_METHODS and (
                    score < syllable_floor
                    or (korean_syllables and not onsets_agree(q.text, c.text))
                ):
                    continue
                if (
                    korean_syllables
                    and method in _SOUND_METHODS
                    and not nuclei_agree(q.text, c.text)
                ):
                    continue
                candidates.append(Edge((i,), (j,), score, method))
    joinable_query: list[tuple[int, int, int]] = []
    joinable_listed: list[tuple[int, int, int]] = []
    runs: list[Edge] = []
    # Runs only matter when some token has no close single partner; checking
    # first keeps the common case (every word found) cheap.
    strong_q = {e.query[0] for e in candidates if e.score >= _STRONG}
    strong_c = {e.listed[0] for e in candidates if e.score >= _STRONG}
    if len(strong_q) < len(query) or len(strong_c) < len(listed):
        joinable_query = _joinable(query, listed, config, (strong_q, strong_c))
        joinable_listed = _joinable(listed, query, config, (strong_c, strong_q))
        if Tag.INITIAL in [t.tag for t in listed]:
            runs.extend(_initials_edges(query, listed, False))
        if Tag.INITIAL in [t.tag for t in query]:
            runs.extend(_initials_edges(listed, query, True))
        runs.extend(_acronym_edges(query, listed, config, False, persons, listed_person))
        runs.extend(_acronym_edges(listed, query, config, True, persons))
    return Draft(query, listed, config, candidates, runs, joinable_query, joinable_listed, syllabic)


def finish(draft: Draft) -> Alignment:
    """The greedy best-first alignment of a draft's edges, joined edges spelled out."""
    query, listed, config = draft.query, draft.listed, draft.config
    candidates = [
        *draft.edges,
        *_joined_edges(query, listed, config, False, draft.joinable_query),
        *_joined_edges(listed, query, config, True, draft.joinable_listed),
        *draft.runs,
    ]
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
        syllabic=draft.syllabic,
    )


def align(
    query: tuple[Token, ...],
    listed: tuple[Token, ...],
    config: ScoringConfig,
    persons: bool = False,
    initials: bool = True,
    listed_person: bool = False,
    syllabic: bool = False,
    korean_syllables: bool = False,
    chinese_syllables: bool = False,
) -> Alignment:
    """Greedy best-first alignment of two token sequences (see module docstring).

    ``persons`` says the listed name is a person's and the query is one or may be
    (its schema unknown); ``initials``
    that neither is known to be an organisation's (see ``pair_score``);
    ``listed_person`` that the listed name is a person's (no acronym of it);
    ``syllabic`` that both are Korean names written by syllable
    (``tokens.syllabic_names``), whose words meet by spelling only when closer
    than ``config.min_syllable_similarity``; ``korean_syllables`` that both are
    Korean names written by syllable however the query was typed
    (``tokens.korean_syllable_names``), whose words meet by spelling only when they
    may start with the same consonant (``tokens.onsets_agree``), and by spelling or
    sound only when they may have the same vowel (``tokens.nuclei_agree``); ``chinese_syllables``
    that both are Chinese names written by syllable (``tokens.chinese_syllable_names``),
    whose words meet as syllables that careless spellings confuse (Xi, Shi).
    """
    draft = prepare(
        query, listed, config, persons, initials, listed_person, syllabic, korean_syllables,
        chinese_syllables,
    )  # fmt: skip
    return finish(draft)
