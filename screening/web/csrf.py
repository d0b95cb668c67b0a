"""CSRF protection for the web forms: a token bound to the browser's session id.

Every POST form carries the token in a hidden ``csrf_token`` field (or the
``X-CSRF-Token`` header). The token is an HMAC of the session id, so nothing
but the id is kept in the cookie, and a new id at login means a new token.
A POST without the session's token is refused with a 400 page before the view
runs, and before its body is read when the browser sent no session at all.
"""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app, request

from screening.web.cookie import ensure_session_id, session_id
from screening.web.forms import FormError

FIELD = "csrf_token"
HEADER = "X-CSRF-Token"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
_MESSAGE = (
    "This form has expired or did not come from this site (missing or wrong CSRF "
    "token). Go back, reload the page and submit it again."
)


def _token_for(sid: str) -> str:
    secret = str(current_app.secret_key or "").encode()
    key = hashlib.sha256(b"screening csrf\x00" + secret).digest()
    return hmac.new(key, sid.encode(), hashlib.sha256).hexdigest()


def csrf_token() -> str:
    """The session's token (templates call this); gives the browser a session id if needed."""
    return _token_for(ensure_session_id())


def check_csrf() -> None:
    """Before-request hook: refuse state-changing requests without the session's token."""
    if request.method in SAFE_METHODS:
        return
    sid = session_id()
    if sid is None:
        # No session, so no token can be right: refuse without reading the body.
        raise FormError(_MESSAGE)
    sent = request.headers.get(HEADER) or request.form.get(FIELD) or ""
    if not hmac.compare_digest(_token_for(sid), sent):
        raise FormError(_MESSAGE)
