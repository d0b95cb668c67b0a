"""Login, logout, roles, CSRF and the forced password change."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import select

from foundation.audit import AuditEvent
from screening.models import User
from tests.web.conftest import PASSWORD, Accounts, csrf_token, login, post_form


def _actions(db: Any) -> list[tuple[str, str]]:
    with db.session() as session:
        return [(e.action, e.actor) for e in session.scalars(select(AuditEvent))]


def test_anonymous_visitor_is_sent_to_login(client: FlaskClient) -> None:
    response = client.get("/jobs?page=2")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_login_sets_session_and_records_audit_event(
    client: FlaskClient, accounts: Accounts, db: Any
) -> None:
    response = login(client, accounts.officer)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    page = client.get("/").get_data(as_text=True)
    assert "olga" in page and "Screen a name" in page
    assert ("user.login", "olga") in _actions(db)


def test_wrong_password_is_refused_and_recorded(
    client: FlaskClient, accounts: Accounts, db: Any
) -> None:
    response = login(client, accounts.officer, "not the password")
    assert response.status_code == 401
    assert "Wrong username or password" in response.get_data(as_text=True)
    assert ("user.login_failed", "olga") in _actions(db)
    assert client.get("/").status_code == 302


def test_login_returns_to_the_page_asked_for(client: FlaskClient, accounts: Accounts) -> None:
    asked = client.get("/lists/some list?page=2").headers["Location"]
    token = csrf_token(client)
    response = client.post(
        asked, data={"username": accounts.officer, "password": PASSWORD, "csrf_token": token}
    )
    assert response.headers["Location"] == "/lists/some%20list?page=2"


def test_login_ignores_offsite_next(client: FlaskClient, accounts: Accounts) -> None:
    for target in ("//evil.example/x", "https://evil.example/", "/\t/evil.example", "/\\evil"):
        token = csrf_token(client)
        response = client.post(
            "/login",
            data={
                "username": accounts.officer,
                "password": PASSWORD,
                "csrf_token": token,
                "next": target,
            },
        )
        assert response.headers["Location"] == "/", target


def test_logout_ends_the_session(officer_client: FlaskClient, db: Any) -> None:
    response = post_form(officer_client, "/logout", {})
    assert response.status_code == 302
    assert officer_client.get("/jobs").status_code == 302
    assert ("user.logout", "olga") in _actions(db)


def test_post_without_csrf_token_is_a_form_error(officer_client: FlaskClient) -> None:
    response = officer_client.post("/screen", data={"name": "Rungra"})
    assert response.status_code == 400
    assert "CSRF" in response.get_data(as_text=True)


def test_post_with_wrong_csrf_token_is_a_form_error(officer_client: FlaskClient) -> None:
    response = officer_client.post("/screen", data={"name": "Rungra", "csrf_token": "forged"})
    assert response.status_code == 400
    assert "CSRF" in response.get_data(as_text=True)


def test_login_form_itself_needs_the_csrf_token(client: FlaskClient, accounts: Accounts) -> None:
    response = client.post("/login", data={"username": accounts.officer, "password": PASSWORD})
    assert response.status_code == 400


def test_auditor_cannot_submit_a_screening(auditor_client: FlaskClient) -> None:
    response = post_form(auditor_client, "/screen", {"name": "Rungra 888"})
    assert response.status_code == 403
    assert "auditor" in response.get_data(as_text=True)
    assert auditor_client.get("/batch").status_code == 403


def test_auditor_can_read_jobs_lists_and_audit(auditor_client: FlaskClient) -> None:
    for url in ("/", "/jobs", "/lists", "/audit"):
        assert auditor_client.get(url).status_code == 200, url


def test_officer_cannot_open_the_audit_pages(officer_client: FlaskClient) -> None:
    assert officer_client.get("/audit").status_code == 403
    assert officer_client.get("/audit/screening-log.csv").status_code == 403


def test_user_with_generated_password_must_change_it_first(client: FlaskClient, db: Any) -> None:
    from screening.accounts.users import create_user

    with db.session() as session:
        _user, generated = create_user(session, "newbie", "officer")
    response = login(client, "newbie", generated)
    assert response.headers["Location"] == "/account/password"
    assert client.get("/jobs").headers["Location"] == "/account/password"

    short = post_form(
        client,
        "/account/password",
        {"current_password": generated, "new_password": "short", "confirm_password": "short"},
    )
    assert short.status_code == 400
    assert "at least 10 characters" in short.get_data(as_text=True)

    new = "a much better password"
    changed = post_form(
        client,
        "/account/password",
        {"current_password": generated, "new_password": new, "confirm_password": new},
    )
    assert changed.status_code == 302
    assert client.get("/jobs").status_code == 200
    with db.session() as session:
        user = session.scalar(select(User).where(User.username == "newbie"))
        assert user is not None and not user.must_change_password
    assert ("user.password_changed", "newbie") in _actions(db)


def test_deactivated_user_loses_the_session(officer_client: FlaskClient, db: Any) -> None:
    with db.session() as session:
        user = session.scalar(select(User).where(User.username == "olga"))
        assert user is not None
        user.is_active = False
    assert officer_client.get("/jobs").status_code == 302
