"""Everything the alert page shows, read in one place.

Both sides of the pair (the counterparty or screened name; the listed entity
with all its names, provenance and relations at the list version of the
evidence), the score explanation, the screenings that found the pair, the
decisions and the whole history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from screening.alerts.models import (
    Alert,
    AlertEvent,
    AlertEventKind,
    Clearance,
    Counterparty,
    Decision,
)
from screening.models import MatchResult, ScreeningItem, ScreeningJob
from screening.review.decisions import get_alert, pending_decision
from watchlists.entities import EntityDetail, EntityNotFound, read_entity

SCREENINGS_SHOWN = 50


@dataclass(frozen=True)
class Screening:
    """One screening that found the pair: a job's item and its match."""

    job_id: str
    position: int
    match_id: int
    score: float
    review_status: str | None
    channel: str
    submitted_by: str
    screened_at: datetime | None


@dataclass
class AlertView:
    alert: Alert
    counterparty: Counterparty | None
    entity: EntityDetail | None  # the entity at the alert's list version
    # "same", "changed" (names, countries, birth dates or identifiers), "delisted",
    # or "unknown" (the entity is not in the database any more)
    listing_now: str
    newest_version: int | None  # the list version the entity's newest row belongs to
    events: list[AlertEvent]
    decisions: list[Decision]
    pending: Decision | None
    clearances: list[Clearance]
    screenings: list[Screening]  # the newest one-off screenings (jobs) that found the pair
    job_screening_count: int  # all of those
    # Every screening that found the pair, one-off or monitoring: each raised the
    # alert or was recorded on it (a ``raised`` or ``screened`` event).
    screening_count: int


def load_alert_view(session: Session, alert_id: int) -> AlertView:
    """The alert with everything its page shows; ReviewError 404 if there is none."""
    alert = get_alert(session, alert_id)
    entity, listing_now, newest = _listed_side(session, alert)
    clearances = session.scalars(
        select(Clearance).where(Clearance.alert_id == alert.id).order_by(Clearance.id)
    ).all()
    screenings, count = _screenings(session, alert.id)
    return AlertView(
        alert=alert,
        counterparty=alert.counterparty,
        entity=entity,
        listing_now=listing_now,
        newest_version=newest,
        events=list(alert.events),
        decisions=list(alert.decisions),
        pending=pending_decision(alert),
        clearances=list(clearances),
        screenings=screenings,
        job_screening_count=count,
        screening_count=sum(
            1 for e in alert.events if e.kind in (AlertEventKind.RAISED, AlertEventKind.SCREENED)
        ),
    )


def _listed_side(session: Session, alert: Alert) -> tuple[EntityDetail | None, str, int | None]:
    try:
        detail = read_entity(session, alert.entity_key, alert.list_version)
    except EntityNotFound:
        try:
            newest = read_entity(session, alert.entity_key)
        except EntityNotFound:
            return None, "unknown", None
        return None, "changed", newest.version
    newest_row = detail.history[0]
    if newest_row.removed_in is not None:
        return detail, "delisted", newest_row.removed_in
    newest_hash = newest_row.listing_hash or newest_row.content_hash
    active = detail.watchlist.active_version
    newest_version = active.number if active is not None else newest_row.added_in
    return detail, "same" if newest_hash == alert.listing_hash else "changed", newest_version


def _screenings(session: Session, alert_id: int) -> tuple[list[Screening], int]:
    count = session.scalar(
        select(func.count()).select_from(MatchResult).where(MatchResult.alert_id == alert_id)
    )
    rows = session.execute(
        select(
            ScreeningItem.job_id,
            ScreeningItem.position,
            MatchResult.id,
            MatchResult.score,
            MatchResult.review_status,
            ScreeningJob.channel,
            ScreeningJob.submitted_by,
            ScreeningItem.processed_at,
        )
        .join(ScreeningItem, MatchResult.item_id == ScreeningItem.id)
        .join(ScreeningJob, ScreeningItem.job_id == ScreeningJob.id)
        .where(MatchResult.alert_id == alert_id)
        .order_by(MatchResult.id.desc())
        .limit(SCREENINGS_SHOWN)
    ).all()
    return [Screening(*row) for row in rows], int(count or 0)
