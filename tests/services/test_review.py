"""Alert review: four-eyes decisions, what they do, the memory of cleared pairs, and the
one-off screenings that raise alerts."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from foundation.audit import AuditEvent
from foundation.db import as_utc, utcnow
from foundation.settings import Settings
from screening.accounts.apikeys import create_key
from screening.accounts.users import create_user
from screening.alerts.models import (
    Alert,
    AlertEvent,
    AlertReason,
    Clearance,
    Counterparty,
    Decision,
)
from screening.alerts.raising import Evidence, raise_alert
from screening.alerts.subjects import counterparty_data_hash, counterparty_subject
from screening.jobs.inputs import ItemInput
from screening.jobs.submit import Submission, screen_now
from screening.models import Channel, MatchResult, ScreeningJob, WebhookEvent
from screening.review.decisions import (
    confirm_decision,
    decide_match,
    propose_decision,
    reject_decision,
)
from screening.review.rules import Actor, ReviewError
from screening.review.work import assign_alerts, comment_on_alert
from tests.conftest import SMALL_LIST
from watchlists.records import EntityRecord, NameRecord, SourceRecord
from watchlists.store import import_records

OLGA = Actor("olga", "officer")  # an officer
OSCAR = Actor("oscar", "officer")
RITA = Actor("rita", "reviewer")
ROBIN = Actor("robin", "reviewer")
AUDREY = Actor("audrey", "auditor")
ADA = Actor("ada", "admin")


def _screen(db: Any, settings: Settings, *names: str, country: str | None = None) -> str:
    submission = Submission(
        [ItemInput(name=n, type="company", country=country) for n in names], Channel.WEB, "olga"
    )
    with db.session() as session:
        return screen_now(session, settings, submission, limit=len(names)).id


def _matches(db: Any, job_id: str) -> list[MatchResult]:
    with db.session() as session:
        job = session.get(ScreeningJob, job_id)
        assert job is not None
        # Loaded while attached, so the tests can read match.item afterwards.
        return [m for item in job.items for m in item.matches if m.item is item]


def _alert(db: Any, alert_id: int) -> Alert:
    with db.session() as session:
        alert = session.get(Alert, alert_id)
        assert alert is not None
        session.expunge(alert)
        return alert


def _count(db: Any, model: Any, *where: Any) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def _actions(db: Any) -> list[str]:
    with db.session() as session:
        return list(session.scalars(select(AuditEvent.action).order_by(AuditEvent.seq)))


def _import_small(db: Any, extra_alias: str | None = None) -> None:
    """A new version of the 'small' list; ``extra_alias`` is added to Air Koryo's names."""
    records = []
    for source_id, schema, names in SMALL_LIST:
        if source_id == "air-koryo" and extra_alias:
            names = [*names, extra_alias]
        records.append(
            EntityRecord(
                source_id=source_id,
                schema=schema,
                names=[
                    NameRecord(n, "primary" if i == 0 else "alias") for i, n in enumerate(names)
                ],
                countries=["kp"],
                sources=[SourceRecord(document="test.txt", claim="Named in a test fixture.")],
            )
        )
    with db.session() as session:
        import_records(
            session,
            list_name="small",
            source_format="test",
            records=records,
            source_hash=uuid.uuid4().hex,
            source_files=["test.txt"],
            imported_by="tests",
        )


def _propose(db: Any, settings: Settings, alert_id: int, actor: Actor = OLGA, **kw: Any) -> Any:
    with db.session() as session:
        return propose_decision(
            session,
            settings,
            alert_id,
            kw.get("decision", "false_positive"),
            kw.get("reason", "Different company: a Pyongyang airline is not our supplier."),
            actor,
        )


def _confirm(db: Any, settings: Settings, alert_id: int, actor: Actor = RITA) -> Any:
    with db.session() as session:
        return confirm_decision(session, settings, alert_id, actor, note="Checked the registry.")


def test_a_potential_match_from_a_one_off_screening_raises_an_alert(
    db: Any, small_list: str, settings: Settings
) -> None:
    job_id = _screen(db, settings, "Air Koryo", "Jane Doe")
    [match] = _matches(db, job_id)
    assert match.review_status == "open" and match.alert_id is not None
    alert = _alert(db, match.alert_id)
    assert (alert.status, alert.reason, alert.job_id, alert.match_id) == (
        "open",
        "screening",
        job_id,
        match.id,
    )
    assert alert.subject_name == "Air Koryo" and alert.subject_type == "company"
    assert alert.entity_key == "small:air-koryo" and alert.listing_hash
    assert "alert.opened" in _actions(db)


