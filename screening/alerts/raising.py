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

import functools
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import BindParameter, Select, Update, and_, bindparam, or_, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, aliased
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.session import make_transient_to_detached
from sqlalchemy.sql.dml import ReturningInsert

from foundation.audit import AuditAction, EventBatch, record_event
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
_PAIR_COLUMNS = ("subject_key", "list_name", "entity_key")


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
    audit: EventBatch | None = None,
) -> list[RaiseResult]:
    """:func:`raise_alert` for many pairs, one result per finding, in order. Caller commits.

    The clearances and unclosed alerts of every subject are read in a few batched
    queries up front, so a screening of thousands of names costs a handful of
    look-ups, not two per match; the new alerts are inserted in one statement, and
    the ones found again are refreshed, their events added and each finding's match
    (``match_id``) linked to its alert in one more on PostgreSQL (three elsewhere).
    A match a clearance covers is left to the caller (``link_matches``). With
    ``audit``, the alert.opened events are recorded in that batch (the caller writes
    it) instead of one insert each.
    """
    now = utcnow()
    clearances, unclosed = _pair_state(session, {f.subject.key for f in findings})
    history = _History(actor, now, job_id)
    results: list[RaiseResult | None] = []
    to_open: dict[Pair, int] = {}  # a new pair -> the position of its first finding
    found_again: list[int] = []  # later findings of a pair opened in this call
    for position, finding in enumerate(findings):
        subject, evidence = finding.subject, finding.evidence
        pair = _pair(subject, evidence)
        clearance = _covering(clearances.get(pair, ()), subject, evidence, now)
        if clearance is not None:
            results.append(RaiseResult(Raised.CLEARED, clearance=clearance))
            continue
        existing = unclosed.get(pair)
        if existing is not None:
            history.add(existing, subject, evidence)
            results.append(RaiseResult(Raised.EXISTING, alert=existing))
            continue
        if pair in to_open:
            found_again.append(position)
        else:
            to_open[pair] = position
        results.append(None)  # settled below, once the new alerts are in
    if to_open:
        opened = _open(session, [findings[i] for i in to_open.values()], reason, now, job_id)
        for pair, position in to_open.items():
            finding, alert = findings[position], opened.get(pair)
            if alert is None:
                # Another process raised it a moment ago: that one is the open alert.
                alert = unclosed_alert(session, *pair)
                assert alert is not None
                history.add(alert, finding.subject, finding.evidence)
                results[position] = RaiseResult(Raised.EXISTING, alert=alert)
            else:
                results[position] = RaiseResult(Raised.OPENED, alert=alert)
                _record_opened(
                    session, alert, finding.evidence, reason, actor, channel, history, audit
                )
            unclosed[pair] = alert
        for position in found_again:
            finding = findings[position]
            alert = unclosed[_pair(finding.subject, finding.evidence)]
            history.add(alert, finding.subject, finding.evidence)
            results[position] = RaiseResult(Raised.EXISTING, alert=alert)
    settled = [r for r in results if r is not None]
    for finding, result in zip(findings, settled, strict=True):
        if finding.match_id is not None and result.alert is not None:
            history.link(finding.match_id, result.alert)
    history.write(session)
    return settled


def _pair_state(
    session: Session, subject_keys: set[str]
) -> tuple[dict[Pair, list[Clearance]], dict[Pair, Alert]]:
    """Unlapsed clearances and unclosed alerts of these subjects, by pair."""
    keys = sorted(subject_keys)
    clearances: dict[Pair, list[Clearance]] = defaultdict(list)
    unclosed: dict[Pair, Alert] = {}
    one_query = session.get_bind().dialect.name == "postgresql"
    for start in range(0, len(keys), LOOKUP_BATCH):
        params = {"keys": keys[start : start + LOOKUP_BATCH]}
        found: Iterable[tuple[Alert | None, Clearance | None]]
        if one_query:
            found = ((row[0], row[1]) for row in session.execute(_PAIR_STATE, params))
        else:
            # SQLite has FULL JOIN only from 3.39 (2022): one query per side.
            alerts = [(a, None) for a in session.scalars(_UNCLOSED_ALERTS, params)]
            found = alerts + [(None, c) for c in session.scalars(_STANDING_CLEARANCES, params)]
        for alert, clearance in found:
            if alert is not None:
                unclosed[(alert.subject_key, alert.list_name, alert.entity_key)] = alert
            if clearance is not None:
                pair = (clearance.subject_key, clearance.list_name, clearance.entity_key)
                clearances[pair].append(clearance)
    return clearances, unclosed


