"""Celery tasks. Each one loads what it needs by id, calls a service, and is safe to run twice."""

from __future__ import annotations

import logging
from typing import Any

from celery import shared_task
from celery.signals import worker_init

from foundation.queue import TaskName
from screening import webhooks
from screening.indexes import IndexCache, active_versions, load_index
from screening.jobs.lifecycle import fail_job, mark_running
from screening.jobs.process import process_chunk
from screening.jobs.reconcile import reconcile
from screening.models import Channel, ScreeningJob
from screening.monitoring.runner import screen_chunk_task, start_monitor
from screening.monitoring.triggers import announce_change
from watchlists.sources.fetch import fetch_source
from watchlists.sources.models import FetchOutcome
from watchlists.sources.service import enabled_sources
from workers.runtime import runtime

log = logging.getLogger(__name__)


@shared_task(name=TaskName.SCREEN_CHUNK.value, bind=True, max_retries=5)
def screen_chunk(self: Any, job_id: str, start: int, end: int) -> dict[str, float]:
    """Screen items [start, end) of a job and store their results."""
    database, settings = runtime().database, runtime().settings
    try:
        # Its own short transaction: the job shows as running while the matcher works.
        with database.session() as session:
            mark_running(session, job_id)
        with database.session() as session:
            outcome = process_chunk(
                session, job_id, start, end, index_cache=IndexCache.from_settings(settings)
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
    with runtime().database.session() as session:
        failed = fail_job(session, job_id, reason)
    if failed:
        _after_job_finished(job_id)


def _after_job_finished(job_id: str) -> None:
    with runtime().database.session() as session:
        job = session.get(ScreeningJob, job_id)
        if job is not None and job.callback_url:
            runtime().queue.send(TaskName.DELIVER_WEBHOOK, job_id, 1)


@shared_task(name=TaskName.DELIVER_WEBHOOK.value)
def deliver_webhook(job_id: str, attempt: int) -> str:
    """POST the job summary to its callback URL; reschedules itself with backoff."""
    delivered, retry_in = webhooks.deliver(runtime().database, job_id, attempt, runtime().settings)
    if delivered:
        return "delivered"
    if retry_in is None:
        return "given up"
    runtime().queue.send(TaskName.DELIVER_WEBHOOK, job_id, attempt + 1, countdown=retry_in)
    return f"retry in {retry_in}s"


@shared_task(name=TaskName.DELIVER_EVENT.value)
def deliver_event(event_id: str, attempt: int) -> str:
    """POST an event to its key's webhook; reschedules itself with backoff."""
    delivered, retry_in = webhooks.deliver_event(
        runtime().database, event_id, attempt, runtime().settings
    )
    if delivered:
        return "delivered"
    if retry_in is None:
        return "given up"
    runtime().queue.send(TaskName.DELIVER_EVENT, event_id, attempt + 1, countdown=retry_in)
    return f"retry in {retry_in}s"


@shared_task(name=TaskName.RECONCILE_JOBS.value)
def reconcile_jobs() -> int:
    """Send again what a lost message or a dead worker left behind; returns the tasks sent."""
    with runtime().database.session() as session:
        return reconcile(session, runtime().queue, runtime().settings)


@worker_init.connect
def _warm_index(sender: Any = None, **_kwargs: Any) -> None:
    """Build the index for the active lists before forking, so pool processes share it."""
    settings = runtime().settings
    consumed = set(sender.app.amqp.queues.consume_from) if sender is not None else None
    if consumed is not None and settings.queue not in consumed:
        return  # a webhook-only worker never screens
    database = runtime().database
    try:
        with database.session() as session:
            pins = active_versions(session)
            if pins:
                load_index(session, pins, cache=IndexCache.from_settings(settings))
    except Exception:
        log.exception("could not warm the index; it will be built on first use")
    finally:
        database.dispose()  # no connection may cross the fork


# --- continuous screening -----------------------------------------------------------


@shared_task(name=TaskName.FETCH_SOURCES.value)
def fetch_sources() -> list[str]:
    """Fetch every enabled source (beat, SCREENING_SOURCE_FETCH_EVERY); start the monitor
    when a list got a new version."""
    database, settings, queue = runtime().database, runtime().settings, runtime().queue
    with database.session() as session:
        names = enabled_sources(session)
    messages = []
    for name in names:
        result = fetch_source(database, name, settings, actor="beat", channel=Channel.SYSTEM)
        messages.append(result.message)
        if result.outcome == FetchOutcome.FAILED:
            log.warning("%s", result.message)
        if result.versions:
            announce_change(queue, settings, f"list:{result.list_name}")
    return messages


@shared_task(name=TaskName.MONITOR_CHANGES.value)
def monitor_changes(reason: str = "beat") -> str:
    """Plan a monitor run of what changed and send its chunks (or re-send a stalled run's)."""
    return start_monitor(
        runtime().database, runtime().settings, runtime().queue, requested_by=reason[:128]
    )


@shared_task(name=TaskName.MONITOR_CHUNK.value, bind=True, max_retries=5)
def monitor_chunk(self: Any, run_id: int, position: int) -> dict[str, int]:
    """Screen one chunk of a monitor run; safe to run twice."""
    try:
        result = screen_chunk_task(
            runtime().database, runtime().settings, runtime().queue, run_id, position
        )
    except Exception as exc:
        log.exception("monitor run %d chunk %d failed", run_id, position)
        if self.request.retries >= self.max_retries:
            raise  # the chunk stays pending: beat's next check sends it again
        raise self.retry(exc=exc, countdown=min(60, 2**self.request.retries)) from exc
    return {"screened": result.screened, "alerts_opened": result.alerts_opened}