def test_the_same_name_screened_again_joins_the_open_alert(
    db: Any, small_list: str, settings: Settings
) -> None:
    first = _matches(db, _screen(db, settings, "Air Koryo", "AIR  KORYO"))
    again = _matches(db, _screen(db, settings, "Air Koryo"))
    assert len({m.alert_id for m in first + again}) == 1
    assert _count(db, Alert) == 1
    kinds = _count(db, AlertEvent, AlertEvent.kind == "screened")
    assert kinds == 2  # the second spelling in the first job, and the second job


def test_officer_proposes_reviewer_confirms_and_the_pair_stays_cleared(
    db: Any, small_list: str, settings: Settings
) -> None:
    [match] = _matches(db, _screen(db, settings, "Air Koryo"))
    alert_id = match.alert_id
    proposed = _propose(db, settings, alert_id)
    assert proposed.took_effect is False
    assert _alert(db, alert_id).status == "proposed"
    assert _matches(db, match.item.job_id)[0].review_status == "proposed"

    with pytest.raises(ReviewError) as officer:
        _confirm(db, settings, alert_id, actor=OSCAR)
    assert officer.value.status == 403
    with pytest.raises(ReviewError) as own:
        _confirm(db, settings, alert_id, actor=Actor("olga", "reviewer"))
    assert own.value.status == 403 and "You proposed this decision" in own.value.message

    confirmed = _confirm(db, settings, alert_id)
    assert confirmed.took_effect and confirmed.clearance is not None
    alert = _alert(db, alert_id)
    assert (alert.status, alert.resolution) == ("closed", "false_positive")
    with db.session() as session:
        clearance = session.scalar(select(Clearance))
        decision = session.scalar(select(Decision))
        assert clearance is not None and decision is not None
        assert (clearance.listing_hash, clearance.subject_hash) == (
            alert.listing_hash,
            alert.subject_hash,
        )
        assert clearance.expires_at is None
        assert (decision.status, decision.proposed_by, decision.reviewed_by) == (
            "confirmed",
            "olga",
            "rita",
        )
    old = _matches(db, match.item.job_id)[0]
    assert (old.review_status, old.disposition, old.disposed_by) == (
        "closed",
        "false_positive",
        "olga",
    )

    [again] = _matches(db, _screen(db, settings, "air koryo"))
    assert again.review_status == "cleared"
    assert (again.alert_id, again.clearance_id) == (alert_id, clearance.id)
    assert again.disposition == "false_positive" and again.disposition_comment == decision.reason
    assert _count(db, Alert) == 1
    actions = _actions(db)
    for action in (
        "alert.decision_proposed",
        "alert.decision_confirmed",
        "clearance.created",
        "alert.closed",
    ):
        assert action in actions


def test_a_cleared_pair_alerts_again_once_the_listing_changes(
    db: Any, small_list: str, settings: Settings
) -> None:
    [match] = _matches(db, _screen(db, settings, "Air Koryo"))
    _propose(db, settings, match.alert_id)
    _confirm(db, settings, match.alert_id)
    _import_small(db)  # a new version, Air Koryo's listing unchanged
    [quiet] = _matches(db, _screen(db, settings, "Air Koryo"))
    assert quiet.review_status == "cleared" and quiet.list_version == 2
    _import_small(db, extra_alias="Air Koryo Cargo")
    [loud] = _matches(db, _screen(db, settings, "Air Koryo"))
    assert loud.review_status == "open" and loud.alert_id != match.alert_id
    assert _alert(db, loud.alert_id).list_version == 3
    with db.session() as session:
        clearance = session.scalar(select(Clearance))
        assert clearance is not None and clearance.lapsed_at is not None


def test_another_country_is_another_subject(db: Any, small_list: str, settings: Settings) -> None:
    [match] = _matches(db, _screen(db, settings, "Air Koryo", country="KP"))
    _propose(db, settings, match.alert_id)
    _confirm(db, settings, match.alert_id)
    assert _matches(db, _screen(db, settings, "Air Koryo", country="kp"))[0].review_status == (
        "cleared"
    )
    assert _matches(db, _screen(db, settings, "Air Koryo", country="RU"))[0].review_status == (
        "open"
    )