# Built once: a statement object keeps its compiled form cached. ``keys``: the subjects.
_KEYS: BindParameter[list[str]] = bindparam("keys", expanding=True)
_UNCLOSED_ALERTS = select(Alert).where(
    Alert.subject_key.in_(_KEYS), Alert.status != AlertStatus.CLOSED
)
_STANDING_CLEARANCES = (
    select(Clearance)
    .where(Clearance.subject_key.in_(_KEYS), Clearance.lapsed_at.is_(None))
    .order_by(Clearance.id)
)


def _pair_state_statement() -> Select[Alert, Clearance]:
    """Both in one query, as (alert, clearance) rows: a full join on the pair, since a
    pair can have either, both (a clearance and a new alert raised after a change), or
    a clearance per earlier decision. A pair has one unclosed alert at most (the unique
    index), so each clearance comes once; clearances in the order they were made."""
    alerts = _UNCLOSED_ALERTS.subquery("unclosed")
    clearances = _STANDING_CLEARANCES.order_by(None).subquery("standing")
    same_pair = and_(*(alerts.c[c] == clearances.c[c] for c in _PAIR_COLUMNS))
    return (
        select(aliased(Alert, alerts), aliased(Clearance, clearances))
        .select_from(alerts.join(clearances, same_pair, full=True))
        .order_by(clearances.c.id)
    )


_PAIR_STATE = _pair_state_statement()


# The columns an alert is inserted with (every one but the id).
_ALERT_INSERT_COLUMNS = tuple(c.key for c in Alert.__table__.columns if c.key != "id")
# The predicate of the unique index on unclosed pairs (uq_alerts_unclosed_pair), as
# written there: ON CONFLICT names that index by its columns and this predicate.
_UNCLOSED = text("status != 'closed'")


def _open(
    session: Session,
    findings: Sequence[Finding],
    reason: AlertReason,
    now: datetime,
    job_id: str | None,
) -> dict[Pair, Alert]:
    """Insert an alert for each finding's pair (each pair once) in one statement; the
    alerts inserted, by pair. A pair missing from the answer already had an unclosed
    alert (another process raised it a moment ago): the database's unique index on
    unclosed pairs refused the second one, and nothing else was written for it.
    """
    alerts = [_new_alert(f.subject, f.evidence, reason, now, job_id, f.match_id) for f in findings]
    rows = [{c: getattr(alert, c) for c in _ALERT_INSERT_COLUMNS} for alert in alerts]
    ids: dict[Pair, int] = {}
    # One statement, built once per database; SQLAlchemy sends the rows in pages.
    inserted = session.connection().execute(_open_statement(session.get_bind().dialect.name), rows)
    for row in inserted:
        ids[(row.subject_key, row.list_name, row.entity_key)] = row.id
    opened: dict[Pair, Alert] = {}
    for finding, alert in zip(findings, alerts, strict=True):
        pair = _pair(finding.subject, finding.evidence)
        if pair not in ids:
            continue
        alert.id = ids[pair]
        # The row is in: the object joins the session as loaded, with nothing to flush.
        make_transient_to_detached(alert)
        session.add(alert)
        opened[pair] = alert
    return opened


