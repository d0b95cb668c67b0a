"""The queue's filters, the home dashboard's figures, and the charts drawn from them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import update

from screening.alerts.models import Alert, AlertReason
from screening.alerts.raising import Evidence, raise_alert
from screening.alerts.subjects import name_subject
from screening.models import Channel
from screening.review.dashboard import list_freshness, load_dashboard, open_alerts_per_day
from screening.review.queue import QueueFilter, parse_queue_filter, queue_query
from screening.review.rules import ReviewError
from screening.web.charts import bar_chart, line_chart

NOW = datetime(2026, 3, 31, 12, 0, tzinfo=UTC)


def _alert(session: Any, name: str, list_name: str = "ofac", score: float = 0.9) -> Alert:
    evidence = Evidence(list_name, 1, f"{list_name}:{name}", name, name, "L", name, score, {}, "t")
    alert = raise_alert(
        session,
        name_subject(name, "company", None),
        evidence,
        AlertReason.SCREENING,
        actor="tests",
        channel=Channel.API,
    ).alert
    assert alert is not None
    return alert


def _dated(session: Any, alert: Alert, opened: datetime, closed: datetime | None = None) -> None:
    values: dict[str, Any] = {"opened_at": opened, "updated_at": opened}
    if closed is not None:
        values |= {"closed_at": closed, "status": "closed"}
    session.execute(update(Alert).where(Alert.id == alert.id).values(**values))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"status": "maybe"}, "status must be one of"),
        ({"reason": "gut_feeling"}, "reason must be one of"),
        ({"score_min": "high"}, "score_min must be a number"),
        ({"score_max": "nan"}, "score_max must be a number"),
        ({"score_min": "0.9", "score_max": "0.2"}, "is above score_max"),
        ({"min_age": "-1"}, "whole number of days"),
        ({"max_age": "²"}, "whole number of days"),
        ({"min_age": "9", "max_age": "3"}, "is above max_age"),
        ({"sort": "random"}, "sort must be one of"),
        ({"list": "x" * 200}, "at most 128"),
    ],
)
def test_a_bad_filter_says_what_to_change(args: dict[str, str], message: str) -> None:
    with pytest.raises(ReviewError, match=message) as refused:
        parse_queue_filter(args, "olga")
    assert refused.value.status == 400


def test_the_filter_round_trips_through_its_query_arguments() -> None:
    wanted = parse_queue_filter(
        {"status": "open", "assignee": "me", "score_min": "0.8", "max_age": "7", "sort": "newest"},
        "olga",
    )
    assert wanted == QueueFilter(
        status="open", assignee="olga", score_min=0.8, max_age=7, sort="newest"
    )
    assert parse_queue_filter(wanted.query_args()) == wanted
    assert QueueFilter().query_args() == {}


def test_the_queue_filters_by_list_score_and_age(db: Any) -> None:
    with db.session() as session:
        old = _alert(session, "DOVER", "ofac", 0.95)
        new = _alert(session, "ORION", "un", 0.75)
        _dated(session, old, datetime.now(UTC) - timedelta(days=10))

        def ids(**args: str) -> list[int]:
            return [a.id for a in session.scalars(queue_query(parse_queue_filter(args)))]

        assert ids() == [old.id, new.id]
        assert ids(list="un") == [new.id]
        assert ids(score_min="0.9") == [old.id]
        assert ids(score_max="0.8") == [new.id]
        assert ids(min_age="10") == [old.id]
        assert ids(max_age="9") == [new.id]
        assert ids(sort="score_asc") == [new.id, old.id]
        assert ids(assignee="none") == [old.id, new.id]


def test_open_alerts_per_day_count_what_was_open_at_each_days_end(db: Any) -> None:
    today = NOW.date()
    with db.session() as session:
        long_open = _alert(session, "A", "ofac")
        _dated(session, long_open, NOW - timedelta(days=200))  # before the window, still open
        closed_same_day = _alert(session, "B", "ofac")
        _dated(session, closed_same_day, NOW - timedelta(days=3), NOW - timedelta(days=3, hours=-1))
        two_days = _alert(session, "C", "un")
        _dated(session, two_days, NOW - timedelta(days=2), NOW)  # open at the end of 2 days
        series = open_alerts_per_day(session, today, 5)
    assert series.days == [today - timedelta(days=i) for i in (4, 3, 2, 1, 0)]
    assert series.per_list == {"ofac": [1, 1, 1, 1, 1], "un": [0, 0, 1, 1, 0]}
    assert series.total == [1, 1, 2, 2, 1]


def test_the_dashboard_puts_my_alerts_first_and_the_oldest_unreviewed(
    db: Any, small_list: str
) -> None:
    with db.session() as session:
        mine = _alert(session, "A")
        older = _alert(session, "B")
        _dated(session, older, datetime.now(UTC) - timedelta(days=4))
        mine.assignee = "olga"
    with db.session() as session:
        board = load_dashboard(session, "olga", "officer")
        assert [a.id for a in board.my_open] == [mine.id] and board.my_open_count == 1
        assert [a.id for a in board.team_oldest] == [older.id, mine.id]
        assert board.awaiting_me == []
        [fresh] = board.lists
        assert (fresh.name, fresh.active_version, fresh.age_days, fresh.stale) == (
            "small",
            1,
            0,
            False,
        )
        later = list_freshness(session, datetime.now(UTC) + timedelta(days=30))
        assert later[0].stale


def test_charts_are_plain_svg_with_escaped_labels() -> None:
    days = [date(2026, 3, 1) + timedelta(days=i) for i in range(3)]
    bars = str(bar_chart(days, [0, 3, 7], "Open alerts"))
    lines = str(line_chart(days, {"<script>x</script>": [1, 2, 3], "un": [0, 0, 1]}, "Per list"))
    for svg in (bars, lines):
        assert svg.startswith("<svg") and "style=" not in svg and "<script>" not in svg
    assert bars.count("<rect") == 3 and "2026-03-03: 7" in bars
    assert "&lt;script&gt;x&lt;/script&gt;" in lines and lines.count("<polyline") == 2
    empty = str(line_chart(days, {}, "Per list"))
    assert "none" in empty
