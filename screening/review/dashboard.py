"""The officer's home page: my open alerts, the team's oldest unreviewed ones, what waits
for my confirmation, each list's freshness, and open alerts per day and list."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, selectinload

from foundation.db import as_utc, utcnow
from screening.alerts.models import Alert, AlertStatus, Decision, DecisionStatus
from screening.review.queue import UNCLOSED
from screening.review.rules import may_confirm
from watchlists.models import ListVersion, Watchlist

SHOWN = 10
CHART_DAYS = 90
# A list imported longer ago than this is shown as possibly out of date.
FRESH_DAYS = 7


@dataclass(frozen=True)
class ListFreshness:
    name: str
    title: str
    active_version: int | None
    imported_at: datetime | None
    entities: int
    age_days: int | None

    @property
    def stale(self) -> bool:
        return self.age_days is None or self.age_days > FRESH_DAYS


@dataclass(frozen=True)
class OpenSeries:
    """Alerts open at the end of each day, per list (oldest day first)."""

    days: list[date]
    per_list: dict[str, list[int]]

    @property
    def total(self) -> list[int]:
        return [sum(c[i] for c in self.per_list.values()) for i in range(len(self.days))]


@dataclass
class Dashboard:
    my_open: list[Alert]
    my_open_count: int
    team_oldest: list[Alert]
    unreviewed_count: int
    awaiting_me: list[Alert]
    lists: list[ListFreshness]
    series: OpenSeries


def load_dashboard(
    session: Session, username: str, role: str, now: datetime | None = None
) -> Dashboard:
    now = now or utcnow()
    mine = (
        select(Alert)
        .where(Alert.assignee == username, Alert.status.in_(UNCLOSED))
        .options(selectinload(Alert.counterparty))
        .order_by(Alert.opened_at, Alert.id)
    )
    unreviewed = select(Alert).where(Alert.status == AlertStatus.OPEN)
    awaiting: list[Alert] = []
    if may_confirm(role):
        awaiting = list(
            session.scalars(
                select(Alert)
                .join(Decision, Decision.alert_id == Alert.id)
                .where(
                    Alert.status == AlertStatus.PROPOSED,
                    Decision.status == DecisionStatus.PROPOSED,
                    Decision.proposed_by != username,
                )
                .order_by(Decision.proposed_at, Alert.id)
                .limit(SHOWN)
            )
        )
    return Dashboard(
        my_open=list(session.scalars(mine.limit(SHOWN))),
        my_open_count=_count(session, mine),
        team_oldest=list(
            session.scalars(
                unreviewed.options(selectinload(Alert.counterparty))
                .order_by(Alert.opened_at, Alert.id)
                .limit(SHOWN)
            )
        ),
        unreviewed_count=_count(session, unreviewed),
        awaiting_me=awaiting,
        lists=list_freshness(session, now),
        series=open_alerts_per_day(session, now.date(), CHART_DAYS),
    )


def _count(session: Session, query: Select[tuple[Alert]]) -> int:
    return int(session.scalar(select(func.count()).select_from(query.subquery())) or 0)


def list_freshness(session: Session, now: datetime) -> list[ListFreshness]:
    """Each list's active version and how long ago it was imported."""
    rows = session.execute(
        select(Watchlist, ListVersion)
        .outerjoin(ListVersion, Watchlist.active_version_id == ListVersion.id)
        .order_by(Watchlist.name)
    ).all()
    out = []
    for watchlist, version in rows:
        imported = as_utc(version.imported_at) if version is not None else None
        out.append(
            ListFreshness(
                name=watchlist.name,
                title=watchlist.title,
                active_version=version.number if version is not None else None,
                imported_at=imported,
                entities=version.entity_count if version is not None else 0,
                age_days=(now - imported).days if imported is not None else None,
            )
        )
    return out


def open_alerts_per_day(session: Session, today: date, days: int) -> OpenSeries:
    """How many alerts were open at the end of each of the last ``days`` days, per list.

    Reads only the alerts that were open at some point in the window.
    """
    first = today - timedelta(days=days - 1)
    window_start = datetime.combine(first, time.min, UTC)
    window_end = datetime.combine(today + timedelta(days=1), time.min, UTC)
    rows = session.execute(
        select(Alert.list_name, Alert.opened_at, Alert.closed_at).where(
            Alert.opened_at < window_end,
            or_(Alert.closed_at.is_(None), Alert.closed_at >= window_start),
        )
    ).all()
    # +1 on the first day an alert is open at day's end, -1 on the first day it is not.
    deltas: dict[str, list[int]] = defaultdict(lambda: [0] * (days + 1))
    for list_name, opened_at, closed_at in rows:
        start = max(0, (as_utc(opened_at).date() - first).days)
        stop = days if closed_at is None else (as_utc(closed_at).date() - first).days
        if stop <= start:
            continue
        deltas[list_name][start] += 1
        deltas[list_name][min(stop, days)] -= 1
    per_list = {}
    for list_name in sorted(deltas):
        running, counts = 0, []
        for delta in deltas[list_name][:days]:
            running += delta
            counts.append(running)
        per_list[list_name] = counts
    return OpenSeries([first + timedelta(days=i) for i in range(days)], per_list)
