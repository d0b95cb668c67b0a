"""A stored match and its alert: the match's disposition is decided on the alert."""

from __future__ import annotations

from sqlalchemy.orm import Session

from screening.alerts.models import Alert, AlertReason
from screening.alerts.raising import RaiseResult, raise_alert
from screening.alerts.subjects import name_subject
from screening.jobs.alerting import entity_listing_hash, evidence_of, link_matches
from screening.models import MatchResult, ReviewStatus
from screening.review.rules import ReviewError, is_id


def alert_for_match(session: Session, match_id: int, *, actor: str, channel: str) -> Alert:
    """The alert a match is evidence of, raised now for a match stored before alert review.

    Raises ReviewError 404 for no such match, 409 when a clearance covers its pair.
    """
    match = session.get(MatchResult, match_id) if is_id(match_id) else None
    if match is None:
        raise ReviewError(f"There is no match {match_id}.", status=404)
    if match.review_status == ReviewStatus.CLEARED:
        raise ReviewError(
            f"This match was cleared by the confirmed decision on alert {match.alert_id}; "
            "there is nothing left to decide.",
            status=409,
        )
    if match.alert_id is not None:
        alert = session.get(Alert, match.alert_id)
        if alert is not None:
            return alert
    item = match.item
    job = item.job
    listing_hash = entity_listing_hash(
        session, match.list_name, match.list_version, match.entity_key
    )
    result: RaiseResult = raise_alert(
        session,
        name_subject(item.name, item.type, item.country),
        evidence_of(match, listing_hash, job.algorithm_version),
        AlertReason.SCREENING,
        actor=actor,
        channel=channel,
        job_id=job.id,
        match_id=match.id,
    )
    link_matches(session, [match.id], [result])
    session.refresh(match)
    if result.clearance is not None:
        raise ReviewError(
            f"This pair was already cleared by the confirmed decision on alert "
            f"{result.clearance.alert_id}; there is nothing left to decide.",
            status=409,
        )
    assert result.alert is not None
    return result.alert
