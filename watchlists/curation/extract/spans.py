"""Candidate spans: runs of capitalised words that may be a name."""

from __future__ import annotations

from dataclasses import dataclass

from watchlists.curation.extract.sentences import Token
from watchlists.curation.extract.vocabulary import CONNECTORS, NAME_POSSESSIVES


@dataclass(slots=True)
class Span:
    """A run of tokens that may be a name, with its position in the sentence."""

    tokens: list[Token]
    first: int  # index of the first token in the sentence
    last: int  # index of the last token (inclusive)

    @property
    def words(self) -> list[str]:
        return [t.lower for t in self.tokens]


def capitalised_spans(tokens: list[Token]) -> list[Span]:
    """Maximal runs of capitalised words, joined by 'of', 'for', 'the', '&'.

    A possessive ends a span ("Russia's | Migration Service") unless it belongs
    to the name ("Tver Children's Fund").
    """
    spans: list[Span] = []
    i = 0
    n = len(tokens)
    while i < n:
        if not is_name_token(tokens[i]):
            i += 1
            continue
        quoted = _quoted_name_end(tokens, i)
        if quoted is not None:
            # «Приморская строительная компания»: a quoted name is whole, whatever its case.
            spans.append(Span(tokens[i : quoted + 1], i, quoted))
            i = quoted + 1
            continue
        j = i
        while j + 1 < n:
            nxt = tokens[j + 1]
            if nxt.lower in ("'s", "'"):
                # "Seafarers' Dispatch Bureau": a plural's bare apostrophe before another
                # capitalised word is inside the name, as "Workers' Party" is.
                plural = nxt.lower == "'" and tokens[j].lower.endswith("s")
                if (
                    (tokens[j].lower in NAME_POSSESSIVES or plural)
                    and j + 2 < n
                    and is_name_token(tokens[j + 2])
                ):
                    j += 2
                    continue
                break
            if is_name_token(nxt):
                j += 1
                continue
            # Connectors only inside a name: the word after them must be a name word.
            k = j + 1
            while k < n and tokens[k].lower in CONNECTORS and tokens[k].lower != "and":
                k += 1
            if k > j + 1 and k < n and is_name_token(tokens[k]):
                j = k
                continue
            break
        j = _number_end(tokens, j)
        span_tokens = [t for t in tokens[i : j + 1] if t.lower not in ("'s", "'")]
        spans.append(Span(span_tokens, i, j))
        i = j + 1
    return spans


# Heads of a body one of several of which a number tells apart: "Bureau 74", "Forestry
# Bureau No. 12", "Unit 180". An office or a room with a number is as often an address.
_NUMBERED_HEADS = frozenset({"bureau", "department", "directorate", "division",
                             "unit"})  # fmt: skip
_NUMBER_WORDS = frozenset({"no", "nr", "number", "№"})
_NUMBER_DIGITS = 3


def number_start(words: list[str]) -> int | None:
    """Where the number that ends a body's name begins ("bureau | no . 17", "bureau | 61"),
    or None when the name ends with no number after a numbered head."""
    if not words or not words[-1].isdigit():
        return None
    k = len(words) - 1
    if k >= 1 and words[k - 1] == ".":
        k -= 1
    if k >= 1 and words[k - 1] in _NUMBER_WORDS:
        k -= 1
    return k if k >= 1 and words[k - 1] in _NUMBERED_HEADS else None


def _number_end(tokens: list[Token], j: int) -> int:
    """The last token of a body's number after its head ("Bureau | 61", "Bureau | No. 17"),
    where the run of capitalised words ends at ``j`` (on the head, or on a capitalised "No"
    after it), or ``j`` when no number follows. A year ("Unit 2024") is no number."""
    k = j + 1
    if tokens[j].lower in _NUMBER_WORDS and j > 0 and tokens[j - 1].lower in _NUMBERED_HEADS:
        pass  # "Bureau No": the run took the capitalised "No" in
    elif tokens[j].lower not in _NUMBERED_HEADS:
        return j
    elif k < len(tokens) and tokens[k].lower in _NUMBER_WORDS:
        k += 1
    if k < len(tokens) and tokens[k].text == ".":
        k += 1
    if k < len(tokens) and tokens[k].text.isdigit() and len(tokens[k].text) <= _NUMBER_DIGITS:
        return k
    return j


_OPENING = {"«": "»", '"': '"'}
_QUOTED_MAX_WORDS = 6


def _quoted_name_end(tokens: list[Token], i: int) -> int | None:
    """The last token of a name in quotes that starts at ``i`` and has lower-case words."""
    if i == 0 or tokens[i - 1].text not in _OPENING:
        return None
    closing = _OPENING[tokens[i - 1].text]
    for k in range(i + 1, min(len(tokens), i + _QUOTED_MAX_WORDS + 1)):
        if tokens[k].text == "«" and closing == "»":
            # «Центр ... «X»»: a quoted name inside the quoted name.
            inner = next((m for m in range(k + 1, min(len(tokens), k + 5))
                          if tokens[m].text == "»"), None)  # fmt: skip
            if inner is not None and inner + 1 < len(tokens) and tokens[inner + 1].text == "»":
                return inner
            return None
        if tokens[k].text == closing:
            inside = tokens[i:k]
            if any(not is_name_token(t) for t in inside if t.text[0].isalpha()):
                return k - 1
            return None
        if not (tokens[k].text[0].isalnum() or tokens[k].text in "-&"):
            return None
    return None


def is_name_token(token: Token) -> bool:
    return token.capitalised and (token.text[0].isalpha()) and token.lower not in ("'s",)


def split_at_connectors(span: Span, tokens: list[Token]) -> list[Span]:
    """The parts of a span joined by 'for', 'of', ... ("Sakhalin Island | Ostrovstroy").

    Used when the span as a whole is no name: the connector joined two names.
    """
    parts: list[Span] = []
    start = span.first
    for i in range(span.first, span.last + 2):
        if i > span.last or tokens[i].lower in CONNECTORS:
            piece = [t for t in tokens[start:i] if t.lower not in ("'s", "'")]
            if piece:
                parts.append(Span(piece, start, i - 1))
            start = i + 1
    return parts if len(parts) > 1 else []
