"""The officers' work queue: alerts filtered, sorted and paged.

``parse_queue_filter`` reads the filter from any mapping of strings (a query
string), so the pages and any other channel accept the same parameters:

- ``status``: ``open``, ``proposed``, ``escalated``, ``closed``, ``all``; default
  every status but closed;
- ``reason``: an alert reason (``screening``, ``new_listing``, ...);
- ``list``: a list name;
- ``score_min``, ``score_max``: 0-1;
- ``assignee``: a username, ``me`` or ``none`` (unassigned);
- ``min_age``, ``max_age``: whole days since the alert was opened;
- ``sort``: one of SORTS (default ``oldest``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import timedelta
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from foundation.db import utcnow
from screening.alerts.models import ALERT_REASONS, ALERT_STATUSES, Alert, AlertStatus
from screening.review.rules import ReviewError

UNCLOSED = (AlertStatus.OPEN, AlertStatus.PROPOSED, AlertStatus.ESCALATED)
ALL = "all"
ME = "me"
NOBODY = "none"
MAX_AGE_DAYS = 36_500
MAX_FIELD = 128
SORTS: dict[str, tuple[Any, ...]] = {
    "oldest": (Alert.opened_at.asc(), Alert.id.asc()),
    "newest": (Alert.opened_at.desc(), Alert.id.desc()),
    "score_desc": (Alert.score.desc(), Alert.opened_at.asc(), Alert.id.asc()),
    "score_asc": (Alert.score.asc(), Alert.opened_at.asc(), Alert.id.asc()),
    "updated": (Alert.updated_at.desc(), Alert.id.desc()),
}
SORT_LABELS = {
    "oldest": "oldest first",
    "newest": "newest first",
    "score_desc": "highest score first",
    "score_asc": "lowest score first",
    "updated": "recently changed first",
}


@dataclass(frozen=True)
class QueueFilter:
    status: str = ""  # "" = every status but closed
    reason: str = ""
    list: str = ""
    score_min: float | None = None
    score_max: float | None = None
    assignee: str = ""  # a username, "none", or "" for anyone
    min_age: int | None = None
    max_age: int | None = None
    sort: str = "oldest"

    def query_args(self) -> dict[str, str]:
        """The filter as query-string arguments (for links that keep it)."""
        args = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value not in (None, "") and not (f.name == "sort" and value == "oldest"):
                args[f.name] = str(value)
        return args


def parse_queue_filter(args: Mapping[str, str], username: str | None = None) -> QueueFilter:
    """The filter the query string asks for; ``assignee=me`` becomes ``username``."""
    status = _choice(args, "status", (*ALERT_STATUSES, ALL))
    assignee = _text(args, "assignee")
    if assignee == ME:
        assignee = username or ""
    score_min = _number(args, "score_min", 0.0, 1.0)
    score_max = _number(args, "score_max", 0.0, 1.0)
    if score_min is not None and score_max is not None and score_min > score_max:
        raise ReviewError(f"score_min ({score_min}) is above score_max ({score_max}).")
    min_age = _whole(args, "min_age", 0, MAX_AGE_DAYS)
    max_age = _whole(args, "max_age", 0, MAX_AGE_DAYS)
    if min_age is not None and max_age is not None and min_age > max_age:
        raise ReviewError(f"min_age ({min_age}) is above max_age ({max_age}).")
    return QueueFilter(
        status=status,
        reason=_choice(args, "reason", ALERT_REASONS),
        list=_text(args, "list"),
        score_min=score_min,
        score_max=score_max,
        assignee=assignee,
        min_age=min_age,
        max_age=max_age,
        sort=_choice(args, "sort", tuple(SORTS)) or "oldest",
    )


def queue_query(wanted: QueueFilter) -> Select[tuple[Alert]]:
    """Alerts matching the filter, in the filter's order, with their counterparties."""
    query = select(Alert).options(selectinload(Alert.counterparty))
    if wanted.status == ALL:
        pass
    elif wanted.status:
        query = query.where(Alert.status == wanted.status)
    else:
        query = query.where(Alert.status.in_(UNCLOSED))
    if wanted.reason:
        query = query.where(Alert.reason == wanted.reason)
    if wanted.list:
        query = query.where(Alert.list_name == wanted.list)
    if wanted.score_min is not None:
        query = query.where(Alert.score >= wanted.score_min)
    if wanted.score_max is not None:
        query = query.where(Alert.score <= wanted.score_max)
    if wanted.assignee == NOBODY:
        query = query.where(Alert.assignee.is_(None))
    elif wanted.assignee:
        query = query.where(Alert.assignee == wanted.assignee)
    now = utcnow()
    if wanted.min_age is not None:
        query = query.where(Alert.opened_at <= now - timedelta(days=wanted.min_age))
    if wanted.max_age is not None:
        query = query.where(Alert.opened_at > now - timedelta(days=wanted.max_age + 1))
    return query.order_by(*SORTS[wanted.sort])


def _text(args: Mapping[str, str], name: str) -> str:
    raw = args.get(name)
    value = "" if raw is None else str(raw).strip()
    if len(value) > MAX_FIELD or "\x00" in value:
        raise ReviewError(f"{name} must be at most {MAX_FIELD} characters of text.")
    return value


def _choice(args: Mapping[str, str], name: str, allowed: tuple[str, ...]) -> str:
    value = _text(args, name)
    if value and value not in allowed:
        raise ReviewError(f"{name} must be one of {', '.join(allowed)}; got {value[:40]!r}.")
    return value


def _number(args: Mapping[str, str], name: str, low: float, high: float) -> float | None:
    raw = _text(args, name)
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise ReviewError(f"{name} must be a number from {low} to {high}.") from None
    if not math.isfinite(value) or not low <= value <= high:
        raise ReviewError(f"{name} must be a number from {low} to {high}.")
    return value


def _whole(args: Mapping[str, str], name: str, low: int, high: int) -> int | None:
    raw = _text(args, name)
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit()) or not low <= int(raw) <= high:
        raise ReviewError(f"{name} must be a whole number of days from {low} to {high}.")
    return int(raw)