def test_a_listing_change_after_the_proposal_is_not_cleared(
    db: Any, small_list: str, settings: Settings
) -> None:
    [match] = _matches(db, _screen(db, settings, "Air Koryo"))
    _propose(db, settings, match.alert_id)
    _import_small(db, extra_alias="Air Koryo Cargo")
    _screen(db, settings, "Air Koryo")  # refreshes the alert with the changed listing
    _confirm(db, settings, match.alert_id)
    [again] = _matches(db, _screen(db, settings, "Air Koryo"))
    assert again.review_status == "open", "the reviewer confirmed what the officer saw, not more"


def test_clearance_days_bound_the_memory(db: Any, small_list: str, settings: Settings) -> None:
    limited = dataclasses.replace(settings, clearance_days=30)
    [match] = _matches(db, _screen(db, settings, "Air Koryo"))
    _propose(db, limited, match.alert_id)
    confirmed = _confirm(db, limited, match.alert_id)
    expires = as_utc(confirmed.clearance.expires_at)
    assert timedelta(days=29, hours=23) < expires - utcnow() <= timedelta(days=30)


def test_without_four_eyes_the_officers_decision_takes_effect_at_once(
    db: Any, small_list: str, settings: Settings
) -> None:
    solo = dataclasses.replace(settings, four_eyes=False)
    [match] = _matches(db, _screen(db, settings, "Air Koryo"))
    done = _propose(db, solo, match.alert_id)
    assert done.took_effect and done.clearance is not None
    assert _alert(db, match.alert_id).status == "closed"
    assert "alert.decision_applied" in _actions(db)
    assert _matches(db, _screen(db, settings, "Air Koryo"))[0].review_status == "cleared"


def test_a_rejected_proposal_sends_the_alert_back_with_the_reason(
    db: Any, small_list: str, settings: Settings
) -> None:
    [match] = _matches(db, _screen(db, settings, "Air Koryo"))
    _propose(db, settings, match.alert_id)
    with db.session() as session, pytest.raises(ReviewError, match="reason for the rejection"):
        reject_decision(session, match.alert_id, RITA, "  ")
    with db.session() as session:
        reject_decision(session, match.alert_id, RITA, "The registry shows a KP address.")
    alert = _alert(db, match.alert_id)
    assert alert.status == "open"
    with db.session() as session:
        decision = session.scalar(select(Decision))
        assert decision is not None
        assert (decision.status, decision.review_reason) == (
            "rejected",
            "The registry shows a KP address.",
        )
    assert "alert.decision_rejected" in _actions(db)
    assert _count(db, Clearance) == 0
    # Worked again: a new proposal is welcome.
    _propose(db, settings, match.alert_id, decision="true_match", reason="Same airline.")


def test_escalation_waits_for_a_senior_decision(
    db: Any, small_list: str, settings: Settings
) -> None:
    [match] = _matches(db, _screen(db, settings, "Air Koryo"))
    _propose(db, settings, match.alert_id, decision="escalate", reason="Needs the MLRO.")
    _confirm(db, settings, match.alert_id)
    assert _alert(db, match.alert_id).status == "escalated"
    with pytest.raises(ReviewError) as twice:
        _propose(db, settings, match.alert_id, decision="escalate")
    assert twice.value.status == 409
    _propose(db, settings, match.alert_id, actor=ROBIN, decision="true_match", reason="Same.")
    with db.session() as session:
        reject_decision(session, match.alert_id, RITA, "Not yet: get the registry extract.")
    assert _alert(db, match.alert_id).status == "escalated"


