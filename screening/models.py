"""Screening jobs and their results, users, API keys and webhook deliveries.

The value sets of their status columns are the enums here; every module uses
these, never the bare strings.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from foundation.db import Base, utcnow


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"

    @classmethod
    def unfinished(cls) -> tuple[JobStatus, ...]:
        return (cls.QUEUED, cls.RUNNING)

    @classmethod
    def finished(cls) -> tuple[JobStatus, ...]:
        return (cls.COMPLETED, cls.FAILED)


class ItemStatus(StrEnum):
    PENDING = "pending"
    DONE = "done"


class Outcome(StrEnum):
    CLEAR = "clear"
    POTENTIAL_MATCH = "potential_match"


class Channel(StrEnum):
    WEB = "web"
    API = "api"
    CLI = "cli"
    SYSTEM = "system"  # the service on its own: beat's fetches, the monitor


class Role(StrEnum):
    ADMIN = "admin"  # may do everything
    OFFICER = "officer"  # screens names and proposes alert decisions
    AUDITOR = "auditor"  # reads everything, changes nothing
    REVIEWER = "reviewer"  # an officer who also confirms or rejects others' proposals


class WebhookStatus(StrEnum):
    """Where the delivery of a job's callback or a key's event stands."""

    PENDING = "pending"  # not attempted yet
    DELIVERING = "delivering"  # an attempt is under way
    RETRYING = "retrying"  # an attempt failed (or a redelivery was asked); one is scheduled
    DELIVERED = "delivered"  # the receiver answered 2xx
    FAILED = "failed"  # given up: the retry window passed or the address is refused


class Disposition(StrEnum):
    OPEN = "open"
    TRUE_MATCH = "true_match"
    FALSE_POSITIVE = "false_positive"


class ReviewStatus(StrEnum):
    """Where a potential match stands in alert review.

    The first four mirror the status of the match's alert (``screening.alerts``);
    ``cleared`` means a confirmed false positive covered the pair, so no alert was raised.
    """

    OPEN = "open"
    PROPOSED = "proposed"
    ESCALATED = "escalated"
    CLOSED = "closed"
    CLEARED = "cleared"


JOB_STATUSES = tuple(s.value for s in JobStatus)
ROLES = tuple(r.value for r in Role)
DISPOSITIONS = tuple(d.value for d in Disposition)
OUTCOMES = tuple(o.value for o in Outcome)
REVIEW_STATUSES = tuple(r.value for r in ReviewStatus)
WEBHOOK_STATUSES = tuple(w.value for w in WebhookStatus)
# Matches kept per screened name unless the request asks for another number.
DEFAULT_MATCH_LIMIT = 10


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(128), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(16))
    is_active: Mapped[bool] = mapped_column(default=True)
    must_change_password: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # When a one-time (generated) password stops working; None for a chosen one.
    password_expires_at: Mapped[datetime | None]


class ApiKey(Base):
    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(128))
    # The first characters of the key, shown in listings and used for lookup.
    prefix: Mapped[str] = mapped_column(String(16), unique=True)
    key_hash: Mapped[str] = mapped_column(String(128))
    scopes: Mapped[list[str]] = mapped_column(default=list)
    # Needed in clear to sign webhooks; shown to the client once.
    webhook_secret: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(String(128), default="")
    revoked_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]
    # Where events about this key's counterparties (alert.opened, ...) are sent.
    webhook_url: Mapped[str | None] = mapped_column(String(2048))


class ScreeningJob(Base):
    __tablename__ = "screening_jobs"
    __table_args__ = (
        UniqueConstraint("api_key_id", "idempotency_key", name="uq_screening_jobs_idempotency"),
        Index("ix_screening_jobs_status_created", "status", "created_at"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    channel: Mapped[str] = mapped_column(String(8))
    submitted_by: Mapped[str] = mapped_column(String(128))
    api_key_id: Mapped[int | None] = mapped_column(ForeignKey("api_keys.id"))
    status: Mapped[str] = mapped_column(String(16), default=JobStatus.QUEUED)
    threshold: Mapped[float]
    algorithm_version: Mapped[str] = mapped_column(String(32))
    # {"<list name>": <version number>} pinned at submission
    list_versions: Mapped[dict[str, Any]] = mapped_column(default=dict)
    callback_url: Mapped[str | None] = mapped_column(String(2048))
    idempotency_key: Mapped[str | None] = mapped_column(String(256))
    request_hash: Mapped[str | None] = mapped_column(String(64))
    item_count: Mapped[int] = mapped_column(default=0)
    # Matches kept per name (the request's ``limit``).
    match_limit: Mapped[int] = mapped_column(
        default=DEFAULT_MATCH_LIMIT, server_default=str(DEFAULT_MATCH_LIMIT)
    )
    processed_count: Mapped[int] = mapped_column(default=0)
    match_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    enqueued_at: Mapped[datetime | None]
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    error: Mapped[str | None] = mapped_column(Text)

    items: Mapped[list[ScreeningItem]] = relationship(
        back_populates="job", order_by="ScreeningItem.position", cascade="all, delete-orphan"
    )
    # The delivery of the callback (None without callback_url or before the job finished).
    webhook: Mapped[WebhookEvent | None] = relationship(
        primaryjoin="ScreeningJob.id == WebhookEvent.job_id", viewonly=True, uselist=False
    )


class ScreeningItem(Base):
    __tablename__ = "screening_items"
    __table_args__ = (UniqueConstraint("job_id", "position"),)

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer(), "sqlite"), primary_key=True
    )
    job_id: Mapped[str] = mapped_column(ForeignKey("screening_jobs.id", ondelete="CASCADE"))
    position: Mapped[int]
    name: Mapped[str] = mapped_column(String(1024))
    normalized_name: Mapped[str | None] = mapped_column(String(2048))
    type: Mapped[str] = mapped_column(String(16), default="any")
    country: Mapped[str | None] = mapped_column(String(64))
    reference: Mapped[str | None] = mapped_column(String(256))
    birth_date: Mapped[str | None] = mapped_column(String(10))  # YYYY, YYYY-MM or YYYY-MM-DD
    # [{"type": "imo", "value": "9123456"}, ...]; None when none were given.
    identifiers: Mapped[list[Any] | None] = mapped_column(default=None)
    status: Mapped[str] = mapped_column(String(16), default=ItemStatus.PENDING)
    outcome: Mapped[str | None] = mapped_column(String(32))  # an Outcome
    top_score: Mapped[float | None]
    processed_at: Mapped[datetime | None]

    job: Mapped[ScreeningJob] = relationship(back_populates="items")
    # Ties in score are ordered by list and entity, so identical requests read identically.
    matches: Mapped[list[MatchResult]] = relationship(
        back_populates="item",
        order_by="[MatchResult.score.desc(), MatchResult.list_name, MatchResult.entity_key]",
        cascade="all, delete-orphan",
    )


class MatchResult(Base):
    __tablename__ = "matches"
    __table_args__ = (UniqueConstraint("item_id", "list_name", "entity_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("screening_items.id", ondelete="CASCADE"), index=True
    )
    list_name: Mapped[str] = mapped_column(String(64))
    list_version: Mapped[int]
    entity_key: Mapped[str] = mapped_column(String(160))
    source_id: Mapped[str] = mapped_column(String(128))
    entity_name: Mapped[str] = mapped_column(String(1024))
    matched_name: Mapped[str] = mapped_column(String(1024))
    score: Mapped[float]
    explanation: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # The listed entity as of the version matched: its schema, and
    # {"programs", "countries", "birth_dates", "identifiers"}; None on older rows.
    entity_schema: Mapped[str | None] = mapped_column(String(32))
    entity_details: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    disposition: Mapped[str] = mapped_column(String(16), default=Disposition.OPEN)
    disposition_comment: Mapped[str | None] = mapped_column(Text)
    disposed_by: Mapped[str | None] = mapped_column(String(128))
    disposed_at: Mapped[datetime | None]
    # Alert review (issue 12): the alert this match is evidence of (for a cleared
    # pair, the alert whose confirmed decision cleared it), the clearance that
    # kept it quiet, and where it stands (a ReviewStatus; None before review existed).
    review_status: Mapped[str | None] = mapped_column(String(16))
    # use_alter: alerts point back at matches, so these keys close a cycle.
    alert_id: Mapped[int | None] = mapped_column(
        ForeignKey(
            "alerts.id", ondelete="SET NULL", use_alter=True, name="fk_matches_alert_id_alerts"
        ),
        index=True,
    )
    clearance_id: Mapped[int | None] = mapped_column(
        ForeignKey(
            "clearances.id",
            ondelete="SET NULL",
            use_alter=True,
            name="fk_matches_clearance_id_clearances",
        )
    )

    item: Mapped[ScreeningItem] = relationship(back_populates="matches")


class WebhookDelivery(Base):
    """One attempt to deliver a job's callback or a key's event."""

    __tablename__ = "webhook_deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[str | None] = mapped_column(
        ForeignKey("screening_jobs.id", ondelete="CASCADE"), index=True
    )
    event_id: Mapped[str | None] = mapped_column(
        ForeignKey("webhook_events.id", ondelete="CASCADE"), index=True
    )
    attempt: Mapped[int]
    url: Mapped[str] = mapped_column(String(2048))
    status_code: Mapped[int | None]
    error: Mapped[str | None] = mapped_column(Text)
    delivered: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class WebhookEvent(Base):
    """An event for an API key's webhook (alert.opened, counterparty.blocked, ...),
    or the callback of a finished job (``job_id`` set, sent to its callback_url).

    A key's event is written in the transaction that caused it, so it is never
    lost; a job's callback is written at its first attempt (the reconciler finds
    finished jobs whose callback was never attempted). Each attempt is a
    WebhookDelivery row; the last one is summarised here.
    """

    __tablename__ = "webhook_events"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # the delivery id
    # The key whose secret signs it; None only for a job submitted without a key.
    api_key_id: Mapped[int | None] = mapped_column(ForeignKey("api_keys.id"), index=True)
    event: Mapped[str] = mapped_column(String(64))
    url: Mapped[str] = mapped_column(String(2048))
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    delivered_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(default=0)
    gave_up_at: Mapped[datetime | None]
    job_id: Mapped[str | None] = mapped_column(
        ForeignKey("screening_jobs.id", ondelete="CASCADE"), unique=True
    )
    # Retries stop once the retry window, counted from here, has passed; a
    # redelivery starts a new window.
    window_started_at: Mapped[datetime | None]
    next_attempt_at: Mapped[datetime | None]
    last_attempt_at: Mapped[datetime | None]
    last_status_code: Mapped[int | None]
    last_error: Mapped[str | None] = mapped_column(Text)

    @property
    def status(self) -> WebhookStatus:
        if self.delivered_at is not None:
            return WebhookStatus.DELIVERED
        if self.gave_up_at is not None:
            return WebhookStatus.FAILED
        if not self.attempts:
            return WebhookStatus.PENDING
        if self.next_attempt_at is None:
            return WebhookStatus.DELIVERING
        return WebhookStatus.RETRYING


# --- Chunk heartbeats: which worker runs a chunk, and when it last said so -----


class ChunkHeartbeat(Base):
    """A lease on one chunk of a job, renewed by the worker screening it.

    A worker takes it before screening the chunk and renews it every few
    seconds while it runs; a copy of the chunk sent again finds a fresh lease
    held by another task and steps aside. The reconciler sends again only the
    chunks whose lease went stale (the worker died) or that were lost on the
    broker, never one that is running. The row goes when the chunk is stored.
    """

    __tablename__ = "chunk_heartbeats"

    job_id: Mapped[str] = mapped_column(
        ForeignKey("screening_jobs.id", ondelete="CASCADE"), primary_key=True
    )
    chunk_start: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    chunk_end: Mapped[int]
    owner: Mapped[str] = mapped_column(String(64))  # the Celery task id (the same on retries)
    beat_at: Mapped[datetime] = mapped_column(default=utcnow)
