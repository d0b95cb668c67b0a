"""Finding counterparties: search and filters for the CLI, the API and the pages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, or_, select

from screening.alerts.models import Alert, AlertStatus, Counterparty

STATUSES = ("active", "inactive", "all")
SEARCH_MAX = 200


class CounterpartyFilterError(ValueError):
    pass


@dataclass(frozen=True)
class CounterpartyFilter:
    search: str = ""
    status: str = "active"
    type: str | None = None
    country: str | None = None
    with_alerts: bool = False  # only those with an alert that is not closed


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def open_alert_counts() -> Any:
    """Per counterparty id, its alerts that are not closed (a subquery)."""
    return (
        select(Alert.counterparty_id, func.count().label("open_alerts"))
        .where(Alert.status != AlertStatus.CLOSED, Alert.counterparty_id.is_not(None))
        .group_by(Alert.counterparty_id)
        .subquery()
    )


def counterparties_query(filters: CounterpartyFilter) -> Select[Any]:
    """(Counterparty, open alert count) rows, by reference."""
    if filters.status not in STATUSES:
        raise CounterpartyFilterError(f"status must be one of {', '.join(STATUSES)}")
    if len(filters.search) > SEARCH_MAX:
        raise CounterpartyFilterError(f"the search is longer than {SEARCH_MAX} characters")
    counts = open_alert_counts()
    open_alerts = func.coalesce(counts.c.open_alerts, 0)
    query = select(Counterparty, open_alerts.label("open_alerts")).outerjoin(
        counts, counts.c.counterparty_id == Counterparty.id
    )
    if filters.status != "all":
        query = query.where(Counterparty.active.is_(filters.status == "active"))
    if filters.type:
        query = query.where(Counterparty.type == filters.type)
    if filters.country:
        query = query.where(Counterparty.country == filters.country.strip().lower())
    if filters.search.strip():
        pattern = f"%{_escape_like(filters.search.strip())}%"
        query = query.where(
            or_(
                Counterparty.reference.ilike(pattern, escape="\\"),
                Counterparty.name.ilike(pattern, escape="\\"),
            )
        )
    if filters.with_alerts:
        query = query.where(open_alerts > 0)
    return query.order_by(Counterparty.reference)
