"""Where an article names who wrote it and whom it cites: datelines, bylines, credits
and notes on the author.

Reporting puts its own outlet and authors in fixed places: a byline ("By Jane Doe,
Nordwire"; "Jane Doe | Contributing writer"), a dateline ("SEOUL, Oct 14 (Nordwire) -";
"ТОМСК, 14 октября — РИА «...»"), a photo credit ("Photo: X / Y"; "(Image: X)") and a
note on the author at the end ("Jane Doe previously covered ... for ..."). Nothing in
those places is an entry, and a name first seen in a byline, dateline or credit is no
entry anywhere else in the document either ("... told Nordwire").

The rest of a piece's apparatus is read the same way: an author line with bracketed
institutions ("Jane Doe (Venn University)"), bracketed citations ("(source: X)", "(via
X)", "(Venn Institute 2024)"), an editors' note, and the notes or references after a
"Notes" heading or a "[3]" footnote marker.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import pairwise

from watchlists.curation.extract.candidates import normalize
from watchlists.curation.extract.organisations import is_org_shaped
from watchlists.curation.extract.people import looks_like_person
from watchlists.curation.extract.sentences import Token
from watchlists.curation.extract.spans import capitalised_spans
from watchlists.curation.extract.vocabulary import (
    AUTHOR_ROLES,
    BYLINE_PHRASES,
    BYLINE_STARTS,
    CAP_STOP,
    CONNECTORS,
    COUNTRY_WORDS,
    CREDIT_WORDS,
    EXPERT_HONORIFICS,
    GAZETTEER,
    KOREAN_SURNAMES,
    MONTHS,
    NON_ACTOR_WORDS,
    ORG_HEADS,
    PLACE_SUFFIXES,
    REGION_TITLES,
    RU_TITLES,
    TITLES,
    TRADE_HEADS,
)

# "SEOUL, Oct 14 (Nordwire) - ", "WASHINGTON - ", "VLADIVOSTOK (Meridian TV) -- ".
_DATELINE = re.compile(
    r"^(?P<city>[A-Z][A-Z.'-]+(?:\s+[A-Z][A-Z.'-]+){0,2})"
    # ", South Korea", ", Oct. 14", ", Oct 14, 2024": a country or state, then a date.
    r"(?:,\s*[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?(?=\s*[,(-]))?"
    r"(?:,\s*[A-Z][a-z]{2,9}\.?(?:\s+\d{1,2})?(?:,\s*\d{4})?)?"
    r"\s*(?:\((?P<outlet>[^()]{2,48})\))?\s*-{1,2}\s+"
)
# "КЕМЕРОВО, 14 октября - РИА «Сибирь-Пресс». " (dashes are ASCII in the working text).
_RU_DATELINE = re.compile(
    r"^(?P<city>[А-ЯЁ][А-ЯЁ-]+(?:\s+[А-ЯЁ][А-ЯЁ-]+){0,2})"
    r"(?:,\s*\d{1,2}\s+[а-яё]+(?:\s+\d{4})?)?"
    r"\s*(?:\((?P<outlet>[^()]{2,48})\))?\s*-{1,2}\s+"
)
# After a Russian dateline's dash, a credit this short is the whole sentence.
_RU_CREDIT_MAX_TOKENS = 6
# A byline line is short.
_BYLINE_MAX_TOKENS = 12
# Words that start a byline or a credit and are no part of a name in it.
_CREDIT_LEAD = frozenset({"by", "reporting", "additional", "editing", "edited", "written",
                          "words", "text", "story", "and", "with", "via", "courtesy", "of",
                          "contributing", "senior", "staff", "special"})  # fmt: skip
# Last words of an agency credit: "(Getty Images)", "(Venn Photo)".
_CREDIT_TAILS = frozenset({"images", "image", "photo", "photos", "pictures", "imaging"})
# Pronouns that continue a note on the author: "She previously worked at ...".
_AUTHOR_PRONOUNS = frozenset({"he", "she", "they", "his", "her", "their"})
# Roles that, after "<name> is/was a ...", make the sentence a note on the author.
_NOTE_ROLES = frozenset({"writer", "correspondent", "reporter", "editor", "contributor",
                        "columnist", "journalist", "photographer", "author", "fellow",
                        "researcher", "analyst", "scholar", "professor", "lecturer",
                        "phd"})  # fmt: skip
# Lower-case words a byline or credit may hold besides names: "By X in Seoul; editing by Y".
_CREDIT_GLUE = frozenset({"in", "and", "the", "of", "for", "via", "courtesy", "at", "from"})
# Words that date or qualify an author's employer in an author line: "Jane Doe (Venn
# University; formerly Venn Institute)", "Ivo Brandt (now at X; also Y)". The employer,
# past or present, is still the author's.
_CAREER_GLUE = frozenset({"formerly", "previously", "former", "now", "also", "currently",
                          "visiting", "emeritus", "until", "since"})  # fmt: skip
_NOTE_VERBS = frozenset({"is", "was", "has", "had", "previously", "formerly", "covers",
                         "covered", "writes", "wrote", "reports", "reported", "spent",
                         "joined", "worked", "works", "served", "teaches", "taught"})  # fmt: skip


# How far into a sentence after a note on the author its pronoun may stand.
_NOTE_PRONOUN_REACH = 8


@dataclass
class Attribution:
    """What a document says about its own authorship: names that are never entries."""

    # Normalised names of outlets, authors and credited agencies.
    sources: set[str] = field(default_factory=set)
    # Normalised author names (and their surnames), whose notes are skipped.
    authors: set[str] = field(default_factory=set)
    # Normalised names of the bodies that issue a press release: their officers speak.
    issuers: set[str] = field(default_factory=set)

    def excludes(self, names: list[str]) -> bool:
        """Whether any of ``names`` contains a name from a byline, dateline or credit. A
        source known only by a common Korean surname ("(Venn and Kim 2021)") is one of many
        people of that name, and excludes no one's full name ("Kim Chol Su")."""
        for name in names:
            words = normalize(name).split()
            for source in self.sources:
                theirs = source.split()
                n = len(theirs)
                if n == 1 and len(words) > 1 and theirs[0] in KOREAN_SURNAMES:
                    continue
                if any(words[i : i + n] == theirs for i in range(len(words) - n + 1)):
                    return True
        return False


def dateline_end(work: str) -> tuple[int, str | None]:
    """Where a dateline at the start of a paragraph's first sentence ends (0 if none),
    and the outlet it credits."""
    match = _DATELINE.match(work) or _RU_DATELINE.match(work)
    if match is None or len(match.group("city").replace(" ", "")) < 3:
        return 0, None
    outlet = match.group("outlet")
    rest = work[match.end() :]
    # "КЕМЕРОВО, 14 октября - РИА «Сибирь-Пресс».": the rest of the sentence is the credit.
    if outlet is None and len(rest.split()) <= _RU_CREDIT_MAX_TOKENS:
        return len(work), rest
    return match.end(), outlet


def is_byline(tokens: list[Token]) -> bool:
    """A byline or a note on the author ("By X", "Reporting by X", "The author is a ...",
    "X | Contributing writer"), a credit ("Photo: X / Y", "(Image: X)") or a press
    contact ("Media enquiries: X, Y Agency")."""
    if (
        is_participant_line(tokens)
        or is_affiliation_note(tokens)
        or is_contact_line(tokens)
        or record_line_names(tokens)
        or signoff_authors(tokens)
    ):
        return True
    tokens = _without_leading_brackets(tokens)
    label = caption_label_end(tokens)
    if label:
        # "PHOTO 2: Workers queue for ...": a numbered caption, judged by what it says.
        return is_byline(tokens[label:])
    if not tokens:
        return False
    words = " ".join(t.lower for t in tokens if t.text not in ",.:;|-()[]")
    # "By Jane Doe" is a byline; "By 2006, ..." is not.
    if len(tokens) > 1 and tokens[0].lower == "by" and tokens[1].text[:1].isupper():
        # "By Jane Doe, Head of X at Y · 6 min read": a separator ends the byline proper.
        end = next((k for k, t in enumerate(tokens) if t.text in _BYLINE_SEPARATORS), None)
        return len(tokens[:end]) <= _BYLINE_MAX_TOKENS
    if (
        words.startswith(tuple(f"{s} " for s in BYLINE_STARTS))
        and not _a_sentence_about_a_source(tokens)
        and not _states_a_finding(tokens)
    ) or any(phrase in words for phrase in BYLINE_PHRASES):
        return True
    return is_credit(tokens) or _is_role_line(tokens) or _is_affiliation_line(tokens)


# Marks after which a byline gives the date or the reading time: "By X · 6 min read".
_BYLINE_SEPARATORS = frozenset({"·", "|", "•"})


def caption_label_end(tokens: list[Token]) -> int:
    """Where a numbered caption's label ends ("PHOTO 2:", "Figure 3.", "Фото 1 -"), 0 if the
    line has none. A credit ("Photo: X / Y") has no number: the number makes the rest the
    caption's own text, a sentence about what the picture shows, not a list of names."""
    if (
        len(tokens) > 3
        and tokens[0].lower in CREDIT_WORDS | _FIGURE_WORDS
        and tokens[1].text.isdigit()
        and tokens[2].text in (":", ".", "-", "|")
    ):
        return 3
    return 0