@functools.cache
def _open_statement(dialect: str) -> ReturningInsert[Any]:
    """``INSERT INTO alerts ... ON CONFLICT (pair) WHERE unclosed DO NOTHING RETURNING
    id, pair`` for the database in use (both have ON CONFLICT)."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = Alert.__table__
    return (
        insert(table)
        .on_conflict_do_nothing(
            index_elements=[table.c[c] for c in _PAIR_COLUMNS], index_where=_UNCLOSED
        )
        .returning(table.c.id, *(table.c[c] for c in _PAIR_COLUMNS))
    )


def _record_opened(
    session: Session,
    alert: Alert,
    evidence: Evidence,
    reason: AlertReason,
    actor: str,
    channel: str,
    history: _History,
    audit: EventBatch | None,
) -> None:
    history.raised(alert, evidence, reason)
    (audit.record if audit is not None else record_event)(
        session,
        actor=actor,
        channel=channel,
        action=AuditAction.ALERT_OPENED,
        object_type="alert",
        object_id=str(alert.id),
        payload={
            "subject": alert.subject_key,
            "list": evidence.list_name,
            "list_version": evidence.list_version,
            "entity_id": evidence.entity_key,
            "score": evidence.score,
            "reason": reason.value,
        },
    )


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
        resolution=None,
        assignee=None,
        opened_at=now,
        updated_at=now,
        closed_at=None,
    )


class _History:
    """What raising writes to alerts already in the database and to the matches that
    are their evidence, collected and then written at once (not a unit-of-work flush
    per alert): the alerts found again show the newest evidence, every alert gets its
    ``raised`` or ``screened`` event, and each match records its alert."""

    def __init__(self, actor: str, now: datetime, job_id: str | None) -> None:
        self.actor, self.now, self.job_id = actor, now, job_id
        # The columns to write per alert: an alert found twice is written once, as it ends.
        self._changes: dict[int, dict[str, Any]] = {}
        self._events: list[dict[str, Any]] = []
        self._links: dict[int, Alert] = {}  # match id -> the alert it is evidence of

    def raised(self, alert: Alert, evidence: Evidence, reason: AlertReason) -> None:
        data = {"reason": reason.value, "score": evidence.score, "job_id": self.job_id}
        self._event(alert, AlertEventKind.RAISED, data)

    def _event(self, alert: Alert, kind: AlertEventKind, data: dict[str, Any]) -> None:
        self._events.append(
            {
                "alert_id": alert.id,
                "at": self.now,
                "actor": self.actor,
                "kind": kind.value,
                "note": None,
                "data": data,
            }
        )

    def add(self, alert: Alert, subject: Subject, evidence: Evidence) -> None:
        fresh = {
            "list_version": evidence.list_version,
            "listing_hash": evidence.listing_hash,
            "subject_hash": subject.hash,
            "subject_name": subject.name[:1024],
            "matched_name": evidence.matched_name[:1024],
            "score": evidence.score,
            "explanation": evidence.explanation,
            "algorithm_version": evidence.algorithm_version,
        }
        changed = {k: v for k, v in fresh.items() if getattr(alert, k) != v}
        changed["updated_at"] = self.now
        # The row is written below; the object shows the same values without a flush.
        for column, value in changed.items():
            set_committed_value(alert, column, value)
        self._changes.setdefault(alert.id, {}).update(changed)
        data = {
            "score": evidence.score,
            "list_version": evidence.list_version,
            "job_id": self.job_id,
        }
        self._event(alert, AlertEventKind.SCREENED, data)

    def link(self, match_id: int, alert: Alert) -> None:
        self._links[match_id] = alert

    def write(self, session: Session) -> None:
        if not self._events and not self._links:
            return
        connection = session.connection()
        if connection.dialect.name == "postgresql":
            connection.execute(_WRITE_HISTORY, self._arrays())
        else:
            self._write_each(connection)
        self._changes.clear()
        self._events = []
        self._links.clear()

    def _arrays(self) -> dict[str, Any]:
        """The parameters of ``_WRITE_HISTORY``: one array per column. A column an alert
        keeps is NULL in its row (the statement keeps the stored value)."""
        params: dict[str, Any] = {"now": self.now}
        changes = list(self._changes.items())
        params["r_id"] = [alert_id for alert_id, _ in changes]
        for column in _REFRESHED:
            params[f"r_{column}"] = [
                _json_or_none(changed.get(column)) if column in _JSON else changed.get(column)
                for _, changed in changes
            ]
        params["l_id"] = list(self._links)
        params["l_alert_id"] = [alert.id for alert in self._links.values()]
        params["l_status"] = [str(alert.status) for alert in self._links.values()]
        for column in ("alert_id", "actor", "kind", "note"):
            params[f"e_{column}"] = [event[column] for event in self._events]
        params["e_data"] = [json.dumps(event["data"]) for event in self._events]
        return params

    def _write_each(self, connection: Connection) -> None:
        """The same writes as ``_WRITE_HISTORY``, in one statement each (SQLite)."""
        updates: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
        for alert_id, changed in self._changes.items():
            updates[tuple(sorted(changed))].append(
                {"b_id": alert_id, **{f"b_{k}": v for k, v in changed.items()}}
            )
        for columns, rows in updates.items():
            connection.execute(_refresh_statement(columns), rows)
        if self._events:
            connection.execute(_INSERT_ALERT_EVENTS, self._events).all()
        if self._links:
            links = [
                {"b_id": match_id, "b_alert": alert.id, "b_status": alert.status}
                for match_id, alert in self._links.items()
            ]
            connection.execute(_LINK_MATCHES, links)


def _json_or_none(value: Any) -> str | None:
    return None if value is None else json.dumps(value)


# The evidence columns an alert found again may change (``updated_at`` always does).
_REFRESHED = (
    "list_version",
    "listing_hash",
    "subject_hash",
    "subject_name",
    "matched_name",
    "score",
    "explanation",
    "algorithm_version",
)
_JSON = frozenset({"explanation"})
_REFRESHED_TYPES = {"list_version": "integer", "score": "double precision", "explanation": "json"}

# PostgreSQL: the alerts found again, the matches' links and the alerts' events in one
# statement. Its text is the same whatever the number of rows (each column is one
# array parameter, unnested), so the server prepares it once per connection.
_WRITE_HISTORY = text(
    "WITH refreshed AS (UPDATE alerts AS a SET "
    + ", ".join(f"{c} = COALESCE(r.{c}, a.{c})" for c in _REFRESHED)
    + ", updated_at = :now FROM unnest(CAST(:r_id AS integer[]), "
    + ", ".join(f"CAST(:r_{c} AS {_REFRESHED_TYPES.get(c, 'varchar')}[])" for c in _REFRESHED)
    + ") AS r(id, "
    + ", ".join(_REFRESHED)
    + ") WHERE a.id = r.id), "
    "linked AS (UPDATE matches AS m SET alert_id = l.alert_id, review_status = l.status "
    "FROM unnest(CAST(:l_id AS integer[]), CAST(:l_alert_id AS integer[]), "
    "CAST(:l_status AS varchar[])) AS l(id, alert_id, status) WHERE m.id = l.id) "
    "INSERT INTO alert_events (alert_id, at, actor, kind, note, data) "
    "SELECT e.alert_id, :now, e.actor, e.kind, e.note, e.data "
    "FROM unnest(CAST(:e_alert_id AS integer[]), CAST(:e_actor AS varchar[]), "
    "CAST(:e_kind AS varchar[]), CAST(:e_note AS text[]), CAST(:e_data AS json[])) "
    "WITH ORDINALITY AS e(alert_id, actor, kind, note, data, n) ORDER BY e.n"
)

# Elsewhere, one statement each. Built once: a statement object keeps its compiled
# form cached. RETURNING makes the events' insert one multi-row INSERT.
_INSERT_ALERT_EVENTS = AlertEvent.__table__.insert().returning(AlertEvent.__table__.c.id)
_MATCHES = MatchResult.__table__
_LINK_MATCHES = (
    _MATCHES.update()
    .where(_MATCHES.c.id == bindparam("b_id"))
    .values(review_status=bindparam("b_status"), alert_id=bindparam("b_alert"))
)


@functools.cache
def _refresh_statement(columns: tuple[str, ...]) -> Update:
    """``UPDATE alerts SET <columns> WHERE id = :b_id``, built once per set of columns."""
    table = Alert.__table__
    return (
        table.update()
        .where(table.c.id == bindparam("b_id"))
        .values({c: bindparam(f"b_{c}") for c in columns})
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
