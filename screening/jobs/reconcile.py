"""Re-send what a lost message or a dead worker left behind.

A job whose enqueue never succeeded (the broker was down at submission) is sent
at once. Of a job that was sent, a chunk with pending items is sent again when

* its heartbeat went stale: a worker started it and died (see ``heartbeats``);
* it never started and the broker lost its messages (a Redis that restarted
  empty): ``TaskQueue.broker_lost_messages``;
* or, as a last resort, the job made no progress for ``stuck_job_seconds``.

A chunk with a fresh heartbeat is running and is never sent again. A finished
job whose webhook was never attempted gets its first delivery, and so does a
key event never sent; a delivery whose next attempt is overdue (its task was
lost) gets that attempt. Sending twice is harmless: tasks are idempotent, a copy
of a running chunk steps aside, and a delivery attempt is claimed by its number.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from foundation.db import as_utc, utcnow
from foundation.queue import TaskName, TaskQueue
from foundation.settings import Settings
from screening.jobs.heartbeats import chunk_beats
from screening.models import (
    Channel,
    ItemStatus,
    JobStatus,
    ScreeningItem,
    ScreeningJob,
    WebhookDelivery,
    WebhookEvent,
)

log = logging.getLogger(__name__)


def reconcile(session: Session, queue: TaskQueue, settings: Settings) -> int:
    """Send every lost chunk and overdue webhook again; returns the tasks sent. Caller commits."""
    now = utcnow()
    cutoff = now - timedelta(seconds=settings.stuck_job_seconds)
    stale_before = now - timedelta(seconds=settings.heartbeat_timeout_seconds)
    broker_lost = queue.broker_lost_messages()
    if broker_lost:
        log.warning("the broker lost its messages (restarted empty?): sending unstarted chunks")
    sent = 0
    for job in unfinished_jobs(session):
        ranges = lost_chunks(
            session,
            job,
            settings.chunk_size,
            stalled=is_stalled(session, job, cutoff),
            stale_before=stale_before,
            broker_lost=broker_lost,
        )
        for start, end in ranges:
            queue.send(TaskName.SCREEN_CHUNK, job.id, start, end)
            sent += 1
        if ranges:
            job.enqueued_at = utcnow()
    for job_id in unsent_webhooks(session, now, cutoff):
        queue.send(TaskName.DELIVER_WEBHOOK, job_id, 1)
        sent += 1
    for event_id in unsent_events(session, now, cutoff):
        queue.send(TaskName.DELIVER_EVENT, event_id, 1)
        sent += 1
    for event_id, attempt in overdue_deliveries(session, cutoff):
        queue.send(TaskName.DELIVER_EVENT, event_id, attempt)
        sent += 1
    if broker_lost:
        queue.messages_restored()  # only now: a failure above leaves the loss to be seen again
    if sent:
        log.warning("reconciler sent %d task(s) again", sent)
    return sent


def unfinished_jobs(session: Session) -> list[ScreeningJob]:
    """Jobs workers still owe results. CLI jobs run in the command's own process,
    so they are never sent to workers."""
    return list(
        session.scalars(
            select(ScreeningJob).where(
                ScreeningJob.status.in_(JobStatus.unfinished()),
                ScreeningJob.channel != Channel.CLI,
            )
        ).all()
    )


def lost_chunks(
    session: Session,
    job: ScreeningJob,
    chunk_size: int,
    *,
    stalled: bool,
    stale_before: datetime,
    broker_lost: bool,
) -> list[tuple[int, int]]:
    """The pending chunks of a job that nobody is screening and no message will bring back."""
    pending = pending_ranges(session, job, chunk_size)
    if job.enqueued_at is None or not pending:
        return pending  # never sent (or nothing left)
    beats = chunk_beats(session, job.id)
    lost = []
    for start, end in pending:
        beat = beats.get(start)
        if beat is not None and beat >= stale_before:
            continue  # running now
        if beat is not None or broker_lost or stalled:
            lost.append((start, end))
    return lost


def stalled_jobs(session: Session, cutoff: datetime) -> list[ScreeningJob]:
    """Unfinished jobs never enqueued, or without progress since ``cutoff``."""
    return [job for job in unfinished_jobs(session) if is_stalled(session, job, cutoff)]


def is_stalled(session: Session, job: ScreeningJob, cutoff: datetime) -> bool:
    """Never enqueued, or no item stored (and not sent again) since ``cutoff``."""
    if job.enqueued_at is None:
        return True
    last = last_progress(session, job)
    return last is None or last <= cutoff


def unsent_webhooks(session: Session, now: datetime, cutoff: datetime) -> list[str]:
    """Jobs finished in the last day, before ``cutoff``, whose webhook was never attempted."""
    return list(
        session.scalars(
            select(ScreeningJob.id).where(
                ScreeningJob.status.in_(JobStatus.finished()),
                ScreeningJob.callback_url.is_not(None),
                ScreeningJob.finished_at >= now - timedelta(days=1),
                ScreeningJob.finished_at < cutoff,
                ~select(WebhookEvent.id).where(WebhookEvent.job_id == ScreeningJob.id).exists(),
                ~select(WebhookDelivery.id)
                .where(WebhookDelivery.job_id == ScreeningJob.id)
                .exists(),
            )
        ).all()
    )


def overdue_deliveries(session: Session, cutoff: datetime) -> list[tuple[str, int]]:
    """(event id, next attempt number) of deliveries whose next attempt was due before
    ``cutoff``, or whose last attempt started before it and never reported back (its
    worker died): the broker lost their task."""
    rows = session.execute(
        select(WebhookEvent.id, WebhookEvent.attempts).where(
            WebhookEvent.delivered_at.is_(None),
            WebhookEvent.gave_up_at.is_(None),
            WebhookEvent.attempts > 0,
            func.coalesce(WebhookEvent.next_attempt_at, WebhookEvent.last_attempt_at) < cutoff,
        )
    ).all()
    return [(event_id, attempts + 1) for event_id, attempts in rows]


def unsent_events(session: Session, now: datetime, cutoff: datetime) -> list[str]:
    """Key events of the last day, recorded before ``cutoff``, never attempted."""
    return list(
        session.scalars(
            select(WebhookEvent.id).where(
                WebhookEvent.attempts == 0,
                WebhookEvent.delivered_at.is_(None),
                WebhookEvent.gave_up_at.is_(None),
                WebhookEvent.created_at >= now - timedelta(days=1),
                WebhookEvent.created_at < cutoff,
            )
        ).all()
    )


def last_progress(session: Session, job: ScreeningJob) -> datetime | None:
    latest = session.scalar(
        select(func.max(ScreeningItem.processed_at)).where(ScreeningItem.job_id == job.id)
    )
    candidates = [t for t in (latest, job.enqueued_at, job.created_at) if t is not None]
    return max((as_utc(t) for t in candidates), default=None)


def pending_ranges(session: Session, job: ScreeningJob, chunk_size: int) -> list[tuple[int, int]]:
    """Chunks of a job that still hold pending items."""
    positions = session.scalars(
        select(ScreeningItem.position).where(
            ScreeningItem.job_id == job.id, ScreeningItem.status == ItemStatus.PENDING
        )
    ).all()
    starts = sorted({p - p % chunk_size for p in positions})
    return [(s, min(s + chunk_size, job.item_count)) for s in starts]
