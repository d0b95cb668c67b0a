"""Login, logout, password change and the ``login_required`` guard for the pages.

The Flask session (a signed cookie) holds the user's id and a fingerprint of
the password hash; every request reloads the user, so a deactivated user or
a changed password ends other sessions at once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar, cast
from urllib.parse import quote

from flask import (
    Blueprint,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from werkzeug.wrappers import Response

from foundation.audit import AuditAction, record_event
from screening.accounts import users
from screening.context import get_session
from screening.models import Channel, User
from screening.web.csrf import rotate_csrf_token
from screening.web.forms import FormError, form_text, safe_next

bp = Blueprint("auth", __name__)

ViewFunc = TypeVar("ViewFunc", bound=Callable[..., Any])
PASSWORD_ENDPOINT = "auth.change_password"


def _fingerprint(user: User) -> str:
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def current_user() -> User | None:
    """The logged-in user of this request, or None."""
    if "web_user" not in g:
        user = None
        user_id = session.get("user_id")
        if user_id is not None:
            user = get_session().get(User, user_id)
            if user is None or not user.is_active or session.get("pw") != _fingerprint(user):
                session.pop("user_id", None)
                user = None
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


@bp.route("/login", methods=["GET", "POST"])
def login() -> str | Response | tuple[str, int]:
    next_url = safe_next(request.values.get("next"))
    if request.method == "GET":
        return render_template("auth/login.html", next_url=next_url, error=None)
    username = form_text("username", 128, "Username")
    password = request.form.get("password", "")
    if not username or not password:
        return render_template(
            "auth/login.html", next_url=next_url, error="Enter your username and password."
        ), 400
    db = get_session()
    user = users.authenticate(db, username, password)
    if user is None:
        record_event(
            db,
            actor=username,
            channel=Channel.WEB,
            action=AuditAction.USER_LOGIN_FAILED,
            object_type="user",
            object_id=username,
            payload={"remote_addr": request.remote_addr},
        )
        db.commit()
        return render_template(
            "auth/login.html", next_url=next_url, error="Wrong username or password."
        ), 401
    record_event(
        db,
        actor=user.username,
        channel=Channel.WEB,
        action=AuditAction.USER_LOGIN,
        object_type="user",
        object_id=user.username,
        payload={"remote_addr": request.remote_addr},
    )
    db.commit()
    # A fresh session on login: nothing from before it carries over.
    session.clear()
    session["user_id"] = user.id
    session["pw"] = _fingerprint(user)
    rotate_csrf_token()
    if user.must_change_password:
        return redirect(url_for(PASSWORD_ENDPOINT))
    return redirect(next_url)


@bp.route("/logout", methods=["GET", "POST"])
def logout() -> str | Response:
    if request.method == "GET":
        # Logging out changes state, so it is a POST; GET shows the button.
        return render_template("auth/logout.html")
    user = current_user()
    if user is not None:
        db = get_session()
        record_event(
            db,
            actor=user.username,
            channel=Channel.WEB,
            action=AuditAction.USER_LOGOUT,
            object_type="user",
            object_id=user.username,
        )
        db.commit()
    session.clear()
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
    db.commit()
    session["pw"] = _fingerprint(user)
    rotate_csrf_token()
    return redirect(url_for("screening.home"))