# Labels of numbered figures besides the credit words ("Photo", "Image", "Фото").
_FIGURE_WORDS = frozenset({"figure", "fig", "caption", "рис", "рисунок", "снимок"})


def _a_sentence_about_a_source(tokens: list[Token]) -> bool:
    """'Источник в администрации X рассказал, что ...', 'Sources close to the firm say
    ...': a credit word opens a sentence as its subject (a lower-case word follows it, not a
    colon or "by"), so the sentence reports and is no credit line. So does 'Источник «X»
    рассказал, что ...': whoever the source is, a verb of telling and its clause follow."""
    if len(tokens) <= _BYLINE_MAX_TOKENS or tokens[0].lower not in CREDIT_WORDS:
        return False
    if tokens[1].text == ":":
        return False
    return (
        tokens[1].text.isalpha()
        and tokens[1].text.islower()
        and tokens[1].lower not in _CREDIT_LEAD
        and tokens[1].lower not in CREDIT_WORDS
    ) or _tells_a_claim(tokens)


# Verbs of telling that open a reported clause: "рассказал, что ...", "said that ...".
_TELLING = ("рассказал", "сообщил", "заявил", "пояснил", "утверждает", "говорит", "said",
            "says", "told")  # fmt: skip
_CLAUSE_OPENERS = frozenset({"что", "that"})


def _tells_a_claim(tokens: list[Token]) -> bool:
    """A verb of telling followed (after a comma, or at once) by "что" / "that"."""
    for i, token in enumerate(tokens[:-2]):
        if not token.lower.startswith(_TELLING):
            continue
        k = i + 2 if tokens[i + 1].text == "," else i + 1
        if tokens[k].lower in _CLAUSE_OPENERS:
            return True
    return False


# Verbs by which a body of reporting shows what it found: "Reporting by X indicates that ...".
_SHOWING = frozenset({"indicates", "indicate", "indicated", "shows", "show", "showed",
                      "suggests", "suggest", "suggested", "finds", "found", "reveals",
                      "revealed", "confirms", "confirmed", "establishes", "established",
                      "показывает", "показали", "показал", "свидетельствует",
                      "подтверждает"})  # fmt: skip


def _states_a_finding(tokens: list[Token]) -> bool:
    """'Reporting by X and Y indicates that wages were ...', 'Research by X shows that
    ...': a credit's words open a long sentence whose verb of showing and its clause
    follow; it is a sentence about the scheme, not a credit line."""
    if len(tokens) <= _BYLINE_MAX_TOKENS:
        return False
    for i, token in enumerate(tokens[1:-1], start=1):
        if token.lower in _SHOWING and tokens[i + 1].lower in _CLAUSE_OPENERS | {",", "how"}:
            return True
    return _tells_a_claim(tokens)


def is_credit(tokens: list[Token]) -> bool:
    """'Photo: X / Y', 'Photo credit: X', 'Image by X', 'Фото: X', '© X', 'AFP / Getty
    Images', 'Venn Agency / Ivo Brandt'."""
    tokens = _without_leading_brackets(tokens)
    if not tokens:
        return False
    if tokens[0].text in ("©", "(c)"):
        return True
    # Names joined by slashes and nothing else, or names ending "Images" / "Photo".
    words = [t for t in tokens if t.text not in ")]."]
    if (
        words
        and len(words) <= _BYLINE_MAX_TOKENS
        and all(t.capitalised or t.text in ("/", "|", ",", "&") for t in words)
        and (any(t.text == "/" for t in words) or words[-1].lower in _CREDIT_TAILS)
    ):
        return True
    i = 0
    while i < len(tokens) and i < 3 and tokens[i].lower in CREDIT_WORDS:
        i += 1
    return 0 < i < len(tokens) and tokens[i].lower in (":", "by", "courtesy", "/", "|", "©")


def credit_spans(tokens: list[Token]) -> list[tuple[int, int]]:
    """Token ranges of credits inside a sentence: '... (Photo: X / Y)', '... © X'
    (a range is the tokens strictly between its two ends)."""
    ranges = []
    copyright_at = next((i for i, t in enumerate(tokens) if t.text == "©"), None)
    if copyright_at is not None and copyright_at + 1 < len(tokens):
        ranges.append((copyright_at, len(tokens)))
    for i, token in enumerate(tokens):
        if token.text not in "([" or i + 1 >= len(tokens):
            continue
        close = next((k for k in range(i + 1, len(tokens)) if tokens[k].text in ")]"), None)
        if close is not None and (
            is_credit(tokens[i + 1 : close]) or is_citation_note(tokens[i + 1 : close])
        ):
            ranges.append((i, close))
    return ranges


def _is_role_line(tokens: list[Token]) -> bool:
    """'Seo Ji-hoon | Contributing writer', 'Jane Doe, Seoul correspondent': a short line
    of capitalised names, separators and an author's role, with no verb."""
    if len(tokens) > _BYLINE_MAX_TOKENS or tokens[-1].text in ".!?":
        return False
    if not any(t.lower in AUTHOR_ROLES for t in tokens):
        return False
    if not any(t.text in ("|", ",", "/", "-") for t in tokens):
        return False
    return all(
        t.capitalised or not t.text[0].isalpha() or t.lower in AUTHOR_ROLES or t.lower in CAP_STOP
        or t.lower in _CREDIT_LEAD
        for t in tokens
    )  # fmt: skip


# An author line of a paper or report is longer than a byline: several names, each with
# its institution in brackets.
_AFFILIATION_LINE_MAX_TOKENS = 40


def is_author_line(tokens: list[Token]) -> bool:
    """A raw line of the document that is an author line of a paper (see
    ``_is_affiliation_line``): read line by line too, since a long title without a full
    stop above it is taken for a hard-wrapped line and joined to it."""
    return _is_affiliation_line(tokens)


def _is_affiliation_line(tokens: list[Token]) -> bool:
    """'Jane Doe (Venn University) and Ivo Brandt (Venn Institute)': a line of names,
    each followed by a bracketed institution, with no verb and no full stop: the authors
    of a paper and their employers."""
    if len(tokens) > _AFFILIATION_LINE_MAX_TOKENS or tokens[-1].text in ".!?":
        return False
    spans = capitalised_spans(tokens)
    if not spans or spans[0].first != 0 or not looks_like_person(spans[0].tokens):
        return False
    if spans[0].last + 1 >= len(tokens) or tokens[spans[0].last + 1].text != "(":
        return False
    return all(
        t.capitalised or not t.text[0].isalpha() or t.lower in _CREDIT_GLUE | _CAREER_GLUE
        for t in tokens
    )


# Labels of a list of who takes part in a panel, a hearing or a programme: "Speakers:",
# "Moderator:", "Panellists:", "Guests:". The people listed speak as sources, and the
# bodies given with them are their employers. (Not "Participants:" or "Respondents:", which
# list the bidders of a tender or the parties to a case.)
_PARTICIPANT_LABELS = frozenset({"speaker", "speakers", "panellist", "panellists", "panelist",
                                 "panelists", "panel", "moderator", "moderators", "chair",
                                 "co-chair", "co-chairs", "chairs", "discussant", "discussants",
                                 "presenter", "presenters", "host", "hosts", "guest", "guests",
                                 "interviewer", "interviewee", "witness", "witnesses",
                                 "keynote", "organiser", "organisers", "organizer",
                                 "organizers", "facilitator", "rapporteur", "ведущий",
                                 "ведущая", "ведущие", "гость", "гости", "спикеры",
                                 "модератор", "эксперты"})  # fmt: skip
# Labels of a line that credits the people who wrote, rated, audited, reviewed,
# translated or photographed the piece: "Lead analyst: X, formerly of Y", "Reviewer: X
# (Y LLP)", "Переводчик: X". Whoever they list, with their employers past and present, is
# a source of the document, never an actor in it.
_SOURCE_ROLE_LABELS = frozenset({"analyst", "analysts", "author", "authors", "reviewer",
                                 "reviewers", "auditor", "auditors", "assessor", "assessors",
                                 "translator", "translators", "interpreter", "interpreters",
                                 "fixer", "fixers", "photographer", "photographers",
                                 "reporter", "reporters", "correspondent", "correspondents",
                                 "researcher", "researchers", "editor", "editors",
                                 "contributor", "contributors", "аналитик", "автор", "авторы",
                                 "переводчик", "переводчица", "фотограф", "корреспондент",
                                 "редактор", "аудитор", "рецензент",
                                 # Who inspected, filed or took the minutes: "Inspector: X",
                                 # "Secretary: X" over the minutes of a meeting.
                                 "inspector", "inspectors", "secretary", "clerk", "recorder",
                                 "minute-taker", "note-taker", "секретарь", "протоколист",
                                 "инспектор"})  # fmt: skip
