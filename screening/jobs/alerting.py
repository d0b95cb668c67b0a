"""One-off screening joins alert review: a potential match raises an alert, unless cleared.

Every potential match a job stores (web form, CSV, API, CLI) is handed to
``raise_alerts`` as the pair (the screened name with its type and country,
the listed entity). The match then records where it stands: the alert it is
evidence of (a new one, or the pair's alert that is still open), or the
clearance that covers the pair and the alert whose decision made it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from foundation.audit import EventBatch
from screening.alerts.models import AlertReason, Decision
from screening.alerts.raising import Evidence, Finding, Raised, RaiseResult, raise_alerts
from screening.alerts.subjects import name_subject
from screening.indexes import ScreeningIndex
from screening.models import Disposition, MatchResult, ReviewStatus, ScreeningItem, ScreeningJob
from watchlists.models import Entity, Watchlist
from watchlists.queries import version_filter

BATCH = 500
MATCH_COLUMNS = (
    MatchResult.id,
    MatchResult.list_name,
    MatchResult.list_version,
    MatchResult.entity_key,
    MatchResult.source_id,
    MatchResult.entity_name,
    MatchResult.matched_name,
    MatchResult.score,
    MatchResult.explanation,
)


@dataclass(frozen=True)
class ChunkAlerts:
    opened: int = 0
    existing: int = 0
    cleared: int = 0


def raise_chunk_alerts(
    session: Session, job: ScreeningJob, item_ids: Sequence[int], index: ScreeningIndex
) -> ChunkAlerts:
    """Raise the alerts of the matches of ``item_ids`` (just stored) and link each match.

    Called once per chunk inside the chunk's transaction; the look-ups are
    batched. Caller commits.
    """
    # Plain rows, not ORM objects: the matches are updated below with core statements.
    rows: list[Any] = []
    for start in range(0, len(item_ids), BATCH):
        rows.extend(
            session.execute(
                select(
                    *MATCH_COLUMNS,
                    ScreeningItem.name.label("item_name"),
                    ScreeningItem.type.label("item_type"),
                    ScreeningItem.country.label("item_country"),
                )
                .join(ScreeningItem, MatchResult.item_id == ScreeningItem.id)
                .where(MatchResult.item_id.in_(item_ids[start : start + BATCH]))
                .order_by(ScreeningItem.position, MatchResult.score.desc(), MatchResult.id)
            ).all()
        )
    return alert_rows(session, job, rows, index)[0]


@dataclass(frozen=True)
class FoundMatch:
    """A match just stored, with the screened name it belongs to (the columns of
    ``MATCH_COLUMNS`` plus the item's name, type and country)."""

    id: int
    list_name: str
    list_version: int
    entity_key: str
    source_id: str
    entity_name: str
    matched_name: str
    score: float
    explanation: Any
    item_name: str
    item_type: str | None
    item_country: str | None


def alert_rows(
    session: Session,
    job: ScreeningJob,
    rows: Sequence[Any],
    index: ScreeningIndex,
    audit: EventBatch | None = None,
) -> tuple[ChunkAlerts, dict[int, dict[str, Any]]]:
    """Raise the alerts of stored matches in hand (rows of ``MATCH_COLUMNS`` with the
    item's name, type and country, or :class:`FoundMatch`), link each match, and
    return the counts and each match's review columns as linking left them.

    With ``audit``, the alert.opened events go into that batch (the caller writes it)."""
    if not rows:
        return ChunkAlerts(), {}
    findings = [
        Finding(
            name_subject(row.item_name, row.item_type, row.item_country),
            evidence_of(row, _listing_hash(session, index, row), job.algorithm_version),
            row.id,
        )
        for row in rows
    ]
    results = raise_alerts(
        session,
        findings,
        AlertReason.SCREENING,
        actor=job.submitted_by,
        channel=job.channel,
        job_id=job.id,
        audit=audit,
    )
    review = link_matches(session, [row.id for row in rows], results)
    outcomes = [r.outcome for r in results]
    counts = ChunkAlerts(
        opened=outcomes.count(Raised.OPENED),
        existing=outcomes.count(Raised.EXISTING),
        cleared=outcomes.count(Raised.CLEARED),
    )
    return counts, review


def evidence_of(match: Any, listing_hash: str, algorithm_version: str) -> Evidence:
    """The evidence a stored match gives (a MatchResult, or a row of MATCH_COLUMNS)."""
    return Evidence(
        list_name=match.list_name,
        list_version=match.list_version,
        entity_key=match.entity_key,
        source_id=match.source_id,
        entity_name=match.entity_name,
        listing_hash=listing_hash,
        matched_name=match.matched_name,
        score=match.score,
        explanation=match.explanation,
        algorithm_version=algorithm_version,
    )


def _listing_hash(session: Session, index: ScreeningIndex, match: Any) -> str:
    info = index.entities.get(match.entity_key)
    if info is not None and info.list_name == match.list_name:
        return info.listing_hash
    return entity_listing_hash(session, match.list_name, match.list_version, match.entity_key)


def entity_listing_hash(session: Session, list_name: str, version: int, entity_key: str) -> str:
    """The digest of an entity's listing at a list version ('' if it is not in it)."""
    watchlist_id = session.scalar(select(Watchlist.id).where(Watchlist.name == list_name))
    if watchlist_id is None:
        return ""
    row = session.execute(
        select(Entity.listing_hash, Entity.content_hash).where(
            Entity.key == entity_key, version_filter(watchlist_id, version)
        )
    ).first()
    if row is None:
        return ""
    return str(row.listing_hash or row.content_hash)


def link_matches(
    session: Session, match_ids: Sequence[int], results: Sequence[RaiseResult]
) -> dict[int, dict[str, Any]]:
    """Record on each match the clearance that covered it; the review columns of every
    match, by match id.

    ``raise_alerts`` already linked each match it was given (``Finding.match_id``) to
    the alert it raised or joined; the columns it wrote are returned here too.
    """
    review: dict[int, dict[str, Any]] = {}
    cleared: list[dict[str, Any]] = []
    decision_ids = {r.clearance.decision_id for r in results if r.clearance is not None}
    decisions = {}
    if decision_ids:
        found = session.scalars(select(Decision).where(Decision.id.in_(decision_ids)))
        decisions = {d.id: d for d in found}
    for match_id, result in zip(match_ids, results, strict=True):
        if result.clearance is not None:
            clearance = result.clearance
            decision = decisions.get(clearance.decision_id)
            cleared.append(
                {
                    "b_id": match_id,
                    "b_alert": clearance.alert_id,
                    "b_clearance": clearance.id,
                    "b_by": decision.proposed_by if decision else clearance.cleared_by,
                    "b_at": clearance.created_at,
                    "b_comment": decision.reason if decision else None,
                }
            )
        elif result.alert is not None:
            review[match_id] = {"review_status": result.alert.status, "alert_id": result.alert.id}
    table = MatchResult.__table__
    if cleared:
        session.execute(
            update(table)
            .where(table.c.id == bindparam("b_id"))
            .values(
                review_status=ReviewStatus.CLEARED,
                alert_id=bindparam("b_alert"),
                clearance_id=bindparam("b_clearance"),
                disposition=Disposition.FALSE_POSITIVE,
                disposed_by=bindparam("b_by"),
                disposed_at=bindparam("b_at"),
                disposition_comment=bindparam("b_comment"),
            ),
            cleared,
        )
    for row in cleared:
        review[row["b_id"]] = {
            "review_status": ReviewStatus.CLEARED,
            "alert_id": row["b_alert"],
            "clearance_id": row["b_clearance"],
            "disposition": Disposition.FALSE_POSITIVE,
            "disposed_by": row["b_by"],
            "disposed_at": row["b_at"],
            "disposition_comment": row["b_comment"],
        }
    return review
