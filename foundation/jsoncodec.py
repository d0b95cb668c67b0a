"""JSON into the database and out of the API, encoded by orjson.

A synchronous screening writes each match's explanation (a few kilobytes) to the
database and again into the answer; the standard library's encoder was about a
twentieth of the web process's CPU under load, and orjson does the same work in a
tenth of the time. Where orjson refuses a value the standard library accepts (an
integer wider than 64 bits, a string with a lone surrogate), the standard library
encodes it (escaping what is not ASCII, as it always did), so nothing that was
accepted before is refused now. Reading stays with the standard library: orjson reads
an integer wider than 64 bits as a float.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import orjson

# Keys that are not strings are written as strings, as json.dumps does; dates and
# dataclasses go to ``default`` (Flask's gives dates as HTTP dates, as it always did).
_OPTIONS = (
    orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
)


def dump_bytes(
    value: Any, *, default: Callable[[Any], Any] | None = None, sort_keys: bool = False
) -> bytes:
    """``value`` as compact UTF-8 JSON."""
    try:
        return orjson.dumps(
            value, default=default, option=_OPTIONS | (orjson.OPT_SORT_KEYS if sort_keys else 0)
        )
    except orjson.JSONEncodeError:
        text = json.dumps(value, default=default, sort_keys=sort_keys, separators=(",", ":"))
        return text.encode("ascii")


def dumps(value: Any) -> str:
    """``value`` as compact JSON text (the database's JSON columns)."""
    return dump_bytes(value).decode("utf-8")