# Labels of a court record's lines for who judges, prosecutes or defends, with the body they
# stand for: "Presiding judge: X", "Prosecution: Y Prosecutor's Office, represented by X",
# "Defence counsel: X". The court and the lawyers act on the case, not in the scheme; the
# parties ("Defendant: X") are not among them.
_COURT_ROLE_LABELS = frozenset({"judge", "judges", "prosecution", "prosecutor", "prosecutors",
                                "counsel", "defence", "defense", "lawyer", "lawyers",
                                "attorney", "attorneys", "advocate", "судья", "судьи",
                                "прокурор", "обвинение", "гособвинитель", "обвинитель",
                                "защитник", "защита", "адвокат"})  # fmt: skip
# Words that make an "officer" label the document's own officer, who reports, files or
# checks it: "Reporting officer: Inspector X, Y Directorate", "Case officer: X".
_REPORTING_OFFICER_WORDS = frozenset({"reporting", "case", "investigating", "reviewing",
                                      "filing", "seizing", "inspecting", "examining", "duty",
                                      "responsible", "compliance"})  # fmt: skip
_OFFICERS = frozenset({"officer", "officers", "official", "investigator", "investigators",
                       "examiner", "examiners"})  # fmt: skip
# Words that make a manager's label the court's officer in an insolvency, who runs the
# debtor for its creditors from outside: "Interim manager: X", "Временный управляющий: X".
_INSOLVENCY_WORDS = frozenset({"interim", "temporary", "insolvency", "bankruptcy", "external",
                               "arbitration", "official", "court-appointed", "временный",
                               "конкурсный", "внешний", "арбитражный"})  # fmt: skip
_INSOLVENCY_OFFICERS = frozenset({"manager", "administrator", "trustee", "receiver",
                                  "liquidator", "управляющий"})  # fmt: skip
_PARTICIPANT_MAX_TOKENS = 80


def is_participant_line(tokens: list[Token]) -> bool:
    """'Speakers: Dr Jane Doe (Venn Institute); Ivo Brandt (Y Analytics)', 'Moderator:
    Jane Doe, correspondent, Nordwire', 'Lead analyst: Jane Doe, formerly of Y': a label
    for the people taking part or credited with the work, a colon and a list of them with
    their employers, not a sentence (no closing full stop). A paper's "Correspondence: Jane
    Doe, Department of X, Venn University." names its author and her employer, full stop
    or not."""
    if len(tokens) < 3 or len(tokens) > _PARTICIPANT_MAX_TOKENS:
        return False
    colon = next((i for i, t in enumerate(tokens[:4]) if t.text == ":"), None)
    if colon is None or colon == 0:
        return False
    label = [t.lower for t in tokens[:colon]]
    if (
        tokens[-1].text in ".!?"
        and not set(label) & _CORRESPONDENCE_LABELS
        and not _names_then_a_stop(tokens[colon + 1 :])
    ):
        return False
    if not all(w.replace("-", "").isalpha() for w in label):
        return False
    if label[-1] in _OFFICERS and set(label[:-1]) & _REPORTING_OFFICER_WORDS:
        return True  # "Reporting officer: Inspector X, Y Directorate"
    if label[-1] in _INSOLVENCY_OFFICERS and set(label[:-1]) & _INSOLVENCY_WORDS:
        return True  # "Interim manager: X (appointed by the court)"
    if label[-1] in ("chair", "chairs") and _chairs_the_board(tokens[colon + 1 :]):
        return False  # "Chair: X, Chairman of the Board": the firm's own officer
    labels = _PARTICIPANT_LABELS | _SOURCE_ROLE_LABELS | _CORRESPONDENCE_LABELS | _COURT_ROLE_LABELS
    return label[-1] in labels


def _names_then_a_stop(tokens: list[Token]) -> bool:
    """'Chair: Mayor Jane Doe.', 'Секретарь: Зорина Е. А.', 'Председательствовал: глава
    поселения X.': the items of a list line that minutes close with a full stop, names with
    their posts and initials and no clause (no lower-case word but a title or a role, or a
    word or two of what the title is of: "head of the district")."""
    words = [t for t in tokens[:-1] if t.text[:1].isalpha()]
    since_title = _POST_REACH + 1
    for token in words:
        if token.lower in TITLES or token.lower in RU_TITLES or token.lower in AUTHOR_ROLES:
            since_title = 0
        elif not token.capitalised and since_title >= _POST_REACH:
            return False
        since_title += 1
    return bool(words)


# How many lower-case words may tell what a post is of ("head of the district").
_POST_REACH = 3


def with_participant_labels(paragraphs: Iterable[list[str]]) -> Iterator[list[str]]:
    """The paragraphs, with each item of a bulleted or numbered list under a bare label of
    participants or credits ("Speakers" / "- Jane Doe, Venn Institute") given that label
    ("Speakers: Jane Doe, Venn Institute"), so that it reads as a participant line."""
    label = None
    for paragraph in paragraphs:
        item = _LIST_ITEM.match(paragraph[0]) if len(paragraph) == 1 else None
        if label is not None and item is not None:
            yield [f"{label}: {paragraph[0][item.end() :]}"]
            continue
        words = paragraph[0].rstrip(":").split() if len(paragraph) == 1 else []
        labels = _PARTICIPANT_LABELS | _SOURCE_ROLE_LABELS
        bare = 0 < len(words) <= 2 and all(w.isalpha() for w in words)
        label = words[-1] if bare and words[-1].casefold() in labels else None
        yield paragraph


# The marker that opens an item of a list: "- ", "• ", "2. ", "3) ".
_LIST_ITEM = re.compile(r"(?:[-*•–—·]|\d{1,2}[.)])\s+")


def _chairs_the_board(tokens: list[Token]) -> bool:
    """'X, Chairman of the Board': the person chairs a firm's board, and the meeting is its
    shareholders' (a panel's or a hearing's chair is given with a body of another kind)."""
    words = [t.lower for t in tokens]
    return any(
        words[k : k + 3] in (["of", "the", "board"], ["board", "of", "directors"])
        for k in range(len(words))
    )


# Labels of the line that gives a paper's author and her address: "Correspondence:",
# "Corresponding author:", "Address for correspondence:", "Для корреспонденции:".
_CORRESPONDENCE_LABELS = frozenset({"correspondence", "corresponding",
                                    "корреспонденции"})  # fmt: skip


def speaker_affiliation(tokens: list[Token]) -> list[str]:
    """'LARS HOLMEN (Barents Agency): We count ...': a transcript names its speaker in
    capitals with where they work in brackets, then a colon. The bracketed body is the
    speaker's employer, heard as a source (normalised names; none if the bracket gives a
    role, "(correspondent)", or a title with it, "(director of X)", an actor's post)."""
    k = 0
    while k < len(tokens) and tokens[k].text.isalpha() and tokens[k].text.isupper():
        k += 1
    if k == 0 or k + 3 >= len(tokens) or tokens[k].text != "(":
        return []
    close = next((i for i in range(k + 1, min(len(tokens), k + 10)) if tokens[i].text == ")"), None)
    if close is None or close + 1 >= len(tokens) or tokens[close + 1].text != ":":
        return []
    inside = tokens[k + 1 : close]
    if not inside or not all(t.capitalised or t.lower in ("of", "for", "the", "&") for t in inside):
        return []
    if any(t.lower in TITLES for t in inside):
        return []
    return [normalize(" ".join(t.text for t in inside))]


# Roles in a transcript's speaker label that make the speaker a source, not an actor:
# "HANNAH DOE, ANCHOR:", "JANE DOE, PROFESSOR, VENN UNIVERSITY:", "Иван Орлов, эксперт:".
_SPEAKER_SOURCE_ROLES = (
    (AUTHOR_ROLES - {"bureau", "staff"}) | EXPERT_HONORIFICS
    | {"journalist", "reporter", "professor", "correspondent", "photographer", "editor",
       "scholar", "expert", "fellow", "blogger", "activist", "lawmaker", "commentator",
       "columnist", "academic", "filmmaker", "documentarian", "lawyer", "attorney",
       "barrister", "solicitor", "counsel", "anchor", "presenter", "newsreader", "host",
       "moderator", "interviewer", "guest", "panellist", "panelist", "analyst", "researcher",
       "research", "historian", "economist", "sociologist", "scientist", "emeritus",
       "lecturer", "dr", "doctor", "ведущий", "ведущая", "гость", "эксперт", "политолог",
       "аналитик", "журналист", "корреспондент", "исследователь", "профессор", "юрист",
       "адвокат", "правозащитник", "правозащитница", "экономист", "социолог", "историк",
       "востоковед", "кореевед", "доцент"}
)  # fmt: skip
# Words of a speaker label for a worker, a witness or a spokesperson: the body named with
# them may be the actor they worked for or speak for.
_SPEAKER_NOT_SOURCE = (NON_ACTOR_WORDS - _SPEAKER_SOURCE_ROLES - {"former", "retired"}) | {
    "worker", "workers", "employee", "owner", "рабочий", "рабочая", "рабочие"
}  # fmt: skip
# How far into a line a speaker label's colon may stand.
_SPEAKER_LABEL_MAX_TOKENS = 16
# Words a speaker label may hold besides capitalised names and roles.
_SPEAKER_GLUE = frozenset({"of", "for", "the", "at", "and", "&", "de", "from", "in", "on"})


