"""Counterparty files: CSV with a header row, or JSON Lines, read line by line.

Pure: bytes in, rows out. A row that cannot be read (bad JSON, bytes that are
not UTF-8) comes out as an error message with its line number, so one bad line
never stops the rest; only a file that is not a counterparty file at all (no
header, unknown columns, a CSV quote left open) raises
:class:`CounterpartyFileError`.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import IO, Any

COLUMNS = ("reference", "name", "type", "country", "birth_date", "identifiers")
REQUIRED = ("reference", "name")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")


class CounterpartyFileError(ValueError):
    """The file cannot be read as counterparties; the message says where and why."""


Row = tuple[int, dict[str, Any] | str]


def is_jsonl(name: str, head: bytes) -> bool:
    """JSON Lines by the file's suffix, else by its first character."""
    lowered = name.lower()
    if lowered.endswith(JSONL_SUFFIXES):
        return True
    if lowered.endswith(".csv"):
        return False
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")


def read_rows(stream: IO[bytes], name: str) -> Iterator[Row]:
    """(line number, fields) for each counterparty, or (line number, error) for bad lines."""
    head = stream.read(256)
    lines = _binary_lines(head, stream)
    if is_jsonl(name, head):
        yield from _jsonl_rows(lines)
    else:
        yield from _csv_rows(lines, name)


def _binary_lines(head: bytes, stream: IO[bytes]) -> Iterator[bytes]:
    """The stream's lines, ``head`` (already read from it) first."""
    *complete, rest = head.split(b"\n")
    for piece in complete:
        yield piece + b"\n"
    rest += stream.readline()
    if rest:
        yield rest
    yield from stream


def _decoded(lines: Iterator[bytes]) -> Iterator[str]:
    """Lines as text; bytes that are not UTF-8 survive as lone surrogates, caught per row."""
    for number, raw in enumerate(lines, 1):
        text = raw.decode("utf-8", "surrogateescape")
        if number == 1 and text.startswith("\ufeff"):
            text = text[1:]
        yield text


def _undecodable(values: str | list[str]) -> bool:
    """Whether bytes that are not UTF-8 hide in the text (as lone surrogates)."""
    text = values if isinstance(values, str) else "".join(values)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _jsonl_rows(lines: Iterator[bytes]) -> Iterator[Row]:
    for lineno, text in enumerate(_decoded(lines), 1):
        if not text.strip():
            continue
        if _undecodable(text):
            yield lineno, "not valid UTF-8"
            continue
        try:
            value = json.loads(text)
        except ValueError as exc:
            yield lineno, f"not JSON: {str(exc)[:100]}"
            continue
        if not isinstance(value, dict):
            yield lineno, "not a JSON object"
            continue
        yield lineno, value


def _csv_rows(raw_lines: Iterator[bytes], name: str) -> Iterator[Row]:
    counter = _LineCounter(_decoded(raw_lines))
    reader = csv.reader(counter, strict=True)
    try:
        header = next(reader, None)
        if header is None:
            raise CounterpartyFileError(f"{name} is empty; the first row must name the columns")
        columns = [c.strip().lower() for c in header]
        missing = [c for c in REQUIRED if c not in columns]
        unknown = [c for c in columns if c and c not in COLUMNS]
        if missing or unknown:
            problem = (
                f"no {' or '.join(repr(c) for c in missing)} column"
                if missing
                else f"unknown column(s) {', '.join(repr(c) for c in unknown)}"
            )
            raise CounterpartyFileError(
                f"{name} line 1: {problem}; the header is: {','.join(COLUMNS)} "
                "(reference and name required)"
            )
        last_end = counter.lineno
        for row in reader:
            start = last_end + 1
            last_end = counter.lineno
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(columns):
                yield start, f"{len(row)} fields, but the header names {len(columns)}"
                continue
            cells = {c: row[i] for i, c in enumerate(columns) if c and i < len(row)}
            if _undecodable(row):
                yield start, "not valid UTF-8"
                continue
            yield start, {k: v for k, v in cells.items() if v.strip() != ""}
    except csv.Error as exc:
        problem = str(exc)
        if "unexpected end of data" in problem:
            problem = "the file ends inside a quoted field (truncated?)"
        raise CounterpartyFileError(
            f"{name} line {counter.lineno}: malformed CSV: {problem}"
        ) from None


class _LineCounter:
    """Hands lines to the CSV reader and remembers how many it took."""

    def __init__(self, lines: Iterator[str]) -> None:
        self._lines = lines
        self.lineno = 0

    def __iter__(self) -> _LineCounter:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.lineno += 1
        return line
