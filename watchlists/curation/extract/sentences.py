"""Plain text into paragraphs, sentences and tokens."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from watchlists.curation.extract.vocabulary import ABBREVIATIONS, RU_TITLES, TITLES

# "„X“", the German-style quotes Russian nests inside guillemets, are quotes too.
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-"})


def plain_punctuation(sentence: str) -> str:
    """Curly quotes and long dashes as ASCII, one for one, so offsets still line up."""
    return sentence.translate(_QUOTES)


# A sentence ends before a capital (Latin or Cyrillic), a digit or an opening quote.
_BOUNDARY = re.compile(r"[.!?][\"')\]»]*\s+(?=[\"'(\[«]?[A-ZА-ЯЁ0-9])")


def split_sentences(text: str) -> Iterator[str]:
    """Lines, then sentences; a period after a known abbreviation or initial is kept."""
    for line in _unwrapped_lines(text):
        yield from _line_sentences(line)


def split_paragraphs(text: str) -> Iterator[list[str]]:
    """Each paragraph (an unwrapped line) as its list of sentences."""
    for line in _unwrapped_lines(text):
        yield list(_line_sentences(line))


def _line_sentences(line: str) -> Iterator[str]:
    start = 0
    for match in _BOUNDARY.finditer(line):
        before = line[start : match.start() + 1]
        last = re.findall(r"[\w.]+\.$", before)
        word = last[0][:-1].casefold() if last else ""
        # "U.N." and single initials ("N. Korea") are abbreviations, not ends.
        if word in ABBREVIATIONS or (re.fullmatch(r"(?:\w\.)*\w", word) and len(word) <= 3):
            continue
        if start == 0 and _listed_name_then_post(before, line[match.end() :]):
            continue
        sentence = line[start : match.end()].strip()
        if sentence:
            yield sentence
        start = match.end()
    rest = line[start:].strip()
    if rest:
        yield rest


# A numbered or lettered list item that opens with a name alone: "2. Jane Doe." (then its
# post: "Representative of X in Y; held ...").
_LISTED_NAME = re.compile(
    r"(?:\d{1,2}|[A-Za-z])[.)]\s+(?:[A-ZА-ЯЁ][\w'-]*\s+){1,3}[A-ZА-ЯЁ][\w'-]*\."
)


def _listed_name_then_post(item: str, rest: str) -> bool:
    """A list item's name and the post that follows it are one sentence: "2. Jane Doe.
    Director of X" gives Jane Doe's post, where a full stop would cut it off."""
    first = re.match(r"[\w-]+", rest)
    return (
        _LISTED_NAME.fullmatch(item.strip()) is not None
        and first is not None
        and (first.group().casefold() in TITLES or first.group().casefold() in RU_TITLES)
    )


# A hard-wrapped line is long and stops mid-sentence; headings and list items are short.
_WRAP_MIN = 60


def _unwrapped_lines(text: str) -> Iterator[str]:
    """Non-blank lines, with hard-wrapped lines of one paragraph joined back together.

    A long line that stops mid-sentence is joined to the next one, unless the next line is
    a header line of its own (a byline, an outlet, a date, a section, a field of a form):
    short, capitalised, with no closing punctuation, after a line that could end there."""
    pending = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            if pending:
                yield pending
            pending = ""
            continue
        if _is_table_row(line):
            # A table row is a record of its own, however long: joined to the next row,
            # the last cell of one would run into the first of the other.
            if pending:
                yield pending
            yield line
            pending = ""
            continue
        if pending and (_header_line_after(pending, line) or _is_field_line(pending, line)):
            yield pending
            pending = ""
        if pending and _SOFT_HYPHEN.search(pending) and line[:1].islower():
            # "intermedi-" / "ary": a word the layout hyphenated across the line break is
            # one word again.
            pending = f"{pending[:-1]}{line}"
        else:
            pending = f"{pending} {line}" if pending else line
        if len(line) < _WRAP_MIN or line[-1] in ".!?:;\"')]":
            yield pending
            pending = ""
    if pending:
        yield pending


# A line that stops on a lower-case letter and a hyphen: a word broken across the line.
_SOFT_HYPHEN = re.compile(r"[a-zа-яё]{2}-$")
# Cells of a flattened table: "A | B | C". Three cells or more make a row; a byline or a
# header with two parts ("Outlet | Section") does not.
_CELL_SEPARATOR = " | "
_TABLE_MIN_CELLS = 3


def _is_table_row(line: str) -> bool:
    """A line of three or more cells separated by " | " that is no byline ("By X | ...")
    and no page header or footer (a cell that gives a page number)."""
    cells = [c.strip() for c in line.split(_CELL_SEPARATOR)]
    if len(cells) < _TABLE_MIN_CELLS or not all(cells):
        return False
    if re.match(r"(?i)by\s", cells[0]):
        return False
    return not any(re.fullmatch(r"(?i)(?:page|p\.|стр\.?|страница)\s*\d+.*", c) for c in cells)


