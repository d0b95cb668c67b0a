"""Counterparties, alerts with their history, decisions and clearances."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

import screening.models  # noqa: F401 - api_keys, screening_jobs and matches, which keys here name
from foundation.db import Base, utcnow


class CounterpartyType(StrEnum):
    PERSON = "person"
    COMPANY = "company"
    ORGANIZATION = "organization"
    VESSEL = "vessel"
    AIRCRAFT = "aircraft"
    ANY = "any"


class AlertReason(StrEnum):
    """Why an alert was raised (or, for ``delisted``, why it was closed)."""

    NEW_LISTING = "new_listing"  # the entity is new on its list
    LISTING_CHANGED = "listing_changed"  # the entity's listing changed
    NEW_COUNTERPARTY = "new_counterparty"  # a counterparty screened for the first time
    COUNTERPARTY_CHANGED = "counterparty_changed"  # its name, country, ... changed
    SCREENING = "screening"  # a one-off screening (web form, CSV, API, CLI)
    RESCREEN = "rescreen"  # a full re-screen (new algorithm version)
    DELISTED = "delisted"  # closed: the entity left its list


class AlertStatus(StrEnum):
    OPEN = "open"  # waiting for an officer
    PROPOSED = "proposed"  # a decision waits for a reviewer's confirmation
    ESCALATED = "escalated"  # confirmed escalation: a senior decision is needed
    CLOSED = "closed"


class DecisionKind(StrEnum):
    FALSE_POSITIVE = "false_positive"
    TRUE_MATCH = "true_match"
    ESCALATE = "escalate"


class DecisionStatus(StrEnum):
    PROPOSED = "proposed"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"


class AlertEventKind(StrEnum):
    """What happened to an alert (its history, ``AlertEvent.kind``)."""

    RAISED = "raised"
    SCREENED = "screened"  # found again by a later screening
    ASSIGNED = "assigned"
    COMMENT = "comment"
    PROPOSED = "proposed"  # a decision, waiting for a reviewer
    CONFIRMED = "confirmed"
    REJECTED = "rejected"
    APPLIED = "applied"  # a decision that took effect at once (four eyes off)
    ESCALATED = "escalated"
    CLEARED = "cleared"  # the pair's clearance was made
    BLOCKED = "blocked"  # the counterparty was blocked
    CLOSED = "closed"


ALERT_STATUSES = tuple(s.value for s in AlertStatus)
ALERT_REASONS = tuple(r.value for r in AlertReason)
COUNTERPARTY_TYPES = tuple(t.value for t in CounterpartyType)
DECISION_KINDS = tuple(d.value for d in DecisionKind)
ALERT_EVENT_KINDS = tuple(k.value for k in AlertEventKind)


class Counterparty(Base):
    """A customer or supplier on the books, screened whenever it or a list changes."""

    __tablename__ = "counterparties"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The ERP's own id for it.
    reference: Mapped[str] = mapped_column(String(256), unique=True)
    name: Mapped[str] = mapped_column(String(1024))
    type: Mapped[str] = mapped_column(String(16), default=CounterpartyType.ANY)
    country: Mapped[str | None] = mapped_column(String(2))  # ISO 3166-1 alpha-2, lower case
    birth_date: Mapped[str | None] = mapped_column(String(10))  # YYYY, YYYY-MM or YYYY-MM-DD
    # [{"type": "imo", "value": "9123456"}, ...]
    identifiers: Mapped[list[Any]] = mapped_column(default=list)
    active: Mapped[bool] = mapped_column(default=True, index=True)
    # Confirmed true match: business with it must stop.
    blocked: Mapped[bool] = mapped_column(default=False)
    # The API key that registered it: its webhook hears about its alerts.
    api_key_id: Mapped[int | None] = mapped_column(ForeignKey("api_keys.id"))
    # Increases with every change; digest of what screening uses (name, type,
    # country, birth date, identifiers), so a clearance can tell it changed.
    version: Mapped[int] = mapped_column(default=1)
    data_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    # When it was last screened against the full lists (None: never), and which of
    # its versions that was: below ``version``, it changed since and is screened again.
    screened_at: Mapped[datetime | None]
    screened_version: Mapped[int | None]

    history: Mapped[list[CounterpartyChange]] = relationship(
        back_populates="counterparty",
        order_by="CounterpartyChange.version",
        cascade="all, delete-orphan",
    )


class CounterpartyChange(Base):
    """One version of a counterparty: what changed, when and by whom."""

    __tablename__ = "counterparty_changes"
    __table_args__ = (UniqueConstraint("counterparty_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    counterparty_id: Mapped[int] = mapped_column(
        ForeignKey("counterparties.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[int]
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    changed_by: Mapped[str] = mapped_column(String(128))
    channel: Mapped[str] = mapped_column(String(8))
    # {"field": [old, new], ...}; on creation every field with [None, value]
    changes: Mapped[dict[str, Any]] = mapped_column(default=dict)

    counterparty: Mapped[Counterparty] = relationship(back_populates="history")


class Alert(Base):
    """A screened subject tied to a listed entity, with the evidence and its review state.

    The subject is a counterparty, or for one-off screening a name with its type
    and country (``subject_key`` names either). At most one alert per
    (subject, list, entity) is not closed.
    """

    __tablename__ = "alerts"
    __table_args__ = (
        Index("ix_alerts_pair", "subject_key", "list_name", "entity_key"),
        # The database itself keeps a pair from having two alerts that are not closed,
        # even when two workers raise the same alert at once.
        Index(
            "uq_alerts_unclosed_pair",
            "subject_key",
            "list_name",
            "entity_key",
            unique=True,
            sqlite_where=text("status != 'closed'"),
            postgresql_where=text("status != 'closed'"),
        ),
        Index("ix_alerts_status_opened", "status", "opened_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_key: Mapped[str] = mapped_column(String(600))
    # The subject's data digest when the alert was raised or last refreshed.
    subject_hash: Mapped[str] = mapped_column(String(64))
    counterparty_id: Mapped[int | None] = mapped_column(
        ForeignKey("counterparties.id", ondelete="CASCADE"), index=True
    )
    # One-off screening: the screened name as submitted, and where it came from.
    subject_name: Mapped[str] = mapped_column(String(1024))
    subject_type: Mapped[str] = mapped_column(String(16), default=CounterpartyType.ANY)
    subject_country: Mapped[str | None] = mapped_column(String(64))
    job_id: Mapped[str | None] = mapped_column(
        ForeignKey("screening_jobs.id", ondelete="SET NULL"), index=True
    )
    match_id: Mapped[int | None] = mapped_column(ForeignKey("matches.id", ondelete="SET NULL"))
    # The listed side, at the list version the evidence was found in.
    list_name: Mapped[str] = mapped_column(String(64))
    list_version: Mapped[int]
    entity_key: Mapped[str] = mapped_column(String(160))
    source_id: Mapped[str] = mapped_column(String(128))
    entity_name: Mapped[str] = mapped_column(String(1024))
    # Digest of the entity's listing (names, countries, birth dates, identifiers).
    listing_hash: Mapped[str] = mapped_column(String(64))
    matched_name: Mapped[str] = mapped_column(String(1024))
    score: Mapped[float]
    explanation: Mapped[dict[str, Any]] = mapped_column(default=dict)
    algorithm_version: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(String(32))  # an AlertReason; delisted once closed so
    raised_reason: Mapped[str] = mapped_column(String(32))  # the reason it was opened with
    status: Mapped[str] = mapped_column(String(16), default=AlertStatus.OPEN)
    resolution: Mapped[str | None] = mapped_column(String(16))  # a DecisionKind or "delisted"
    assignee: Mapped[str | None] = mapped_column(String(128), index=True)
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]

    counterparty: Mapped[Counterparty | None] = relationship()
    events: Mapped[list[AlertEvent]] = relationship(
        back_populates="alert", order_by="AlertEvent.id", cascade="all, delete-orphan"
    )
    decisions: Mapped[list[Decision]] = relationship(
        back_populates="alert", order_by="Decision.id", cascade="all, delete-orphan"
    )


class AlertEvent(Base):
    """The alert's history: raised, screened again, assigned, commented, decided, closed."""

    __tablename__ = "alert_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("alerts.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(Text)
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)

    alert: Mapped[Alert] = relationship(back_populates="events")


