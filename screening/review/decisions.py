"""Deciding on a potential match: the rules, the change and its audit event, in one place."""

from __future__ import annotations

from sqlalchemy.orm import Session

from foundation.audit import AuditAction, record_event
from foundation.db import utcnow
from foundation.text import is_storable_text
from screening.models import DISPOSITIONS, Channel, MatchResult

MAX_COMMENT_LENGTH = 4000


class DecisionError(ValueError):
    """The decision cannot be recorded; the message says what to change."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def decide_match(
    session: Session,
    match_id: int,
    disposition: str,
    comment: str,
    actor: str,
    channel: Channel = Channel.WEB,
) -> MatchResult:
    """Record ``actor``'s disposition of a match with its reason. Caller commits."""
    match = session.get(MatchResult, match_id)
    if match is None:
        raise DecisionError(f"There is no match {match_id}.", status=404)
    if disposition not in DISPOSITIONS:
        raise DecisionError(f"Choose one of: {', '.join(DISPOSITIONS)}.")
    comment = comment.strip()
    if not comment:
        raise DecisionError("A comment is required: say why you resolved the match this way.")
    if len(comment) > MAX_COMMENT_LENGTH or not is_storable_text(comment):
        raise DecisionError(f"The comment must be at most {MAX_COMMENT_LENGTH} characters of text.")
    old = {
        "disposition": match.disposition,
        "comment": match.disposition_comment,
        "disposed_by": match.disposed_by,
    }
    match.disposition = disposition
    match.disposition_comment = comment
    match.disposed_by = actor
    match.disposed_at = utcnow()
    item = match.item
    record_event(
        session,
        actor=actor,
        channel=channel,
        action=AuditAction.MATCH_DISPOSITION,
        object_type="match",
        object_id=str(match.id),
        payload={
            "job_id": item.job_id,
            "position": item.position,
            "entity_id": match.entity_key,
            "list": match.list_name,
            "list_version": match.list_version,
            "old": old,
            "new": {"disposition": disposition, "comment": comment, "disposed_by": actor},
        },
    )
    return match
