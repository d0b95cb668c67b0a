"""Deciding on a match and changing a password: the rules live in the services."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from werkzeug.security import check_password_hash

from foundation.audit import AuditEvent
from foundation.settings import Settings
from screening.accounts.users import UserError, authenticate, change_password, create_user
from screening.jobs.inputs import ItemInput
from screening.jobs.submit import Submission, screen_now
from screening.models import Channel, MatchResult
from screening.review.decisions import MAX_COMMENT_LENGTH, DecisionError, decide_match
from screening.review.rules import Actor

OLGA = Actor("olga", "officer")


def _a_match(db: Any, settings: Settings) -> int:
    submission = Submission([ItemInput(name="Air Koryo")], Channel.WEB, "olga")
    with db.session() as session:
        job = screen_now(session, settings, submission, limit=1)
        return job.items[0].matches[0].id


# Since issue 12 a match's disposition is a proposal on the match's alert: it takes
# effect once a reviewer confirms it (tests/services/test_review.py has the whole flow).
def test_a_decision_records_who_why_and_the_previous_state(
    db: Any, small_list: str, settings: Settings
) -> None:
    match_id = _a_match(db, settings)
    with db.session() as session:
        decide_match(session, settings, match_id, "false_positive", "  Other airline.  ", OLGA)
    with db.session() as session:
        match = session.get(MatchResult, match_id)
        assert match is not None
        assert (match.review_status, match.disposition) == ("proposed", "open")
        event = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert event is not None and event.action == "alert.decision_proposed"
    assert event.object_id == str(match.alert_id)
    assert (event.actor, event.payload["decision"], event.payload["reason"]) == (
        "olga",
        "false_positive",
        "Other airline.",
    )


@pytest.mark.parametrize(
    ("disposition", "comment", "message"),
    [
        ("maybe", "why", "Choose one of"),
        ("true_match", "   ", "A reason is required"),
        ("true_match", "x" * (MAX_COMMENT_LENGTH + 1), "at most"),
        ("true_match", "nul\x00byte", "at most"),
    ],
)
def test_a_decision_without_a_valid_choice_or_reason_changes_nothing(
    db: Any, small_list: str, settings: Settings, disposition: str, comment: str, message: str
) -> None:
    match_id = _a_match(db, settings)
    with db.session() as session, pytest.raises(DecisionError, match=message):
        decide_match(session, settings, match_id, disposition, comment, OLGA)
    with db.session() as session:
        match = session.get(MatchResult, match_id)
        assert match is not None and (match.disposition, match.review_status) == ("open", "open")


def test_deciding_on_a_missing_match_is_not_found(db: Any, settings: Settings) -> None:
    with db.session() as session, pytest.raises(DecisionError) as missing:
        decide_match(session, settings, 12345, "true_match", "why", OLGA)
    assert missing.value.status == 404


@pytest.mark.parametrize(
    ("current", "new", "confirm", "message"),
    [
        ("wrong password", "a new password!", "a new password!", "current password is wrong"),
        ("first password", "short", "short", "at least 10"),
        ("first password", "a new password!", "another one!!", "differ"),
        ("first password", "first password", "first password", "must differ"),
    ],
)
def test_password_change_rules(db: Any, current: str, new: str, confirm: str, message: str) -> None:
    with db.session() as session:
        user, _ = create_user(session, "olga", "officer", "first password")
        with pytest.raises(UserError, match=message):
            change_password(session, user, current, new, confirm, channel=Channel.WEB)
        assert check_password_hash(user.password_hash, "first password")


def test_password_change_takes_effect_and_is_audited(db: Any) -> None:
    with db.session() as session:
        user, _ = create_user(session, "olga", "officer", "first password")
        change_password(
            session, user, "first password", "second password", "second password", Channel.WEB
        )
    with db.session() as session:
        assert authenticate(session, "olga", "second password") is not None
        assert authenticate(session, "olga", "first password") is None
        actions = session.scalars(select(AuditEvent.action)).all()
    assert "user.password_changed" in actions