class Decision(Base):
    """An officer's proposal on an alert, and a reviewer's confirmation or rejection of it."""

    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("alerts.id", ondelete="CASCADE"), index=True)
    decision: Mapped[str] = mapped_column(String(16))  # a DecisionKind
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default=DecisionStatus.PROPOSED)
    proposed_by: Mapped[str] = mapped_column(String(128))
    proposed_at: Mapped[datetime] = mapped_column(default=utcnow)
    reviewed_by: Mapped[str | None] = mapped_column(String(128))
    reviewed_at: Mapped[datetime | None]
    review_reason: Mapped[str | None] = mapped_column(Text)
    # The evidence the proposer decided on: a confirmed false positive clears the
    # pair as it was then, so a change that came in after the proposal alerts again.
    list_version: Mapped[int | None]
    listing_hash: Mapped[str | None] = mapped_column(String(64))
    subject_hash: Mapped[str | None] = mapped_column(String(64))

    alert: Mapped[Alert] = relationship(back_populates="decisions")


class Clearance(Base):
    """A confirmed false positive: the pair stays quiet while neither side changes."""

    __tablename__ = "clearances"
    __table_args__ = (Index("ix_clearances_pair", "subject_key", "list_name", "entity_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_key: Mapped[str] = mapped_column(String(600))
    list_name: Mapped[str] = mapped_column(String(64))
    entity_key: Mapped[str] = mapped_column(String(160))
    # The two sides as they were cleared; a change to either lapses the clearance.
    listing_hash: Mapped[str] = mapped_column(String(64))
    subject_hash: Mapped[str] = mapped_column(String(64))
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id", ondelete="CASCADE"))
    alert_id: Mapped[int] = mapped_column(ForeignKey("alerts.id", ondelete="CASCADE"))
    cleared_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime | None]  # SCREENING_CLEARANCE_DAYS after creation, if set
    # When it stopped counting (either side changed, or it expired); None while valid.
    lapsed_at: Mapped[datetime | None]
