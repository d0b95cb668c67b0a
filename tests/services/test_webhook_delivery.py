"""Webhooks that survive a receiver's bad day: a delivery id, retries over a window,
each attempt made once, overdue attempts re-sent, redelivery on request."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from foundation.audit import AuditEvent
from foundation.db import utcnow
from foundation.queue import TaskName
from foundation.settings import Settings
from screening.accounts.apikeys import create_key
from screening.jobs.inputs import ItemInput
from screening.jobs.reconcile import reconcile
from screening.jobs.reports import job_summary
from screening.jobs.submit import Submission, screen_now
from screening.models import Channel, ScreeningJob, WebhookDelivery, WebhookEvent
from screening.webhooks import (
    DELIVERY_HEADER,
    RedeliveryRefused,
    backoff_seconds,
    deliver,
    deliver_event,
    request_redelivery,
)
from tests.services.conftest import InMemoryQueue
from tests.test_api import Receiver


@pytest.fixture()
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.server.shutdown()


def finished_job(db: Any, settings: Settings, callback_url: str | None) -> str:
    """A completed job of an API key, with this callback URL."""
    with db.session() as session:
        key, _ = create_key(session, "ERP", ["screen"], actor="tests")
        key_id = key.id
    with db.session() as session:
        submission = Submission(
            items=[ItemInput(name="Air Koryo")],
            channel=Channel.API,
            submitted_by="api-key:ERP",
            api_key_id=key_id,
            callback_url=callback_url,
        )
        return screen_now(session, settings, submission, 10).id


def summary_of(db: Any, job_id: str) -> dict[str, Any]:
    with db.session() as session:
        job = session.get(ScreeningJob, job_id)
        assert job is not None
        return job_summary(job)


def test_a_job_callback_carries_one_delivery_id_through_its_retries(
    db: Any, small_list: str, settings: Settings
) -> None:
    failing = Receiver(fail_first=1)
    try:
        job_id = finished_job(db, settings, failing.url)
        assert deliver(db, job_id, 1, settings) == (False, backoff_seconds(1))
        assert summary_of(db, job_id)["webhook"]["status"] == "retrying"
        assert deliver(db, job_id, 2, settings) == (True, None)
    finally:
        failing.server.shutdown()
    ids = [headers[DELIVERY_HEADER] for headers, _body in failing.calls]
    assert len(ids) == 2 and ids[0] == ids[1], "retries keep the delivery id"
    webhook = summary_of(db, job_id)["webhook"]
    assert webhook["status"] == "delivered"
    assert (webhook["delivery_id"], webhook["attempts"], webhook["last_status_code"]) == (
        ids[0],
        2,
        204,
    )


def test_an_attempt_is_made_once_even_when_its_task_runs_twice(
    db: Any, small_list: str, settings: Settings, receiver: Receiver
) -> None:
    job_id = finished_job(db, settings, receiver.url)
    assert deliver(db, job_id, 1, settings) == (True, None)
    assert deliver(db, job_id, 1, settings) == (False, None)
    assert deliver(db, job_id, 2, settings) == (False, None)
    assert len(receiver.calls) == 1


def test_retries_go_on_over_the_retry_window_then_stop(
    db: Any, small_list: str, settings: Settings
) -> None:
    assert settings.webhook_retry_window_seconds >= 24 * 3600, "at least a day by default"
    assert settings.webhook_max_attempts * settings.webhook_max_backoff_seconds >= 24 * 3600
    refusing = Receiver(fail_first=100)
    try:
        job_id = finished_job(db, settings, refusing.url)
        # Early attempts back off exponentially, then at most the cap apart.
        delays = [deliver(db, job_id, n, settings)[1] for n in (1, 2, 3)]
        assert delays == [2, 4, 8]
        assert backoff_seconds(20, settings.webhook_max_backoff_seconds) == 3600
        # A day later the window has passed: the next failure is the last.
        with db.session() as session:
            session.execute(
                update(WebhookEvent)
                .where(WebhookEvent.job_id == job_id)
                .values(window_started_at=utcnow() - timedelta(hours=24, seconds=1))
            )
        assert deliver(db, job_id, 4, settings) == (False, None)
    finally:
        refusing.server.shutdown()
    webhook = summary_of(db, job_id)["webhook"]
    assert webhook["status"] == "failed" and webhook["attempts"] == 4
    assert webhook["last_status_code"] == 500 and webhook["next_attempt_at"] is None


def test_the_retry_window_is_a_setting(db: Any, small_list: str, settings: Settings) -> None:
    short = dataclasses.replace(settings, webhook_retry_window_seconds=60, webhook_max_attempts=3)
    refusing = Receiver(fail_first=100)
    try:
        job_id = finished_job(db, short, refusing.url)
        assert [deliver(db, job_id, n, short)[1] for n in (1, 2, 3)] == [2, 4, None]
    finally:
        refusing.server.shutdown()
    assert summary_of(db, job_id)["webhook"]["status"] == "failed"


def test_a_lost_retry_is_sent_again_by_the_reconciler(
    db: Any, small_list: str, settings: Settings
) -> None:
    settings = dataclasses.replace(settings, stuck_job_seconds=60)
    refusing = Receiver(fail_first=100)
    try:
        job_id = finished_job(db, settings, refusing.url)
        deliver(db, job_id, 1, settings)
    finally:
        refusing.server.shutdown()
    with db.session() as session:
        event = session.scalar(select(WebhookEvent).where(WebhookEvent.job_id == job_id))
        assert event is not None
        event_id = event.id
        # Its retry was due five minutes ago, and the broker lost the task.
        event.next_attempt_at = utcnow() - timedelta(minutes=5)
    queue = InMemoryQueue()
    with db.session() as session:
        assert reconcile(session, queue, settings) == 1
    assert queue.sent[0][:2] == (TaskName.DELIVER_EVENT, (event_id, 2))


def test_redelivery_sends_a_delivered_callback_again_with_the_same_id(
    db: Any, small_list: str, settings: Settings, receiver: Receiver
) -> None:
    job_id = finished_job(db, settings, receiver.url)
    assert deliver(db, job_id, 1, settings) == (True, None)
    with db.session() as session:
        job = session.get(ScreeningJob, job_id)
        assert job is not None
        event, attempt = request_redelivery(session, job, actor="api-key:ERP", channel="api")
        assert (attempt, event.status.value) == (2, "retrying")
    assert deliver(db, job_id, attempt, settings) == (True, None)
    assert len(receiver.calls) == 2
    assert receiver.calls[0][0][DELIVERY_HEADER] == receiver.calls[1][0][DELIVERY_HEADER]
    with db.session() as session:
        attempts = session.scalars(
            select(WebhookDelivery.attempt).where(WebhookDelivery.job_id == job_id)
        ).all()
        audited = session.scalars(
            select(AuditEvent.action).where(AuditEvent.object_id == job_id)
        ).all()
    assert sorted(attempts) == [1, 2]
    assert "webhook.redelivery_requested" in audited


def test_redelivery_needs_a_callback_url(db: Any, small_list: str, settings: Settings) -> None:
    job_id = finished_job(db, settings, None)
    with db.session() as session:
        job = session.get(ScreeningJob, job_id)
        with pytest.raises(RedeliveryRefused, match="no callback_url"):
            request_redelivery(session, job, actor="tests", channel="api")  # type: ignore[arg-type]


def test_a_key_event_is_retried_the_same_way(db: Any, small_list: str, settings: Settings) -> None:
    from screening.webhooks import emit_event

    failing = Receiver(fail_first=1)
    try:
        with db.session() as session:
            key, _ = create_key(
                session,
                "ERP",
                ["screen"],
                actor="tests",
                webhook_url=failing.url,
                settings=settings,
            )
            event = emit_event(session, key.id, "counterparty.blocked", {"reference": "V-1"})
            assert event is not None
            event_id = event.id
        assert deliver_event(db, event_id, 1, settings) == (False, 2)
        assert deliver_event(db, event_id, 2, settings) == (True, None)
    finally:
        failing.server.shutdown()
    assert [h[DELIVERY_HEADER] for h, _ in failing.calls] == [event_id, event_id]
