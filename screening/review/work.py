"""Working alerts: assigning them (one or many at once) and commenting on them.

Both are recorded in the alert's history and in the audit chain.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from foundation.audit import AuditAction, record_event
from foundation.db import utcnow
from screening.alerts.models import Alert, AlertEvent, AlertEventKind, AlertStatus
from screening.models import User
from screening.review.rules import (
    Actor,
    ReviewError,
    is_id,
    may_work,
    require_work,
    required_text,
)

MAX_BULK = 500


@dataclass(frozen=True)
class Assigned:
    assigned: list[int]  # alert ids whose assignee changed
    unchanged: list[int]  # already assigned so
    skipped_closed: list[int]  # closed alerts are not assigned


def assignable_users(session: Session) -> list[str]:
    """Usernames that may be given alerts (active officers, reviewers and admins)."""
    users = session.scalars(
        select(User).where(User.is_active.is_(True)).order_by(User.username)
    ).all()
    return [u.username for u in users if may_work(u.role)]


def assign_alerts(
    session: Session, alert_ids: Sequence[int], assignee: str | None, actor: Actor
) -> Assigned:
    """Give the alerts to ``assignee`` (None or '' takes them back). Caller commits.

    Raises ReviewError: 403 for roles that may not work alerts, 400 for an
    assignee who cannot take alerts or an empty or oversized selection, 404 for
    an unknown alert, 409 when the one alert asked for is closed.
    """
    require_work(actor, "assign alerts")
    ids = list(dict.fromkeys(alert_ids))
    if not ids:
        raise ReviewError("Select at least one alert to assign.")
    if len(ids) > MAX_BULK:
        raise ReviewError(f"Assign at most {MAX_BULK} alerts at once.")
    target = _check_assignee(session, assignee)
    stored = [i for i in ids if is_id(i)]
    alerts = {a.id: a for a in session.scalars(select(Alert).where(Alert.id.in_(stored)))}
    missing = [i for i in ids if i not in alerts]
    if missing:
        raise ReviewError(f"There is no alert {missing[0]}.", status=404)
    if len(ids) == 1 and alerts[ids[0]].status == AlertStatus.CLOSED:
        raise ReviewError(f"Alert {ids[0]} is closed; closed alerts are not assigned.", status=409)
    now = utcnow()
    done = Assigned([], [], [])
    for alert_id in ids:
        alert = alerts[alert_id]
        if alert.status == AlertStatus.CLOSED:
            done.skipped_closed.append(alert_id)
            continue
        if alert.assignee == target:
            done.unchanged.append(alert_id)
            continue
        before = alert.assignee
        alert.assignee = target
        alert.updated_at = now
        session.add(
            AlertEvent(
                alert_id=alert_id,
                at=now,
                actor=actor.username,
                kind=AlertEventKind.ASSIGNED,
                data={"from": before, "to": target},
            )
        )
        record_event(
            session,
            actor=actor.username,
            channel=actor.channel,
            action=AuditAction.ALERT_ASSIGNED,
            object_type="alert",
            object_id=str(alert_id),
            payload={"from": before, "to": target},
        )
        done.assigned.append(alert_id)
    return done


def _check_assignee(session: Session, assignee: str | None) -> str | None:
    name = (assignee or "").strip()
    if not name:
        return None
    user = session.scalar(select(User).where(User.username == name))
    if user is None or not user.is_active:
        raise ReviewError(f"There is no active user {name[:128]!r} to assign alerts to.")
    if not may_work(user.role):
        raise ReviewError(
            f"{user.username} is an {user.role}; alerts go to officers, reviewers or admins."
        )
    return user.username


def comment_on_alert(session: Session, alert_id: int, comment: str, actor: Actor) -> AlertEvent:
    """Add ``actor``'s comment to the alert's history. Caller commits."""
    require_work(actor, "comment on alerts")
    text = required_text(comment, "A comment")
    alert = session.get(Alert, alert_id) if is_id(alert_id) else None
    if alert is None:
        raise ReviewError(f"There is no alert {alert_id}.", status=404)
    now = utcnow()
    event = AlertEvent(
        alert_id=alert.id, at=now, actor=actor.username, kind=AlertEventKind.COMMENT, note=text
    )
    session.add(event)
    session.flush()
    record_event(
        session,
        actor=actor.username,
        channel=actor.channel,
        action=AuditAction.ALERT_COMMENTED,
        object_type="alert",
        object_id=str(alert.id),
        payload={"event_id": event.id, "comment": text},
    )
    return event
