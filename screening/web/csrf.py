"""CSRF protection for the web forms: one random token per session.

Every POST form carries the token in a hidden ``csrf_token`` field; a POST
without the session's token is refused with a 400 page before the view runs.
"""

from __future__ import annotations

import hmac
import secrets

from flask import request, session

from screening.web.forms import FormError

FIELD = "csrf_token"
_SESSION_KEY = "csrf_token"


def csrf_token() -> str:
    """The session's token, created on first use (templates call this)."""
    token = session.get(_SESSION_KEY)
    if not token:
        token = secrets.token_urlsafe(32)
        session[_SESSION_KEY] = token
    return str(token)


def rotate_csrf_token() -> None:
    """A new token after login, so one captured before login is worthless."""
    session[_SESSION_KEY] = secrets.token_urlsafe(32)


def check_csrf() -> None:
    """Before-request hook: refuse state-changing requests without the session's token."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    expected = session.get(_SESSION_KEY)
    sent = request.form.get(FIELD) or request.headers.get("X-CSRF-Token") or ""
    if not expected or not hmac.compare_digest(str(expected), sent):
        raise FormError(
            "This form has expired or did not come from this site (missing or wrong CSRF "
            "token). Go back, reload the page and submit it again."
        )