# Words a wrapped line may stop at mid-sentence: the next line goes on with the sentence.
_CONTINUING_WORDS = frozenset(
    {"a", "an", "the", "of", "for", "by", "to", "in", "on", "at", "with", "from", "and", "or",
     "that", "which", "whose", "who", "as", "its", "their", "his", "her", "is", "was", "are",
     "were", "has", "have", "had", "said", "told", "into", "than", "under", "between",
     "в", "во", "на", "по", "с", "со", "из", "для", "и", "а", "но", "что", "как", "к", "о",
     "от", "до", "за", "при", "через", "его", "её", "их"}
)  # fmt: skip


def _header_line_after(pending: str, line: str) -> bool:
    """Whether ``line`` stands on its own after the unfinished line ``pending``: a short
    line with no closing punctuation that opens with a capital or a digit, after a line
    that does not stop on a comma, a hyphen or a function word (a paragraph's own last
    line closes with punctuation; a title, a byline, an outlet or a date does not)."""
    last = pending.rsplit(None, 1)[-1].casefold()
    if pending[-1] in ",-–—(/&" or last in _CONTINUING_WORDS:
        return False
    if _BYLINE_WITH_DETAILS.match(line):
        return True  # "By Jane Doe, Head of X at Y · 6 min read": a byline, however long
    if len(line) >= _WRAP_MIN or line[-1] in ".!?;\"')]»":
        return False
    return line[0].isupper() or line[0].isdigit()


# A field of a form, a record or a card: a short capitalised label and a colon opening the
# line ("Employer: X", "Posted by: Y", "Заказчик: Z", "Bid signed by: W").
_FIELD_LABEL = re.compile(r"[A-ZА-ЯЁ][\w'()./-]*(?: [\w'()./-]+){0,3}: \S")


def _is_field_line(pending: str, line: str) -> bool:
    """Whether ``line`` is a field of its own after a line ``pending`` that could end there
    (not on a comma, a hyphen or a function word): a form's fields are records, each on
    its line, however long, never the wrapped end of the line before."""
    last = pending.rsplit(None, 1)[-1].casefold()
    if pending[-1] in ",-–—(/&" or last in _CONTINUING_WORDS:
        return False
    return _FIELD_LABEL.match(line) is not None


# A byline followed by its details after a separator: "By Jane Doe · 6 min read".
_BYLINE_WITH_DETAILS = re.compile(r"By [A-Z][^.!?]*\s[·|•]\s[^.!?]*$")


_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|'s\b|\w+(?:[-]\w+)*|[^\w\s]")


@dataclass(slots=True)
class Token:
    """A word or punctuation mark, with its offsets in the working sentence."""

    text: str
    lower: str
    start: int
    end: int

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


def tokenize(sentence: str) -> list[Token]:
    """Words (hyphenated ones whole), possessive 's, dotted acronyms and punctuation."""
    return [
        Token(m.group(), m.group().casefold(), m.start(), m.end())
        for m in _TOKEN.finditer(sentence)
    ]


@dataclass(slots=True)
class Context:
    """One sentence being read: its document, text, tokens and paragraph topic."""

    document: str
    sentence: str  # as written, for evidence
    work: str  # quotes and dashes normalised; token offsets point here
    tokens: list[Token]
    # Lower-cased words of the whole paragraph: the topic a sentence sits in.
    paragraph_words: frozenset[str] = frozenset()
    # Lower-cased words of the whole document.
    document_words: frozenset[str] = frozenset()
    # Words the document writes in lower case somewhere other than a sentence's start:
    # a sentence-initial capital on one of them is the sentence's, not a name's.
    lower_case_words: frozenset[str] = frozenset()
    # Normalised names (and acronyms) of bodies the document cites or that act on others as
    # authorities ("according to OSI", "по данным ФСМТМ"): their officials speak as sources.
    cited_bodies: frozenset[str] = frozenset()
    # Whether the sentence before opened with such a body: "its director" is then its.
    after_cited_subject: bool = False
    # Russian words the document uses as towns ("в Энергодаре", "администрации Энергодара"),
    # lower case: the same word elsewhere, in any case, is the town, never a company.
    towns: frozenset[str] = frozenset()
    # Whether the document is an authority's own: a body in it designates or sanctions
    # ("X today designated"), or a release names its issuer. A bare rank quoted in it
    # ("said Deputy Director Jane Doe") is that authority's official.
    authority_speaks: bool = False

    def is_town(self, word: str) -> bool:
        """Whether ``word`` (lower case) is one of the document's towns in another case."""
        return any(same_lexeme(word, town) for town in self.towns)

    def text(self, tokens: list[Token]) -> str:
        """The surface text covering ``tokens`` (keeps "People's", hyphens)."""
        return self.work[tokens[0].start : tokens[-1].end]


def same_lexeme(a: str, b: str) -> bool:
    """'энергодара' and 'энергодаре': one Russian word in two cases (the same letters but
    for an ending of up to two letters)."""
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n >= 4 and n >= max(len(a), len(b)) - 2
