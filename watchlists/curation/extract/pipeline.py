"""Run the extractor over documents and merge what it finds."""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import islice
from pathlib import Path

from watchlists.curation.extract.attribution import (
    HANDLER_HEAD_LINES,
    RELEASE_HEAD_LINES,
    Attribution,
    affiliation_names,
    contact_names,
    credit_spans,
    dateline_end,
    employers_in_note,
    handler_names,
    heading_issuers,
    is_affiliation_note,
    is_author_line,
    is_author_note,
    is_byline,
    is_credit,
    is_editors_note,
    is_footnote,
    is_name_list,
    is_notes_heading,
    is_own_meeting_heading,
    is_participant_line,
    issued_by_names,
    names_in,
    questioner_names,
    record_line_names,
    release_issuers,
    signing_bodies,
    signoff_authors,
    speaker_affiliation,
    speaker_label_sources,
    thanked_names,
    with_participant_labels,
    work_credit_names,
    workflow_signatories,
)
from watchlists.curation.extract.candidates import Candidate, Evidence, normalize
from watchlists.curation.extract.classify import classify_span
from watchlists.curation.extract.filters import (
    acts_as_authority,
    an_authors_body,
    is_cited_as_a_publisher,
    is_cited_before,
    is_russian_source,
    is_source_name,
    the_authors_counterparty,
    the_authors_own,
)
from watchlists.curation.extract.organisations import is_org_shaped
from watchlists.curation.extract.people import looks_like_person
from watchlists.curation.extract.roles import voices as voices_in
from watchlists.curation.extract.russian import (
    city_governments,
    numbered_bureaus,
    russian_bodies,
    russian_schools,
    sole_traders,
    titled_initials,
)
from watchlists.curation.extract.sentences import (
    Context,
    Token,
    plain_punctuation,
    same_lexeme,
    split_paragraphs,
    tokenize,
)
from watchlists.curation.extract.spans import capitalised_spans, split_at_connectors
from watchlists.curation.extract.unnamed import unnamed_candidates
from watchlists.curation.extract.vocabulary import (
    CAP_STOP,
    COUNTRY_WORDS,
    GAZETTEER,
    KOREAN_SURNAMES,
    MONTHS,
    REGION_TITLES,
    RU_REGION_NOUNS,
    RU_REPUBLIC_NOUNS,
)


