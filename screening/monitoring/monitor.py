"""The monitor: re-screen what changed since its last run, raise and close alerts.

A run is planned in one transaction (:func:`plan_run`):

- the active version of every list is pinned; the last run's pins say what it
  had seen, so each list that moved has a diff (added, changed, removed);
- (c) alerts on entities that left their list are closed as ``delisted``;
- the counterparties to look at are cut into chunks of ids: every active one
  when an entity was added or changed (or with ``full``), else only those that
  are new or changed since they were last screened.

Each chunk (:func:`screen_chunk`, a Celery task in production) screens its
counterparties once each:

- (b) a new or changed counterparty (or any, with ``full``) against the full
  lists, reason ``new_counterparty`` / ``counterparty_changed`` (``rescreen``);
- (a) every other one against only the diff index, reason ``new_listing`` /
  ``listing_changed``.

A chunk is claimed when its results are stored, so running it twice stores them
once. The last chunk to finish completes the run. A new alert on a counterparty
an API key registered becomes an ``alert.opened`` event for that key's webhook,
recorded in the same transaction.
"""

from __future__ import annotations

import gc
import logging
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import bindparam, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from foundation.audit import AuditAction, EventBatch, record_event
from foundation.db import as_utc, utcnow
from foundation.settings import Settings
from screening.alerts.models import Alert, AlertReason, Counterparty
from screening.alerts.raising import Evidence, Finding, Raised, close_delisted, raise_alerts
from screening.alerts.reports import alert_json
from screening.alerts.subjects import counterparty_subject
from screening.indexes import IndexCache, ScreeningIndex, active_versions, load_index
from screening.jobs.inputs import effective_threshold
from screening.jobs.process import screen_name
from screening.matching import ALGORITHM_VERSION
from screening.models import Channel
from screening.monitoring.diff import ListDiff, diff_index, list_diff
from screening.monitoring.models import ChunkStatus, MonitorChunk, MonitorRun, RunStatus
from screening.webhooks import emit_event

log = logging.getLogger(__name__)

ACTOR = "monitor"
ALERT_OPENED_EVENT = "alert.opened"
# Run contexts (indexes) kept per process.
CONTEXT_SLOTS = 2


class MonitorBusy(RuntimeError):
    """Another run is in progress; it must finish before the next is planned."""

    def __init__(self, run_id: int) -> None:
        super().__init__(f"monitor run {run_id} is still running")
        self.run_id = run_id


@dataclass
class RunReport:
    """What ``screening monitor run`` prints."""

    counterparties: int
    screened: int
    alerts_opened: int
    alerts_closed: int
    seconds: float

    def as_json(self) -> dict[str, Any]:
        return {
            "counterparties": self.counterparties,
            "screened": self.screened,
            "alerts_opened": self.alerts_opened,
            "alerts_closed": self.alerts_closed,
            "seconds": round(self.seconds, 3),
        }


# --- planning -------------------------------------------------------------------------


def running_run(session: Session) -> MonitorRun | None:
    return session.scalar(select(MonitorRun).where(MonitorRun.status == RunStatus.RUNNING))


def last_seen_versions(session: Session) -> dict[str, int | None]:
    """The list versions the latest run screened against ({} before the first run)."""
    last = session.scalar(select(MonitorRun).order_by(MonitorRun.id.desc()).limit(1))
    return dict(last.list_versions) if last is not None else {}


def _needs_screening() -> Any:
    """Active counterparties never screened, or changed since they were."""
    return (Counterparty.active.is_(True)) & (
        or_(
            Counterparty.screened_version.is_(None),
            Counterparty.screened_version < Counterparty.version,
        )
    )


