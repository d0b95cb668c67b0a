"""Celery tasks. Each one loads what it needs by id, calls a service, and is safe to run twice."""

from __future__ import annotations

import logging
import time
from typing import Any

from celery import shared_task
from celery.signals import worker_init
from kombu.exceptions import OperationalError as KombuOperationalError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from sqlalchemy.exc import DBAPIError, DisconnectionError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from foundation.audit import seal_events
from foundation.audit.head import write_anchor
from foundation.queue import TaskName
from screening import webhooks
from screening.indexes import IndexCache, active_versions, load_index
from screening.jobs.heartbeats import claim_chunk, keep_alive, release_chunk
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


@shared_task(name=TaskName.SCREEN_CHUNK.value, bind=True, max_retries=None)
def screen_chunk(
    self: Any,
    job_id: str,
    start: int,
    end: int,
    failing_since: float | None = None,
    transient_retries: int = 0,
) -> dict[str, float]:
    """Screen items [start, end) of a job and store their results.

    The chunk's lease is held (and renewed by a heartbeat) while it runs, so
    the reconciler never sends it again while it runs, and a copy of it sent
    anyway steps aside. Outages of the database or the broker are waited out
    (see ``_retry``); items already stored are skipped on the retry.
    """
    database, settings = runtime().database, runtime().settings
    owner = self.request.id or f"local-{job_id}-{start}"
    try:
        with database.session() as session:
            if not claim_chunk(
                session, job_id, start, end, owner, settings.heartbeat_timeout_seconds
            ):
                log.info("chunk %s[%d:%d] is running elsewhere; skipped", job_id, start, end)
                return {"processed": 0, "matches": 0, "skipped": 1}
        with keep_alive(database, job_id, start, owner, settings.heartbeat_seconds):
            # Its own short transaction: the job shows as running while the matcher works.
            with database.session() as session:
                mark_running(session, job_id)
            with database.session() as session:
                outcome = process_chunk(
                    session, job_id, start, end, index_cache=IndexCache.from_settings(settings)
                )
        with database.session() as session:
            release_chunk(session, job_id, start, owner)
    except Exception as exc:
        return _retry(self, exc, job_id, start, end, failing_since, transient_retries)
    if outcome.finished_job:
        _after_job_finished(job_id)
    return {
        "processed": outcome.processed,
        "matches": outcome.matches,
        "match_s": round(outcome.match_seconds, 3),
        "store_s": round(outcome.store_seconds, 3),
    }


# --- Riding out outages (issue 14, item 12) ------------------------------------
# A chunk that meets an outage of the database or the broker (a lost
# connection, a refused one, a lock timeout) keeps retrying, at most
# chunk_retry_max_delay seconds apart, for chunk_retry_seconds from its first
# failure: an outage of that length costs no item, and the job finishes within
# a retry interval of the service's return. Any other error is a bug or bad
# data: it is retried BUG_RETRIES times, then the job fails visibly.
BUG_RETRIES = 5
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    OperationalError,  # SQLAlchemy: connection refused or lost, lock timeouts
    InterfaceError,
    DisconnectionError,
    PoolTimeoutError,
    KombuOperationalError,
    RedisConnectionError,
    RedisTimeoutError,
    ConnectionError,
    TimeoutError,
)


def _is_transient(exc: BaseException) -> bool:
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    return isinstance(exc, TRANSIENT_ERRORS)


def _retry(
    task: Any,
    exc: Exception,
    job_id: str,
    start: int,
    end: int,
    failing_since: float | None,
    transient_retries: int,
) -> dict[str, float]:
    """Schedule the next attempt, or fail the job when the budget is spent."""
    settings = runtime().settings
    now = time.time()
    since = failing_since or now
    retries = task.request.retries
    transient = _is_transient(exc)
    if transient:
        exhausted = now - since >= settings.chunk_retry_seconds
        kind = f"kept failing for {settings.chunk_retry_seconds} s"
    else:
        exhausted = retries - transient_retries >= BUG_RETRIES
        kind = f"failed {BUG_RETRIES + 1} times"
    if exhausted:
        log.error("chunk %s[%d:%d] %s: %s", job_id, start, end, kind, exc)
        # Out of retries: say so on the job, rather than leave it running for
        # the reconciler to send again forever.
        _fail_job(job_id, f"items {start}-{end - 1} {kind}: {exc}")
        return {"processed": 0, "matches": 0, "failed": 1}
    if transient:
        first_line = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        log.warning(
            "chunk %s[%d:%d]: service unavailable for %.0f s (%s); retrying",
            job_id, start, end, now - since, first_line,
        )  # fmt: skip
    else:
        log.exception("chunk %s[%d:%d] failed; retrying", job_id, start, end)
    delay = min(settings.chunk_retry_max_delay, 2.0**retries)
    raise task.retry(
        exc=exc,
        countdown=delay,
        args=[job_id, start, end],
        kwargs={
            "failing_since": since,
            "transient_retries": transient_retries + (1 if transient else 0),
        },
    ) from exc


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


@shared_task(name=TaskName.SEAL_AUDIT.value)
def seal_audit() -> int:
    """Chain the audit events appended since the last run; returns how many."""
    # Another sealer at work (an export, verify) will have taken them: skip, never wait.
    return seal_events(runtime().database, wait=False)


@shared_task(name=TaskName.ANCHOR_AUDIT.value)
def anchor_audit() -> str:
    """Append the keyed chain head to the anchor file and the log."""
    statement = write_anchor(runtime().database, runtime().settings)
    return f"{statement.seq}:{statement.hash}"


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
