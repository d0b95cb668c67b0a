"""The job services: submit, screen now, process a chunk, close, reconcile."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import event, func, select, update

from foundation.audit import AuditEvent
from foundation.db import utcnow
from foundation.queue import TaskName
from foundation.settings import Settings
from screening.accounts.apikeys import create_key
from screening.alerts.models import Alert
from screening.indexes import UnknownList
from screening.jobs.inputs import ItemInput, JobInputError
from screening.jobs.lifecycle import fail_job
from screening.jobs.process import process_chunk
from screening.jobs.reconcile import reconcile
from screening.jobs.reports import item_result, job_report
from screening.jobs.submit import (
    IdempotencyConflict,
    Submission,
    create_job,
    screen_now,
    submit_job,
)
from screening.models import (
    Channel,
    ItemStatus,
    JobStatus,
    MatchResult,
    ScreeningItem,
    ScreeningJob,
    WebhookDelivery,
)
from tests.services.conftest import InMemoryQueue

NAMES = ["Air Koryo", "Siemens AG", "Rungra-888 Trading", "김정은", "Jane Doe"]


def _submission(names: list[str] = NAMES, **extra: Any) -> Submission:
    return Submission(
        items=[ItemInput(name=n) for n in names],
        channel=Channel.API,
        submitted_by="tests",
        **extra,
    )


def _count(session: Any, model: Any, *where: Any) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def test_job_is_committed_before_its_first_chunk_is_sent(
    db: Any, small_list: str, settings: Settings
) -> None:
    seen_in_database: list[int] = []

    def check(task: Any, args: tuple[Any, ...]) -> None:
        # A separate connection sees only what was committed.
        with db.session() as other:
            seen_in_database.append(_count(other, ScreeningItem, ScreeningItem.job_id == args[0]))

    queue = InMemoryQueue(on_send=check)
    settings = dataclasses.replace(settings, chunk_size=2)
    with db.session() as session:
        done = submit_job(session, queue, settings, _submission(), limit=100)
    assert [(task, args) for task, args, _ in queue.sent] == [
        (TaskName.SCREEN_CHUNK, (done.job.id, 0, 2)),
        (TaskName.SCREEN_CHUNK, (done.job.id, 2, 4)),
        (TaskName.SCREEN_CHUNK, (done.job.id, 4, 5)),
    ]
    assert seen_in_database == [5, 5, 5]
    with db.session() as session:
        job = session.get(ScreeningJob, done.job.id)
        assert job is not None and job.enqueued_at is not None
        assert job.status == JobStatus.QUEUED


def test_a_dead_broker_leaves_the_job_queued_for_the_reconciler(
    db: Any, small_list: str, settings: Settings
) -> None:
    def broker_down(_task: Any, _args: Any) -> None:
        raise ConnectionError("broker unreachable")

    with db.session() as session:
        done = submit_job(session, InMemoryQueue(broker_down), settings, _submission(), 100)
    with db.session() as session:
        job = session.get(ScreeningJob, done.job.id)
        assert job is not None and job.enqueued_at is None and job.item_count == 5
    # The reconciler sends a job that was never enqueued at once.
    queue = InMemoryQueue()
    with db.session() as session:
        assert reconcile(session, queue, settings) == 1
    assert queue.sent[0][:2] == (TaskName.SCREEN_CHUNK, (done.job.id, 0, 5))


def test_same_idempotency_key_and_body_replays_the_job_and_another_body_conflicts(
    db: Any, small_list: str, settings: Settings, queue: InMemoryQueue
) -> None:
    key = {"api_key_id": None, "idempotency_key": "run-1", "request_hash": "a" * 64}
    with db.session() as session:
        api_key, _ = create_key(session, "ERP", ["screen"], actor="tests")
        key["api_key_id"] = api_key.id
    with db.session() as session:
        first = submit_job(session, queue, settings, _submission(**key), 100)
    with db.session() as session:
        again = submit_job(session, queue, settings, _submission(**key), 100)
    assert again.replayed and again.job.id == first.job.id
    assert len(queue.sent) == 1  # the replay sends nothing
    with (
        db.session() as session,
        pytest.raises(IdempotencyConflict) as conflict,
    ):
        submit_job(session, queue, settings, _submission(**{**key, "request_hash": "b" * 64}), 100)
    assert conflict.value.job_id == first.job.id


def test_invalid_items_are_refused_with_every_problem_and_nothing_is_stored(
    db: Any, small_list: str, settings: Settings, queue: InMemoryQueue
) -> None:
    bad = Submission(
        items=[ItemInput(name=""), ItemInput(name="ok"), ItemInput(name="x\x00y", type="ship")],
        channel=Channel.WEB,
        submitted_by="olga",
    )
    with db.session() as session, pytest.raises(JobInputError) as refused:
        submit_job(session, queue, settings, bad, 100)
    assert [(p["item"], p["field"]) for p in refused.value.details] == [
        (0, "name"),
        (2, "name"),
        (2, "type"),
    ]
    with db.session() as session:
        assert _count(session, ScreeningJob) == 0
    assert queue.sent == []


def test_unknown_list_is_refused_before_anything_is_stored(
    db: Any, small_list: str, settings: Settings, queue: InMemoryQueue
) -> None:
    with db.session() as session, pytest.raises(UnknownList, match="nope"):
        submit_job(session, queue, settings, _submission(lists=["nope"]), 100)
    with db.session() as session:
        assert _count(session, ScreeningJob) == 0


def test_screen_now_stores_every_result_and_completes_the_job(
    db: Any, small_list: str, settings: Settings
) -> None:
    with db.session() as session:
        job = screen_now(session, settings, _submission(), limit=10)
        results = [item_result(item) for item in job.items]
    assert job.status == JobStatus.COMPLETED and job.processed_count == 5
    assert results[0]["matches"][0]["entity_id"] == "small:air-koryo"
    assert results[1]["outcome"] == "clear" and results[1]["matches"] == []
    assert results[3]["matches"][0]["entity_id"] == "small:kim-jong-un"
    with db.session() as session:
        actions = session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    # Alert review (issue 12): each of the three potential matches opens an alert
    # in the chunk's transaction, before its results are recorded.
    assert actions[-6:] == [
        "job.submitted",
        *["alert.opened"] * 3,
        "results.stored",
        "job.completed",
    ]


def test_screen_now_writes_a_name_found_again_in_a_fixed_number_of_statements(
    db: Any, small_list: str, settings: Settings
) -> None:
    """The synchronous endpoint's budget: the job, its items, its matches, the alerts
    they join and the job's audit events take a fixed number of statements, whatever
    the number of matches and events (each kind is written in one statement)."""
    if db.is_sqlite:
        pytest.skip("SQLite inserts rows with RETURNING one statement each: PostgreSQL's budget")
    submission = _submission(["Air Koryo", "Kim Jong Un", "Siemens AG"])
    with db.session() as session:
        screen_now(session, settings, submission, limit=10)  # opens the alerts
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement.split()[0] + " " + statement.split()[2])

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        with db.session() as session:
            job = screen_now(session, settings, submission, limit=10)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert job.match_count == 2
    # The active lists; the job and its items (one statement on PostgreSQL), matches;
    # the pairs' clearances and alerts (one); the alerts refreshed, their events and the
    # matches linked (one); the job's 3 audit events.
    assert len(statements) == 6, statements
    assert statements.count("INSERT audit_events") == 1
    with db.session() as session:
        stored = session.scalars(
            select(MatchResult).join(ScreeningItem).where(ScreeningItem.job_id == job.id)
        ).all()
        assert len(stored) == 2
        for match in stored:
            alert = session.get(Alert, match.alert_id)
            assert alert is not None and match.review_status == alert.status == "open"
            assert alert.updated_at > alert.opened_at  # refreshed by the second screening
            kinds = [e.kind for e in alert.events]
            assert kinds == ["raised", "screened"], kinds
    with db.session() as session:
        actions = session.scalars(
            select(AuditEvent.action).where(AuditEvent.object_id == job.id).order_by(AuditEvent.id)
        ).all()
    assert actions == ["job.submitted", "results.stored", "job.completed"]


def test_a_chunk_processed_twice_stores_each_result_once(
    db: Any, small_list: str, settings: Settings
) -> None:
    with db.session() as session:
        job = create_job(session, _submission(), settings)
        job_id = job.id
    for _ in range(2):
        with db.session() as session:
            process_chunk(session, job_id, 0, 5)
    with db.session() as session:
        job = session.get(ScreeningJob, job_id)
        assert job is not None and job.status == JobStatus.COMPLETED
        assert job.processed_count == 5 and job.match_count == 3
        matches = session.scalars(
            select(MatchResult.entity_key)
            .join(ScreeningItem, MatchResult.item_id == ScreeningItem.id)
            .where(ScreeningItem.job_id == job_id)
        ).all()
        assert len(matches) == len(set(matches))
        completed = _count(
            session,
            AuditEvent,
            AuditEvent.action == "job.completed",
            AuditEvent.object_id == job_id,
        )
        assert completed == 1
        report = job_report(session, job)
    assert report["summary"]["outcome"] == "potential_match"
    assert report["summary"]["potential_matches_by_list"] == {"small": 3}


def test_a_failed_job_is_closed_once_and_keeps_what_was_stored(
    db: Any, small_list: str, settings: Settings
) -> None:
    with db.session() as session:
        job_id = create_job(session, _submission(), settings).id
    with db.session() as session:
        process_chunk(session, job_id, 0, 2)
    with db.session() as session:
        assert fail_job(session, job_id, "items 2-4 failed 6 times")
    with db.session() as session:
        assert not fail_job(session, job_id, "again")
        # A late chunk after the failure stores nothing.
        assert process_chunk(session, job_id, 2, 5).processed == 0
        job = session.get(ScreeningJob, job_id)
        assert job is not None and job.status == JobStatus.FAILED
        assert job.processed_count == 2 and job.error == "items 2-4 failed 6 times"


def test_reconciler_resends_only_the_pending_chunks_of_a_stalled_job(
    db: Any, small_list: str, settings: Settings
) -> None:
    settings = dataclasses.replace(settings, chunk_size=2, stuck_job_seconds=60)
    with db.session() as session:
        job_id = create_job(session, _submission(), settings).id
    with db.session() as session:
        process_chunk(session, job_id, 0, 2)
    long_ago = utcnow() - timedelta(minutes=10)
    with db.session() as session:
        session.execute(
            update(ScreeningJob)
            .where(ScreeningJob.id == job_id)
            .values(enqueued_at=long_ago, created_at=long_ago)
        )
        session.execute(
            update(ScreeningItem)
            .where(ScreeningItem.job_id == job_id, ScreeningItem.status == ItemStatus.DONE)
            .values(processed_at=long_ago)
        )
    queue = InMemoryQueue()
    with db.session() as session:
        assert reconcile(session, queue, settings) == 2
    assert [args for _task, args, _ in queue.sent] == [(job_id, 2, 4), (job_id, 4, 5)]
    # Sent just now: not stalled any more.
    with db.session() as session:
        assert reconcile(session, InMemoryQueue(), settings) == 0


def test_reconciler_sends_the_first_webhook_of_a_job_that_finished_without_one(
    db: Any, small_list: str, settings: Settings
) -> None:
    settings = dataclasses.replace(settings, stuck_job_seconds=60)
    with db.session() as session:
        job = screen_now(
            session, settings, _submission(callback_url="https://erp.example.com/h"), 10
        )
        job_id = job.id
        session.execute(
            update(ScreeningJob)
            .where(ScreeningJob.id == job_id)
            .values(finished_at=utcnow() - timedelta(minutes=5))
        )
    queue = InMemoryQueue()
    with db.session() as session:
        assert reconcile(session, queue, settings) == 1
    assert queue.sent[0][:2] == (TaskName.DELIVER_WEBHOOK, (job_id, 1))
    with db.session() as session:
        session.add(WebhookDelivery(job_id=job_id, attempt=1, url="x", delivered=True))
    with db.session() as session:
        assert reconcile(session, InMemoryQueue(), settings) == 0