def speaker_label_sources(tokens: list[Token], opens_paragraph: bool) -> list[str]:
    """'HANNAH DOE, VENN UNIVERSITY: It isn't.', 'JANE DOE, PROFESSOR AT VENN UNIVERSITY:',
    'Ivo Brandt, analyst, Venn Institute: ...': a transcript's speaker label with commas.
    The speaker and the bodies named with them are sources (normalised names), when the
    label gives a source's role or only a body; none when it gives an actor's post
    ("OLEG SOMOV, DEPUTY DIRECTOR, KEDR LLC:"). A name in capitals opens the label; a name
    in ordinary case only at the start of a paragraph."""
    colon = next(
        (i for i, t in enumerate(tokens[:_SPEAKER_LABEL_MAX_TOKENS]) if t.text == ":"), None
    )
    if colon is None or colon < 3 or colon + 1 >= len(tokens):
        return []
    label = tokens[:colon]
    comma = next((i for i, t in enumerate(label) if t.text in (",", "(")), None)
    if comma is None or comma == 0 or comma + 1 >= len(label):
        return []
    speaker = label[:comma]
    shouted = all(t.text.isupper() for t in speaker if t.text.isalpha())
    if not all(t.text[:1].isalpha() or t.text in ".-'" for t in speaker):
        return []
    if not (shouted or (opens_paragraph and looks_like_person(speaker))):
        return []
    rest = label[comma:]
    words = {t.lower for t in rest if t.text[:1].isalpha()}
    if words & _SPEAKER_NOT_SOURCE:
        return []  # "KIM CHOL, FORMER WORKER AT X": a victim's workplace is an actor
    roles = words & _SPEAKER_SOURCE_ROLES
    # "DR JANE DOE (Director, Venn Centre for X):": a scholar's honorific makes her post one
    # at a research body, whose witness she is.
    expert = speaker[0].lower.strip(".") in EXPERT_HONORIFICS
    if not roles and not expert and words & TITLES.keys():
        return []  # "OLEG SOMOV, DEPUTY DIRECTOR, KEDR LLC": an actor's post
    for token in rest:
        if token.text in ",()-/&." or token.capitalised or token.lower in _SPEAKER_GLUE:
            continue
        if token.lower in _SPEAKER_SOURCE_ROLES:
            continue
        if not roles:
            return []  # lower-case words other than roles: a sentence, not a label
    found = [normalize(" ".join(t.text for t in speaker))]
    bodies = capitalised_spans(rest)
    if not roles and any(_a_firm(span.tokens) for span in bodies):
        return []  # "ANNA LEE, KEDR LLC:": who speaks for a firm may speak for an actor
    for span in bodies:
        kept = [
            t for t in span.tokens if t.lower not in _SPEAKER_SOURCE_ROLES and t.lower not in TITLES
        ]
        # "Venn Centre for Conflict Economies" keeps its "for"; "the" before it goes.
        while kept and kept[0].lower in CAP_STOP:
            kept.pop(0)
        while kept and kept[-1].lower in CAP_STOP:
            kept.pop()
        body = [t.text for t in kept]
        joined = " ".join(body).casefold()
        if not body or joined in GAZETTEER or joined in COUNTRY_WORDS:
            continue
        if all(w.casefold() in ORG_HEADS or w.casefold() in _SPEAKER_GLUE for w in body):
            continue
        found.append(normalize(" ".join(body)))
    return [name for name in found if name]


def _a_firm(tokens: list[Token]) -> bool:
    """A name that ends in a firm's head word or trade: "Kedr LLC", "Amur Timber Trading"."""
    last = tokens[-1].lower
    return (last in ORG_HEADS and ORG_HEADS[last][0] == "company") or last in TRADE_HEADS


# Words of the label of a line that gives the press a contact: "Media enquiries:", "Press
# contact:", "For more information contact:", "Контакты для СМИ:".
_CONTACT_LABEL_WORDS = frozenset({"media", "press", "news", "for", "more", "further",
                                  "information", "journalists", "contact", "contacts",
                                  "enquiries", "inquiries", "queries", "контакты", "контакт",
                                  "для", "сми", "прессы", "журналистов"})  # fmt: skip
_PRESS_WORDS = frozenset({"media", "press", "news", "journalists", "сми", "прессы",
                          "журналистов"})  # fmt: skip
_CONTACT_HEADS = frozenset({"contact", "contacts", "enquiries", "inquiries", "queries",
                            "контакты", "контакт"})  # fmt: skip
# How far into a line a contact label's colon may stand.
_CONTACT_LABEL_MAX_TOKENS = 6


def is_contact_line(tokens: list[Token]) -> bool:
    """'Media enquiries: Jane Doe, press officer, Venn Directorate', 'Contact: X': a line
    that gives journalists someone to call. Whoever and whatever it names (a press
    officer, the body that issued the release) speaks for the document, not in it."""
    colon = next(
        (i for i, t in enumerate(tokens[:_CONTACT_LABEL_MAX_TOKENS]) if t.text == ":"), None
    )
    if not colon:
        return False
    label = [t.lower for t in tokens[:colon]]
    # A press word is needed: a bare "Contact:" in a tender or a registry extract may give
    # an actor's own office.
    return (
        bool(set(label) & _CONTACT_HEADS)
        and bool(set(label) & _PRESS_WORDS)
        and all(w in _CONTACT_LABEL_WORDS for w in label)
    )


# How a parliamentary record heads a written question and its answer: "Asked by X (Member
# for Y)", "Tabled by: X", "Answered by X, Minister of State". Whoever asks and whoever
# answers speaks for the parliament or the government that reports on the network; neither
# is an actor in it, whatever title the answer line gives.
_RECORD_LEADS = frozenset({"asked", "answered", "tabled", "replied", "question", "answer",
                           "reply"})  # fmt: skip
# The head line of a question or answer is short: a name, a seat or a post, a date.
_RECORD_LINE_MAX_TOKENS = 20


def record_line_names(tokens: list[Token]) -> list[str]:
    """The normalised name opening a parliamentary record's "Asked by X" or "Answered by:
    X, Minister of ..." line (none if the line is not one: a sentence that opens "Asked by
    reporters, ..." goes on in lower case and ends with a full stop)."""
    if (
        len(tokens) < 3
        or len(tokens) > _RECORD_LINE_MAX_TOKENS
        or tokens[-1].text in ".!?"
        or tokens[0].lower not in _RECORD_LEADS
        or tokens[1].lower != "by"
    ):
        return []
    start = 3 if tokens[2].text == ":" else 2
    end = next(
        (i for i in range(start, len(tokens)) if tokens[i].text in (",", "(", ";", "-")),
        len(tokens),
    )
    name = tokens[start:end]
    if not name or not all(t.capitalised for t in name):
        return []
    return [normalize(" ".join(t.text for t in name))]


# Labels of a question from the floor in a transcript of a briefing or a press conference:
# "QUESTION (Jane Doe, Nordwire):", "Q (X):", "Question from X, Y:", "ВОПРОС (X, «Y»):". Who
# asks is a reporter, and the body named with them is their outlet.
_QUESTION_LABELS = frozenset({"question", "questions", "q", "вопрос", "вопросы"})
# Words between the label and the asker: "Question from the floor (X):", "Вопрос от X:".
_QUESTION_GLUE = frozenset({"from", "by", "the", "floor", "audience", "от", "из", "зала"})


def questioner_names(tokens: list[Token]) -> list[str]:
    """The normalised names (the asker and their outlet) in the label of a question from the
    floor: 'QUESTION (Jane Doe, Nordwire): Who signed?', 'Question from X, Y: ...'. None
    if the line opens no such label ("Question: who signed?" names no one)."""
    if len(tokens) < 4 or tokens[0].lower not in _QUESTION_LABELS:
        return []
    colon = next(
        (i for i, t in enumerate(tokens[:_SPEAKER_LABEL_MAX_TOKENS]) if t.text == ":"), None
    )
    if colon is None or colon < 2:
        return []
    label = [t for t in tokens[1:colon] if t.lower not in _QUESTION_GLUE]
    if not label:
        return []
    # A label holds names, commas and quotes, never a clause; in brackets it may give the
    # outlet's kind ("(X, агентство «Y»)").
    bracketed = label[0].text == "(" and label[-1].text == ")"
    if not bracketed and not all(t.capitalised or not t.text[0].isalnum() for t in label):
        return []
    return [normalize(" ".join(t.text for t in name)) for name, _ in names_in(label)]


# Labels of the fields that credit the makers of a film, a programme or a podcast: no
# company's post is called so. "Director:" alone may be a firm's, so it is not among them;
# beside one of these it is the work's.
_WORK_CREDIT_LABELS = frozenset({
    "producer", "producers", "co-producer", "co-producers", "cinematography",
    "cinematographer", "screenplay", "screenwriter", "script", "editing", "composer",
    "music", "score", "narrator", "narration", "animation", "starring", "cast", "sound",
    "режиссёр", "режиссер", "продюсер", "продюсеры", "сценарий", "сценарист", "монтаж",
    "композитор", "музыка", "оператор-постановщик", "в ролях",
})  # fmt: skip
# What separates the fields of one credit line: "Director: X | Producer: Y".
_FIELD_SEPARATORS = frozenset({"|", "·", ";", "/"})
# How many words a field's label may take: "Executive producer", "Director of photography".
_FIELD_LABEL_WORDS = 3
# A credit names its holders and no more: "Producer: Venn Pictures (Oslo)".
_CREDIT_VALUE_MAX_TOKENS = 8
# The only lower-case words a credit's names may hold: "Studio of Venn and Co".
_CREDIT_GLUE = frozenset({"and", "of", "the", "for", "de", "van", "von", "и"})


