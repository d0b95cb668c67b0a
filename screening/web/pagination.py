"""Offset pagination for list pages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session


@dataclass(frozen=True)
class Page:
    items: list[Any]
    number: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages

    @property
    def first_index(self) -> int:
        """1-based index of the first row shown (0 when the page is empty)."""
        return (self.number - 1) * self.per_page + 1 if self.items else 0


def paginate(session: Session, query: Select[Any], number: int, per_page: int) -> Page:
    """One page of ``query``'s rows plus the total count, for scalar queries."""
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    rows = session.scalars(query.limit(per_page).offset((number - 1) * per_page)).all()
    return Page(list(rows), number, per_page, total)
