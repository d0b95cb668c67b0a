"""Screening pages: quick screen, CSV batches, job results and dispositions."""

from __future__ import annotations

import dataclasses
import io
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from foundation.audit import AuditEvent
from screening.models import MatchResult, ScreeningItem, ScreeningJob
from tests.conftest import wait_for
from tests.web.conftest import LIST_NAME, make_job, post_form

LIST_NAME_KEY = f"{LIST_NAME}:rungra"


def _upload(client: FlaskClient, content: bytes, filename: str = "names.csv") -> Any:
    return post_form(
        client,
        "/batch",
        {"file": (io.BytesIO(content), filename)},
        content_type="multipart/form-data",
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty"),
        (b"\n\n", "The file is empty"),
        (b"company,country\nRungra,KP\n", "no &#39;name&#39; column"),
        (b"name\n", "a header but no names"),
        ("name\nCaf\xe9 Pyongyang\n".encode("latin-1"), "not UTF-8"),
        (b"name,type\nRungra,ship\n", "type &#39;ship&#39; is not one of"),
        (b"name,reference\nRungra,R-1\n,\n\xc2\xa0,R-2\n", "line 4: the name is empty"),
        (b"name\n" + b"x" * 600 + b"\n", "line 2: the name is 600 characters long (limit: 512)"),
    ],
)
def test_batch_upload_problems_are_form_errors(
    officer_client: FlaskClient, watchlist: str, content: bytes, message: str
) -> None:
    response = _upload(officer_client, content)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_batch_upload_over_the_item_limit_is_refused(
    officer_client: FlaskClient, watchlist: str, app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = dataclasses.replace(app.config["SETTINGS"], max_batch_items=3)
    monkeypatch.setattr(app.extensions["runtime"], "settings", settings)
    response = _upload(officer_client, b"name\na\nb\nc\nd\n")
    assert response.status_code == 400
    assert "more than 3 names (limit: 3)" in response.get_data(as_text=True)


def test_batch_upload_without_file_is_a_form_error(officer_client: FlaskClient) -> None:
    response = post_form(officer_client, "/batch", {}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Choose a CSV file" in response.get_data(as_text=True)


def test_batch_upload_creates_a_job_with_every_row(
    officer_client: FlaskClient, watchlist: str, worker: Any, db: Any
) -> None:
    content = (
        "\ufeffName,Type,Country,Reference\nRungra 888,company,KP,C-1\nKim Chol Ho,person,,C-2\n"
    )
    response = _upload(officer_client, content.encode("utf-8"))
    assert response.status_code == 302
    job_id = response.headers["Location"].rsplit("/", 1)[-1]
    with db.session() as session:
        job = session.get(ScreeningJob, job_id)
        assert job is not None
        assert (job.channel, job.submitted_by, job.item_count) == ("web", "olga", 2)
        items = session.scalars(
            select(ScreeningItem).where(ScreeningItem.job_id == job_id).order_by("position")
        ).all()
        assert [(i.name, i.type, i.country, i.reference) for i in items] == [
            ("Rungra 888", "company", "KP", "C-1"),
            ("Kim Chol Ho", "person", None, "C-2"),
        ]
    # Let the worker finish, so no chunk is still running when the next test empties the tables.
    wait_for(lambda: officer_client.get(f"/jobs/{job_id}/progress").get_json()["done"])


def test_quick_screen_without_any_list_is_a_form_error(officer_client: FlaskClient) -> None:
    response = post_form(officer_client, "/screen", {"name": "Rungra 888"})
    assert response.status_code == 400
    assert "no watchlist is loaded" in response.get_data(as_text=True)


def test_quick_screen_with_empty_or_long_name_is_a_form_error(
    officer_client: FlaskClient, watchlist: str
) -> None:
    empty = post_form(officer_client, "/screen", {"name": "   "})
    assert empty.status_code == 400
    assert "name is empty" in empty.get_data(as_text=True)
    long = post_form(officer_client, "/screen", {"name": "x" * 513})
    assert long.status_code == 400
    assert "longer than 512 characters" in long.get_data(as_text=True)
    bad_type = post_form(officer_client, "/screen", {"name": "Rungra", "type": "ship"})
    assert bad_type.status_code == 400


def test_quick_screen_runs_on_the_worker_and_shows_the_match(
    officer_client: FlaskClient, watchlist: str, worker: Any, db: Any
) -> None:
    response = post_form(officer_client, "/screen", {"name": "Rungra 888", "type": "any"})
    assert response.status_code == 302
    job_url = response.headers["Location"]
    wait_for(lambda: officer_client.get(f"{job_url}/progress").get_json()["done"], timeout=60)
    progress = officer_client.get(f"{job_url}/progress").get_json()
    assert progress["status"] == "completed"
    assert progress["counts"]["potential_matches"] == 1
    page = officer_client.get(job_url).get_data(as_text=True)
    assert "potential match" in page
    assert "Rungra 888 General Trading" in page
    assert "Why this matched" in page
    assert "test-labour v1" in page


def test_job_page_explains_each_match_and_links_the_entity(
    officer_client: FlaskClient, watchlist: str, db: Any
) -> None:
    explanation = {
        "score": 0.93,
        "features": [
            {"name": "token_jaro_winkler", "weight": 0.6, "value": 0.95},
            {"name": "phonetic", "weight": 0.4, "value": 1.0},
        ],
        "tokens": [
            {"query": "rungra", "candidate": "rungra", "method": "exact", "similarity": 1.0}
        ],
        "unmatched": [],
    }
    job_id = make_job(db, names=["Rungra 888", "Jane Doe"], explanation=explanation)
    page = officer_client.get(f"/jobs/{job_id}").get_data(as_text=True)
    for text in (
        "Rungra 888",
        "Jane Doe",
        "clear",
        "0.930",
        "“Рунгра 888”",
        "token_jaro_winkler",
        "<th>candidate</th>",
        "exact",
        "test-labour v1",
        f'href="/entities/{LIST_NAME_KEY}?version=1"',
        "Named as an agency that dispatched workers to Russia.",
    ):
        assert text in page, text
    only = officer_client.get(f"/jobs/{job_id}?show=matches").get_data(as_text=True)
    assert "Jane Doe" not in only


def test_progress_endpoint_reports_counts(officer_client: FlaskClient, db: Any) -> None:
    job_id = make_job(db, names=["a", "b", "c"], matched={1})
    body = officer_client.get(f"/jobs/{job_id}/progress").get_json()
    assert body["done"] is True
    assert body["progress"] == 1.0
    assert body["counts"] == {"items": 3, "processed": 3, "potential_matches": 1, "clear": 2}
    assert officer_client.get("/jobs/nope/progress").status_code == 404


def test_jobs_list_is_newest_first_and_paginated(officer_client: FlaskClient, db: Any) -> None:
    from datetime import UTC, datetime, timedelta

    start = datetime(2024, 1, 1, tzinfo=UTC)
    ids = [make_job(db, names=[f"n{i}"], created_at=start + timedelta(days=i)) for i in range(27)]
    first = officer_client.get("/jobs").get_data(as_text=True)
    assert first.index(ids[26][:8]) < first.index(ids[25][:8])
    assert ids[0][:8] not in first
    assert "Page 1 of 2" in first
    second = officer_client.get("/jobs?page=2").get_data(as_text=True)
    assert ids[0][:8] in second


def _match_id(db: Any, job_id: str) -> int:
    with db.session() as session:
        match_id = session.scalar(
            select(MatchResult.id).join(ScreeningItem).where(ScreeningItem.job_id == job_id)
        )
    assert match_id is not None
    return int(match_id)


# Since issue 12 the per-match disposition is a proposal on the match's alert: the
# form still posts here, and the officer lands on the alert page. (tests/web/test_alerts.py
# covers the alert pages themselves.)
def test_disposition_requires_a_reason(
    officer_client: FlaskClient, db: Any, watchlist: str
) -> None:
    match_id = _match_id(db, make_job(db, names=["Rungra 888"]))
    response = post_form(
        officer_client,
        f"/matches/{match_id}/disposition",
        {"disposition": "false_positive", "comment": "  "},
    )
    assert response.status_code == 400
    assert "A reason is required" in response.get_data(as_text=True)
    bad = post_form(
        officer_client,
        f"/matches/{match_id}/disposition",
        {"disposition": "maybe", "comment": "x"},
    )
    assert bad.status_code == 400
    with db.session() as session:
        match = session.get(MatchResult, match_id)
        assert match is not None and match.disposition == "open"
        actions = session.scalars(select(AuditEvent.action)).all()
    assert "alert.decision_proposed" not in actions


def test_disposition_proposes_on_the_alert_and_is_audited(
    officer_client: FlaskClient, db: Any, watchlist: str
) -> None:
    job_id = make_job(db, names=["Rungra 888"])
    match_id = _match_id(db, job_id)
    response = post_form(
        officer_client,
        f"/matches/{match_id}/disposition",
        {"disposition": "true_match", "comment": "Same agency, same address."},
    )
    assert response.status_code == 302
    with db.session() as session:
        match = session.get(MatchResult, match_id)
        assert match is not None and match.alert_id is not None
        assert match.review_status == "proposed"
        event = session.scalar(
            select(AuditEvent).where(AuditEvent.action == "alert.decision_proposed")
        )
        assert event is not None
        assert (event.actor, event.object_id) == ("olga", str(match.alert_id))
        assert (event.payload["decision"], event.payload["reason"]) == (
            "true_match",
            "Same agency, same address.",
        )
    assert response.headers["Location"] == f"/alerts/{match.alert_id}"
    page = officer_client.get(f"/jobs/{job_id}/items/0").get_data(as_text=True)
    assert f"Alert #{match.alert_id}" in page and "proposed" in page
    alert_page = officer_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Same agency, same address." in alert_page and " UTC" in alert_page


def test_auditor_cannot_dispose_a_match(auditor_client: FlaskClient, db: Any) -> None:
    match_id = _match_id(db, make_job(db, names=["Rungra 888"]))
    response = post_form(
        auditor_client,
        f"/matches/{match_id}/disposition",
        {"disposition": "false_positive", "comment": "no"},
    )
    assert response.status_code == 403
    page = auditor_client.get(f"/jobs/{_job_of(db, match_id)}").get_data(as_text=True)
    assert "Reason (required)" not in page


def _job_of(db: Any, match_id: int) -> str:
    with db.session() as session:
        match = session.get(MatchResult, match_id)
        assert match is not None
        return match.item.job_id


def test_the_job_page_shows_where_its_webhook_delivery_stands(
    officer_client: FlaskClient, watchlist: str, db: Any, app: Flask
) -> None:
    from screening.webhooks import deliver
    from tests.services.test_webhook_delivery import finished_job
    from tests.test_api import Receiver

    settings = app.config["SETTINGS"]
    failing = Receiver(fail_first=5)
    try:
        job_id = finished_job(db, settings, failing.url)
        deliver(db, job_id, 1, settings)
    finally:
        failing.server.shutdown()
    page = officer_client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert 'id="job-webhook"' in page
    assert "retrying" in page and "last answer HTTP 500" in page and failing.url in page


def test_quick_screen_stores_country_type_and_birth_date(
    officer_client: FlaskClient, watchlist: str, db: Any
) -> None:
    form = {"name": "Kim Chol", "type": "person", "country": "KP", "birth_date": "1970-03"}
    response = post_form(officer_client, "/screen", form)
    assert response.status_code == 302
    job_id = response.headers["Location"].rsplit("/", 1)[-1]
    with db.session() as session:
        item = session.scalars(select(ScreeningItem).where(ScreeningItem.job_id == job_id)).one()
        assert (item.type, item.country, item.birth_date) == ("person", "KP", "1970-03")


def test_quick_screen_with_a_malformed_birth_date_is_a_form_error(
    officer_client: FlaskClient, watchlist: str
) -> None:
    response = post_form(officer_client, "/screen", {"name": "Kim Chol", "birth_date": "03/1970"})
    assert response.status_code == 400
    assert "birth_date" in response.get_data(as_text=True)


def test_quick_screen_stores_identifiers(
    officer_client: FlaskClient, watchlist: str, db: Any
) -> None:
    form = {"name": "Chon Myong 1", "type": "vessel", "identifiers": "IMO:8712362; inn: 7701234567"}
    response = post_form(officer_client, "/screen", form)
    assert response.status_code == 302
    job_id = response.headers["Location"].rsplit("/", 1)[-1]
    with db.session() as session:
        item = session.scalars(select(ScreeningItem).where(ScreeningItem.job_id == job_id)).one()
        assert item.type == "vessel"
        assert item.identifiers == [
            {"type": "imo", "value": "8712362"},
            {"type": "inn", "value": "7701234567"},
        ]
    page = officer_client.get(f"/jobs/{job_id}/items/0").get_data(as_text=True)
    assert "imo 8712362" in page


@pytest.mark.parametrize(
    ("identifiers", "expected"),
    [
        ("8712362", "is not TYPE:VALUE"),  # no type
        ("imo:", "is not TYPE:VALUE"),  # no value
        ("ssn:123-45-6789", "identifier type must be one of"),  # a type the service does not know
        ("imo:87123", "IMO must be 7 digits"),
    ],
)
def test_quick_screen_with_a_malformed_identifier_is_a_form_error(
    officer_client: FlaskClient, watchlist: str, identifiers: str, expected: str
) -> None:
    form = {"name": "Chon Myong 1", "identifiers": identifiers}
    response = post_form(officer_client, "/screen", form)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert expected in page
    assert f'value="{identifiers}"' in page  # the form comes back as it was filled in


def test_batch_upload_carries_birth_dates_and_identifiers(
    officer_client: FlaskClient, watchlist: str, worker: Any, db: Any
) -> None:
    content = (
        "name,type,birth_date,identifiers\n"
        "Kim Chol Ho,person,1962-04,\n"
        "Chon Myong 1,vessel,,imo:8712362;inn:7701234567\n"
    )
    response = _upload(officer_client, content.encode("utf-8"))
    assert response.status_code == 302
    job_id = response.headers["Location"].rsplit("/", 1)[-1]
    with db.session() as session:
        items = session.scalars(
            select(ScreeningItem).where(ScreeningItem.job_id == job_id).order_by("position")
        ).all()
        assert [(i.birth_date, i.identifiers or []) for i in items] == [
            ("1962-04", []),
            (None, [{"type": "imo", "value": "8712362"}, {"type": "inn", "value": "7701234567"}]),
        ]
    wait_for(lambda: officer_client.get(f"/jobs/{job_id}/progress").get_json()["done"])


def test_batch_upload_with_a_malformed_identifier_names_the_line(
    officer_client: FlaskClient, watchlist: str
) -> None:
    content = b"name,identifiers\nRungra 888,imo:8712362\nChon Myong 1,8712362\n"
    response = _upload(officer_client, content)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "line 3:" in page and "is not TYPE:VALUE" in page