def work_credit_names(tokens: list[Token]) -> list[str]:
    """'Director: X | Producer: Y Pictures | Supported by Z', 'Cinematography: X': a line
    of fields that credit the makers of a film or a programme (a field whose label only a
    work's credits use); the names in every field of it made the work, not the scheme."""
    fields: list[list[Token]] = [[]]
    for token in tokens:
        if token.text in _FIELD_SEPARATORS:
            fields.append([])
        else:
            fields[-1].append(token)
    labelled = False
    for part in fields:
        colon = next((k for k, t in enumerate(part) if t.text == ":"), None)
        if colon is None or not 0 < colon <= _FIELD_LABEL_WORDS:
            continue
        label = " ".join(t.lower for t in part[:colon])
        value = part[colon + 1 :]
        if len(value) > _CREDIT_VALUE_MAX_TOKENS or any(
            t.text.isalpha() and t.text.islower() and t.lower not in _CREDIT_GLUE for t in value
        ):
            return []  # "NARRATOR: That firm did not answer.": a speaker, then speech
        if label in _WORK_CREDIT_LABELS or label.split()[-1] in _WORK_CREDIT_LABELS:
            labelled = True
    if not labelled:
        return []
    return [
        normalize(" ".join(t.text for t in name)) for part in fields for name, _ in names_in(part)
    ]


def contact_names(tokens: list[Token]) -> list[str]:
    """The normalised names (people and bodies) after a contact line's label."""
    if not is_contact_line(tokens):
        return []
    colon = next(i for i, t in enumerate(tokens) if t.text == ":")
    # A firm's own release gives its own press office: the firm speaks for itself, and may be
    # an actor ("Media enquiries: X, Amurstroy LLC").
    return [
        normalize(" ".join(t.text for t in name))
        for name, _ in names_in(tokens[colon + 1 :])
        if not _a_firm(name)
    ]


# Words of the label over a press release: "PRESS RELEASE", "Media release", "FOR IMMEDIATE
# RELEASE", "ПРЕСС-РЕЛИЗ | 15.09.2025".
_RELEASE_WORDS = frozenset({"press", "media", "news", "release", "for", "immediate",
                            "statement", "пресс-релиз", "релиз"})  # fmt: skip
# How many lines of a document's head its release label and its issuer may stand in.
RELEASE_HEAD_LINES = 6
# A body's name on a line of its own is short.
_ISSUER_MAX_TOKENS = 10


def release_issuers(lines: list[list[Token]]) -> list[str]:
    """The bodies that issue a press release or a report: a body's name on a line of its
    own right before or after the label "PRESS RELEASE", "ДОКЛАД" or "MA dissertation" at
    the head of a document ("PRESS RELEASE / Venn Directorate / Oslo, 9 May"; "Департамент
    ... области / ДОКЛАД"; "Venn University, School of X / MA dissertation"). A release's
    issuer speaks about the network; it is its author, as an outlet is a story's
    (normalised names; each part of a line between commas is judged on its own)."""
    head = lines[:RELEASE_HEAD_LINES]
    found = []
    for k, tokens in enumerate(head):
        words = [t.lower for t in tokens if t.text[0].isalpha()]
        if not words:
            continue
        # The label may carry the date: "MEDIA RELEASE | 4 September 2025".
        # "News Release | Ref. XX-117 | Ottawa, 14 October": one part of a barred line.
        label = any(_a_release_label(part) for part in _split(tokens, _a_bar))
        if not label and not _a_numbered_issue(tokens):
            continue
        for near in (k - 2, k - 1, k + 1, k + 2):
            if 0 <= near < len(head):
                found += _issuer_names(head[near])
    return found


def _a_bar(token: Token) -> bool:
    return token.text in ("|", "//")


def _a_release_label(tokens: list[Token]) -> bool:
    """'PRESS RELEASE', 'Media release 4 September 2025', 'ДОКЛАД': a release's or a
    report's label, with at most its date."""
    words = {t.lower for t in tokens if t.text[0].isalpha()}
    return bool(_LABEL_HEADS & words) and words <= (_RELEASE_WORDS | _DOCUMENT_GENRES | MONTHS)


# Nouns of a document a body numbers as one of a series it issues: "Typology Review No.
# NN/2026", "Аналитическая записка № NN", "Обзор № NN (для служебного пользования)".
_NUMBERED_GENRES = frozenset({"review", "note", "notes", "report", "bulletin", "circular",
                              "advisory", "alert", "brief", "briefing", "memo", "обзор",
                              "записка", "справка", "доклад", "отчёт", "отчет", "бюллетень",
                              "информация", "письмо"})  # fmt: skip
_NUMBER_SIGNS = frozenset({"№", "no", "#", "nr"})


def _a_numbered_issue(tokens: list[Token]) -> bool:
    """A heading line that titles a numbered issue of a body's own series: a genre noun, a
    number sign and a number ("Typology Note No. 9/2026"). The body on the lines next to
    it is the issuer, and whatever department of it the letterhead names."""
    if not tokens or tokens[-1].text in ".!?" or len(tokens) > _ISSUER_LINE_MAX_TOKENS:
        return False
    for k, token in enumerate(tokens[:-2]):
        if token.lower not in _NUMBERED_GENRES or tokens[k + 1].lower not in _NUMBER_SIGNS:
            continue
        number = k + 3 if tokens[k + 2].text == "." else k + 2
        if number < len(tokens) and tokens[number].text[:1].isdigit():
            return True
    return False


# Genres of a document a body or a student writes under its own name, as a label on a line
# of its own: "ДОКЛАД", "MA dissertation, September 2024".
_DOCUMENT_GENRES = frozenset({"доклад", "отчёт", "отчет", "справка", "dissertation", "thesis",
                              "ma", "msc", "mphil", "phd", "ba", "bsc", "llm", "объявление",
                              "announcement"})  # fmt: skip
_LABEL_HEADS = frozenset({"release", "пресс-релиз", "релиз", "доклад", "отчёт", "отчет",
                          "справка", "dissertation", "thesis", "объявление",
                          "announcement"})  # fmt: skip
# Heads of a Russian authority's name, which lower-case words follow: "Департамент труда и
# занятости населения Вологодской области".
_RU_AUTHORITY_HEADS = ("департамент", "министерств", "управлени", "комитет", "агентств",
                       "служб", "инспекци", "администраци", "мэри")  # fmt: skip


def _split(tokens: list[Token], is_break: Callable[[Token], bool]) -> list[list[Token]]:
    """The runs of ``tokens`` between the ones ``is_break`` accepts (empty runs kept)."""
    parts: list[list[Token]] = [[]]
    for token in tokens:
        if is_break(token):
            parts.append([])
        else:
            parts[-1].append(token)
    return parts


def _issuer_names(tokens: list[Token]) -> list[str]:
    """The bodies' names on a line of the head that is nothing but them (see
    ``release_issuers``): a firm that issues a release announces its own hiring or
    contracts, so it may be an actor and is left out."""
    if _a_russian_authority_alone(tokens):
        return [normalize(" ".join(t.text for t in tokens))]
    # "Venn Directorate (VD) - Oslo", "Venn Directorate | Oslo": a letterhead gives the
    # body, its acronym in brackets and its seat, parted by commas, dashes or bars.
    parts = _split(tokens, lambda t: t.text in _HEADING_BREAKS)
    found = []
    for part in parts:
        part, acronym = _without_acronym(part)
        if _a_bodys_name_alone(part) and not _a_firm(part):
            found.append(normalize(" ".join(t.text for t in part)))
            found += [normalize(acronym)] if acronym else []
    return found


def _without_acronym(tokens: list[Token]) -> tuple[list[Token], str | None]:
    """A name and the acronym in brackets after it ("Venn Directorate (VD)"), if any."""
    if (
        len(tokens) > 3
        and tokens[-3].text == "("
        and tokens[-1].text == ")"
        and tokens[-2].text.isupper()
        and tokens[-2].text.isalpha()
    ):
        return tokens[:-3], tokens[-2].text
    return tokens, None


def _a_russian_authority_alone(tokens: list[Token]) -> bool:
    """'Департамент труда и занятости населения Вологодской области': a line that is only a
    Russian authority's name, its head first, Cyrillic words and no closing stop."""
    return (
        0 < len(tokens) <= _ISSUER_MAX_TOKENS
        and tokens[0].capitalised
        and tokens[0].lower.startswith(_RU_AUTHORITY_HEADS)
        and all(re.fullmatch(r"[А-ЯЁа-яё-]+", t.text) for t in tokens)
    )


