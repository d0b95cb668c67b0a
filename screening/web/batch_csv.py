"""Read an uploaded CSV of names into screening items.

Pure: bytes in, items out, or a :class:`BatchFileError` whose message says
what to fix and whose ``problems`` name the offending rows.
"""

from __future__ import annotations

import csv
import io

from screening.jobs.inputs import ITEM_TYPES, Identifier, ItemInput, parse_identifier_text

# Identifiers are written TYPE:VALUE, several separated by ";" (imo:9137741;inn:7701234567);
# birth dates YYYY, YYYY-MM or YYYY-MM-DD (checked with the rest of the item).
COLUMNS = ("name", "type", "country", "reference", "birth_date", "identifiers")
# Database column widths (screening_items) for the optional columns.
MAX_COUNTRY_LENGTH = 64
MAX_REFERENCE_LENGTH = 256
# Row problems listed on the error page; the count is always exact.
MAX_PROBLEMS_SHOWN = 20


class BatchFileError(ValueError):
    """The upload cannot be screened; ``problems`` lists the rows to fix."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems or []


def parse_batch_csv(data: bytes, *, max_items: int, max_name_length: int) -> list[ItemInput]:
    """Items from a CSV with a ``name`` column and the optional ``COLUMNS``."""
    if not data.strip():
        raise BatchFileError("The file is empty. Upload a CSV with a header row and a name column.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BatchFileError(
            f"The file is not UTF-8 text (bad byte at position {exc.start}). "
            "Save it as 'CSV UTF-8' and upload it again."
        ) from None
    if "\x00" in text:
        raise BatchFileError("The file contains NUL characters; it does not look like a CSV file.")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None:
            raise BatchFileError("The file is empty. Upload a CSV with a header row.")
        columns = [column.strip().lower() for column in header]
        if "name" not in columns:
            found = ", ".join(repr(c) for c in columns if c) or "none"
            raise BatchFileError(
                f"The file has no 'name' column (columns found: {found}). "
                "The first row must be a header naming the columns: name, and optionally "
                "type, country, reference, birth_date, identifiers."
            )
        position = {column: columns.index(column) for column in COLUMNS if column in columns}
        items: list[ItemInput] = []
        problems: list[str] = []
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue  # blank lines are common at the end of exported files
            if len(items) >= max_items:
                raise BatchFileError(
                    f"The file has more than {max_items} names (limit: {max_items}). "
                    "Split it into smaller files."
                )
            line = reader.line_num
            cells = {c: row[i].strip() if i < len(row) else "" for c, i in position.items()}
            item_type = (cells.get("type") or "any").lower()
            _check_row(line, cells, item_type, max_name_length, problems)
            items.append(
                ItemInput(
                    name=cells["name"],
                    type=item_type,
                    country=cells.get("country") or None,
                    reference=cells.get("reference") or None,
                    birth_date=cells.get("birth_date") or None,
                    identifiers=_identifiers(line, cells.get("identifiers", ""), problems),
                )
            )
    except csv.Error as exc:
        raise BatchFileError(f"The file is not valid CSV: {exc}.") from None
    if problems:
        raise BatchFileError(
            f"{len(problems)} row(s) need fixing before the file can be screened.",
            problems[:MAX_PROBLEMS_SHOWN],
        )
    if not items:
        raise BatchFileError("The file has a header but no names.")
    return items


def _identifiers(line: int, text: str, problems: list[str]) -> tuple[Identifier, ...]:
    try:
        return parse_identifier_text(text)
    except ValueError as exc:
        problems.append(f"line {line}: {exc}")
        return ()


def _check_row(
    line: int, cells: dict[str, str], item_type: str, max_name_length: int, problems: list[str]
) -> None:
    name = cells["name"]
    if not name:
        problems.append(f"line {line}: the name is empty")
    elif len(name) > max_name_length:
        problems.append(
            f"line {line}: the name is {len(name)} characters long (limit: {max_name_length})"
        )
    if item_type not in ITEM_TYPES:
        problems.append(
            f"line {line}: type {cells.get('type', '')[:30]!r} "
            f"is not one of {', '.join(ITEM_TYPES)}"
        )
    if len(cells.get("country", "")) > MAX_COUNTRY_LENGTH:
        problems.append(f"line {line}: country is longer than {MAX_COUNTRY_LENGTH} characters")
    if len(cells.get("reference", "")) > MAX_REFERENCE_LENGTH:
        problems.append(f"line {line}: reference is longer than {MAX_REFERENCE_LENGTH} characters")
