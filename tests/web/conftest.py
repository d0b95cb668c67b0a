"""Fixtures for the web pages: an app with the pages registered, users, a small list."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest
from flask.testing import FlaskClient

from watchlists.records import EntityRecord, NameRecord, RelationRecord, SourceRecord

PASSWORD = "correct horse battery"
LIST_NAME = "test-labour"


@dataclass(frozen=True)
class Accounts:
    admin: str = "ada"
    officer: str = "olga"
    auditor: str = "audrey"


@pytest.fixture()
def accounts(db: Any) -> Accounts:
    from screening.accounts.users import create_user

    names = Accounts()
    with db.session() as session:
        create_user(session, names.admin, "admin", PASSWORD)
        create_user(session, names.officer, "officer", PASSWORD)
        create_user(session, names.auditor, "auditor", PASSWORD)
    return names


def csrf_token(client: FlaskClient) -> str:
    """The session's CSRF token, read from a rendered form."""
    page = client.get("/login").get_data(as_text=True)
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, "no CSRF field on the login page"
    return found.group(1)


def login(client: FlaskClient, username: str, password: str = PASSWORD) -> Any:
    return client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": csrf_token(client)},
    )


def post_form(client: FlaskClient, url: str, data: dict[str, Any], **kwargs: Any) -> Any:
    """POST a form with the session's CSRF token, as the browser would."""
    return client.post(url, data={**data, "csrf_token": csrf_token(client)}, **kwargs)


@pytest.fixture()
def officer_client(client: FlaskClient, accounts: Accounts) -> FlaskClient:
    assert login(client, accounts.officer).status_code == 302
    return client


@pytest.fixture()
def auditor_client(client: FlaskClient, accounts: Accounts) -> FlaskClient:
    assert login(client, accounts.auditor).status_code == 302
    return client


def list_records() -> list[EntityRecord]:
    """A small list with an alias in Cyrillic, provenance, relations and an unnamed entity."""
    return [
        EntityRecord(
            source_id="rungra",
            schema="company",
            category="recruitment_agency",
            names=[
                NameRecord("Rungra 888 General Trading", "primary", "en", "Latn"),
                NameRecord("Рунгра 888", "alias", "ru", "Cyrl"),
                NameRecord("능라888", "alias", "ko", "Hang"),
            ],
            countries=["kp", "ru"],
            programs=["DPRK-LABOUR"],
            addresses=["Pyongyang"],
            notes="Sends workers abroad.",
            sources=[
                SourceRecord(
                    document="Panel of Experts report S/2019/171",
                    publisher="UN Security Council",
                    title="Final report of the Panel of Experts",
                    date="2019-03-05",
                    claim="Named as an agency that dispatched workers to Russia.",
                )
            ],
            relations=[RelationRecord("operated_by", "ministry", "Runs under the ministry.")],
        ),
        EntityRecord(
            source_id="ministry",
            schema="public_body",
            category="state_bureau",
            names=[NameRecord("Ministry of External Economic Relations", "primary", "en", "Latn")],
            countries=["kp"],
            sources=[
                SourceRecord(
                    document="Treasury press release",
                    publisher="US Treasury",
                    date="2018-08-03",
                    claim="Oversees the dispatch of workers.",
                )
            ],
        ),
        EntityRecord(
            source_id="unnamed-broker",
            schema="organization",
            category="student_visa_intermediary",
            names=[],
            countries=["ru"],
            properties={"label": "Unnamed visa intermediary in Vladivostok"},
            relations=[RelationRecord("affiliated_with", "rungra")],
        ),
        EntityRecord(
            source_id="kim",
            schema="person",
            category="official",
            names=[NameRecord("Kim Chol Ho", "primary", "en", "Latn")],
            countries=["kp"],
        ),
    ]


@pytest.fixture()
def watchlist(db: Any) -> str:
    from watchlists.store import import_records

    with db.session() as session:
        import_records(
            session,
            list_name=LIST_NAME,
            source_format="test",
            records=list_records(),
            source_hash="hash-1",
            source_files=["test.yaml"],
            imported_by="tester",
            title="Test labour list",
        )
    return LIST_NAME


def make_job(
    db: Any,
    *,
    names: list[str],
    created_at: datetime | None = None,
    submitted_by: str = "olga",
    explanation: dict[str, Any] | None = None,
    matched: set[int] | None = None,
) -> str:
    """A finished job stored directly (no worker): names at ``matched`` positions have a match."""
    import uuid

    from screening.models import MatchResult, ScreeningItem, ScreeningJob

    matched = {0} if matched is None else matched
    job_id = str(uuid.uuid4())
    with db.session() as session:
        job = ScreeningJob(
            id=job_id,
            channel="web",
            submitted_by=submitted_by,
            status="completed",
            threshold=0.8,
            algorithm_version="test-1",
            list_versions={LIST_NAME: 1},
            item_count=len(names),
            processed_count=len(names),
            match_count=len(matched),
        )
        if created_at is not None:
            job.created_at = created_at
        session.add(job)
        session.flush()
        for position, name in enumerate(names):
            item = ScreeningItem(
                job_id=job_id,
                position=position,
                name=name,
                normalized_name=name.lower(),
                type="any",
                reference=f"ref-{position}",
                status="done",
                outcome="potential_match" if position in matched else "clear",
                top_score=0.93 if position in matched else None,
            )
            session.add(item)
            session.flush()
            if position in matched:
                session.add(
                    MatchResult(
                        item_id=item.id,
                        list_name=LIST_NAME,
                        list_version=1,
                        entity_key=f"{LIST_NAME}:rungra",
                        source_id="rungra",
                        entity_name="Rungra 888 General Trading",
                        matched_name="Рунгра 888",
                        score=0.93,
                        explanation=explanation or {"score": 0.93, "method": "test"},
                    )
                )
    return job_id