# Nouns of a periodical or a record a body puts out under its own name, on the first line
# with that name: "Client Compliance Bulletin 11/2026, Venn Bank, Financial Crime Unit",
# "Summary of proceedings: Venn Committee on Labour, third sitting", "Venn Partners |
# Weekly Newsletter". Whoever issues a bulletin, an advisory, a digest or the minutes of
# its own hearing writes about the scheme; it is the document's author.
_HEADING_GENRES = frozenset({"bulletin", "bulletins", "newsletter", "advisory", "circular",
                             "memo", "memorandum", "proceedings", "minutes", "digest",
                             "alert", "бюллетень", "рассылка", "стенограмма",
                             "протокол"})  # fmt: skip
# Marks that part a heading line into its label, its issuer and the rest.
_HEADING_BREAKS = frozenset({",", ":", "|", "/", "-", "—", "–", ";"})


# Participles that open a line naming who issued, prepared or published the document:
# "Issued by: Venn Retail GmbH, Responsible Sourcing Team", "Prepared by Venn Advisory".
_ISSUING = frozenset({"issued", "prepared", "published", "produced", "distributed",
                      "подготовлено", "подготовлен", "подготовлена", "выпущено", "издано",
                      "опубликовано"})  # fmt: skip
_ISSUING_BY = frozenset({"by", ":"})
# A line this long is a sentence, not a label.
_ISSUER_LINE_MAX_TOKENS = 24


def issued_by_names(tokens: list[Token]) -> list[str]:
    """The names on a line that says who issued the document: "Issued by: X, Y Team",
    "Prepared by X for Y", "Подготовлено: X". Each part between commas, colons or bars
    that opens with a capital is the document's issuer or its author (normalised)."""
    if len(tokens) < 3 or len(tokens) > _ISSUER_LINE_MAX_TOKENS:
        return []
    if tokens[0].lower not in _ISSUING or tokens[1].lower not in _ISSUING_BY:
        return []
    k = 2
    while k < len(tokens) and tokens[k].lower in _ISSUING_BY:
        k += 1
    parts = _split(
        tokens[k:],
        lambda t: t.text in _HEADING_BREAKS or t.lower in ("for", "and", "для", "и", "."),
    )
    found = []
    for part in parts:
        while part and part[0].lower in ("the", "a"):
            part = part[1:]
        if not part or not part[0].text[:1].isupper() or part[0].text[:1].isdigit():
            continue
        if all(t.lower in MONTHS or t.text.isdigit() for t in part):
            continue  # "Issued by X, 21 May": the date
        if _a_place_alone(part):
            continue  # "Issued by: X Inspectorate for the Republic of Y": its territory
        found.append(normalize(" ".join(t.text for t in part)))
    return found


def _a_place_alone(tokens: list[Token]) -> bool:
    """'Republic of Venn', 'Venn Oblast', a gazetteer name: a part of an issuer's line
    that names the territory a body serves, not a body."""
    words = [t.lower for t in tokens]
    if " ".join(words) in GAZETTEER:
        return True
    titled = [w for w in words if w in REGION_TITLES]
    return (
        len(words) <= 4
        and bool(titled)
        and all(
            w in REGION_TITLES or w == "of" or t.capitalised
            for w, t in zip(words, tokens, strict=True)
        )
        and not any(w in ORG_HEADS for w in words)
    )


# Labels of the fields in a record's head that name who keeps, serves or handles the
# record: "Client: Venn Group", "Hotline provider: X Line", "Assigned to: Jane Doe, Y".
_HANDLER_LABELS = ("client", "provider", "assigned to", "prepared for", "handled by")
# How many lines a record's head of fields may take, and how long a field's label may be.
HANDLER_HEAD_LINES = 12
_HANDLER_LABEL_MAX_WORDS = 3


def handler_names(tokens: list[Token]) -> list[str]:
    """The names in a field of a record's head that says for whom or by whom the record is
    kept ("Client: Venn Timber Group", "Assigned to: Jane Doe, Group Compliance"): the
    case's owner and its handlers report on the network (normalised names)."""
    colon = next((i for i, t in enumerate(tokens) if t.text == ":"), None)
    if colon is None or not 0 < colon <= _HANDLER_LABEL_MAX_WORDS or colon + 1 >= len(tokens):
        return []
    label = " ".join(t.lower for t in tokens[:colon])
    if not label.endswith(_HANDLER_LABELS) or len(tokens) > _ISSUER_LINE_MAX_TOKENS:
        return []
    parts = _split(tokens[colon + 1 :], lambda t: t.text in _HEADING_BREAKS)
    return [
        normalize(" ".join(t.text for t in part))
        for part in parts
        if part and all(t.capitalised or t.lower in CONNECTORS or t.text == "&" for t in part)
    ]


def heading_issuers(tokens: list[Token]) -> list[str]:
    """The bodies named on a document's first line beside the label of a periodical or a
    record ("Client Compliance Bulletin 11/2026, Venn Bank, Financial Crime Unit"): each
    part of the line between commas, colons or bars that is a body's name alone
    (normalised names). Not a sentence: the line has no closing full stop."""
    if not tokens or tokens[-1].text in ".!?":
        return []
    if not {t.lower for t in tokens} & _HEADING_GENRES and not _a_periodic_report(tokens):
        return []
    own_meeting = is_own_meeting_heading(tokens)
    parts = _split(tokens, lambda t: t.text in _HEADING_BREAKS)
    return [
        normalize(" ".join(t.text for t in part))
        for part in parts
        if part
        and not {t.lower for t in part} & _HEADING_GENRES
        and not _a_periodic_report(part)
        and _a_heading_body(part)
        and not (own_meeting and _a_firm(part))
    ]


def is_own_meeting_heading(tokens: list[Token]) -> bool:
    """'X PJSC - Minutes of the Annual General Meeting of Shareholders': the minutes of a
    firm's own general meeting record what its board says of its business; the firm named
    over them is the subject of the minutes, not an outside author or observer."""
    return bool({t.lower for t in tokens} & _OWN_MEETING_WORDS) and bool(
        {t.lower for t in tokens} & {"minutes", "meeting", "протокол", "собрания"}
    )


# Words of the heading over the minutes of a firm's own general meeting.
_OWN_MEETING_WORDS = frozenset({"shareholders", "shareholders'", "agm", "egm", "акционеров",
                                "участников"})  # fmt: skip


# Words that make a report a body's own periodic one: "Annual Sustainability Report 2026",
# "ESG Report", "Modern Slavery Statement". A report of that kind is the firm's own
# account of its suppliers; the firm is its author, as an outlet is a story's.
_PERIODIC_REPORT_WORDS = frozenset({"annual", "sustainability", "esg", "quarterly", "integrated",
                                    "transparency", "slavery", "responsibility", "годовой",
                                    "ежегодный"})  # fmt: skip
_REPORT_NOUNS = frozenset({"report", "statement", "review", "отчёт", "отчет"})


def _a_periodic_report(tokens: list[Token]) -> bool:
    """Whether the words name a body's periodic report ("Annual Sustainability Report")."""
    return any(
        t.lower in _REPORT_NOUNS and any(w.lower in _PERIODIC_REPORT_WORDS for w in tokens[:k])
        for k, t in enumerate(tokens)
    )


def _a_heading_body(tokens: list[Token]) -> bool:
    """A body's name alone, as a heading writes it: capitalised words and connectors with
    a head word anywhere ("Venn Committee on Labour Integrity", "Venn Bank")."""
    if len(tokens) > _ISSUER_MAX_TOKENS:
        return False
    glue = CONNECTORS | {"on", "in", "to"}
    if not all(t.text[0].isalpha() and (t.capitalised or t.lower in glue) for t in tokens):
        return False
    return tokens[0].capitalised and any(t.lower in ORG_HEADS for t in tokens)


def _a_bodys_name_alone(tokens: list[Token]) -> bool:
    """A line that is nothing but a body's name: capitalised words and connectors, no
    full stop, with a head word ("Directorate for X", "X Sanctions Division")."""
    if not tokens or len(tokens) > _ISSUER_MAX_TOKENS or tokens[-1].text in ".!?:":
        return False
    if not all(t.text[0].isalpha() and (t.capitalised or t.lower in CONNECTORS) for t in tokens):
        return False
    words = [t.lower for t in tokens]
    # "Supervisory Office for Trade Restrictions": a head word, then what it is for.
    return is_org_shaped(words) or any(
        w in ORG_HEADS and nxt in ("for", "of") for w, nxt in pairwise(words)
    )


def is_affiliation_note(tokens: list[Token]) -> bool:
    """'(1) Department of X, Venn University, Edinburgh', '² Venn Institute, Seoul': a line
    that opens with an author's marker and lists where the author works (a university, a
    department, an institute), with no verb and no full stop."""
    if len(tokens) < 4 or tokens[-1].text in ".!?":
        return False
    if tokens[0].text == "(" and tokens[2].text == ")" and len(tokens[1].text) <= 2:
        rest = tokens[3:]
    elif tokens[0].text in "¹²³⁴⁵⁶⁷⁸⁹*†‡":
        rest = tokens[1:]
    else:
        return False
    if not rest or not rest[0].capitalised:
        return False
    words = {t.lower for t in rest}
    if not words & _AFFILIATION_HEADS:
        return False
    return all(t.capitalised or not t.text[0].isalpha() or t.lower in _CREDIT_GLUE for t in rest)


