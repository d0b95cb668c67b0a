"""Login, logout, password change and the ``login_required`` guard for the pages.

The cookie holds only a session id (``screening.web.cookie``); the session
itself lives in the database (``screening.accounts.sessions``), so logout,
deactivation and a password change end it at once, and idle and absolute
limits apply. Failed logins are throttled per username and per address.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar, cast
from urllib.parse import quote

from flask import (
    Blueprint,
    Flask,
    current_app,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from werkzeug.wrappers import Response

from screening.accounts import login as logins
from screening.accounts import sessions, users
from screening.accounts.throttle import LoginThrottle
from screening.context import get_database, get_session, get_settings
from screening.models import Channel, User
from screening.web.cookie import replace_session_id, session_id
from screening.web.forms import FormError, form_text, safe_next

bp = Blueprint("auth", __name__)

ViewFunc = TypeVar("ViewFunc", bound=Callable[..., Any])
PASSWORD_ENDPOINT = "auth.change_password"
THROTTLE_EXTENSION = "login_throttle"


def install_login_throttle(app: Flask) -> None:
    """One throttle per app (its counts live in Redis when configured)."""
    app.extensions[THROTTLE_EXTENSION] = LoginThrottle(app.config["SETTINGS"])


def current_user() -> User | None:
    """The logged-in user of this request, or None."""
    if "web_user" not in g:
        user = None
        sid = session_id()
        if sid is not None:
            limits = sessions.SessionLimits.from_settings(get_settings())
            live = sessions.live_session(get_session(), sid, limits)
            if live is not None:
                user = live.user
                if live.needs_touch:
                    # Its own transaction: the view's session commits only the view's work.
                    with get_database().session() as db:
                        sessions.touch(db, sid)
        g.web_user = user
    return cast(User | None, g.web_user)


def has_role(user: User | None, *roles: str) -> bool:
    """Admins may do everything; everyone else only what their role allows."""
    return user is not None and (user.role == "admin" or user.role in roles)


def login_required(view: ViewFunc | None = None, *, role: str | Iterable[str] | None = None) -> Any:
    """Guard a view: anonymous users go to /login, other roles get 403.

    ``role`` names the role(s) allowed besides admin, who may do everything.
    Users who must change their password are sent to do that first.
    """
    allowed: tuple[str, ...] | None = None
    if role is not None:
        allowed = (role,) if isinstance(role, str) else tuple(role)

    def decorate(func: ViewFunc) -> ViewFunc:
        @wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            user = current_user()
            if user is None:
                target = quote(request.path)
                if request.method == "GET" and request.query_string:
                    target += "?" + request.query_string.decode("latin-1")
                return redirect(url_for("auth.login", next=target))
            if user.must_change_password and request.endpoint != PASSWORD_ENDPOINT:
                return redirect(url_for(PASSWORD_ENDPOINT))
            if allowed is not None and not has_role(user, *allowed):
                raise FormError(
                    f"Your role ({user.role}) may not do this; it needs one of: "
                    f"{', '.join(sorted({'admin', *allowed}))}.",
                    status=403,
                )
            return func(*args, **kwargs)

        return cast(ViewFunc, wrapper)

    return decorate(view) if view is not None else decorate


def _login_page(next_url: str, error: str, status: int) -> tuple[str, int]:
    return render_template("auth/login.html", next_url=next_url, error=error), status


@bp.route("/login", methods=["GET", "POST"])
def login() -> str | Response | tuple[str, int] | tuple[str, int, dict[str, str]]:
    next_url = safe_next(request.values.get("next"))
    if request.method == "GET":
        return render_template("auth/login.html", next_url=next_url, error=None)
    username = form_text("username", 128, "Username")
    password = request.form.get("password", "")
    if not username or not password:
        return _login_page(next_url, "Enter your username and password.", 400)
    db = get_session()
    outcome = logins.log_in(
        db,
        current_app.extensions[THROTTLE_EXTENSION],
        username,
        password,
        remote_addr=request.remote_addr or "",
        channel=Channel.WEB,
    )
    db.commit()
    if outcome.status == logins.LoginStatus.THROTTLED:
        wait = outcome.retry_after
        page, status = _login_page(
            next_url,
            f"Too many failed logins. Wait {wait} second{'s' if wait != 1 else ''} and try again.",
            429,
        )
        return page, status, {"Retry-After": str(wait)}
    if outcome.status == logins.LoginStatus.EXPIRED:
        return _login_page(
            next_url,
            "Your one-time password has expired. Ask an administrator to reset it.",
            401,
        )
    if outcome.status != logins.LoginStatus.OK or outcome.session_id is None:
        return _login_page(next_url, "Wrong username or password.", 401)
    # A new session id on login: nothing from before it (CSRF token included) carries over.
    replace_session_id(outcome.session_id)
    g.pop("web_user", None)
    assert outcome.user is not None
    if outcome.user.must_change_password:
        return redirect(url_for(PASSWORD_ENDPOINT))
    return redirect(next_url)


@bp.route("/logout", methods=["GET", "POST"])
def logout() -> str | Response:
    if request.method == "GET":
        # Logging out changes state, so it is a POST; GET shows the button.
        return render_template("auth/logout.html")
    db = get_session()
    logins.log_out(db, current_user(), session_id(), channel=Channel.WEB)
    db.commit()
    replace_session_id(sessions.new_session_id())
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password() -> str | Response | tuple[str, int]:
    user = current_user()
    assert user is not None
    if request.method == "GET":
        return render_template("auth/password.html", error=None)
    db = get_session()
    try:
        users.change_password(
            db,
            user,
            current=request.form.get("current_password", ""),
            new=request.form.get("new_password", ""),
            confirm=request.form.get("confirm_password", ""),
            channel=Channel.WEB,
        )
    except users.UserError as exc:
        return render_template("auth/password.html", error=str(exc)), 400
    # The change ended every session of the user; this browser gets a new one.
    new_id = sessions.open_session(db, user, request.remote_addr)
    db.commit()
    replace_session_id(new_id)
    return redirect(url_for("screening.home"))