def test_a_confirmed_true_match_blocks_the_counterparty_and_tells_its_erp(
    db: Any, small_list: str, settings: Settings
) -> None:
    with db.session() as session:
        key, _ = create_key(
            session,
            "ERP",
            ["screen"],
            actor="tests",
            webhook_url="http://127.0.0.1:9/hooks",
            settings=settings,
        )
        counterparty = Counterparty(
            reference="V-1001",
            name="Air Koryo",
            type="company",
            api_key_id=key.id,
            data_hash=counterparty_data_hash("Air Koryo", "company", None, None, []),
        )
        session.add(counterparty)
        session.flush()
        evidence = Evidence(
            "small", 1, "small:air-koryo", "air-koryo", "Air Koryo", "L", "Air Koryo", 1.0, {}, "t"
        )
        alert = raise_alert(
            session,
            counterparty_subject(counterparty),
            evidence,
            AlertReason.NEW_COUNTERPARTY,
            actor="monitor",
            channel=Channel.API,
        ).alert
        assert alert is not None
        alert_id = alert.id
    _propose(db, settings, alert_id, decision="true_match", reason="Same airline, same IATA code.")
    done = _confirm(db, settings, alert_id)
    assert len(done.webhook_events) == 1
    with db.session() as session:
        blocked = session.scalar(select(Counterparty))
        event = session.get(WebhookEvent, done.webhook_events[0])
        assert blocked is not None and blocked.blocked is True
        assert event is not None and event.event == "counterparty.blocked"
        assert event.payload["counterparty"]["reference"] == "V-1001"
        assert event.payload["decision"]["confirmed_by"] == "rita"
    assert "counterparty.blocked" in _actions(db)


def test_a_one_off_true_match_closes_the_alert_without_a_clearance(
    db: Any, small_list: str, settings: Settings
) -> None:
    [match] = _matches(db, _screen(db, settings, "Air Koryo"))
    _propose(db, settings, match.alert_id, decision="true_match", reason="Same airline.")
    done = _confirm(db, settings, match.alert_id, actor=ADA)
    assert done.webhook_events == [] and done.clearance is None
    assert _alert(db, match.alert_id).resolution == "true_match"
    assert _matches(db, match.item.job_id)[0].disposition == "true_match"
    # A true match is never remembered as cleared: the next screening alerts again.
    assert _matches(db, _screen(db, settings, "Air Koryo"))[0].review_status == "open"


@pytest.mark.parametrize(
    ("actor", "decision", "reason", "status"),
    [
        (AUDREY, "false_positive", "Not them.", 403),
        (OLGA, "maybe", "Not them.", 400),
        (OLGA, "false_positive", "   ", 400),
        (OLGA, "false_positive", "x" * 4001, 400),
        (OLGA, "false_positive", "nul\x00", 400),
    ],
)
def test_a_proposal_needs_a_role_that_decides_a_known_decision_and_a_reason(
    db: Any,
    small_list: str,
    settings: Settings,
    actor: Actor,
    decision: str,
    reason: str,
    status: int,
) -> None:
    [match] = _matches(db, _screen(db, settings, "Air Koryo"))
    with pytest.raises(ReviewError) as refused:
        _propose(db, settings, match.alert_id, actor=actor, decision=decision, reason=reason)
    assert refused.value.status == status
    assert _alert(db, match.alert_id).status == "open"
    assert _count(db, Decision) == 0


def test_closed_and_pending_alerts_take_no_new_proposal(
    db: Any, small_list: str, settings: Settings
) -> None:
    [match] = _matches(db, _screen(db, settings, "Air Koryo"))
    _propose(db, settings, match.alert_id)
    with pytest.raises(ReviewError, match="already waits") as pending:
        _propose(db, settings, match.alert_id, actor=OSCAR)
    assert pending.value.status == 409
    _confirm(db, settings, match.alert_id)
    with pytest.raises(ReviewError, match="is closed") as closed:
        _propose(db, settings, match.alert_id)
    assert closed.value.status == 409
    with pytest.raises(ReviewError) as nothing:
        _confirm(db, settings, match.alert_id, actor=ROBIN)
    assert nothing.value.status == 409
    with pytest.raises(ReviewError) as missing:
        _propose(db, settings, 9999)
    assert missing.value.status == 404


