"""Alert review pages: the queue, the alert page, decisions with four eyes, assignment,
comments, the home dashboard, and who may do what on every route."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from foundation.audit import AuditEvent
from screening.accounts.users import create_user
from screening.alerts.models import Alert, Clearance
from screening.jobs.inputs import ItemInput
from screening.jobs.submit import Submission, screen_now
from screening.models import Channel
from tests.web.conftest import PASSWORD, Accounts, login, post_form

REVIEWERS = ("rita", "robin")


@pytest.fixture()
def reviewers(db: Any, accounts: Accounts) -> tuple[str, ...]:
    with db.session() as session:
        for name in REVIEWERS:
            create_user(session, name, "reviewer", PASSWORD)
    return REVIEWERS


def _alerts(db: Any, app: Flask, *names: str) -> list[int]:
    """Screen ``names`` now (as olga, through the service) and return their alert ids."""
    settings = app.extensions["runtime"].settings
    submission = Submission([ItemInput(name=n) for n in names], Channel.WEB, "olga")
    with db.session() as session:
        job = screen_now(session, settings, submission, limit=len(names))
        return [m.alert_id for item in job.items for m in item.matches]


def _as(client: FlaskClient, username: str) -> FlaskClient:
    client.post("/logout", data={"csrf_token": _token(client)})
    assert login(client, username).status_code == 302
    return client


def _token(client: FlaskClient) -> str:
    with client.session_transaction() as flask_session:
        return str(flask_session.get("csrf_token", ""))


def _status(db: Any, alert_id: int) -> str:
    with db.session() as session:
        alert = session.get(Alert, alert_id)
        assert alert is not None
        return alert.status


def _propose(client: FlaskClient, alert_id: int, decision: str = "false_positive") -> Any:
    return post_form(
        client,
        f"/alerts/{alert_id}/decision",
        {"decision": decision, "reason": "Different firm: the registry shows a Moscow bakery."},
    )


def test_the_whole_decision_by_four_eyes_through_the_pages(
    client: FlaskClient, db: Any, app: Flask, watchlist: str, reviewers: tuple[str, ...]
) -> None:
    [alert_id] = _alerts(db, app, "Rungra 888")
    _as(client, "olga")
    page = client.get(f"/alerts/{alert_id}").get_data(as_text=True)
    for text in (
        "Rungra 888 General Trading",  # the listed entity
        "Рунгра 888",  # all its names
        "Panel of Experts report S/2019/171",  # provenance
        "Ministry of External Economic Relations",  # a relation, by name
        "test-labour v1",
        "Why this matched",
        'id="decision-form"',
    ):
        assert text in page, text
    assert _propose(client, alert_id).status_code == 302
    assert _status(db, alert_id) == "proposed"
    page = client.get(f"/alerts/{alert_id}").get_data(as_text=True)
    assert 'id="own-proposal"' in page and 'id="confirm-form"' not in page
    own = post_form(client, f"/alerts/{alert_id}/confirm", {})
    assert own.status_code == 403

    _as(client, "rita")
    page = client.get(f"/alerts/{alert_id}").get_data(as_text=True)
    assert 'id="confirm-form"' in page
    done = post_form(client, f"/alerts/{alert_id}/confirm", {"reason": "Agreed."})
    assert done.status_code == 302 and done.headers["Location"] == f"/alerts/{alert_id}#decisions"
    assert _status(db, alert_id) == "closed"
    page = client.get(f"/alerts/{alert_id}").get_data(as_text=True)
    assert "This decision cleared the pair" in page and "confirmed by rita" in page

    [again] = _alerts(db, app, "Rungra 888")
    assert again == alert_id  # the cleared match links to the decision's alert
    with db.session() as session:
        assert session.scalar(select(Clearance)) is not None
        assert len(session.scalars(select(Alert)).all()) == 1


def test_a_rejection_needs_a_reason_and_sends_the_alert_back(
    client: FlaskClient, db: Any, app: Flask, watchlist: str, reviewers: tuple[str, ...]
) -> None:
    [alert_id] = _alerts(db, app, "Rungra 888")
    _propose(_as(client, "olga"), alert_id, "true_match")
    _as(client, "rita")
    empty = post_form(client, f"/alerts/{alert_id}/reject", {"reason": " "})
    assert empty.status_code == 400 and "reason for the rejection" in empty.get_data(as_text=True)
    sent_back = post_form(client, f"/alerts/{alert_id}/reject", {"reason": "Check the address."})
    assert sent_back.status_code == 302
    assert _status(db, alert_id) == "open"
    assert "Check the address." in client.get(f"/alerts/{alert_id}").get_data(as_text=True)


def test_assigning_and_commenting_are_shown_and_audited(
    client: FlaskClient, db: Any, app: Flask, watchlist: str, reviewers: tuple[str, ...]
) -> None:
    first, second = _alerts(db, app, "Rungra 888", "Kim Chol Ho")
    _as(client, "olga")
    mine = post_form(client, f"/alerts/{first}/assign", {"assignee": "me"})
    assert mine.status_code == 302
    bulk = post_form(
        client,
        "/alerts/assign",
        {"alert_id": [str(first), str(second)], "assignee": "rita", "next": "/alerts?sort=newest"},
    )
    assert bulk.status_code == 302 and bulk.headers["Location"] == "/alerts?sort=newest"
    queue = client.get("/alerts?assignee=rita").get_data(as_text=True)
    assert f'id="alert-{first}"' in queue and f'id="alert-{second}"' in queue
    assert post_form(client, f"/alerts/{first}/assign", {"assignee": "audrey"}).status_code == 400
    said = post_form(client, f"/alerts/{first}/comment", {"comment": "Called the customer."})
    assert said.status_code == 302
    page = client.get(f"/alerts/{first}").get_data(as_text=True)
    assert "Called the customer." in page and "assigned it to rita" in page
    with db.session() as session:
        actions = session.scalars(select(AuditEvent.action)).all()
    assert actions.count("alert.assigned") == 3 and actions.count("alert.commented") == 1


def test_the_queue_filters_sorts_and_pages(
    client: FlaskClient, db: Any, app: Flask, watchlist: str, reviewers: tuple[str, ...]
) -> None:
    ids = _alerts(db, app, "Rungra 888", "Kim Chol Ho", "Ministry of External Economic Relations")
    _as(client, "olga")
    post_form(client, f"/alerts/{ids[0]}/assign", {"assignee": "me"})

    def shown(query: str) -> list[int]:
        page = client.get(f"/alerts?{query}")
        assert page.status_code == 200, page.get_data(as_text=True)
        return [int(i) for i in re.findall(r'<tr id="alert-(\d+)"', page.get_data(as_text=True))]

    assert shown("") == ids  # oldest first
    assert shown("sort=newest") == ids[::-1]
    assert shown("assignee=me") == [ids[0]]
    assert shown("assignee=none") == ids[1:]
    assert shown("list=test-labour&reason=screening&status=open") == ids
    assert shown("list=other") == []
    assert shown("status=closed") == []
    assert shown("min_age=1") == [] and shown("max_age=0") == ids
    assert shown("score_min=0&score_max=1&per_page=25&page=1") == ids
    for bad in ("status=maybe", "score_min=2", "score_min=0.9&score_max=0.1", "min_age=-1",
                "per_page=7", "sort=random", "page=0"):  # fmt: skip
        assert client.get(f"/alerts?{bad}").status_code == 400, bad


def test_the_home_page_shows_my_alerts_the_teams_lists_and_charts(
    client: FlaskClient, db: Any, app: Flask, watchlist: str, reviewers: tuple[str, ...]
) -> None:
    ids = _alerts(db, app, "Rungra 888", "Kim Chol Ho")
    _as(client, "olga")
    post_form(client, f"/alerts/{ids[0]}/assign", {"assignee": "me"})
    _propose(client, ids[0])
    response = client.get("/")
    page = response.get_data(as_text=True)
    for text in ('id="my-alerts"', 'id="team-oldest"', 'id="freshness"', "<svg", "test-labour"):
        assert text in page, text
    assert f'href="/alerts/{ids[1]}"' in page
    assert "style=" not in page and "<script" not in page.split("</main>")[0]
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    reviewer_home = _as(client, "rita").get("/").get_data(as_text=True)
    assert 'id="awaiting-me"' in reviewer_home and f'href="/alerts/{ids[0]}"' in reviewer_home


ROUTES = ["decision", "confirm", "reject", "assign", "comment"]


@pytest.mark.parametrize("route", ROUTES)
def test_auditors_read_everything_and_decide_nothing(
    client: FlaskClient, db: Any, app: Flask, watchlist: str, reviewers: tuple[str, ...], route: str
) -> None:
    [alert_id] = _alerts(db, app, "Rungra 888")
    _propose(_as(client, "olga"), alert_id)
    _as(client, "audrey")
    assert client.get("/alerts").status_code == 200
    page = client.get(f"/alerts/{alert_id}")
    assert page.status_code == 200 and '<form method="post" action="/alerts/' not in (
        page.get_data(as_text=True)
    )
    data = {"decision": "true_match", "reason": "x", "assignee": "me", "comment": "x"}
    assert post_form(client, f"/alerts/{alert_id}/{route}", data).status_code == 403
    bulk = post_form(client, "/alerts/assign", {"alert_id": str(alert_id), "assignee": "olga"})
    assert bulk.status_code == 403
    assert _status(db, alert_id) == "proposed"


@pytest.mark.parametrize("route", ["confirm", "reject"])
def test_officers_never_confirm_and_reviewers_not_their_own(
    client: FlaskClient, db: Any, app: Flask, watchlist: str, reviewers: tuple[str, ...], route: str
) -> None:
    [alert_id] = _alerts(db, app, "Rungra 888")
    _propose(_as(client, "rita"), alert_id)  # reviewers may propose
    own = post_form(client, f"/alerts/{alert_id}/{route}", {"reason": "Fine."})
    assert own.status_code == 403 and "You proposed this decision" in own.get_data(as_text=True)
    _as(client, "olga")
    officer = post_form(client, f"/alerts/{alert_id}/{route}", {"reason": "Fine."})
    assert officer.status_code == 403
    assert _status(db, alert_id) == "proposed"
    _as(client, "ada")  # an admin is another person: may confirm or reject
    assert post_form(client, f"/alerts/{alert_id}/{route}", {"reason": "Fine."}).status_code == 302
    assert _status(db, alert_id) == ("closed" if route == "confirm" else "open")


def test_reviewers_and_admins_work_alerts_like_officers(
    client: FlaskClient, db: Any, app: Flask, watchlist: str, reviewers: tuple[str, ...]
) -> None:
    first, second = _alerts(db, app, "Rungra 888", "Kim Chol Ho")
    for user, alert_id in (("robin", first), ("ada", second)):
        _as(client, user)
        assert (
            post_form(client, f"/alerts/{alert_id}/assign", {"assignee": "me"}).status_code == 302
        )
        assert (
            post_form(client, f"/alerts/{alert_id}/comment", {"comment": "ok"}).status_code == 302
        )
        assert _propose(client, alert_id).status_code == 302


def test_bad_requests_are_form_errors_never_500(
    client: FlaskClient, db: Any, app: Flask, watchlist: str, reviewers: tuple[str, ...]
) -> None:
    [alert_id] = _alerts(db, app, "Rungra 888")
    _as(client, "olga")
    assert client.get("/alerts/999999").status_code == 404
    huge = "99999999999"  # beyond a 32-bit id: names nothing, and never reaches the database
    assert client.get(f"/alerts/{huge}").status_code == 404
    for route in ("decision", "comment", "assign"):
        data = {"decision": "escalate", "reason": "x", "comment": "x", "assignee": "me"}
        assert post_form(client, f"/alerts/{huge}/{route}", data).status_code == 404
    assert (
        post_form(client, "/alerts/assign", {"alert_id": huge, "assignee": "me"}).status_code == 404
    )
    dispose = post_form(
        client, f"/matches/{huge}/disposition", {"disposition": "escalate", "comment": "x"}
    )
    assert dispose.status_code == 404
    assert (
        post_form(
            client, "/alerts/999999/decision", {"decision": "escalate", "reason": "x"}
        ).status_code
        == 404
    )
    assert (
        post_form(
            client, f"/alerts/{alert_id}/decision", {"decision": "maybe", "reason": "x"}
        ).status_code
        == 400
    )
    assert (
        post_form(client, f"/alerts/{alert_id}/decision", {"decision": "escalate"}).status_code
        == 400
    )
    assert post_form(client, f"/alerts/{alert_id}/confirm", {}).status_code == 403
    assert post_form(client, "/alerts/assign", {"assignee": "me"}).status_code == 400
    assert (
        post_form(client, "/alerts/assign", {"alert_id": "x1", "assignee": "me"}).status_code == 400
    )
    assert post_form(client, f"/alerts/{alert_id}/comment", {"comment": ""}).status_code == 400
    no_token = client.post(
        f"/alerts/{alert_id}/decision", data={"decision": "escalate", "reason": "x"}
    )
    assert no_token.status_code == 400 and "CSRF" in no_token.get_data(as_text=True)
    _propose(client, alert_id)
    again = _propose(client, alert_id)
    assert again.status_code == 409 and "already waits" in again.get_data(as_text=True)


def test_anonymous_visitors_are_sent_to_log_in(client: FlaskClient, db: Any) -> None:
    for path in ("/alerts", "/alerts/1"):
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_screening_log_and_the_api_carry_the_decision_trail(
    client: FlaskClient,
    db: Any,
    app: Flask,
    watchlist: str,
    reviewers: tuple[str, ...],
    api_key: tuple[str, str],
) -> None:
    from screening.accounts.apikeys import create_key

    [alert_id] = _alerts(db, app, "Rungra 888")
    _propose(_as(client, "olga"), alert_id)
    post_form(_as(client, "rita"), f"/alerts/{alert_id}/confirm", {})
    _alerts(db, app, "Rungra 888")  # screened again: cleared

    rows = [
        json.loads(line)
        for line in _as(client, "audrey")
        .get("/audit/screening-log.jsonl")
        .get_data(as_text=True)
        .splitlines()
    ]
    first, again = rows[0]["matches"][0], rows[1]["matches"][0]
    assert (first["review_status"], again["review_status"]) == ("closed", "cleared")
    assert first["alert_id"] == again["alert_id"] == alert_id
    assert [
        (d["decision"], d["status"], d["proposed_by"], d["reviewed_by"]) for d in first["decisions"]
    ] == [("false_positive", "confirmed", "olga", "rita")]
    assert again["decisions"] == first["decisions"]

    read = {"Authorization": f"Bearer {api_key[0]}"}
    body = client.get(f"/api/v1/alerts/{alert_id}", headers=read).get_json()
    assert (body["status"], body["resolution"]) == ("closed", "false_positive")
    assert body["decisions"][0]["reviewed_by"] == "rita" and body["clearances"][0]["valid"]
    assert [e["kind"] for e in body["history"]][:2] == ["raised", "proposed"]
    for missing_id in ("99999", "99999999999"):
        missing = client.get(f"/api/v1/alerts/{missing_id}", headers=read)
        assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "not_found"
    with db.session() as session:
        _row, screen_only = create_key(session, "ERP-2", ["screen"], actor="tests")
    others = client.get(
        f"/api/v1/alerts/{alert_id}", headers={"Authorization": f"Bearer {screen_only}"}
    )
    assert others.status_code == 404, "a screen-only key sees only its own screenings' alerts"
    own_headers = {"Authorization": f"Bearer {screen_only}"}
    screened = client.post(
        "/api/v1/screen", json={"items": [{"name": "Rungra 888"}]}, headers=own_headers
    )
    match = screened.get_json()["results"][0]["matches"][0]
    assert (match["review_status"], match["alert_id"]) == ("cleared", alert_id)
    assert match["alert_url"] == f"/api/v1/alerts/{alert_id}"
    own = client.get(match["alert_url"], headers=own_headers).get_json()
    assert own["decisions"] and "history" not in own
    assert client.get(f"/api/v1/alerts/{alert_id}").status_code == 401