# Where an author of a paper works: "Department of X", "Faculty of Y", "Venn University".
_AFFILIATION_HEADS = frozenset({"university", "department", "faculty", "institute", "school",
                                "laboratory", "lab", "centre", "center", "college", "academy",
                                "programme", "program", "division", "unit"})  # fmt: skip


def affiliation_names(tokens: list[Token]) -> list[str]:
    """The normalised names in a list of participants or an author's affiliation note:
    people and bodies, without the label, honorifics, roles and places."""
    found = []
    start = 0
    participants = is_participant_line(tokens)
    if participants:
        start = next(i for i, t in enumerate(tokens) if t.text == ":") + 1
    elif tokens and tokens[0].text == "(":
        start = 3
    for span in capitalised_spans(tokens[start:]):
        words = [
            w for w in span.words
            if w not in CAP_STOP and w not in EXPERT_HONORIFICS and w not in AUTHOR_ROLES
        ]  # fmt: skip
        joined = " ".join(words)
        if not words or joined in GAZETTEER or joined in COUNTRY_WORDS:
            continue
        if all(w in ORG_HEADS or w in PLACE_SUFFIXES or w in _CREDIT_LEAD for w in words):
            continue
        # A town after an employer ("Venn University, Edinburgh") is only its address.
        # In a list of participants, any name of two words or more, or one word opening a
        # bracket ("(Nordwire)"), is a person's or an employer's.
        opens_bracket = tokens[start + span.first - 1].text == "("
        named_body = bool(set(words) & (_AFFILIATION_HEADS | ORG_HEADS.keys()))
        if not named_body and not (participants and (len(words) > 1 or opens_bracket)):
            continue
        found.append(normalize(joined))
    return [name for name in found if name]


def is_citation_note(tokens: list[Token]) -> bool:
    """The inside of a bracket that cites where an item came from: '(source: X)', '(via
    X; h/t Y)', '(spotted by the account X)', '(first reported by X)'."""
    words = " ".join(t.lower for t in tokens[:4]).replace(" :", ":").replace(" / ", "/")
    return words.startswith(_CITATION_STARTS) or _is_author_year(tokens)


def _is_author_year(tokens: list[Token]) -> bool:
    """'(Venn Institute 2024)', '(Doe and Lee 2023, p. 12)': an in-text citation,
    names then a year; a place and a year ("Tver Oblast, 2019") is a caption, not this."""
    years = [k for k, t in enumerate(tokens) if re.fullmatch(r"(?:19|20)\d\d[a-z]?", t.text)]
    if not years or years[0] == 0 or not tokens[0].capitalised:
        return False
    names = tokens[: years[0]]
    if any(t.text == "," for t in names) or names[-1].lower in PLACE_SUFFIXES:
        return False
    return all(t.capitalised or t.lower in ("and", "&", "et", "al", ".", "of", "for", "the")
               for t in names)  # fmt: skip


_CITATION_STARTS = ("source:", "sources:", "via ", "h/t", "hat tip", "spotted by", "flagged by",
                    "first reported by", "reported by", "as reported by", "cited by",
                    "according to", "источник:", "по данным", "через")  # fmt: skip


def _without_leading_brackets(tokens: list[Token]) -> list[Token]:
    i = 0
    while i < len(tokens) and tokens[i].text in "([":
        i += 1
    return tokens[i:]


def names_in(tokens: list[Token]) -> list[tuple[list[Token], bool]]:
    """The capitalised names in a byline, dateline or credit, without the words that
    introduce them ("By", "Photo", "Reporting"), places ("in Seoul") or roles; each
    with whether it stands where an author's name does (after "by" or "and", or
    opening the line) rather than an outlet's ("By X, Nordwire")."""
    names = []
    for span in capitalised_spans(tokens):
        words = list(span.tokens)
        while words and (
            words[0].lower in CAP_STOP or words[0].lower in CREDIT_WORDS
            or words[0].lower in _CREDIT_LEAD or words[0].lower in AUTHOR_ROLES
            or words[0].lower in MONTHS
        ):  # fmt: skip
            words.pop(0)
        while words and (words[-1].lower in AUTHOR_ROLES or words[-1].lower in _CREDIT_LEAD):
            words.pop()
        if not words:
            continue
        before = tokens[span.first - 1].lower if span.first > 0 else ""
        k = tokens.index(words[0]) - 1
        introduced = tokens[k].lower if k >= 0 else ""
        if before in ("in", "from", "в", "из", "во"):
            continue  # "Reporting by X in Seoul": a place
        lowered = [w.lower for w in words]
        joined = " ".join(lowered)
        if (
            joined in GAZETTEER
            or joined in COUNTRY_WORDS
            or all(w in ORG_HEADS or w in PLACE_SUFFIXES or w in COUNTRY_WORDS for w in lowered)
        ):
            continue
        author = introduced in ("", "by", "and", "&") and len(words) >= 2
        names.append((words, author))
    return names


def is_author_note(tokens: list[Token], authors: set[str], after_note: bool) -> bool:
    """A sentence about the author: it opens with an author's name ("Rachel Okafor
    previously covered ..."), with a pronoun right after such a sentence ("She was ..."),
    or with a name, a verb and a writer's role ("Jane Doe is a staff writer at ...")."""
    if not tokens:
        return False
    if after_note and tokens[0].lower in _AUTHOR_PRONOUNS:
        return True
    # "Before joining X, she spent a decade at Y", "Until 2020 he was ...": the note goes on.
    if after_note and any(t.lower in ("he", "she") for t in tokens[:_NOTE_PRONOUN_REACH]):
        return True
    spans = capitalised_spans(tokens)
    if not spans or spans[0].first != 0:
        return False
    # "Dr. Jane Doe is a senior fellow at ...": the honorific and its full stop stand first.
    if (
        len(spans) > 1
        and spans[0].words in ([h] for h in EXPERT_HONORIFICS)
        and spans[1].first in (spans[0].last + 1, spans[0].last + 2)
    ):
        spans = spans[1:]
    first = normalize(" ".join(t.text for t in spans[0].tokens))
    if authors and (first in authors or (first.split()[-1:] and first.split()[-1] in authors)):
        return True
    following = [t.lower for t in tokens[spans[0].last + 1 : spans[0].last + 7]]
    return (
        looks_like_person(spans[0].tokens)
        and bool(following)
        and following[0] in _NOTE_VERBS
        and bool(set(following[1:]) & _NOTE_ROLES)
    )


def _a_head_then_of(words: list[str]) -> bool:
    """'venn institute for eurasian security': a head word inside the name before "of"/"for"."""
    return any(
        w in ORG_HEADS and words[k + 1] in ("of", "for") for k, w in enumerate(words[:-2]) if k >= 1
    )


def employers_in_note(tokens: list[Token]) -> set[str]:
    """Bodies a note on the author places them at, in or for ("a lecturer at X", "worked
    for X", "the author of a book published by X"): the author's employers, no entry
    anywhere in the document."""
    found = set()
    for span in capitalised_spans(tokens):
        before = tokens[span.first - 1].lower if span.first > 0 else ""
        words = span.words
        while len(words) > 1 and words[0] in CAP_STOP:
            words = words[1:]
        # "a fellow at the Venn Institute for Eurasian Security": a body's name may go on
        # past its head.
        if before in ("at", "for", "with", "by", "of", "the") and (
            words[-1] in ORG_HEADS or is_org_shaped(words) or _a_head_then_of(words)
        ):
            found.add(normalize(" ".join(words)))
    return found


def is_notes_heading(tokens: list[Token]) -> bool:
    """A heading that opens the notes or references at the end of a piece: "Notes",
    "Endnotes", "Sources:", "Примечания"."""
    words = [t.lower for t in tokens if t.text not in ":."]
    return len(words) == 1 and words[0] in _NOTES_HEADINGS


_NOTES_HEADINGS = frozenset({"notes", "endnotes", "footnotes", "references", "sources",
                             "bibliography", "citations", "примечания", "источники", "сноски",
                             "литература",
                             # A book's or a paper's thanks to its supervisors, funders,
                             # colleagues and editors, none of them in the scheme.
                             "acknowledgments", "acknowledgements", "acknowledgment",
                             "acknowledgement", "благодарности"})  # fmt: skip


# How a writer thanks those who helped the work: "I thank X", "We are grateful to X", "Our
# thanks to X", "Благодарим X". Everyone named after the cue helped write, fund, check or
# publish the piece; not "thanks to X, the workers got visas", where X made something happen.
_THANKING = (("i", "thank"), ("we", "thank"), ("i", "also", "thank"), ("we", "also", "thank"),
             ("our", "thanks"), ("my", "thanks"), ("special", "thanks"), ("many", "thanks"),
             ("grateful", "to"), ("indebted", "to"), ("gratitude", "to"), ("thanks", "go"),
             ("would", "like", "to", "thank"), ("благодарю",), ("благодарим",),
             ("благодарность",), ("выражаю", "признательность"),
             ("выражаем", "признательность"))  # fmt: skip


