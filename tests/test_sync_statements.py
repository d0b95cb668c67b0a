"""What one synchronous screen sends to the database: on PostgreSQL the job and its
items go in one statement, and the items keep their order; the job is recorded with
its three audit events whatever the database."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event, select

from foundation.audit import AuditEvent
from screening.models import ScreeningItem, ScreeningJob

NAMES = ["Apple Inc", "AIR KORYO", "Siemens AG", "Rungra 888", "Trading Partner 7 GmbH"]


@pytest.fixture()
def statements(db: Any) -> Iterator[list[str]]:
    seen: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(" ".join(statement.split()))

    event.listen(db.engine, "before_cursor_execute", note)
    yield seen
    event.remove(db.engine, "before_cursor_execute", note)


def test_a_screen_records_job_items_and_audit_in_order(
    client: Any, db: Any, small_list: str, api_key: tuple[str, str], statements: list[str]
) -> None:
    response = client.post(
        "/api/v1/screen",
        json={"items": [{"name": n, "reference": f"r{i}"} for i, n in enumerate(NAMES)]},
        headers={"Authorization": f"Bearer {api_key[0]}"},
    )
    assert response.status_code == 200
    writes = [s for s in statements if "INSERT INTO screening_" in s]
    body = response.get_json()
    assert [r["name"] for r in body["results"]] == NAMES
    assert [r["position"] for r in body["results"]] == list(range(len(NAMES)))
    outcomes = {r["name"]: r["outcome"] for r in body["results"]}
    assert outcomes["AIR KORYO"] == "potential_match" and outcomes["Apple Inc"] == "clear"

    job_id = body["job"]["id"]
    with db.session() as session:
        job = session.get(ScreeningJob, job_id)
        assert job is not None and job.status == "completed" and job.item_count == len(NAMES)
        items = session.execute(
            select(ScreeningItem.id, ScreeningItem.position, ScreeningItem.name)
            .where(ScreeningItem.job_id == job_id)
            .order_by(ScreeningItem.id)
        ).all()
        # Ids ascend with the position, as when the items were inserted one by one.
        assert [(i.position, i.name) for i in items] == list(enumerate(NAMES))
        actions = session.scalars(
            select(AuditEvent.action).where(AuditEvent.object_id == job_id).order_by(AuditEvent.id)
        ).all()
    assert actions == ["job.submitted", "results.stored", "job.completed"]

    if db.engine.dialect.name == "postgresql":
        assert len(writes) == 1, writes
        assert writes[0].startswith("WITH new_job AS (INSERT INTO screening_jobs")
    else:  # a statement for the job, then the items' (SQLite: one per item)
        assert [s.split(" (")[0] for s in writes][:2] == [
            "INSERT INTO screening_jobs",
            "INSERT INTO screening_items",
        ]


@pytest.mark.parametrize(
    "names",
    [["Apple Inc"], ["AIR KORYO"], NAMES],
    ids=["clear", "potential match", "five names"],
)
def test_a_screen_compiles_no_statement_twice(
    client: Any, db: Any, small_list: str, api_key: tuple[str, str], names: list[str]
) -> None:
    """Compiling SQL was a fifth of a one-name call's CPU while a statement had no cache
    key (a multi-row VALUES): from the second call on, every statement comes from the
    compiled cache, with or without matches and alerts, for one name or several."""
    headers = {"Authorization": f"Bearer {api_key[0]}"}
    body = {"items": [{"name": name} for name in names]}
    for _ in range(2):
        assert client.post("/api/v1/screen", json=body, headers=headers)
    misses: list[tuple[str, str]] = []

    def note(
        _conn: Any, _cursor: Any, statement: str, _params: Any, context: Any, _many: Any
    ) -> None:
        if context is not None and context.compiled is not None:
            hit = getattr(context, "cache_hit", None)
            if hit is not None and hit != context.dialect.CACHE_HIT:
                misses.append((str(hit), " ".join(statement.split())[:80]))

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        response = client.post("/api/v1/screen", json=body, headers=headers)
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    assert response.status_code == 200
    assert misses == []
