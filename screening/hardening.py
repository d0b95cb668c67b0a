"""HTTP protections for the whole app, pages, JSON API, error pages and probes alike:
security headers on every response, and the body limit for streamed requests.

Applied app-wide (error handlers' responses included), so a new blueprint
cannot forget them.
"""

from __future__ import annotations

import io
from typing import Any

from flask import Flask, request
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response

from foundation.settings import Settings

# Pages use only our own stylesheet and script; nothing inline, nothing from elsewhere.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; object-src 'none'; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
)
# Browsers that saw the site over HTTPS use nothing else for a year (production only:
# a development server on plain http must stay reachable).
STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains"
_ALWAYS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate it
    "Referrer-Policy": "same-origin",
}
_TOO_LARGE = "screening.body_too_large"
_READ_SIZE = 64 * 1024


def register(app: Flask, settings: Settings) -> None:
    """Install the headers and the streamed-body limit on ``app``; call before blueprints."""
    production = settings.env == "production"

    def add_security_headers(response: Response) -> Response:
        for name, value in _ALWAYS.items():
            response.headers.setdefault(name, value)
        if production:
            response.headers.setdefault("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY)
        # Results, exports and personal data are never cached; static files keep
        # the revalidation header Flask gives them.
        if "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = "no-store"
        return response

    app.after_request(add_security_headers)
    app.wsgi_app = _StreamedBodyLimit(app.wsgi_app, settings.max_request_bytes)  # type: ignore[method-assign]
    app.before_request(_refuse_too_large)


class _StreamedBodyLimit:
    """WSGI middleware: a chunked body (no Content-Length) is read here, up to the limit.

    Werkzeug cuts such a body at the limit without a word, so an oversized JSON
    body arrived truncated and was refused as malformed (400). Read here, it gets
    a length like any other body, or is flagged as too large (413).
    """

    def __init__(self, wsgi_app: Any, limit: int) -> None:
        self.wsgi_app = wsgi_app
        self.limit = limit

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        encoding = environ.get("HTTP_TRANSFER_ENCODING", "").lower()
        if "chunked" in encoding:
            stream = environ["wsgi.input"]
            parts: list[bytes] = []
            size = 0
            while size <= self.limit:
                part = stream.read(_READ_SIZE)
                if not part:
                    break
                parts.append(part)
                size += len(part)
            body = b"".join(parts)
            if size > self.limit:
                environ[_TOO_LARGE] = True
                body = b""
            environ["wsgi.input"] = io.BytesIO(body)
            environ["CONTENT_LENGTH"] = str(len(body))
            del environ["HTTP_TRANSFER_ENCODING"]
        return self.wsgi_app(environ, start_response)


def _refuse_too_large() -> None:
    if request.environ.get(_TOO_LARGE):
        raise RequestEntityTooLarge()