def extract_candidates(text: str, document: str) -> list[Candidate]:
    """Propose candidate entries (organisations, people, places) found in ``text``.

    Each candidate carries the sentence it was found in; candidates seen more
    than once in the document are merged, keeping every sentence as evidence.
    Bylines, datelines, credits and notes on the author are read first: nothing in
    them is proposed, and no name they give is proposed anywhere in the document.
    Editors' notes, footnotes and everything after a heading of notes are skipped, and the
    bodies the document cites or that act as authorities are collected first, so that
    their officials ("OSI Director X", "руководитель ФСМТМ X") are not proposed.
    """
    found: dict[str, Candidate] = {}
    short_refs: list[tuple[str, Context]] = []
    paragraphs = []
    for paragraph in with_participant_labels(split_paragraphs(text)):
        works = [
            _masked(plain_punctuation(sentence), k == 0) for k, sentence in enumerate(paragraph)
        ]
        paragraphs.append((paragraph, works, [tokenize(work) for work in works]))
    whole = frozenset(t.lower for _, _, tokens in paragraphs for ts in tokens for t in ts)
    lower_case = frozenset(
        t.lower for _, _, tokens in paragraphs for ts in tokens for t in ts[1:] if t.text.islower()
    )
    attribution = _attribution(text)
    all_sentences = [tokens for _, _, sentences in paragraphs for tokens in sentences]
    towns = _russian_towns(all_sentences)
    # A release's issuer is cited by every line of it: its minister or director speaks.
    cited = _cited_bodies(all_sentences) | attribution.issuers
    publishers = _publishers(all_sentences)
    authority_speaks = bool(attribution.issuers) or _an_authority_acts(all_sentences)
    for paragraph, works, sentence_tokens in _outside_bystander_sections(
        _before_the_notes(paragraphs)
    ):
        topic = frozenset(t.lower for tokens in sentence_tokens for t in tokens)
        if is_editors_note(sentence_tokens[0]):
            continue  # "Editor's note: ..." and every sentence after it in the paragraph
        after_note = False
        # "Its director" refers back within a paragraph, never to a headline or the
        # paragraph before ("Court fines builder" / "... handed its director, X, ...").
        after_cited_subject = False
        for sentence, work, tokens in zip(paragraph, works, sentence_tokens, strict=True):
            if is_byline(tokens):
                continue
            after_note = is_author_note(tokens, attribution.authors, after_note)
            if after_note:
                attribution.sources |= employers_in_note(tokens)
                continue
            ctx = Context(
                document, sentence, work, tokens, topic, whole, lower_case, cited,
                after_cited_subject, towns, authority_speaks,
            )  # fmt: skip
            # Bodies this sentence proposes: "its" in the next one may be theirs.
            actors = False
            for span in capitalised_spans(ctx.tokens):
                candidates = classify_span(span, ctx)
                # A connector may have joined two names ("Sakhalin Island for Ostrovstroy");
                # an organisation's own "of"/"for" ("Institute for ...") is left alone.
                # A source's own name is not split either ("World Institute | for ... Studies").
                if not candidates and (
                    (not is_org_shaped(span.words) and not is_source_name(span))
                    or _a_region_then_for(span.words)
                ):
                    for part in split_at_connectors(span, ctx.tokens):
                        candidates += classify_span(part, ctx)
                elif candidates and all(c.category == "region" for c in candidates):
                    # "Tyndinsky District of Amur Oblast": a region inside another.
                    found_names = " ".join(normalize(c.name) for c in candidates)
                    for part in split_at_connectors(span, ctx.tokens):
                        candidates += [
                            c for c in classify_span(part, ctx)
                            if c.category == "region" and normalize(c.name) not in found_names
                        ]  # fmt: skip
                for candidate in candidates:
                    actors = actors or candidate.schema not in ("person", "region")
                    _merge(found, candidate)
                if len(span.tokens) == 1:
                    short_refs.append((span.tokens[0].text, ctx))
            for candidate in unnamed_candidates(work, ctx):
                actors = True
                _merge(found, candidate)
            for candidate in russian_bodies(work, ctx):
                actors = True
                _merge(found, candidate)
            for candidate in numbered_bureaus(work, ctx):
                actors = True
                _merge(found, candidate)
            # "Data compiled by X, a group that tracks ..., show ... Its director, Y, said":
            # "its" is the cited body's when the sentence before opens with it, or names
            # it and no body that could be an actor.
            after_cited_subject = _opens_with(tokens, cited) or (
                not actors and _names_a_cited_body(tokens, cited)
            )
            for candidate in russian_schools(ctx):
                actors = True
                _merge(found, candidate)
            for candidate in city_governments(work, ctx):
                _merge(found, candidate)
            for candidate in sole_traders(work, ctx):
                _merge(found, candidate)
            for candidate in titled_initials(ctx):
                _merge(found, candidate)
    _attach_short_references(found, short_refs)
    _merge_case_forms(found)
    kept = [
        c for c in found.values()
        if not attribution.excludes(c.names)
        and not _a_publisher(c, publishers)
        and not _only_inside_a_source(c, attribution.sources)
    ]  # fmt: skip
    # Each rule above reads one sentence; whatever role it failed to recognise there, a
    # name the whole document shows only speaking, reporting or designating, and never in
    # any part of the scheme, is a voice in the story, not an entry.
    voices = voices_in(kept, all_sentences, _headings(paragraphs))
    return _merge_fragments([c for k, c in enumerate(kept) if k not in voices])


