"""Helpers shared by the list parsers: strict line-numbered CSV, names, progress."""

from __future__ import annotations

import codecs
import csv
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from watchlists.records import ImportFormatError, NameRecord
from watchlists.scripts import SCRIPT_LANG, detect_script

Progress = Callable[[int], None]

# Progress is reported in steps of this many records, so a progress bar does
# not cost more than the parsing.
PROGRESS_STEP = 250

# OFAC's legacy files end with a DOS end-of-file character (Ctrl-Z).
_EOF_MARK = "\x1a"


class ProgressCounter:
    """Counts records and reports increments to a ``progress(n)`` callback.

    The callback receives the number of records produced since its previous
    call (what ``click.progressbar().update`` expects), never a running total.
    """

    def __init__(self, progress: Progress | None) -> None:
        self._progress = progress
        self._pending = 0
        self.count = 0

    def step(self) -> None:
        self.count += 1
        self._pending += 1
        if self._pending >= PROGRESS_STEP:
            self.flush()

    def flush(self) -> None:
        if self._progress is not None and self._pending:
            self._progress(self._pending)
        self._pending = 0


def check_file(path: Path) -> None:
    if not path.is_file():
        raise ImportFormatError(f"{path}: not a file" if path.exists() else f"{path}: not found")


class _DecodedLines:
    """Decodes a binary file line by line, so a bad byte is reported with its line."""

    def __init__(self, handle: BinaryIO, label: str, encoding: str) -> None:
        self._handle = handle
        self._label = label
        self._encoding = encoding
        self.lineno = 0  # physical line number of the last line handed out

    def __iter__(self) -> Iterator[str]:
        encoding = self._encoding
        for raw in self._handle:
            self.lineno += 1
            try:
                text = raw.decode(encoding)
            except UnicodeDecodeError as exc:
                bad = raw[exc.start : exc.start + 1].hex()
                raise ImportFormatError(
                    f"{self._label} line {self.lineno}: not valid {encoding} "
                    f"(byte 0x{bad} at column {exc.start + 1}); "
                    "the file is damaged or uses another encoding"
                ) from None
            if self.lineno == 1 and text.startswith("\ufeff"):
                text = text[1:]
            if "\x00" in text:
                # Valid UTF-8, but never in a list file: a damaged or binary file,
                # or UTF-16 without its byte-order mark. PostgreSQL cannot store it.
                raise ImportFormatError(
                    f"{self._label} line {self.lineno}: NUL byte at column "
                    f"{text.index(chr(0)) + 1}; the file is damaged, binary or UTF-16 encoded"
                )
            yield text


def iter_csv(
    path: Path, *, encoding: str = "utf-8", label: str | None = None
) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(line number, fields)`` for every record of a CSV file.

    Strict: a bad byte, a stray quote or an unterminated quoted field (a
    truncated file) raises ImportFormatError naming the file and line. Blank
    lines and OFAC's trailing Ctrl-Z are skipped. The line number is where
    the record starts (a quoted field may span lines).
    """
    label = label or path.name
    codecs.lookup(encoding)  # an unknown encoding name is a caller bug: fail early
    check_file(path)
    with path.open("rb") as handle:
        lines = _DecodedLines(handle, label, encoding)
        reader = csv.reader(lines, strict=True)
        last_end = 0
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                start = last_end + 1
                where = f"line {start}"
                if lines.lineno > start:
                    where += f" (record runs to line {lines.lineno})"
                problem = str(exc)
                if "unexpected end of data" in problem:
                    problem = "file ends inside a quoted field (truncated?)"
                raise ImportFormatError(f"{label} {where}: malformed CSV: {problem}") from None
            start = last_end + 1
            last_end = lines.lineno
            if not row or (len(row) == 1 and row[0].strip() in ("", _EOF_MARK)):
                continue
            yield start, row


def scan_encoding(path: Path, candidates: Iterable[str]) -> str:
    """The first of ``candidates`` that decodes the whole file (checked in blocks)."""
    names = list(candidates)
    for name in names:
        decoder = codecs.getincrementaldecoder(name)()
        try:
            with path.open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return name
    return names[-1]


def count_lines(path: Path) -> int:
    """Number of line breaks in a file, read in blocks (cheap progress estimate)."""
    total = 0
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            total += block.count(b"\n")
    return total


def count_occurrences(path: Path, needles: Iterable[bytes]) -> int:
    """Occurrences of byte strings in a file, read in overlapping blocks."""
    needles = list(needles)
    overlap = max(len(n) for n in needles) - 1
    total = 0
    tail = b""
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            data = tail + block
            total += sum(data.count(n) for n in needles)
            # Keep the last bytes for the next round, minus anything already counted.
            tail = data[-overlap:] if overlap else b""
            total -= sum(tail.count(n) for n in needles)
    return total


_OFAC_EMPTY = "-0-"


def clean(value: str | None) -> str | None:
    """Collapse whitespace; empty values and OFAC's ``-0-`` become None."""
    if value is None:
        return None
    text = " ".join(value.split())
    if not text or text == _OFAC_EMPTY:
        return None
    return text


