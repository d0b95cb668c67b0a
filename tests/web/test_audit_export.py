"""The auditor's screening log: CSV and JSON Lines for a date range, and the chain check."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import delete, select, update

from foundation.audit import AuditEvent, ChainHead, chain_head, seal_events
from foundation.audit.exports import HEAD_MARKER
from screening.jobs.integrity import verify_audit
from screening.models import MatchResult
from tests.web.conftest import make_job, post_form


def _jobs_across_days(db: Any) -> dict[str, str]:
    """Jobs just before, at both ends of, and just after 2024-03-01..2024-03-02."""
    before = datetime(2024, 2, 28, 23, 59, tzinfo=UTC)
    first = datetime(2024, 3, 1, 0, 0, tzinfo=UTC)
    last = datetime(2024, 3, 2, 23, 59, tzinfo=UTC)
    after = datetime(2024, 3, 3, 0, 0, tzinfo=UTC)
    return {
        "before": make_job(db, names=["Old Name"], created_at=before),
        "first": make_job(db, names=["=Rungra 888", "Jane Doe"], created_at=first),
        "last": make_job(db, names=["Kim Chol Ho"], matched=set(), created_at=last),
        "after": make_job(db, names=["New Name"], created_at=after),
    }


def test_jsonl_export_holds_one_row_per_item_in_the_range(
    auditor_client: FlaskClient, db: Any, watchlist: str
) -> None:
    jobs = _jobs_across_days(db)
    with db.session() as session:
        session.execute(
            update(MatchResult).values(
                disposition="false_positive", disposed_by="olga", disposition_comment="Other firm."
            )
        )
    response = auditor_client.get("/audit/screening-log.jsonl?from=2024-03-01&to=2024-03-02")
    assert response.status_code == 200
    assert response.is_streamed
    assert response.mimetype == "application/x-ndjson"
    assert "attachment" in response.headers["Content-Disposition"]
    lines = response.get_data(as_text=True).splitlines()
    rows = [json.loads(line) for line in lines[:-1]]
    assert set(json.loads(lines[-1])) == {"audit_head"}  # the file ends with the chain head
    assert [(r["job_id"], r["name"]) for r in rows] == [
        (jobs["first"], "=Rungra 888"),
        (jobs["first"], "Jane Doe"),
        (jobs["last"], "Kim Chol Ho"),
    ]
    first = rows[0]
    assert first["channel"] == "web"
    assert first["submitted_by"] == "olga"
    assert first["submitted_at"].startswith("2024-03-01T00:00:00")
    assert first["normalized_name"] == "=rungra 888"
    assert first["reference"] == "ref-0"
    assert first["list_versions"] == {"test-labour": 1}
    assert first["algorithm_version"] == "test-1"
    assert first["threshold"] == 0.8
    assert first["outcome"] == "potential_match"
    assert first["top_score"] == 0.93
    # The log carries each match as the API shows it (explanation included), so
    # it holds at least these fields.
    expected = {
        "entity_id": "test-labour:rungra",
        "list": "test-labour",
        "list_version": 1,
        "matched_name": "Рунгра 888",
        "score": 0.93,
        "disposition": "false_positive",
        "disposed_by": "olga",
        "disposed_at": None,
        "comment": "Other firm.",
    }
    assert (first["matches"][0] | {"disposed_at": None}).items() >= expected.items()
    assert rows[2]["outcome"] == "clear" and rows[2]["matches"] == []


def test_csv_export_has_the_same_rows_and_defuses_formulas(
    auditor_client: FlaskClient, db: Any, watchlist: str
) -> None:
    jobs = _jobs_across_days(db)
    response = auditor_client.get("/audit/screening-log.csv?from=2024-03-01&to=2024-03-02")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.data.startswith(b"\xef\xbb\xbf"), "a BOM, so spreadsheets read UTF-8"
    assert response.headers["Cache-Control"] == "no-store"
    *rows, head = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert head["job_id"] == "#audit_head"
    assert [r["job_id"] for r in rows] == [jobs["first"], jobs["first"], jobs["last"]]
    assert rows[0]["name"] == "'=Rungra 888"
    assert json.loads(rows[0]["list_versions"]) == {"test-labour": 1}
    assert json.loads(rows[0]["matches"])[0]["entity_id"] == "test-labour:rungra"
    assert rows[2]["top_score"] == ""


def test_empty_range_gives_the_header_and_the_head_only(
    auditor_client: FlaskClient, db: Any
) -> None:
    response = auditor_client.get("/audit/screening-log.csv?from=2030-01-01&to=2030-01-02")
    lines = response.data.decode("utf-8-sig").splitlines()
    assert len(lines) == 2 and lines[0].startswith("job_id,channel,submitted_by")
    assert lines[1].startswith("#audit_head,seq=")


def test_each_download_is_audited(auditor_client: FlaskClient, db: Any) -> None:
    auditor_client.get("/audit/screening-log.jsonl?from=2024-03-01&to=2024-03-02")
    with db.session() as session:
        event = session.scalar(select(AuditEvent).where(AuditEvent.action == "audit.export"))
    assert event is not None
    assert event.actor == "audrey"
    assert event.payload == {"format": "jsonl", "from": "2024-03-01", "to": "2024-03-02"}


def test_bad_dates_are_form_errors(auditor_client: FlaskClient, db: Any) -> None:
    for query, message in (
        ("from=2024-13-01&to=2024-03-02", "is not a date; use YYYY-MM-DD"),
        ("from=yesterday&to=2024-03-02", "is not a date"),
        ("from=2024-03-05&to=2024-03-02", "is after the to date"),
    ):
        for url in ("/audit", "/audit/screening-log.csv"):
            response = auditor_client.get(f"{url}?{query}")
            assert response.status_code == 400, url
            assert message in response.get_data(as_text=True)
    assert auditor_client.get("/audit/screening-log.xml").status_code == 404
    with db.session() as session:
        assert session.scalar(select(AuditEvent).where(AuditEvent.action == "audit.export")) is None


def test_audit_page_reports_the_chain(auditor_client: FlaskClient, db: Any) -> None:
    seal_events(db)
    page = auditor_client.get("/audit").get_data(as_text=True)
    assert "Verified: all" in page
    assert "screening-log.csv?from=" in page
    with db.session() as session:
        head = chain_head(session)
    assert f"Chain head: <code>{head.seq}:{head.hash}</code>" in page
    with db.session() as session:
        session.execute(update(AuditEvent).where(AuditEvent.seq == 1).values(actor="mallory"))
    broken = auditor_client.get("/audit").get_data(as_text=True)
    assert "Broken at event 1" in broken


def test_admin_may_export_but_posting_is_not_an_export(
    client: FlaskClient, accounts: Any, db: Any
) -> None:
    from tests.web.conftest import login

    login(client, accounts.admin)
    assert client.get("/audit/screening-log.csv?from=2024-03-01&to=2024-03-01").status_code == 200
    assert post_form(client, "/audit", {}).status_code == 405


def _head_of(response: Any, fmt: str) -> dict[str, Any]:
    """The head statement a download ends with."""
    last = response.get_data(as_text=True).splitlines()[-1]
    if fmt == "jsonl":
        head: dict[str, Any] = json.loads(last)["audit_head"]
        return head
    marker, *cells = next(csv.reader([last]))
    assert marker == HEAD_MARKER
    return dict(cell.split("=", 1) for cell in cells)


def test_each_export_states_the_keyed_head_that_includes_its_own_event(
    auditor_client: FlaskClient, app: Any, db: Any, watchlist: str
) -> None:
    _jobs_across_days(db)
    settings = app.extensions["runtime"].settings
    for fmt in ("jsonl", "csv"):
        response = auditor_client.get(f"/audit/screening-log.{fmt}?from=2024-03-01&to=2024-03-02")
        stated = _head_of(response, fmt)
        head = ChainHead(int(stated["seq"]), stated["hash"])
        assert response.headers["X-Audit-Head"] == str(head)
        assert response.headers["X-Audit-Head-HMAC"] == stated["hmac"]
        with db.session() as session:
            assert chain_head(session) == head  # sealed up to and including the export itself
            last = session.scalar(select(AuditEvent).where(AuditEvent.seq == head.seq))
        assert last is not None and last.action == "audit.export"
        # (make_job stores results directly, with no results.stored event to check them by.)
        report = verify_audit(
            db, settings, expect_head=head, head_hmac=stated["hmac"], check_results=False
        )
        assert report.ok, report
    # Removing the newest events (the last export's, say) is caught against the stated head.
    with db.session() as session:
        session.execute(delete(AuditEvent).where(AuditEvent.seq >= head.seq - 1))
    report = verify_audit(
        db, settings, expect_head=head, head_hmac=stated["hmac"], check_results=False
    )
    assert report.chain.ok  # the chain alone cannot tell
    assert not report.ok and "were removed" in (report.head_problem or "")