def thanked_names(tokens: list[Token]) -> list[str]:
    """The normalised names after a cue of thanks in the sentence ("I thank my colleagues at
    the Venn Observatory, my editor Jane Doe ..."): the helpers of the work, its sources."""
    words = [t.lower for t in tokens]
    start = None
    for k in range(len(words)):
        for cue in _THANKING:
            if tuple(words[k : k + len(cue)]) == cue:
                start = k + len(cue)
                break
        if start is not None:
            break
    if start is None or not set(words) & _HELPED_WORK:
        return []  # "I thank Minister X for overseeing the project": a politician's praise
    # "... the journalists of X, whose reporting drew our attention to Y": a clause after
    # the thanked ones says what they did, and whom they reported on.
    end = next((k for k in range(start, len(words)) if words[k] in _CLAUSE_BREAKS), len(words))
    return [normalize(" ".join(t.text for t in name)) for name, _ in names_in(tokens[start:end])]


# Words that show the thanks are for help with the piece of work itself.
_HELPED_WORK = frozenset({"editor", "editors", "translator", "translators", "colleagues",
                          "reviewers", "reviewer", "supervisor", "supervisors", "readers",
                          "interview", "interviews", "book", "report", "research", "thesis",
                          "fieldwork", "chapter", "chapters", "manuscript", "draft", "drafts",
                          "newsletter", "episode", "article", "investigation", "study",
                          "paper", "journalists", "reporting", "funding", "advice",
                          "comments", "documents", "data", "редактору", "редактора",
                          "коллегам", "коллег", "переводчику", "рецензентам", "книги",
                          "доклада", "исследования", "статьи", "рукописи"})  # fmt: skip
_CLAUSE_BREAKS = frozenset({"whose", "which", "who", "that", "for", "when", "where", "because",
                            "after", "since", "за", "который", "которая", "которые",
                            "чьи"})  # fmt: skip


def is_footnote(tokens: list[Token]) -> bool:
    """A line that opens with a bracketed or a superscript note number: "[3] Tender records
    ...", "² Permit register of ..."."""
    if len(tokens) > 2 and all(c in _SUPERSCRIPT_DIGITS for c in tokens[0].text):
        return True
    return (
        len(tokens) > 3
        and tokens[0].text == "["
        and tokens[1].text.isdigit()
        and tokens[2].text == "]"
    )


_SUPERSCRIPT_DIGITS = frozenset("¹²³⁴⁵⁶⁷⁸⁹⁰")


def is_editors_note(tokens: list[Token]) -> bool:
    """A paragraph that opens "Editor's note:", "Correction:", "Update:", "От редакции": the
    editors speak about the piece; nothing in that paragraph is proposed."""
    words = " ".join(t.lower for t in tokens[:5]).replace(" 's", "'s").replace(" :", ":")
    if 0 < len(tokens) <= 5 and tokens[-1].text == "." and ":" not in words:
        # "Примечание редакции." on its own: a heading over the newsroom's own findings,
        # not a note about the piece.
        return False
    return words.startswith(_EDITORS_NOTES)


_EDITORS_NOTES = ("editor's note", "editors' note", "editor' s note", "editors ' note",
                  "note from the editor", "correction:", "clarification:", "update:",
                  "disclosure:", "от редакции", "примечание редакции",
                  # A platform's moderators on a page of users' posts: "Moderator note
                  # (Venn Trust & Safety): ..."; they keep the page, they are no actor.
                  "moderator note", "moderator's note", "moderators' note",
                  "note from the moderator", "admin note", "administrator's note",
                  "примечание модератора", "от модератора", "от администрации сайта",
                  "комментарий модератора")  # fmt: skip


# Verbs of a sign-off that credits the people who wrote or checked a report: "Report
# section prepared by X, Head of Y.", "Prepared by: X, Partner; reviewed by Y."
_SIGNOFF_VERBS = frozenset({"prepared", "written", "compiled", "drafted", "authored",
                            "reviewed", "подготовил", "подготовила",
                            "подготовили", "составил", "составила"})  # fmt: skip
# What a sign-off may say it signs: the piece of writing, never an actor.
_SIGNOFF_SUBJECTS = frozenset({"report", "section", "this", "the", "memo", "memorandum", "note",
                               "brief", "briefing", "chapter", "analysis", "alert", "document",
                               "summary", "update", "review", "assessment", "statement",
                               "text", "отчёт", "отчет", "раздел", "материал", "справку",
                               "справка"})  # fmt: skip
# A sign-off is a short line.
_SIGNOFF_MAX_TOKENS = 24


def signoff_authors(tokens: list[Token]) -> list[list[Token]]:
    """The names a report's sign-off credits ("Report section prepared by Jane Doe, Head of
    Ethical Trade."; "Prepared by: X, Partner; reviewed by Y"): the line opens with
    the verb or with what it signs, and every name after it is its author's or an
    employer's (empty if the line is not a sign-off)."""
    if not tokens or len(tokens) > _SIGNOFF_MAX_TOKENS:
        return []
    verb = next((i for i, t in enumerate(tokens[:5]) if t.lower in _SIGNOFF_VERBS), None)
    if verb is None or not all(t.lower in _SIGNOFF_SUBJECTS for t in tokens[:verb]):
        return []
    after = tokens[verb + 1 :]
    if after and after[0].lower == "by":
        after = after[1:]
    if after and after[0].text == ":":
        after = after[1:]
    if not after or not after[0].capitalised:
        return []
    return [name for name, _ in names_in(after)]


# Labels of a document's own workflow on its closing lines: who drew it up, checked it
# and approved it ("Исполнитель: ведущий специалист X", "Согласовано: начальник отдела Y",
# "Approved: Head of Compliance Z"). Whoever signs so works for the document's issuer.
_WORKFLOW_LABELS = frozenset({"исполнитель", "согласовано", "утверждаю", "утверждено",
                              "проверил", "проверила", "ответственный", "ответственная",
                              "approved", "checked", "verified", "countersigned"})  # fmt: skip
# Words between the label and the colon: "Ответственный за раздел:", "Approved by:".
_WORKFLOW_LABEL_REACH = 3


def workflow_signatories(tokens: list[Token]) -> list[list[Token]]:
    """The people a workflow line of the document names ("Согласовано: начальник
    управления X С. П."): a short line that opens with a workflow label and a colon, then
    a post in lower case and a person's name. Not a body: "Исполнитель: ООО «X»" names the
    party that carries out a contract, which may be an actor."""
    if not tokens or len(tokens) > _SIGNOFF_MAX_TOKENS or tokens[0].lower not in _WORKFLOW_LABELS:
        return []
    colon = next(
        (k for k, t in enumerate(tokens[: _WORKFLOW_LABEL_REACH + 1]) if t.text == ":"), None
    )
    if colon is None:
        return []
    after = tokens[colon + 1 :]
    while after and after[0].text.isalpha() and after[0].text.islower():
        after = after[1:]  # the signatory's post
    if not after or not after[0].capitalised:
        return []
    if any(t.text in ("«", '"', "“") or t.lower in ORG_HEADS for t in after):
        return []
    return [name for name, _ in names_in(after)]


# How a letter's signature block names the firm its signatory signs for: "for and on behalf
# of X", "on behalf of X", "от имени X", opening a line of its own.
_ON_BEHALF = (("for", "and", "on", "behalf", "of"), ("on", "behalf", "of"), ("от", "имени"))


def signing_bodies(tokens: list[Token]) -> list[str]:
    """'for and on behalf of Venn Audit LLC': the body a letter is signed for, on a line of
    the signature block, is the letter's author (normalised names; empty otherwise). In
    running text "on behalf of" may give a principal ("hired workers on behalf of X");
    a line that opens with it only ends a letter."""
    words = tuple(t.lower for t in tokens)
    lead = next((w for w in _ON_BEHALF if words[: len(w)] == w), None)
    if lead is None or len(tokens) > _SIGNOFF_MAX_TOKENS:
        return []
    after = tokens[len(lead) :]
    if not after or not after[0].capitalised:
        return []
    found = []
    for span in capitalised_spans(after):
        words_ = [t for t in span.tokens if t.lower not in CAP_STOP]
        if words_:
            found.append(normalize(" ".join(t.text for t in words_)))
    return [name for name in found if name]


def is_name_list(tokens: list[Token]) -> bool:
    """Whether a byline or credit holds only names and the words that join them ("By X and
    Y, Nordwire"; "Photo: X / Y"), not a caption ("Photo: Workers at the X site"): only
    then are its names taken as the outlet's and the authors'."""
    for token in tokens:
        if not token.text[0].isalpha() or token.capitalised:
            continue
        if token.lower in _CREDIT_GLUE or token.lower in _CREDIT_LEAD:
            continue
        if token.lower in _CAREER_GLUE and _is_affiliation_line(tokens):
            continue  # "(Venn Institute; formerly Y)": the author's past employer, a name too
        if token.lower in AUTHOR_ROLES or token.lower in CREDIT_WORDS:
            continue
        return False
    return True
