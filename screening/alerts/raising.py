"""Open, refresh and close alerts; a valid clearance keeps a pair quiet.

Screening (one-off or continuous) hands each potential match here as
:class:`Evidence`. For the pair (subject, listed entity) the outcome is one of:

- ``cleared``: a confirmed false positive still covers the pair (neither side
  changed, not expired): no alert, and the clearance is returned as the answer;
- ``existing``: an alert for the pair is not closed yet: it gets the new evidence;
- ``opened``: a new alert.

A clearance whose listing or subject digest no longer agrees, or that expired,
lapses here, so the pair alerts again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, object_session

from foundation.audit import AuditAction, record_event
from foundation.db import as_utc, utcnow
from screening.alerts.models import (
    Alert,
    AlertEvent,
    AlertEventKind,
    AlertReason,
    AlertStatus,
    Clearance,
)
from screening.alerts.subjects import Subject
from screening.models import MatchResult, ReviewStatus

# Look-ups of many subjects at once go in batches of this many keys.
LOOKUP_BATCH = 500


@dataclass(frozen=True)
class Evidence:
    """A potential match of a subject against a listed entity."""

    list_name: str
    list_version: int
    entity_key: str
    source_id: str
    entity_name: str
    listing_hash: str
    matched_name: str
    score: float
    explanation: dict[str, Any]
    algorithm_version: str


class Raised(StrEnum):
    OPENED = "opened"
    EXISTING = "existing"
    CLEARED = "cleared"


@dataclass(frozen=True)
class RaiseResult:
    outcome: Raised
    alert: Alert | None = None
    clearance: Clearance | None = None


@dataclass(frozen=True)
class Finding:
    """One potential match to raise: the pair and, for one-off screening, the stored match."""

    subject: Subject
    evidence: Evidence
    match_id: int | None = None


Pair = tuple[str, str, str]  # (subject key, list name, entity key)


def _pair(subject: Subject, evidence: Evidence) -> Pair:
    return (subject.key, evidence.list_name, evidence.entity_key)


def _covering(
    clearances: Iterable[Clearance], subject: Subject, evidence: Evidence, now: datetime
) -> Clearance | None:
    """The first clearance that still covers the pair; the ones that no longer do lapse."""
    found = None
    for clearance in clearances:
        if clearance.lapsed_at is not None:
            continue
        expired = clearance.expires_at is not None and as_utc(clearance.expires_at) <= now
        changed = (
            clearance.listing_hash != evidence.listing_hash
            or clearance.subject_hash != subject.hash
        )
        if expired or changed:
            clearance.lapsed_at = now
        elif found is None:
            found = clearance
    return found


def valid_clearance(
    session: Session, subject: Subject, evidence: Evidence, now: datetime | None = None
) -> Clearance | None:
    """The clearance that still covers the pair, lapsing the ones that no longer do."""
    candidates = session.scalars(
        select(Clearance).where(
            Clearance.subject_key == subject.key,
            Clearance.list_name == evidence.list_name,
            Clearance.entity_key == evidence.entity_key,
            Clearance.lapsed_at.is_(None),
        )
    )
    return _covering(candidates, subject, evidence, now or utcnow())


def unclosed_alert(
    session: Session, subject_key: str, list_name: str, entity_key: str
) -> Alert | None:
    return session.scalar(
        select(Alert).where(
            Alert.subject_key == subject_key,
            Alert.list_name == list_name,
            Alert.entity_key == entity_key,
            Alert.status != AlertStatus.CLOSED,
        )
    )


def raise_alert(
    session: Session,
    subject: Subject,
    evidence: Evidence,
    reason: AlertReason,
    *,
    actor: str,
    channel: str,
    job_id: str | None = None,
    match_id: int | None = None,
) -> RaiseResult:
    """Open an alert for the pair unless it is cleared or already open. Caller commits."""
    finding = Finding(subject, evidence, match_id)
    return raise_alerts(session, [finding], reason, actor=actor, channel=channel, job_id=job_id)[0]


def raise_alerts(
    session: Session,
    findings: Sequence[Finding],
    reason: AlertReason,
    *,
    actor: str,
    channel: str,
    job_id: str | None = None,
) -> list[RaiseResult]:
    """:func:`raise_alert` for many pairs, one result per finding, in order. Caller commits.

    The clearances and unclosed alerts of every subject are read in a few batched
    queries up front, so a screening of thousands of names costs a handful of
    look-ups, not two per match.
    """
    now = utcnow()
    clearances, unclosed = _pair_state(session, {f.subject.key for f in findings})
    results = []
    for finding in findings:
        subject, evidence = finding.subject, finding.evidence
        pair = _pair(subject, evidence)
        clearance = _covering(clearances.get(pair, ()), subject, evidence, now)
        if clearance is not None:
            results.append(RaiseResult(Raised.CLEARED, clearance=clearance))
            continue
        existing = unclosed.get(pair)
        if existing is not None:
            _refresh(existing, subject, evidence, actor, now, job_id)
            results.append(RaiseResult(Raised.EXISTING, alert=existing))
            continue
        result = _open(session, finding, reason, actor, channel, now, job_id)
        assert result.alert is not None
        unclosed[pair] = result.alert
        results.append(result)
    return results


def _pair_state(
    session: Session, subject_keys: set[str]
) -> tuple[dict[Pair, list[Clearance]], dict[Pair, Alert]]:
    """Unlapsed clearances and unclosed alerts of these subjects, by pair."""
    keys = sorted(subject_keys)
    clearances: dict[Pair, list[Clearance]] = defaultdict(list)
    unclosed: dict[Pair, Alert] = {}
    for start in range(0, len(keys), LOOKUP_BATCH):
        batch = keys[start : start + LOOKUP_BATCH]
        for clearance in session.scalars(
            select(Clearance)
            .where(Clearance.subject_key.in_(batch), Clearance.lapsed_at.is_(None))
            .order_by(Clearance.id)
        ):
            pair = (clearance.subject_key, clearance.list_name, clearance.entity_key)
            clearances[pair].append(clearance)
        for alert in session.scalars(
            select(Alert).where(Alert.subject_key.in_(batch), Alert.status != AlertStatus.CLOSED)
        ):
            unclosed[(alert.subject_key, alert.list_name, alert.entity_key)] = alert
    return clearances, unclosed


def _open(
    session: Session,
    finding: Finding,
    reason: AlertReason,
    actor: str,
    channel: str,
    now: datetime,
    job_id: str | None,
) -> RaiseResult:
    subject, evidence = finding.subject, finding.evidence
    alert = _new_alert(subject, evidence, reason, now, job_id, finding.match_id)
    try:
        with session.begin_nested():
            session.add(alert)
            session.flush()
    except IntegrityError:
        # Another process raised it a moment ago: that one is the open alert.
        existing = unclosed_alert(session, subject.key, evidence.list_name, evidence.entity_key)
        assert existing is not None
        _refresh(existing, subject, evidence, actor, now, job_id)
        return RaiseResult(Raised.EXISTING, alert=existing)
    session.add(
        AlertEvent(
            alert_id=alert.id,
            at=now,
            actor=actor,
            kind=AlertEventKind.RAISED,
            data={"reason": reason.value, "score": evidence.score, "job_id": job_id},
        )
    )
    record_event(
        session,
        actor=actor,
        channel=channel,
        action=AuditAction.ALERT_OPENED,
        object_type="alert",
        object_id=str(alert.id),
        payload={
            "subject": subject.key,
            "list": evidence.list_name,
            "list_version": evidence.list_version,
            "entity_id": evidence.entity_key,
            "score": evidence.score,
            "reason": reason.value,
        },
    )
    return RaiseResult(Raised.OPENED, alert=alert)


def _new_alert(
    subject: Subject,
    evidence: Evidence,
    reason: AlertReason,
    now: datetime,
    job_id: str | None,
    match_id: int | None,
) -> Alert:
    return Alert(
        subject_key=subject.key,
        subject_hash=subject.hash,
        counterparty_id=subject.counterparty_id,
        subject_name=subject.name[:1024],
        subject_type=subject.type,
        subject_country=subject.country,
        job_id=job_id,
        match_id=match_id,
        list_name=evidence.list_name,
        list_version=evidence.list_version,
        entity_key=evidence.entity_key,
        source_id=evidence.source_id,
        entity_name=evidence.entity_name[:1024],
        listing_hash=evidence.listing_hash,
        matched_name=evidence.matched_name[:1024],
        score=evidence.score,
        explanation=evidence.explanation,
        algorithm_version=evidence.algorithm_version,
        reason=reason.value,
        raised_reason=reason.value,
        status=AlertStatus.OPEN,
        opened_at=now,
        updated_at=now,
    )


def _refresh(
    alert: Alert,
    subject: Subject,
    evidence: Evidence,
    actor: str,
    now: datetime,
    job_id: str | None,
) -> None:
    """A later screening found the pair again: the alert shows the newest evidence."""
    alert.list_version = evidence.list_version
    alert.listing_hash = evidence.listing_hash
    alert.subject_hash = subject.hash
    alert.subject_name = subject.name[:1024]
    alert.matched_name = evidence.matched_name[:1024]
    alert.score = evidence.score
    alert.explanation = evidence.explanation
    alert.algorithm_version = evidence.algorithm_version
    alert.updated_at = now
    session = object_session(alert)
    assert session is not None
    session.add(
        AlertEvent(
            alert_id=alert.id,
            at=now,
            actor=actor,
            kind=AlertEventKind.SCREENED,
            data={"score": evidence.score, "list_version": evidence.list_version, "job_id": job_id},
        )
    )


def close_delisted(
    session: Session,
    list_name: str,
    entity_keys: Iterable[str],
    version: int,
    *,
    actor: str,
    channel: str,
) -> int:
    """Close every unclosed alert on entities that left ``list_name`` at ``version``."""
    keys = list(set(entity_keys))
    closed = 0
    now = utcnow()
    for start in range(0, len(keys), 500):
        alerts = session.scalars(
            select(Alert).where(
                Alert.list_name == list_name,
                Alert.entity_key.in_(keys[start : start + 500]),
                Alert.status != AlertStatus.CLOSED,
            )
        ).all()
        for alert in alerts:
            close_alert(
                session,
                alert,
                AlertReason.DELISTED,
                actor=actor,
                channel=channel,
                note=f"the entity left {list_name} in version {version}",
                now=now,
            )
            closed += 1
    return closed


def close_alert(
    session: Session,
    alert: Alert,
    resolution: str,
    *,
    actor: str,
    channel: str,
    note: str | None = None,
    now: datetime | None = None,
) -> None:
    """Close an alert with a resolution (a decision kind, or ``delisted``). Caller commits."""
    now = now or utcnow()
    session.execute(
        update(Alert)
        .where(Alert.id == alert.id)
        .values(
            status=AlertStatus.CLOSED,
            resolution=resolution,
            reason=AlertReason.DELISTED if resolution == AlertReason.DELISTED else alert.reason,
            closed_at=now,
            updated_at=now,
        )
    )
    session.add(
        AlertEvent(
            alert_id=alert.id,
            at=now,
            actor=actor,
            kind=AlertEventKind.CLOSED,
            note=note,
            data={"resolution": resolution},
        )
    )
    mirror_review_status(session, alert.id, ReviewStatus.CLOSED)
    record_event(
        session,
        actor=actor,
        channel=channel,
        action=AuditAction.ALERT_CLOSED,
        object_type="alert",
        object_id=str(alert.id),
        payload={"resolution": resolution, "note": note},
    )
    session.refresh(alert)


def mirror_review_status(
    session: Session, alert_id: int, status: str, disposition: dict[str, Any] | None = None
) -> None:
    """Show an alert's new status on the matches that are its evidence. Caller commits.

    ``disposition`` (disposition, disposition_comment, disposed_by, disposed_at)
    is written too when a decision settled the alert. Matches that a clearance
    kept quiet stay ``cleared``.
    """
    session.execute(
        update(MatchResult)
        .where(
            MatchResult.alert_id == alert_id,
            or_(
                MatchResult.review_status.is_(None),
                MatchResult.review_status != ReviewStatus.CLEARED,
            ),
        )
        .values(review_status=status, **(disposition or {}))
    )
