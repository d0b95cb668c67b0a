"""Logs for auditors as files: JSON Lines and spreadsheet-safe CSV, streamed row by row.

CSV starts with a UTF-8 byte order mark, so spreadsheets read Cyrillic and
Hangul names as such, and a cell a spreadsheet would run as a formula gets a
leading apostrophe. Every export ends with the audit chain head it was
exported at, with its HMAC.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Sequence
from typing import Any

from foundation.audit.head import HeadStatement

# Spreadsheets run cells starting with these as formulas...
_FORMULA_PREFIXES = ("=", "+", "-", "@")
# ...also after leading blanks or line breaks, and some start one with these alone.
_CONTROL_PREFIXES = ("\t", "\r", "\n")
# Spreadsheets take a file starting with this as UTF-8 (otherwise often as a legacy code page).
BOM = "\ufeff"


def jsonl_lines(rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    for row in rows:
        yield json.dumps(row, ensure_ascii=False) + "\n"


def csv_cell(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if value is None:
        return ""
    if isinstance(value, str) and _runs_as_formula(value):
        return "'" + value
    return value


def _runs_as_formula(text: str) -> bool:
    return text.startswith(_CONTROL_PREFIXES) or text.lstrip().startswith(_FORMULA_PREFIXES)


def csv_lines(rows: Iterator[dict[str, Any]], columns: Sequence[str]) -> Iterator[str]:
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_cell(row[column]) for column in columns])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    # The header alone when the range is empty, so the file is never blank.
    if buffer.getvalue():
        yield buffer.getvalue()


# --- The chain head every export states (see foundation/audit/head.py) ---------

HEAD_MARKER = "#audit_head"


def head_headers(statement: HeadStatement) -> dict[str, str]:
    """HTTP headers that carry the head statement of a download."""
    return {
        "X-Audit-Head": f"{statement.seq}:{statement.hash}",
        "X-Audit-Head-HMAC": statement.hmac,
        "X-Audit-Head-Key": statement.key_id,
    }


def jsonl_with_head(lines: Iterator[str], statement: HeadStatement) -> Iterator[str]:
    """The rows, then one last line ``{"audit_head": {seq, hash, hmac, key_id, at}}``."""
    yield from lines
    yield json.dumps({"audit_head": statement.to_dict()}, sort_keys=True) + "\n"


def csv_with_head(lines: Iterator[str], statement: HeadStatement) -> Iterator[str]:
    """The rows, then one last row ``#audit_head,seq=..,hash=..,hmac=..,key_id=..,at=..``."""
    yield from lines
    buffer = io.StringIO()
    cells = [f"{name}={value}" for name, value in statement.to_dict().items()]
    csv.writer(buffer, lineterminator="\r\n").writerow([HEAD_MARKER, *cells])
    yield buffer.getvalue()
