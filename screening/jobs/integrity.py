"""``screening audit verify``: the audit chain, its keyed heads, and the results it vouches for.

Four checks, each reported on its own:

1. the sealed chain recomputes (no event edited, removed from the middle or reordered);
2. it still reaches every head stated elsewhere with the same hash: the one the
   operator expects (``--expect-head`` from an export or an anchor), and each
   anchor in the anchor file, whose HMACs must check (no truncation, no rebuild);
3. events appended but not yet sealed are counted apart (not an error);
4. every job's stored results still hash to the digests its ``results.stored``
   events recorded (no outcome, score or match edited, added or removed).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from foundation.audit import AuditAction, AuditEvent
from foundation.audit.chain import ChainCheck, ChainHead, seal_events, verify_chain
from foundation.audit.head import AnchorCheck, check_anchors, head_key, head_problem, is_genuine
from foundation.db import Database
from foundation.settings import Settings
from screening.jobs.digests import result_digest
from screening.models import ItemStatus, MatchResult, ScreeningItem, ScreeningJob

JOB_BATCH = 500
SHOWN_POSITIONS = 10


@dataclass
class ResultsCheck:
    jobs: int = 0
    items: int = 0
    # One line per job whose stored results do not match what was recorded.
    mismatches: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.mismatches


@dataclass
class AuditReport:
    chain: ChainCheck
    expected_head: ChainHead | None = None
    head_problem: str | None = None
    head_hmac_ok: bool | None = None  # None: no HMAC given
    anchors: AnchorCheck = field(default_factory=lambda: AnchorCheck(0, []))
    anchors_path: Path | None = None
    results: ResultsCheck | None = None

    @property
    def ok(self) -> bool:
        return (
            self.chain.ok
            and self.head_problem is None
            and self.head_hmac_ok is not False
            and self.anchors.ok
            and (self.results is None or self.results.ok)
        )


def verify_audit(
    database: Database,
    settings: Settings,
    *,
    expect_head: ChainHead | None = None,
    head_hmac: str | None = None,
    anchors_path: Path | None = None,
    check_results: bool = True,
) -> AuditReport:
    """Seal what is committed, then run every check (see the module docstring)."""
    seal_events(database)
    key = head_key(settings)
    with database.session() as session:
        report = AuditReport(chain=verify_chain(session), expected_head=expect_head)
    with database.session() as session:
        if expect_head is not None:
            report.head_problem = head_problem(session, expect_head)
            if head_hmac:
                report.head_hmac_ok = is_genuine(expect_head, head_hmac, key)
        report.anchors_path = anchors_path or settings.audit_anchor_path
        report.anchors = check_anchors(session, report.anchors_path, key)
    if check_results:
        with database.session() as session:
            report.results = check_stored_results(session)
    return report


def check_stored_results(session: Session) -> ResultsCheck:
    """Recompute each stored result's digest and compare it with the recorded one."""
    check = ResultsCheck()
    for job_id in _job_ids(session):
        check.jobs += 1
        problem, items = _check_job(session, job_id)
        check.items += items
        if problem:
            check.mismatches.append(f"job {job_id}: {problem}")
        session.expunge_all()
    gone = session.scalars(
        select(AuditEvent.object_id)
        .where(
            AuditEvent.object_type == "job",
            AuditEvent.action == AuditAction.RESULTS_STORED.value,
            ~select(ScreeningJob.id).where(ScreeningJob.id == AuditEvent.object_id).exists(),
        )
        .distinct()
    ).all()
    check.mismatches += [
        f"job {job_id}: results were recorded but the job is gone" for job_id in gone
    ]
    return check


def _job_ids(session: Session) -> Iterator[str]:
    last = ""
    while True:
        ids = session.scalars(
            select(ScreeningJob.id)
            .where(ScreeningJob.id > last)
            .order_by(ScreeningJob.id)
            .limit(JOB_BATCH)
        ).all()
        if not ids:
            return
        yield from ids
        last = ids[-1]


def _recorded_digests(session: Session, job_id: str) -> tuple[dict[int, str], set[int]]:
    recorded: dict[int, str] = {}
    twice: set[int] = set()
    payloads = session.scalars(
        select(AuditEvent.payload)
        .where(
            AuditEvent.object_type == "job",
            AuditEvent.object_id == job_id,
            AuditEvent.action == AuditAction.RESULTS_STORED.value,
        )
        .order_by(AuditEvent.id)
    )
    for payload in payloads:
        for position, digest in payload.get("results", []):
            if position in recorded:
                twice.add(position)
            recorded[position] = digest
    return recorded, twice


def _check_job(session: Session, job_id: str) -> tuple[str | None, int]:
    """What is wrong with one job's stored results (None: nothing), and how many were checked."""
    recorded, twice = _recorded_digests(session, job_id)
    items = session.execute(
        select(ScreeningItem.id, ScreeningItem.position, ScreeningItem.name, ScreeningItem.outcome)
        .where(ScreeningItem.job_id == job_id, ScreeningItem.status == ItemStatus.DONE)
        .order_by(ScreeningItem.position)
    ).all()
    if not items and not recorded:
        return None, 0
    matches: dict[int, list[tuple[str, int, float]]] = defaultdict(list)
    rows = session.execute(
        select(
            MatchResult.item_id, MatchResult.entity_key, MatchResult.list_version, MatchResult.score
        )
        .join(ScreeningItem, ScreeningItem.id == MatchResult.item_id)
        .where(ScreeningItem.job_id == job_id)
        # The order the worker stored them in: best first, ties in storing order.
        .order_by(MatchResult.item_id, MatchResult.score.desc(), MatchResult.id)
    )
    for row in rows:
        matches[row.item_id].append((row.entity_key, row.list_version, row.score))
    differ, unrecorded = [], []
    stored = set()
    for item in items:
        stored.add(item.position)
        expected = recorded.get(item.position)
        if expected is None:
            unrecorded.append(item.position)
        elif expected != result_digest(item.name, item.outcome or "", matches[item.id]):
            differ.append(item.position)
    missing = sorted(set(recorded) - stored)
    problems = [
        f"{label} at positions {_positions(found)}"
        for label, found in (
            ("stored results differ from their recorded digests", differ),
            ("results stored without a recorded digest", unrecorded),
            ("recorded results no longer stored", missing),
            ("results recorded twice", sorted(twice)),
        )
        if found
    ]
    return ("; ".join(problems) or None), len(items)


def _positions(positions: list[int]) -> str:
    shown = ", ".join(str(p) for p in positions[:SHOWN_POSITIONS])
    more = len(positions) - SHOWN_POSITIONS
    return shown + (f" and {more} more" if more > 0 else "")
