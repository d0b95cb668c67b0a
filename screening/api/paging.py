"""Paging of list endpoints: the page and per_page query parameters and the meta block."""

from __future__ import annotations

import math

from flask import request

from screening.api import schemas as s
from screening.errors import ApiError

PAGE_PARAMS = [s.param("Page"), s.param("PerPage")]


def page_args() -> tuple[int, int]:
    """The requested page and page size; 400 when they are not integers in range."""
    try:
        page = int(request.args.get("page", 1))
        per_page = int(request.args.get("per_page", 100))
    except ValueError:
        raise ApiError(400, "bad_request", "page and per_page must be integers") from None
    if not 1 <= page <= s.MAX_PAGE or not 1 <= per_page <= s.MAX_PER_PAGE:
        raise ApiError(
            400,
            "bad_request",
            f"page must be between 1 and {s.MAX_PAGE} and per_page between 1 and {s.MAX_PER_PAGE}",
        )
    return page, per_page


def page_meta(page: int, per_page: int, total: int) -> dict[str, int]:
    return {
        "page": page,
        "per_page": per_page,
        "total": total,
        "pages": math.ceil(total / per_page),
    }
