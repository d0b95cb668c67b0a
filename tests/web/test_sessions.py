"""Web sessions live on the server: the cookie holds only their id, and they can be ended."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, update

from foundation.db import as_utc, utcnow
from foundation.settings import Settings
from screening.accounts.models import WebSession
from screening.accounts.users import deactivate_user, reactivate_user
from screening.app import create_app
from screening.models import User
from tests.web.conftest import PASSWORD, Accounts, login, post_form


def _cookie(client: FlaskClient) -> dict[str, Any]:
    with client.session_transaction() as flask_session:
        return dict(flask_session)


def _replay(app: Flask, cookie: dict[str, Any]) -> FlaskClient:
    """Another browser presenting a copy of a cookie."""
    other = app.test_client()
    with other.session_transaction() as flask_session:
        flask_session.update(cookie)
    return other


def _age_sessions(db: Any, username: str, **ages: timedelta) -> None:
    """Move the user's sessions back in time: created_at=..., last_seen_at=..."""
    with db.session() as session:
        user_id = session.scalar(select(User.id).where(User.username == username))
        values = {column: utcnow() - age for column, age in ages.items()}
        session.execute(update(WebSession).where(WebSession.user_id == user_id).values(**values))


def test_cookie_carries_only_the_session_id(officer_client: FlaskClient) -> None:
    cookie = _cookie(officer_client)
    assert list(cookie) == ["sid"]
    assert officer_client.get("/jobs").status_code == 200


def test_login_gives_a_new_session_id(client: FlaskClient, accounts: Accounts) -> None:
    client.get("/login")
    before = _cookie(client)["sid"]
    assert login(client, accounts.officer).status_code == 302
    assert _cookie(client)["sid"] != before


def test_a_copied_cookie_is_worthless_after_logout(app: Flask, officer_client: FlaskClient) -> None:
    stolen = _cookie(officer_client)
    assert _replay(app, stolen).get("/jobs").status_code == 200
    assert post_form(officer_client, "/logout", {}).status_code == 302
    assert _replay(app, stolen).get("/jobs").status_code == 302


def test_password_change_ends_the_other_sessions_but_not_this_one(
    app: Flask, client: FlaskClient, accounts: Accounts
) -> None:
    other = app.test_client()
    assert login(other, accounts.officer).status_code == 302
    assert login(client, accounts.officer).status_code == 302
    new = "an entirely new password"
    changed = post_form(
        client,
        "/account/password",
        {"current_password": PASSWORD, "new_password": new, "confirm_password": new},
    )
    assert changed.status_code == 302
    assert client.get("/jobs").status_code == 200
    assert other.get("/jobs").status_code == 302


def test_deactivation_ends_sessions_and_reactivation_does_not_revive_them(
    officer_client: FlaskClient, db: Any, accounts: Accounts
) -> None:
    with db.session() as session:
        assert deactivate_user(session, accounts.officer, actor="tests")
    assert officer_client.get("/jobs").status_code == 302
    with db.session() as session:
        assert reactivate_user(session, accounts.officer, actor="tests")
    assert officer_client.get("/jobs").status_code == 302
    assert login(officer_client, accounts.officer).status_code == 302
    assert officer_client.get("/jobs").status_code == 200


def test_idle_session_ends_after_thirty_minutes(
    officer_client: FlaskClient, db: Any, accounts: Accounts
) -> None:
    _age_sessions(db, accounts.officer, last_seen_at=timedelta(minutes=29))
    assert officer_client.get("/jobs").status_code == 200
    _age_sessions(db, accounts.officer, last_seen_at=timedelta(minutes=31))
    assert officer_client.get("/jobs").status_code == 302


def test_use_keeps_a_session_alive(
    officer_client: FlaskClient, db: Any, accounts: Accounts
) -> None:
    _age_sessions(db, accounts.officer, last_seen_at=timedelta(minutes=20))
    assert officer_client.get("/jobs").status_code == 200  # marks it used now
    with db.session() as session:
        seen = session.scalars(select(WebSession.last_seen_at)).all()
    assert seen and all(utcnow() - as_utc(s) < timedelta(minutes=1) for s in seen)


def test_session_ends_after_twelve_hours_however_active(
    officer_client: FlaskClient, db: Any, accounts: Accounts
) -> None:
    _age_sessions(db, accounts.officer, created_at=timedelta(hours=11, minutes=59))
    assert officer_client.get("/jobs").status_code == 200
    _age_sessions(db, accounts.officer, created_at=timedelta(hours=12, minutes=1))
    assert officer_client.get("/jobs").status_code == 302


def test_session_limits_are_settings(
    app: Flask, db: Any, accounts: Accounts, test_env: dict[str, str]
) -> None:
    settings = Settings.from_env(test_env, session_idle_minutes=5, session_lifetime_hours=1)
    short = create_app(settings)
    client = short.test_client()
    assert login(client, accounts.officer).status_code == 302
    _age_sessions(db, accounts.officer, last_seen_at=timedelta(minutes=6))
    assert client.get("/jobs").status_code == 302
    assert login(client, accounts.officer).status_code == 302
    _age_sessions(db, accounts.officer, created_at=timedelta(minutes=61))
    assert client.get("/jobs").status_code == 302
    short.extensions["database"].dispose()