def _merge_fragments(candidates: list[Candidate]) -> list[Candidate]:
    """A body's name that is a run of whole words of another body's longer name in the
    same document ("Управление внешнего строительства" beside "Управление внешнего
    строительства № 837 «Венха»", "Venn Bureau" beside "Venn Mining Bureau 12") is that
    body named in short: it becomes an alias of the longest name that holds it."""
    bodies = [c for c in candidates if c.name is not None and c.schema not in _NOT_BODIES]
    words = {id(c): normalize(c.name or "").split() for c in bodies}
    merged: set[int] = set()
    for short in bodies:
        mine = words[id(short)]
        holders = [
            c for c in bodies
            if c is not short and id(c) not in merged and len(words[id(c)]) > len(mine)
            and _holds(words[id(c)], mine)
        ]  # fmt: skip
        if not mine or not holders:
            continue
        longest = max(holders, key=lambda c: len(words[id(c)]))
        _absorb(longest, short)
        merged.add(id(short))
    return [c for c in candidates if id(c) not in merged]


_NOT_BODIES = frozenset({"person", "region"})


def _holds(longer: list[str], shorter: list[str]) -> bool:
    n = len(shorter)
    return any(longer[i : i + n] == shorter for i in range(len(longer) - n + 1))


# How many lines open a document's head: its title, a letterhead, a label.
_HEAD_LINES = 3
# What ends a line of running text (or a line that introduces one), never a heading.
_SENTENCE_ENDS = (".", "?", "!", ":", ";", "»", '"', "'", "…")


def _headings(paragraphs: list[Paragraph]) -> frozenset[int]:
    """Indices (among all the document's sentences) of the heading lines of its head: a
    line among the first few that is one sentence without a sentence's final stop, a title
    ("X and Y: what the data show") or a letterhead ("Press Section, Embassy in Z")."""
    found = set()
    index = 0
    for k, (paragraph, _, sentences) in enumerate(paragraphs):
        if (
            k < _HEAD_LINES
            and len(paragraph) == 1
            and not paragraph[0].endswith(_SENTENCE_ENDS)
            and not is_own_meeting_heading(sentences[0])
        ):
            found.add(index)
        index += len(sentences)
    return frozenset(found)


# Words right before a Russian town's name, unquoted: "в Энергодаре", "из Благовещенска",
# "администрации Мелитополя", "жители Белогорска".
_TOWN_CUES = frozenset({"в", "во", "из", "под", "г", "город", "города", "городе", "городу",
                        "администрация", "администрации", "администрацию", "мэрия", "мэрии",
                        "мэрию", "жители", "жителей", "жителям"})  # fmt: skip


def _russian_towns(sentences: list[list[Token]]) -> frozenset[str]:
    """Capitalised Cyrillic words the document writes right after "в", "из", "города" or
    "администрации" without quotes, and not before a region's noun ("в Амурской области"):
    the towns it names, in any case."""
    towns = set()
    for tokens in sentences:
        for i in range(1, len(tokens)):
            token = tokens[i]
            if tokens[i - 1].lower not in _TOWN_CUES or not token.capitalised:
                continue
            if not re.fullmatch(r"[А-ЯЁ][а-яё]+(?:-[а-яё]+)*(?:-[А-ЯЁ][а-яё]+)?", token.text):
                continue
            nxt = tokens[i + 1].lower if i + 1 < len(tokens) else ""
            if nxt in RU_REGION_NOUNS or nxt in RU_REPUBLIC_NOUNS or nxt.startswith("автономн"):
                continue
            towns.add(token.lower)
    return frozenset(towns)


def _publishers(sentences: list[list[Token]]) -> frozenset[str]:
    """Names the document cites the way only an outlet or a researcher is cited ("told X",
    "X has learned", "seen by X"): no body of that name is proposed anywhere in it."""
    found = set()
    for tokens in sentences:
        for span in capitalised_spans(tokens):
            words = span.words
            while words and words[0] in CAP_STOP:
                words = words[1:]
            person = bool(words) and looks_like_person(span.tokens[-len(words) :])
            if (
                words
                and not person
                and (
                    is_cited_as_a_publisher(tokens, span)
                    or an_authors_body(tokens, span)
                    or the_authors_own(tokens, span)
                    or the_authors_counterparty(tokens, span)
                )
            ):
                found.add(normalize(" ".join(words)))
    found.discard("")
    return frozenset(found)


