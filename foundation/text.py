"""Text every database we support can store."""

from __future__ import annotations


def is_storable_text(text: str) -> bool:
    """Whether every database we support can store ``text`` (PostgreSQL refuses NUL)."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