def plan_run(
    session: Session,
    settings: Settings,
    *,
    full: bool = False,
    requested_by: str,
    channel: str = Channel.SYSTEM,
) -> MonitorRun | None:
    """Plan a run of what changed since the last one; None when nothing did. Caller commits.

    Raises :class:`MonitorBusy` while another run is running.
    """
    busy = running_run(session)
    if busy is not None:
        raise MonitorBusy(busy.id)
    pins = active_versions(session)
    seen = last_seen_versions(session)
    diffs = [
        list_diff(session, name, seen.get(name), number)
        for name, number in pins.items()
        if seen.get(name) != number
    ]
    screen_all = full or any(d.reasons for d in diffs)
    pending = session.scalar(select(func.count()).where(_needs_screening()))
    if not screen_all and not pending and not diffs:
        return None
    run = MonitorRun(
        status=RunStatus.RUNNING,
        full=full,
        requested_by=requested_by[:128],
        list_versions=pins,
        previous_versions={name: seen.get(name) for name in pins},
        diff_counts={d.list_name: d.counts for d in diffs},
        counterparties=session.scalar(select(func.count()).where(Counterparty.active.is_(True)))
        or 0,
    )
    try:
        with session.begin_nested():
            session.add(run)
            session.flush()
    except IntegrityError:
        # Another process planned a run a moment ago.
        busy = running_run(session)
        raise MonitorBusy(busy.id if busy else 0) from None
    for diff in diffs:
        if diff.removed:
            run.alerts_closed += close_delisted(
                session, diff.list_name, diff.removed, diff.new, actor=ACTOR, channel=channel
            )
    wanted = select(Counterparty.id).where(Counterparty.active.is_(True))
    if not screen_all:
        wanted = select(Counterparty.id).where(_needs_screening())
    ids = session.scalars(wanted.order_by(Counterparty.id)).all()
    size = settings.monitor_chunk_size
    chunks = [
        {
            "run_id": run.id,
            "position": position,
            "first_id": ids[start],
            "last_id": ids[min(start + size, len(ids)) - 1],
            "status": ChunkStatus.PENDING,
            "screened": 0,
            "alerts_opened": 0,
        }
        for position, start in enumerate(range(0, len(ids), size))
    ]
    if chunks:
        session.execute(MonitorChunk.__table__.insert(), chunks)
    run.chunk_count = len(chunks)
    if not chunks:
        run.status = RunStatus.COMPLETED
        run.finished_at = utcnow()
    record_event(
        session,
        actor=ACTOR,
        channel=channel,
        action=AuditAction.MONITOR_RUN_STARTED,
        object_type="monitor_run",
        object_id=str(run.id),
        payload={
            "requested_by": requested_by,
            "full": full,
            "lists": pins,
            "previous": run.previous_versions,
            "diff": run.diff_counts,
            "counterparties": len(ids),
            "chunks": len(chunks),
            "alerts_closed": run.alerts_closed,
        },
    )
    session.flush()
    return run


# --- screening a chunk ------------------------------------------------------------------


# Names remembered per run and process with what the diff found for them: a register
# holds the same name many times (people called John Smith, one company under
# several references). Most names match nothing and cost only their place in a set.
DIFF_MEMO_SIZE = 1_000_000


@dataclass
class RunContext:
    """What every chunk of a run screens against, built once per process."""

    full: ScreeningIndex
    diff: ScreeningIndex | None
    reasons: dict[str, AlertReason]
    threshold: float
    # kind -> name -> the diff's matches, for names that have some
    memo: dict[str, dict[str, list[dict[str, Any]]]] = field(default_factory=dict)
    # kind -> names the diff matched to nothing
    clear: dict[str, set[str]] = field(default_factory=dict)
    remembered: int = 0

    def screen_diff(self, name: str, kind: str) -> list[dict[str, Any]]:
        """The diff's matches for a name (the same name is screened once per process)."""
        assert self.diff is not None
        clear = self.clear.get(kind)
        if clear is not None and name in clear:
            return []
        found = self.memo.get(kind, {}).get(name)
        if found is not None:
            return found
        if self.remembered >= DIFF_MEMO_SIZE:
            self.memo.clear()
            self.clear.clear()
            self.remembered = 0
        found = screen_name(self.diff, name, kind, self.threshold)
        if found:
            self.memo.setdefault(kind, {})[name] = found
        else:
            self.clear.setdefault(kind, set()).add(name)
        self.remembered += 1
        return found