def split_list(value: str | None, sep: str = ";") -> list[str]:
    """Split a delimited cell into clean, non-empty items."""
    if not value:
        return []
    out: list[str] = []
    for item in value.split(sep):
        text = clean(item)
        if text and text not in out:
            out.append(text)
    return out


def person_parts(value: str) -> dict[str, str] | None:
    """``"LAST, First"`` (OFAC and CSL convention for persons) into name parts."""
    last, sep, first = value.partition(",")
    last, first = last.strip(), first.strip()
    if not sep or not last or not first:
        return None
    return {"last": last, "first": first}


class NameCollector:
    """Collects an entity's names: the first added is primary, repeats are dropped."""

    def __init__(self) -> None:
        self.names: list[NameRecord] = []
        self._seen: set[str] = set()

    def add(
        self,
        value: str | None,
        kind: str,
        *,
        parts: dict[str, str] | None = None,
        script: str | None = None,
        lang: str | None = None,
    ) -> None:
        text = clean(value)
        # A name wrapped whole in double quotes ('"KOMID"') marks a nickname;
        # the quotes are not part of the name.
        if text and len(text) > 2 and text[0] == text[-1] == '"':
            text = clean(text[1:-1])
        if not text or text in self._seen:
            return
        self._seen.add(text)
        script = script or detect_script(text)
        if lang is None and script is not None:
            lang = SCRIPT_LANG.get(script)
        self.names.append(NameRecord(value=text, kind=kind, lang=lang, script=script, parts=parts))


_WS = re.compile(r"\s+")


def join_nonempty(parts: Iterable[str | None], sep: str = ", ") -> str:
    return sep.join(_WS.sub(" ", p).strip() for p in parts if p and p.strip())


def add_identifier(identifiers: list[dict[str, str]], kind: str, value: str | None) -> None:
    """Add ``{"type", "value"}`` (IMO, INN, registration number, ...) once."""
    text = clean(value)
    if not text:
        return
    entry = {"type": kind, "value": text}
    if entry not in identifiers:
        identifiers.append(entry)


def xml_error(path: Path, exc: ET.ParseError) -> ImportFormatError:
    """The import error for an XML file expat gave up on: truncated, malformed or not UTF-8."""
    line, column = exc.position
    reason = str(exc).split(":", 1)[0]
    bad_byte = _undecodable_byte(path, line) if "not well-formed" in reason else None
    if bad_byte:
        return ImportFormatError(
            f"{path.name} line {line}: not valid UTF-8 ({bad_byte}); "
            "the file is damaged or uses another encoding"
        )
    return ImportFormatError(
        f"{path.name}: XML truncated or malformed at line {line}, column {column} ({reason})"
    )


def _undecodable_byte(path: Path, line: int) -> str | None:
    """Why expat stopped, if it was a byte that is not UTF-8 on that line."""
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, 1):
            if number == line:
                try:
                    raw.decode("utf-8")
                except UnicodeDecodeError as exc:
                    return (
                        f"byte 0x{raw[exc.start : exc.start + 1].hex()} at column {exc.start + 1}"
                    )
                return None
    return None