def test_assignments_and_comments_are_history_and_audit(
    db: Any, small_list: str, settings: Settings
) -> None:
    with db.session() as session:
        for name, role in (("olga", "officer"), ("rita", "reviewer"), ("audrey", "auditor")):
            create_user(session, name, role, "correct horse battery")
    matches = _matches(db, _screen(db, settings, "Air Koryo", "Rungra 888", "KIM Jong Un"))
    ids = [m.alert_id for m in matches]
    assert len(set(ids)) == 3
    with db.session() as session:
        assert assign_alerts(session, [ids[0]], "olga", OLGA).assigned == [ids[0]]
    _propose(db, settings, ids[0])
    _confirm(db, settings, ids[0])
    with db.session() as session:
        bulk = assign_alerts(session, ids, "rita", OLGA)
    assert (bulk.assigned, bulk.skipped_closed) == (ids[1:], [ids[0]])
    for assignee, message in (("audrey", "auditor"), ("nobody", "no active user")):
        with db.session() as session, pytest.raises(ReviewError, match=message):
            assign_alerts(session, [ids[1]], assignee, OLGA)
    with db.session() as session, pytest.raises(ReviewError) as auditor:
        assign_alerts(session, [ids[1]], "olga", AUDREY)
    assert auditor.value.status == 403
    with db.session() as session:
        comment_on_alert(session, ids[1], "  Asked the customer for a registry extract. ", OLGA)
        assign_alerts(session, [ids[1]], "", OLGA)
    with db.session() as session, pytest.raises(ReviewError) as auditor_comment:
        comment_on_alert(session, ids[1], "I was here.", AUDREY)
    assert auditor_comment.value.status == 403
    alert = _alert(db, ids[1])
    assert alert.assignee is None
    with db.session() as session:
        events = session.scalars(
            select(AlertEvent).where(AlertEvent.alert_id == ids[1]).order_by(AlertEvent.id)
        ).all()
        assert [e.kind for e in events] == ["raised", "assigned", "comment", "assigned"]
        assert events[2].note == "Asked the customer for a registry extract."
    actions = _actions(db)
    assert actions.count("alert.assigned") == 4 and actions.count("alert.commented") == 1


def test_the_old_match_disposition_proposes_on_the_matchs_alert(
    db: Any, small_list: str, settings: Settings
) -> None:
    [match] = _matches(db, _screen(db, settings, "Air Koryo"))
    with db.session() as session:
        done = decide_match(session, settings, match.id, "false_positive", "Other airline.", OLGA)
    assert done.alert.id == match.alert_id and done.decision.status == "proposed"
    with db.session() as session, pytest.raises(ReviewError, match="Choose one of"):
        decide_match(session, settings, match.id, "open", "why", OLGA)
    with db.session() as session, pytest.raises(ReviewError) as missing:
        decide_match(session, settings, 12345, "true_match", "why", OLGA)
    assert missing.value.status == 404


def test_a_match_stored_before_alert_review_gets_its_alert_when_decided(
    db: Any, small_list: str, settings: Settings
) -> None:
    [match] = _matches(db, _screen(db, settings, "Air Koryo"))
    with db.session() as session:  # as a match from before this feature
        session.execute(MatchResult.__table__.update().values(review_status=None, alert_id=None))
        session.execute(Alert.__table__.delete())
    with db.session() as session:
        done = decide_match(session, settings, match.id, "true_match", "Same airline.", OLGA)
        alert_id = done.alert.id
    with db.session() as session:
        refreshed = session.get(MatchResult, match.id)
        assert refreshed is not None
        assert (refreshed.alert_id, refreshed.review_status) == (alert_id, "proposed")


def test_a_synchronous_screen_answers_the_review_state_it_stored(
    db: Any, small_list: str, settings: Settings
) -> None:
    """The sync path builds its answer without reading the matches back: what it
    answers (open alert, then cleared by a clearance) must be what is stored."""
    solo = dataclasses.replace(settings, four_eyes=False)
    columns = ("review_status", "alert_id", "clearance_id", "disposition", "disposed_by")

    def answered_and_stored() -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
        submission = Submission([ItemInput(name="Air Koryo", type="company")], Channel.API, "erp")
        with db.session() as session:
            job = screen_now(session, settings, submission, limit=1)
            answered = [tuple(getattr(m, c) for c in columns) for m in job.items[0].matches]
            job_id = job.id
        stored = [tuple(getattr(m, c) for c in columns) for m in _matches(db, job_id)]
        return answered, stored

    answered, stored = answered_and_stored()
    assert answered == stored and answered[0][0] == "open" and answered[0][1] is not None
    _propose(db, solo, answered[0][1])
    answered, stored = answered_and_stored()
    assert answered == stored
    assert answered[0][0] == "cleared" and answered[0][2] is not None
    assert answered[0][3] == "false_positive"
