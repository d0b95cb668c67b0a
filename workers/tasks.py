"""Celery tasks. Each one loads what it needs by id and is safe to run twice."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from celery import shared_task
from celery.signals import worker_init
from flask import current_app
from sqlalchemy import select

from screening.context import get_database, get_settings
from screening.db import as_utc, utcnow

log = logging.getLogger(__name__)


@shared_task(name="workers.tasks.screen_chunk", bind=True, max_retries=5)
def screen_chunk(self: Any, job_id: str, start: int, end: int) -> dict[str, float]:
    """Screen items [start, end) of a job and store their results."""
    from screening.jobs import mark_running, process_chunk

    database = get_database()
    try:
        # Its own short transaction: the job shows as running while the matcher works.
        with database.session() as session:
            mark_running(session, job_id)
        with database.session() as session:
            outcome = process_chunk(
                session, job_id, start, end, index_cache_dir=get_settings().instance_path / "index"
            )
    except Exception as exc:
        # Transient database trouble (lock timeouts, a lost connection) is retried;
        # items already stored are skipped on the retry.
        log.exception("chunk %s[%d:%d] failed", job_id, start, end)
        if self.request.retries >= self.max_retries:
            # Out of retries: say so on the job, rather than leave it running for
            # the reconciler to send again forever.
            _fail_job(job_id, f"items {start}-{end - 1} failed {self.max_retries + 1} times: {exc}")
            return {"processed": 0, "matches": 0, "failed": 1}
        raise self.retry(exc=exc, countdown=min(60, 2**self.request.retries)) from exc
    if outcome.finished_job:
        _after_job_finished(job_id)
    return {
        "processed": outcome.processed,
        "matches": outcome.matches,
        "match_s": round(outcome.match_seconds, 3),
        "store_s": round(outcome.store_seconds, 3),
    }


def _fail_job(job_id: str, reason: str) -> None:
    from screening.jobs import fail_job

    with get_database().session() as session:
        failed = fail_job(session, job_id, reason)
    if failed:
        _after_job_finished(job_id)


def _after_job_finished(job_id: str) -> None:
    from screening.models import ScreeningJob

    with get_database().session() as session:
        job = session.get(ScreeningJob, job_id)
        if job is not None and job.callback_url:
            current_app.extensions["celery"].send_task(
                "workers.tasks.deliver_webhook", args=[job_id, 1]
            )


@shared_task(name="workers.tasks.deliver_webhook")
def deliver_webhook(job_id: str, attempt: int) -> str:
    """POST the job summary to its callback URL; reschedules itself with backoff."""
    from screening.webhooks import deliver

    settings = get_settings()
    delivered, retry_in = deliver(get_database(), job_id, attempt, settings)
    if delivered:
        return "delivered"
    if retry_in is None:
        return "given up"
    current_app.extensions["celery"].send_task(
        "workers.tasks.deliver_webhook", args=[job_id, attempt + 1], countdown=retry_in
    )
    return f"retry in {retry_in}s"


@shared_task(name="workers.tasks.reconcile_jobs")
def reconcile_jobs() -> int:
    """Send again what a lost message or a dead worker left behind; returns the tasks sent.

    A job whose enqueue never succeeded (the broker was down at submission) is sent
    at once; a job that was sent but made no progress for ``stuck_job_seconds`` is
    sent again, pending chunks only. A finished job whose webhook was never
    attempted gets its first delivery. Sending twice is harmless: tasks are idempotent.
    """
    from screening.jobs import pending_ranges
    from screening.models import ScreeningJob, WebhookDelivery

    settings = get_settings()
    now = utcnow()
    cutoff = now - timedelta(seconds=settings.stuck_job_seconds)
    celery = current_app.extensions["celery"]
    sent = 0
    with get_database().session() as session:
        jobs = session.scalars(
            select(ScreeningJob).where(
                ScreeningJob.status.in_(("queued", "running")),
                ScreeningJob.channel != "cli",
            )
        ).all()
        for job in jobs:
            if job.enqueued_at is not None:
                last = _last_progress(session, job)
                if last is not None and last > cutoff:
                    continue
            for start, end in pending_ranges(session, job, settings.chunk_size):
                celery.send_task("workers.tasks.screen_chunk", args=[job.id, start, end])
                sent += 1
            job.enqueued_at = utcnow()
        unsent_hooks = session.scalars(
            select(ScreeningJob.id).where(
                ScreeningJob.status == "completed",
                ScreeningJob.callback_url.is_not(None),
                ScreeningJob.finished_at >= now - timedelta(days=1),
                ScreeningJob.finished_at < cutoff,
                ~select(WebhookDelivery.id)
                .where(WebhookDelivery.job_id == ScreeningJob.id)
                .exists(),
            )
        ).all()
        for job_id in unsent_hooks:
            celery.send_task("workers.tasks.deliver_webhook", args=[job_id, 1])
            sent += 1
    if sent:
        log.warning("reconciler sent %d task(s) again", sent)
    return sent


def _last_progress(session: Any, job: Any) -> Any:
    from sqlalchemy import func

    from screening.models import ScreeningItem

    latest = session.scalar(
        select(func.max(ScreeningItem.processed_at)).where(ScreeningItem.job_id == job.id)
    )
    candidates = [t for t in (latest, job.enqueued_at, job.created_at) if t is not None]
    return max((as_utc(t) for t in candidates), default=None)


@worker_init.connect
def _warm_index(sender: Any = None, **_kwargs: Any) -> None:
    """Build the index for the active lists before forking, so pool processes share it."""
    from screening.listindex import active_versions, load_index

    try:
        app = current_app._get_current_object()
    except RuntimeError:
        from workers.celery_app import flask_app as app
    consumed = set(sender.app.amqp.queues.consume_from) if sender is not None else None
    if consumed is not None and app.config["SETTINGS"].queue not in consumed:
        return  # a webhook-only worker never screens
    with app.app_context():
        database = get_database()
        try:
            with database.session() as session:
                pins = active_versions(session)
                if pins:
                    load_index(session, pins, cache_dir=get_settings().instance_path / "index")
        except Exception:
            log.exception("could not warm the index; it will be built on first use")
        finally:
            database.dispose()  # no connection may cross the fork
