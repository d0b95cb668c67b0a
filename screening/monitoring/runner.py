"""Running the monitor: in this process (the CLI, the benchmark) or as Celery tasks.

``run_monitor`` plans a run and screens its chunks here, in one process or a
few forked ones, and waits for the run; ``start_monitor`` plans a run and sends
its chunks to the workers (and re-sends the chunks of a run that stalled).
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from foundation.db import Database
from foundation.queue import TaskName, TaskQueue
from foundation.settings import Settings
from screening.alerts.models import Counterparty
from screening.models import Channel
from screening.monitoring.models import MonitorRun, RunStatus
from screening.monitoring.monitor import (
    ChunkResult,
    MonitorBusy,
    RunReport,
    mark_sent,
    pending_chunks,
    plan_run,
    report,
    run_context,
    running_run,
    screen_chunk,
)

log = logging.getLogger(__name__)

# How long the CLI waits for a run someone else is running.
WAIT_FOR_BUSY_SECONDS = 3600.0


def deliver_events(queue: TaskQueue | None, event_ids: list[str]) -> None:
    """Send the webhook deliveries of committed events (the reconciler sends any lost here)."""
    if queue is None:
        return
    for event_id in event_ids:
        try:
            queue.send(TaskName.DELIVER_EVENT, event_id, 1)
        except Exception as exc:  # a broker hiccup: the reconciler delivers it later
            log.warning("could not send webhook event %s: %s", event_id, exc)


def run_monitor(
    database: Database,
    settings: Settings,
    queue: TaskQueue | None,
    *,
    full: bool = False,
    requested_by: str,
    channel: str = Channel.CLI,
    processes: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> RunReport:
    """Screen what changed since the last run, here, and wait for it.

    A run someone else started is helped to its end first. ``progress(done,
    total)`` is called as chunks finish.
    """
    clock = time.monotonic()
    deadline = clock + WAIT_FOR_BUSY_SECONDS
    while True:
        try:
            with database.session() as session:
                run = plan_run(
                    session, settings, full=full, requested_by=requested_by, channel=channel
                )
                run_id = run.id if run is not None else None
                if run is None:
                    active = session.scalar(
                        select(func.count()).where(Counterparty.active.is_(True))
                    )
            break
        except MonitorBusy as busy:
            execute_run(database, settings, queue, busy.run_id, processes=processes)
            if _still_running(database, busy.run_id):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
    if run_id is None:
        return RunReport(active or 0, 0, 0, 0, time.monotonic() - clock)
    execute_run(database, settings, queue, run_id, processes=processes, progress=progress)
    while _still_running(database, run_id):  # chunks another process claimed
        time.sleep(0.2)
    with database.session() as session:
        run = session.get(MonitorRun, run_id)
        assert run is not None
        done = report(run)
    done.seconds = time.monotonic() - clock
    return done


def _still_running(database: Database, run_id: int) -> bool:
    with database.session() as session:
        run = session.get(MonitorRun, run_id)
        return run is not None and run.status == RunStatus.RUNNING


def execute_run(
    database: Database,
    settings: Settings,
    queue: TaskQueue | None,
    run_id: int,
    *,
    processes: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> None:
    """Screen every pending chunk of a run in this process, or in ``processes`` forks."""
    with database.session() as session:
        positions = pending_chunks(session, run_id)
        # Taken: beat leaves them alone until they are overdue.
        mark_sent(session, run_id, positions)
    total = len(positions)
    if not positions:
        return
    if processes <= 1 or total == 1:
        for done, position in enumerate(positions, 1):
            with database.session() as session:
                result = screen_chunk(session, run_id, position, settings)
            deliver_events(queue, result.event_ids)
            if progress is not None:
                progress(done, total)
        return
    # Build the indexes once, before forking: the children share them.
    with database.session() as session:
        run = session.get(MonitorRun, run_id)
        assert run is not None
        run_context(session, run, settings)
    database.dispose()  # no connection may cross the fork
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(
        max_workers=processes,
        mp_context=context,
        initializer=_child_start,
        initargs=(settings,),
    ) as pool:
        work = [(run_id, position) for position in positions]
        for done, event_ids in enumerate(pool.map(_child_chunk, work), 1):
            deliver_events(queue, event_ids)
            if progress is not None:
                progress(done, total)


_child: dict[str, Any] = {}


def _child_start(settings: Settings) -> None:
    # What the fork inherited (the indexes, the run's context) lives as long as the
    # child and holds no garbage: out of the collector's sight, its passes stay short
    # and its pages stay shared with the parent.
    gc.freeze()
    _child["database"] = Database(settings.database_url)
    _child["settings"] = settings


def _child_chunk(work: tuple[int, int]) -> list[str]:
    run_id, position = work
    database: Database = _child["database"]
    settings: Settings = _child["settings"]
    with database.session() as session:
        result: ChunkResult = screen_chunk(session, run_id, position, settings)
    return result.event_ids


def start_monitor(
    database: Database,
    settings: Settings,
    queue: TaskQueue,
    *,
    requested_by: str,
    full: bool = False,
) -> str:
    """Plan a run and send its chunks to the workers; re-send overdue chunks of a
    running one. Returns what it did, for the task's log."""
    stale = timedelta(seconds=settings.stuck_job_seconds)
    with database.session() as session:
        busy = running_run(session)
        if busy is not None:
            run_id, positions = busy.id, pending_chunks(session, busy.id, stale)
            what = f"run {run_id} still running; re-sent {len(positions)} overdue chunk(s)"
        else:
            try:
                run = plan_run(session, settings, full=full, requested_by=requested_by)
            except MonitorBusy as exc:
                return f"run {exc.run_id} started meanwhile"
            if run is None:
                return "nothing changed"
            run_id, positions = run.id, pending_chunks(session, run.id)
            what = f"run {run_id} planned: {len(positions)} chunk(s)"
    for position in positions:
        queue.send(TaskName.MONITOR_CHUNK, run_id, position)
    if positions:
        with database.session() as session:
            mark_sent(session, run_id, positions)
    return what


def screen_chunk_task(
    database: Database, settings: Settings, queue: TaskQueue, run_id: int, position: int
) -> ChunkResult:
    """A worker's chunk: screen, commit, deliver; after the last chunk look for more changes."""
    with database.session() as session:
        result = screen_chunk(session, run_id, position, settings)
    deliver_events(queue, result.event_ids)
    if result.run_finished:
        # What changed while this run ran is the next run's work.
        queue.send(TaskName.MONITOR_CHANGES, f"after run {run_id}")
    return result
