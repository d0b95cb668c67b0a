"""Beat's continuous-screening tasks on a real Celery worker: fetch the enabled sources,
and run the monitor as chunked tasks."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import func, select

from foundation.queue import TaskName
from screening.alerts.models import Alert
from screening.monitoring.models import MonitorChunk, MonitorRun
from screening.monitoring.register import parse_counterparty, upsert_counterparties
from tests.conftest import wait_for
from tests.test_sources import SDN_2024, Answer, Publisher
from watchlists.models import Watchlist
from watchlists.sources.service import add_source


def test_the_monitor_runs_as_chunked_tasks_on_the_workers(
    app: Flask, worker: Any, db: Any, small_list: str
) -> None:
    items = [
        parse_counterparty({"reference": f"T-{i}", "name": name}, max_name_length=512)
        for i, name in enumerate(["Air Koryo", "Rungra 888", "Acme Ltd", "Kim Jong Un"])
    ]
    with db.session() as session:
        upsert_counterparties(session, items, actor="tests", channel="cli")
    app.extensions["runtime"].queue.send(TaskName.MONITOR_CHANGES, "tests")

    def finished() -> Any:
        with db.session() as session:
            run = session.scalar(select(MonitorRun))
            return run if run is not None and run.status == "completed" else None

    run = wait_for(finished, timeout=120)
    assert (run.screened, run.alerts_opened) == (4, 3)
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Alert)) == 3
        assert session.scalar(select(func.count()).select_from(MonitorChunk)) == 1


def test_beat_fetches_enabled_sources(app: Flask, worker: Any, db: Any) -> None:
    publisher = Publisher()
    try:
        publisher.files["/sdn.csv"] = Answer(SDN_2024)
        with db.session() as session:
            add_source(
                session, name="ofac", list_name="ofac-sdn", source_format="ofac-csv",
                url=f"{publisher.url}/sdn.csv", actor="tests", channel="cli",
            )  # fmt: skip
            add_source(
                session, name="off", list_name="other", source_format="ofac-csv",
                url=f"{publisher.url}/missing.csv", actor="tests", channel="cli", enabled=False,
            )  # fmt: skip
        app.extensions["runtime"].queue.send(TaskName.FETCH_SOURCES)

        def imported() -> Any:
            with db.session() as session:
                return session.scalar(select(Watchlist).where(Watchlist.name == "ofac-sdn"))

        wait_for(imported, timeout=120)
        assert [path for path, _headers in publisher.requests] == ["/sdn.csv"]
    finally:
        publisher.server.shutdown()
