"""The browser's side of a web session: Flask's signed cookie holds one random id, nothing else.

Before login the id is random and stands for nothing in the database; it only
keys the CSRF token. Logging in replaces it with the id of a server-side
session (``screening.accounts.sessions``), so a token or id seen before login
is worthless after it.
"""

from __future__ import annotations

from flask import session

from screening.accounts.sessions import new_session_id

_KEY = "sid"


def session_id() -> str | None:
    """The id the browser sent, or None when it sent no session cookie."""
    value = session.get(_KEY)
    return value if isinstance(value, str) and value else None


def ensure_session_id() -> str:
    """The browser's id, giving it a new (anonymous) one when it has none."""
    return session_id() or replace_session_id(new_session_id())


def replace_session_id(value: str) -> str:
    session.clear()
    session[_KEY] = value
    return value
