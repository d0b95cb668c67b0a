"""Finding alerts: the filters the CLI, the API and the pages share."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from screening.alerts.models import ALERT_REASONS, ALERT_STATUSES, Alert, Counterparty


class AlertFilterError(ValueError):
    """A filter value that names nothing; the message lists the valid ones."""


@dataclass(frozen=True)
class AlertFilter:
    status: str | None = None
    reason: str | None = None
    list_name: str | None = None
    counterparty: str | None = None  # its reference

    def check(self) -> AlertFilter:
        if self.status is not None and self.status not in ALERT_STATUSES:
            raise AlertFilterError(f"status must be one of {', '.join(ALERT_STATUSES)}")
        if self.reason is not None and self.reason not in ALERT_REASONS:
            raise AlertFilterError(f"reason must be one of {', '.join(ALERT_REASONS)}")
        return self


def alerts_query(filters: AlertFilter) -> Select[Any]:
    """Alerts matching the filters, newest first, with their counterparties loaded."""
    filters.check()
    query = select(Alert).options(selectinload(Alert.counterparty))
    if filters.status:
        query = query.where(Alert.status == filters.status)
    if filters.reason:
        query = query.where(Alert.reason == filters.reason)
    if filters.list_name:
        query = query.where(Alert.list_name == filters.list_name)
    if filters.counterparty:
        query = query.join(Counterparty, Alert.counterparty_id == Counterparty.id).where(
            Counterparty.reference == filters.counterparty
        )
    return query.order_by(Alert.opened_at.desc(), Alert.id.desc())