def _only_inside_a_source(candidate: Candidate, sources: set[str]) -> bool:
    """Whether every sentence that shows the candidate shows it as a part of a source's
    longer name: "Ministry of Commerce" split off "Ministry of Commerce and Maritime
    Affairs", the issuer on a release's letterhead, is that issuer."""
    if candidate.name is None or not candidate.evidence:
        return False
    name = f" {normalize(candidate.name)} "
    longer = [s for s in sources if name in f" {s} " and name.strip() != s]
    return bool(longer) and all(
        any(f" {s} " in f" {normalize(e.sentence)} " for s in longer) for e in candidate.evidence
    )


def _a_publisher(candidate: Candidate, publishers: frozenset[str]) -> bool:
    """An organisation whose name (or alias) is one the document cites as a publisher."""
    if candidate.schema in ("person", "region") or candidate.name is None:
        return False
    return any(normalize(name) in publishers for name in candidate.names)


Paragraph = tuple[list[str], list[str], list[list[Token]]]


def _before_the_notes(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """The body of the document: everything before a heading of notes or references
    ("Notes", "Sources", "Примечания"), without footnote lines ("[3] ...")."""
    body = []
    for paragraph in paragraphs:
        first = paragraph[2][0] if paragraph[2] else []
        if is_notes_heading(first):
            break
        if not is_footnote(first):
            body.append(paragraph)
    return body


# Headings of a profile's or a company page's sections that list bystanders: the schools a
# person went to, the bodies that gave a firm its prizes, the pages a site suggests beside
# this one. Whatever those sections name took no part in what the page tells.
_BYSTANDER_SECTIONS = frozenset({
    "education", "education and training", "certifications", "licenses and certifications",
    "awards", "honors", "honours", "honors and awards", "honours and awards", "prizes",
    "people also viewed", "similar profiles", "you may also like", "related pages",
    "образование", "награды", "награды и дипломы", "дипломы и награды", "премии",
    "сертификаты", "похожие профили",
})  # fmt: skip
# A section's heading is a short line of words alone.
_SECTION_HEADING_MAX_TOKENS = 5


def _outside_bystander_sections(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """The paragraphs that are not under a heading of a section of bystanders ("Education",
    "Награды", "People also viewed"), which runs to the next heading line."""
    kept = []
    inside = False
    for paragraph in paragraphs:
        heading = _section_heading(paragraph)
        if heading is not None:
            inside = heading in _BYSTANDER_SECTIONS
            if inside:
                continue
        if not inside:
            kept.append(paragraph)
    return kept


def _section_heading(paragraph: Paragraph) -> str | None:
    """The lower-cased words of a paragraph that is a section's heading: one short line of
    words only, without a stop ("Education", "Награды:", "People also viewed")."""
    sentences = paragraph[2]
    if len(sentences) != 1:
        return None
    tokens = sentences[0]
    if tokens and tokens[-1].text == ":":
        tokens = tokens[:-1]
    if not tokens or len(tokens) > _SECTION_HEADING_MAX_TOKENS or not tokens[0].capitalised:
        return None
    if not all(t.text.isalpha() for t in tokens):
        return None
    return " ".join(t.lower for t in tokens)


def _cited_bodies(sentences: list[list[Token]]) -> frozenset[str]:
    """Names and acronyms of bodies the document quotes or that act as authorities: what
    follows "according to" or "по данным", the subject of "designated", a think tank or an
    outlet by its name, with the acronym in brackets after any of them."""
    cited: set[str] = set()
    for tokens in sentences:
        for span in capitalised_spans(tokens):
            words = span.words
            while words and words[0] in CAP_STOP:
                words = words[1:]
            # "Venn Labour Monitor" has a person's shape; a source's word in it says not.
            if not words or (
                looks_like_person(span.tokens[-len(words) :]) and not is_source_name(span)
            ):
                continue
            if all(w in COUNTRY_WORDS or w in GAZETTEER or w in MONTHS for w in words):
                continue  # "according to Russian statistics": a country is no body
            if (
                is_source_name(span)
                or is_cited_before(tokens, span.first - 1)
                or acts_as_authority(tokens, span)
                or is_russian_source(tokens, span)
            ):
                cited.add(normalize(" ".join(words)))
                after = tokens[span.last + 1 : span.last + 4]
                if len(after) == 3 and after[0].text == "(" and after[2].text == ")":
                    cited.add(normalize(after[1].text))  # "(OSI)", "(ФСМТМ)"
    cited.discard("")
    return frozenset(cited)


def _an_authority_acts(sentences: list[list[Token]]) -> bool:
    """Whether a body in the document acts as a sanctioning authority ("X today designated
    four entities"): the document is that authority's, or reports its action."""
    return any(
        acts_as_authority(tokens, span)
        for tokens in sentences
        for span in capitalised_spans(tokens)
    )


def _a_region_then_for(words: list[str]) -> bool:
    """'Donetsk Oblast for the Venn Documentation Project': a region's name, ended by its
    title, then "for"; a region is never named "X Oblast for ...", so the connector joined
    two names, whatever the second is (a source's name is still judged on its own)."""
    at = next((k for k, w in enumerate(words) if w == "for"), None)
    return at is not None and at >= 2 and words[at - 1] in REGION_TITLES


def _names_a_cited_body(tokens: list[Token], cited: frozenset[str]) -> bool:
    """Whether any name in the sentence is one of the bodies the document cites."""
    for span in capitalised_spans(tokens):
        words = span.words
        while words and words[0] in CAP_STOP:
            words = words[1:]
        if words and normalize(" ".join(words)) in cited:
            return True
    return False


def _opens_with(tokens: list[Token], cited: frozenset[str]) -> bool:
    """Whether the sentence's subject, its first name, is a body the document cites."""
    spans = capitalised_spans(tokens)
    if not spans or spans[0].first > 1:
        return False
    words = spans[0].words
    while words and words[0] in CAP_STOP:
        words = words[1:]
    return bool(words) and normalize(" ".join(words)) in cited


def _masked(work: str, first_in_paragraph: bool) -> str:
    """The sentence with its dateline and any bracketed credit blanked out (offsets kept)."""
    if first_in_paragraph:
        end, _ = dateline_end(work)
        work = " " * end + work[end:]
    tokens = tokenize(work)
    for first, last in credit_spans(tokens) + _work_titles(tokens):
        start, end = tokens[first + 1].start, tokens[last - 1].end
        work = work[:start] + " " * (end - start) + work[end:]
    return work


# Nouns for a piece of writing or broadcasting whose quoted title may follow: 'the report
# "Hands for Hire: ..."', 'статья «...»'. The title's words name nothing the piece is about.
_TITLED_WORKS = frozenset({"report", "article", "book", "study", "paper", "episode", "film",
                           "documentary", "essay", "story", "feature", "column", "chapter",
                           "titled", "entitled", "headlined", "статья", "статью", "статьи",
                           "доклад", "доклада", "книга", "книгу", "книге", "фильм",
                           "очерк", "материал", "публикация", "публикацию",
                           # The parts of a conference, whose titles a programme quotes.
                           "panel", "session", "talk", "lecture", "webinar", "workshop",
                           "seminar", "presentation", "keynote", "roundtable",
                           "панель", "сессия", "секция"})  # fmt: skip
_TITLE_MAX_TOKENS = 20


def _work_titles(tokens: list[Token]) -> list[tuple[int, int]]:
    """Token ranges (exclusive ends) of quoted titles right after a noun for a piece of
    writing: 'This report, "Hands for Hire: X in Y", was ...', 'статью «...»', or of a
    numbered part of a programme: 'Panel 4: "X in Y"'."""
    ranges = []
    straight = 0  # straight quotes seen so far: an odd count makes the next one a closing one
    for i, token in enumerate(tokens):
        if token.text == '"':
            straight += 1
            if straight % 2 == 0:
                continue  # '"vocational study" at X': the closing quote opens no title
        if token.text not in ('"', "«") or i == 0:
            continue
        j = i - 1
        if tokens[j].text in (",", ":") and j > 0:
            j -= 1
        if tokens[j].text.isdigit() and j > 0:
            j -= 1  # "Panel 4:"
        if tokens[j].lower not in _TITLED_WORKS:
            continue
        closing = "»" if token.text == "«" else '"'
        close = next(
            (k for k in range(i + 1, min(len(tokens), i + _TITLE_MAX_TOKENS))
             if tokens[k].text == closing),
            None,
        )  # fmt: skip
        if close is not None and close > i + 1:
            ranges.append((i, close))
    return ranges


def _attribution(text: str) -> Attribution:
    """The outlets, authors and credited agencies named in bylines, datelines and credits."""
    found = Attribution()
    # A press release's label and its issuer stand in the first few lines.
    head = list(islice(split_paragraphs(text), RELEASE_HEAD_LINES))
    found.issuers.update(release_issuers([tokenize(plain_punctuation(" ".join(p))) for p in head]))
    # "Client Compliance Bulletin 11/2026, Venn Bank": the issuer beside its periodical.
    first_line = next(iter(text.strip().splitlines()), "")
    found.issuers.update(heading_issuers(tokenize(plain_punctuation(first_line))))
    found.sources |= found.issuers
    # "Title Without A Full Stop / Jane Doe (Venn University) and ...": the author line
    # of a paper, whatever line it was joined to.
    for number, line in enumerate(text.strip().splitlines()):
        tokens = tokenize(plain_punctuation(line.strip()))
        if number < HANDLER_HEAD_LINES:
            # "Client: Venn Group", "Assigned to: Jane Doe": a record's keepers.
            found.sources.update(handler_names(tokens))
        # "Issued by: Venn Retail GmbH, Responsible Sourcing Team": the document's issuer.
        issuers = issued_by_names(tokens)
        found.issuers.update(issuers)
        found.sources.update(issuers)
        if tokens and is_author_line(tokens):
            _add_names(found, tokens, authors=True, surnames=False)
    for paragraph in with_participant_labels(split_paragraphs(text)):
        work = plain_punctuation(paragraph[0])
        _, outlet = dateline_end(work)
        if outlet:
            for name, _ in names_in(tokenize(outlet)):
                found.sources.add(normalize(" ".join(t.text for t in name)))
        for k, sentence in enumerate(paragraph):
            tokens = tokenize(plain_punctuation(sentence))
            if is_participant_line(tokens) or is_affiliation_note(tokens):
                # "Speakers: X (Venn Institute); ...", "(1) Venn University, Edinburgh".
                found.sources.update(affiliation_names(tokens))
                continue
            # "JANE DOE (Venn Agency): We count ...", "JANE DOE, VENN UNIVERSITY: It isn't.":
            # a speaker's affiliation in a transcript.
            found.sources.update(speaker_affiliation(tokens))
            found.sources.update(speaker_label_sources(tokens, k == 0))
            found.sources.update(contact_names(tokens))
            # "Director: X | Producer: Y": the makers of a film or a programme.
            found.sources.update(work_credit_names(tokens))
            found.sources.update(record_line_names(tokens))
            # "QUESTION (Jane Doe, Nordwire): ...": a reporter asking and their outlet.
            found.sources.update(questioner_names(tokens))
            # "I thank my editor X and my colleagues at Y": those who helped the work.
            found.sources.update(thanked_names(tokens))
            # "for and on behalf of Venn Audit LLC": the firm that signs the letter.
            found.sources.update(signing_bodies(tokens))
            for name in signoff_authors(tokens) + workflow_signatories(tokens):
                # "Report section prepared by Jane Doe, Head of ...": its author.
                key = normalize(" ".join(t.text for t in name))
                found.sources.add(key)
                found.authors.add(key)
            credits = [tokens[a + 1 : b] for a, b in credit_spans(tokens)]
            for part in ([tokens] if is_byline(tokens) else []) + credits:
                if not is_name_list(part):
                    continue  # "Source: a BBC-style report (...)": no list of names
                _add_names(found, part, authors=not is_credit(part), surnames=True)
    return found


def _add_names(found: Attribution, part: list[Token], *, authors: bool, surnames: bool) -> None:
    """Every name of a byline, credit or author line is a source; with ``authors``, a
    person's name is an author's too, and with ``surnames`` so is a distinctive surname."""
    for name, author in names_in(part):
        key = normalize(" ".join(t.text for t in name))
        found.sources.add(key)
        if author and authors:
            found.authors.add(key)
            surname = key.split()[-1]
            if surnames and len(surname) > 3 and surname not in KOREAN_SURNAMES:
                found.authors.add(surname)


def extract_files(paths: Iterable[Path]) -> list[Candidate]:
    """Extract from each file (UTF-8 text) and merge candidates seen in several files."""
    merged: dict[str, Candidate] = {}
    for path in paths:
        path = Path(path)
        for candidate in extract_candidates(path.read_text(encoding="utf-8"), path.name):
            _merge(merged, candidate)
    return list(merged.values())


def _merge(found: dict[str, Candidate], candidate: Candidate) -> None:
    key = candidate.key
    if not key:
        return
    existing = found.get(key)
    if existing is None:
        found[key] = candidate
        return
    _absorb(existing, candidate)


def _absorb(existing: Candidate, candidate: Candidate) -> None:
    """``candidate``'s names, countries and evidence added to ``existing``'s."""
    if candidate.name and candidate.name != existing.name:
        candidate.aliases.insert(0, candidate.name)
    for alias in candidate.aliases:
        if alias not in existing.aliases and alias != existing.name:
            existing.aliases.append(alias)
    for code in candidate.countries:
        if code not in existing.countries:
            existing.countries.append(code)
    for ev in candidate.evidence:
        if ev.sentence not in {e.sentence for e in existing.evidence}:
            existing.evidence.append(ev)


def _merge_case_forms(found: dict[str, Candidate]) -> None:
    """«Амурлесэкспорт» and «Амурлесэкспорта» (after "директор"): one Russian company's name,
    one word, in two cases. The later form becomes an alias of the first."""
    kept: list[Candidate] = []
    for key, candidate in list(found.items()):
        name = candidate.name
        if name is None or candidate.schema in ("person", "region") or " " in name:
            continue
        if not re.search(r"[а-яё]", name.casefold()):
            continue
        first = next(
            (k for k in kept if same_lexeme(normalize(k.name or ""), normalize(name))), None
        )
        if first is None:
            kept.append(candidate)
            continue
        del found[key]
        _absorb(first, candidate)


def _attach_short_references(
    found: dict[str, Candidate], short_refs: list[tuple[str, Context]]
) -> None:
    """A lone surname ("Ivanov said") or a known acronym ("ABC") is more evidence
    for the candidate it refers to, never a candidate of its own."""
    by_word: dict[str, Candidate] = {}
    for candidate in found.values():
        if candidate.schema == "person" and candidate.name:
            by_word.setdefault(candidate.name.split()[-1], candidate)
        for alias in candidate.aliases:
            by_word.setdefault(alias, candidate)
    for word, ctx in short_refs:
        referred = by_word.get(word)
        if referred and ctx.sentence not in {e.sentence for e in referred.evidence}:
            referred.evidence.append(Evidence(ctx.document, ctx.sentence, "short reference"))
