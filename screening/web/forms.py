"""Parsing of form and query values, and the one error a page view raises.

A view raises :class:`FormError` with a message the person can act on;
``register_web`` renders it as a 400 page in the site layout.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

from flask import request

from foundation.text import is_storable_text


class FormError(Exception):
    """Bad input on a page: shown to the person with ``status`` (400 by default)."""

    def __init__(self, message: str, status: int = 400, back: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.back = back


def form_text(field: str, max_length: int | None = None, label: str | None = None) -> str:
    """A stripped form field; empty when absent."""
    value = request.form.get(field, "").strip()
    if max_length is not None and len(value) > max_length:
        raise FormError(f"{label or field} is longer than {max_length} characters.")
    if "\x00" in value:
        raise FormError(f"{label or field} contains a NUL character.")
    return value


def parse_page(raw: str | None) -> int:
    """A 1-based page number from the query string."""
    if raw is None or raw == "":
        return 1
    try:
        page = int(raw)
    except ValueError:
        raise FormError(f"page must be a whole number, got {raw[:20]!r}.") from None
    if page < 1 or page > 1_000_000:
        raise FormError("page must be between 1 and 1000000.")
    return page


def parse_day(raw: str | None, field: str) -> date:
    """A calendar day written as YYYY-MM-DD."""
    if not raw:
        raise FormError(f"Enter a {field} date as YYYY-MM-DD.")
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise FormError(f"The {field} date {raw[:30]!r} is not a date; use YYYY-MM-DD.") from None


def safe_next(target: str | None, default: str = "/") -> str:
    """A local path to go to after login; anything pointing off-site falls back to default."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    # Browsers drop tabs and newlines, which would turn "/\t/host" into "//host".
    if any(c.isspace() or ord(c) < 32 for c in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target


def check_request_text() -> None:
    """Every page request: a path, query or form value no database can store (a NUL
    character, an unpaired surrogate) names nothing and filters nothing. PostgreSQL
    would refuse it mid-query; here it is a 404 (path) or a 400 (query, form)."""
    for value in (request.view_args or {}).values():
        if isinstance(value, str) and not is_storable_text(value):
            raise FormError("Nothing has a name with a NUL or surrogate character.", status=404)
    for source, label in ((request.args, "query parameter"), (request.form, "form field")):
        for name, value in source.items(multi=True):
            if not is_storable_text(name) or not is_storable_text(value):
                raise FormError(
                    f"The {label} {name[:40]!r} holds a NUL character or an unpaired "
                    "surrogate; remove it and try again."
                )