# By run id and start time: a rebuilt database may reuse run ids.
_contexts: OrderedDict[tuple[int, str], RunContext] = OrderedDict()


def run_context(session: Session, run: MonitorRun, settings: Settings) -> RunContext:
    """The indexes of a run (from this process's memory after the first chunk)."""
    key = (run.id, as_utc(run.started_at).isoformat())
    cached = _contexts.get(key)
    if cached is not None:
        _contexts.move_to_end(key)
        return cached
    full = load_index(session, dict(run.list_versions), cache=IndexCache.from_settings(settings))
    diffs: list[ListDiff] = []
    if not run.full:
        for name, number in run.list_versions.items():
            old = run.previous_versions.get(name)
            if old != number:
                diffs.append(list_diff(session, name, old, number))
    reasons = {key: reason for d in diffs for key, reason in d.reasons.items()}
    gc.unfreeze()  # what earlier runs' chunks froze (``_collector_paused``) is scanned again
    context = RunContext(
        full=full,
        diff=diff_index(session, diffs, full) if reasons else None,
        reasons=reasons,
        threshold=effective_threshold(settings, None),
    )
    _contexts[key] = context
    while len(_contexts) > CONTEXT_SLOTS:
        _contexts.popitem(last=False)
    return context


# A chunk's counterparties, read as plain rows (not ORM ones: a chunk holds thousands),
# with only what screening them needs; the few with matches are read again in full.
_counterparties = Counterparty.__table__
_CHUNK_ROWS = select(
    _counterparties.c.id,
    _counterparties.c.name,
    _counterparties.c.type,
    _counterparties.c.version,
    _counterparties.c.screened_version,
).where(
    _counterparties.c.id >= bindparam("first_id"),
    _counterparties.c.id <= bindparam("last_id"),
    _counterparties.c.active.is_(True),
)
_SUBJECT_ROWS = select(
    _counterparties.c.id,
    _counterparties.c.reference,
    _counterparties.c.name,
    _counterparties.c.type,
    _counterparties.c.country,
    _counterparties.c.data_hash,
    _counterparties.c.api_key_id,
    _counterparties.c.version,
).where(_counterparties.c.id.in_(bindparam("ids", expanding=True)))
# Ids per IN (...) read of the counterparties with matches.
_IDS_PER_READ = 900


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a chunk is screened.

    Screening allocates many short-lived objects and makes no reference
    cycles, so each pass of the collector would only rescan what lives long
    (the memo, the matcher's caches): about a tenth of the chunk's time.
    Reference counting still frees everything; cycles made meanwhile wait for
    the next collection. What is still alive after the chunk (mostly those
    caches, grown by it) is frozen out of later passes too: the passes that
    the collector runs between chunks would otherwise rescan every cache entry
    each time. The next run's context unfreezes it (``run_context``), so a
    cycle frozen with it is collected then.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
            gc.freeze()


@dataclass
class ChunkResult:
    screened: int = 0
    alerts_opened: int = 0
    # Webhook events to deliver once the caller has committed.
    event_ids: list[str] = field(default_factory=list)
    run_finished: bool = False
    claimed: bool = True


def _matches(
    context: RunContext, counterparty: Any, full_run: bool
) -> tuple[bool, list[dict[str, Any]], AlertReason | None]:
    """(screened?, matches, reason) for one counterparty; reason None means per entity."""
    unscreened = counterparty.screened_version is None
    changed = not unscreened and counterparty.screened_version < counterparty.version
    if full_run or unscreened or changed:
        reason = (
            AlertReason.NEW_COUNTERPARTY
            if unscreened
            else AlertReason.COUNTERPARTY_CHANGED
            if changed
            else AlertReason.RESCREEN
        )
        found = screen_name(context.full, counterparty.name, counterparty.type, context.threshold)
        return True, found, reason
    if context.diff is None:
        return False, [], None
    found = context.screen_diff(counterparty.name, counterparty.type)
    return True, found, None


def screen_chunk(
    session: Session,
    run_id: int,
    position: int,
    settings: Settings,
) -> ChunkResult:
    """Screen one chunk of a run and store its alerts once. Caller commits, then delivers
    ``event_ids`` (``TaskName.DELIVER_EVENT``)."""
    run = session.get(MonitorRun, run_id)
    chunk = session.scalar(
        select(MonitorChunk).where(MonitorChunk.run_id == run_id, MonitorChunk.position == position)
    )
    if run is None or chunk is None or chunk.status == ChunkStatus.DONE:
        return ChunkResult(claimed=False)
    context = run_context(session, run, settings)
    rows = (
        session.connection()
        .execute(_CHUNK_ROWS, {"first_id": chunk.first_id, "last_id": chunk.last_id})
        .all()
    )
    results = []
    with _collector_paused():
        for row in rows:
            screened, found, reason = _matches(context, row, run.full)
            if screened:
                results.append((row, found, reason))
    # Claim the chunk: only one run of it stores anything.
    claimed = session.execute(
        update(MonitorChunk)
        .where(MonitorChunk.id == chunk.id, MonitorChunk.status == ChunkStatus.PENDING)
        .values(status=ChunkStatus.DONE, done_at=utcnow())
    ).rowcount
    if not claimed:
        return ChunkResult(claimed=False)
    outcome = ChunkResult(screened=len(results))
    now = utcnow()
    # Marked screened only at the version read (the update checks it).
    fully_screened = [
        {"b_id": row.id, "b_version": row.version}
        for row, _found, reason in results
        if reason is not None
    ]
    _raise_chunk_alerts(session, context, results, outcome)
    if fully_screened:
        table = Counterparty.__table__
        session.execute(
            table.update()
            .where(table.c.id == bindparam("b_id"), table.c.version == bindparam("b_version"))
            .values(screened_version=bindparam("b_version"), screened_at=now),
            fully_screened,
            execution_options={"synchronize_session": False},
        )
    session.execute(
        update(MonitorChunk)
        .where(MonitorChunk.id == chunk.id)
        .values(screened=outcome.screened, alerts_opened=outcome.alerts_opened)
    )
    session.execute(
        update(MonitorRun)
        .where(MonitorRun.id == run_id)
        .values(
            screened=MonitorRun.screened + outcome.screened,
            alerts_opened=MonitorRun.alerts_opened + outcome.alerts_opened,
            chunks_done=MonitorRun.chunks_done + 1,
        )
    )
    outcome.run_finished = _finish_if_done(session, run_id)
    return outcome


def _subjects(session: Session, ids: list[int]) -> dict[int, Any]:
    """The stored rows (reference, country, hash, key) of the counterparties ``ids``."""
    rows: dict[int, Any] = {}
    for start in range(0, len(ids), _IDS_PER_READ):
        part = ids[start : start + _IDS_PER_READ]
        for row in session.connection().execute(_SUBJECT_ROWS, {"ids": part}):
            rows[row.id] = row
    return rows


def _raise_chunk_alerts(
    session: Session,
    context: RunContext,
    results: list[tuple[Any, list[dict[str, Any]], AlertReason | None]],
    outcome: ChunkResult,
) -> None:
    """Raise the chunk's alerts in a few batched calls (one per reason), in the order
    screened, and record an ``alert.opened`` event for each new one a key registered."""
    matched = [(row, found, reason) for row, found, reason in results if found]
    if not matched:
        return
    stored = _subjects(session, [row.id for row, _, _ in matched])
    by_reason: dict[AlertReason, list[tuple[Finding, Any]]] = {}
    for row, found, reason in matched:
        full = stored.get(row.id)
        if full is None or full.version != row.version:
            # Changed since it was read: the name screened is not the one stored, and
            # the next run screens the new version (it is not marked screened here).
            continue
        subject = counterparty_subject(full)
        for match in found:
            info = context.full.entities[match["entity_key"]]
            evidence = Evidence(
                list_name=match["list_name"],
                list_version=match["list_version"],
                entity_key=match["entity_key"],
                source_id=match["source_id"],
                entity_name=match["entity_name"],
                listing_hash=info.listing_hash,
                matched_name=match["matched_name"],
                score=match["score"],
                explanation=match["explanation"],
                algorithm_version=ALGORITHM_VERSION,
            )
            why = reason or context.reasons.get(match["entity_key"], AlertReason.NEW_LISTING)
            by_reason.setdefault(why, []).append((Finding(subject, evidence), full.api_key_id))
    audit = EventBatch()
    opened: list[tuple[Alert, int | None]] = []
    for why, pairs in by_reason.items():
        raised = raise_alerts(
            session,
            [finding for finding, _ in pairs],
            why,
            actor=ACTOR,
            channel=Channel.SYSTEM,
            audit=audit,
        )
        for result, (_, api_key_id) in zip(raised, pairs, strict=True):
            if result.outcome == Raised.OPENED:
                assert result.alert is not None
                opened.append((result.alert, api_key_id))
    audit.write(session)
    outcome.alerts_opened += len(opened)
    for alert, api_key_id in opened:
        if api_key_id is None:
            continue  # no key, no webhook
        event = emit_event(session, api_key_id, ALERT_OPENED_EVENT, {"alert": alert_json(alert)})
        if event is not None:
            outcome.event_ids.append(event.id)


def _finish_if_done(session: Session, run_id: int) -> bool:
    pending = session.scalar(
        select(func.count()).where(
            MonitorChunk.run_id == run_id, MonitorChunk.status == ChunkStatus.PENDING
        )
    )
    if pending:
        return False
    finished = session.execute(
        update(MonitorRun)
        .where(MonitorRun.id == run_id, MonitorRun.status == RunStatus.RUNNING)
        .values(status=RunStatus.COMPLETED, finished_at=utcnow())
    ).rowcount
    if finished:
        run = session.get(MonitorRun, run_id)
        assert run is not None
        session.refresh(run)
        record_event(
            session,
            actor=ACTOR,
            channel=Channel.SYSTEM,
            action=AuditAction.MONITOR_RUN_FINISHED,
            object_type="monitor_run",
            object_id=str(run_id),
            payload=report(run).as_json(),
        )
    return bool(finished)


def report(run: MonitorRun) -> RunReport:
    end = run.finished_at or utcnow()
    return RunReport(
        counterparties=run.counterparties,
        screened=run.screened,
        alerts_opened=run.alerts_opened,
        alerts_closed=run.alerts_closed,
        seconds=(as_utc(end) - as_utc(run.started_at)).total_seconds(),
    )


# --- sending and watching runs -------------------------------------------------------------


def pending_chunks(
    session: Session, run_id: int, stale_after: timedelta | None = None
) -> list[int]:
    """Positions of a run's chunks not done yet (only those sent before ``stale_after`` ago,
    or never sent, when given)."""
    query = select(MonitorChunk.position).where(
        MonitorChunk.run_id == run_id, MonitorChunk.status == ChunkStatus.PENDING
    )
    if stale_after is not None:
        cutoff = utcnow() - stale_after
        query = query.where(or_(MonitorChunk.sent_at.is_(None), MonitorChunk.sent_at < cutoff))
    return list(session.scalars(query.order_by(MonitorChunk.position)))


def mark_sent(session: Session, run_id: int, positions: list[int]) -> None:
    session.execute(
        update(MonitorChunk)
        .where(MonitorChunk.run_id == run_id, MonitorChunk.position.in_(positions))
        .values(sent_at=utcnow())
    )
