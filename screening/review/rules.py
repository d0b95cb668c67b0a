"""Who may do what in alert review, and the one error the review services raise.

- admin: everything (but, like everyone, never confirms their own proposal);
- officer: works alerts (assigns, comments) and proposes decisions; never confirms;
- reviewer: everything an officer does, and confirms or rejects the proposals of
  others. A reviewer's own proposal needs another reviewer (or an admin);
- auditor: reads every alert, decides and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from foundation.text import is_storable_text
from screening.models import Channel, Role

MAX_TEXT_LENGTH = 4000
# Ids are 32-bit integers in PostgreSQL; a larger number names nothing (and must not
# reach the database, which would refuse it).
MAX_ID = 2**31 - 1
# Roles (besides admin) that may work alerts: propose, assign, comment.
WORK_ROLES: tuple[str, ...] = (Role.OFFICER, Role.REVIEWER)
# Roles (besides admin) that may confirm or reject someone else's proposal.
CONFIRM_ROLES: tuple[str, ...] = (Role.REVIEWER,)


class ReviewError(ValueError):
    """The request cannot be carried out; the message says what to change.

    ``status`` is the HTTP status a channel answers with: 400 bad input,
    403 not allowed, 404 no such alert, 409 the alert is not in a state for it.
    """

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class Actor:
    """The person acting, as the channel authenticated them."""

    username: str
    role: str
    channel: Channel = Channel.WEB


def is_id(value: int) -> bool:
    """Whether ``value`` can be the id of a stored row."""
    return 1 <= value <= MAX_ID


def may_work(role: str | None) -> bool:
    return role == Role.ADMIN or role in WORK_ROLES


def may_confirm(role: str | None) -> bool:
    return role == Role.ADMIN or role in CONFIRM_ROLES


def require_work(actor: Actor, doing: str) -> None:
    if not may_work(actor.role):
        raise ReviewError(
            f"Your role ({actor.role}) may not {doing}; officers, reviewers and "
            "administrators may.",
            status=403,
        )


def require_confirm(actor: Actor, doing: str) -> None:
    if not may_confirm(actor.role):
        raise ReviewError(
            f"Your role ({actor.role}) may not {doing}: only a reviewer or an administrator "
            "confirms or rejects a proposal.",
            status=403,
        )


def required_text(value: str | None, what: str) -> str:
    """Stripped text of at most MAX_TEXT_LENGTH characters; empty is an error."""
    text = (value or "").strip()
    if not text:
        raise ReviewError(f"{what} is required.")
    if len(text) > MAX_TEXT_LENGTH or not is_storable_text(text):
        raise ReviewError(f"{what} must be at most {MAX_TEXT_LENGTH} characters of text.")
    return text


def optional_text(value: str | None, what: str) -> str | None:
    text = (value or "").strip()
    return required_text(text, what) if text else None
