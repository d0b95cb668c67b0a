"""Web pages for compliance officers, auditors and administrators.

One blueprint per area (auth, lists, screening, audit), plain server-rendered
templates in ``screening/templates`` and a small stylesheet in
``screening/static``. Views parse, call the domain and render; bad input
raises :class:`~screening.web.forms.FormError`, shown as a 400 page.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, render_template, request

from foundation.db import as_utc
from screening.models import User
from screening.web import alerts, audit, auth, counterparties, lists, screen
from screening.web.csrf import check_csrf, csrf_token
from screening.web.forms import FormError, check_request_text

BLUEPRINTS = (auth.bp, lists.bp, screen.bp, audit.bp, alerts.bp, counterparties.bp)
WEB_BLUEPRINTS = frozenset(bp.name for bp in BLUEPRINTS)


def register_web(app: Flask) -> None:
    """Register the page blueprints, their CSRF check, error page and template helpers."""
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    # App-level hooks limited to our blueprints: the API authenticates with keys, not forms.
    app.before_request(_before_page)
    app.register_error_handler(FormError, _form_error)
    app.add_template_filter(_utc, "utc")
    app.add_template_filter(_score, "score")
    app.add_template_test(_web_link, "web_link")
    auth.install_login_throttle(app)
    app.context_processor(_template_helpers)


def _form_error(exc: FormError) -> tuple[str, int]:
    return render_template("error.html", status=exc.status, message=exc.message, back=exc.back), (
        exc.status
    )


def _is_page() -> bool:
    return request.blueprint in WEB_BLUEPRINTS


def _before_page() -> None:
    if _is_page():
        check_csrf()  # first: a form without a session is refused before it is read
        check_request_text()


def _web_link(url: Any) -> bool:
    """Whether a URL from list data may be a link: http or https only (no javascript:, data:)."""
    if not isinstance(url, str):
        return False
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def _utc(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return as_utc(moment).strftime("%Y-%m-%d %H:%M:%S UTC")


def _score(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


def _can_submit(user: User | None) -> bool:
    return auth.has_role(user, *screen.SUBMIT_ROLES)


def _can_audit(user: User | None) -> bool:
    return auth.has_role(user, audit.AUDIT_ROLE)


def _template_helpers() -> dict[str, Any]:
    return {
        "csrf_token": csrf_token,
        "current_user": auth.current_user,
        "can_submit": _can_submit,
        "can_audit": _can_audit,
    }
