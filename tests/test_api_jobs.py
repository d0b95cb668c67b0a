"""What the API promises about jobs: stored before queued, pinned, chunked, idempotent.

End to end: real HTTP, the database, the broker and the session's real worker.
A second app on the same database with a broker nobody listens on stands for
"the broker was down when the ERP submitted".
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select, update

from foundation.audit import AuditEvent
from foundation.db import utcnow
from foundation.settings import Settings
from screening.app import create_app
from screening.matching import normalize_name
from screening.models import MatchResult, ScreeningItem, ScreeningJob
from screening.webhooks import EVENT_HEADER
from tests.conftest import SMALL_LIST, import_small_list, wait_for
from tests.http import request
from tests.test_api import ITEMS, Receiver, auth, submit, wait_completed

UNREACHABLE_BROKER = "redis://127.0.0.1:1/0"


@pytest.fixture()
def broker_down(app: Flask, db: Any, tmp_path: Path) -> Iterator[Any]:
    """A test client of the same service and database whose broker cannot be reached."""
    base = app.config["SETTINGS"]
    other = create_app(
        Settings.from_env(
            {
                "SCREENING_ENV": "test",
                "SCREENING_INSTANCE_PATH": str(tmp_path),
                "SECRET_KEY": "test-secret-key",
                "DATABASE_URL": base.database_url,
                "REDIS_URL": UNREACHABLE_BROKER,
                "SCREENING_QUEUE": base.queue,
                "SCREENING_CHUNK_SIZE": str(base.chunk_size),
                "SCREENING_WEBHOOK_ALLOWED_HOSTS": ",".join(base.webhook_allowed_hosts),
            }
        )
    )
    yield other.test_client()
    other.extensions["database"].dispose()
    # create_app made the unreachable app Celery's default; give it back.
    app.extensions["celery"].set_default()


def submit_unsent(client: Any, key: str, body: dict[str, Any]) -> dict[str, Any]:
    """Submit through the app whose broker is down: the job is stored, nothing is sent."""
    response = client.post("/api/v1/screenings", json=body, headers=auth(key))
    assert response.status_code == 202, response.get_json()
    return dict(response.get_json())


def send_task(app: Flask, name: str, *args: Any) -> str:
    """Send a task to the session's worker through the real broker; returns its id."""
    return str(app.extensions["celery"].send_task(name, args=list(args)).id)


def task_result(worker: Any, task_id: str) -> Any:
    """The return value the worker logged for a finished task, or None while it runs."""
    for line in worker.log_path.read_text(errors="replace").splitlines():
        if f"[{task_id}] succeeded" in line:
            return line.split(": ", 2)[-1].strip()
    return None


def load_job(db: Any, job_id: str) -> ScreeningJob:
    with db.session() as session:
        job = session.get(ScreeningJob, job_id)
        assert job is not None
        return job


def test_job_is_stored_when_the_broker_is_down_and_the_reconciler_sends_it(
    app: Flask,
    live_server: str,
    worker: Any,
    small_list: str,
    api_key: tuple[str, str],
    db: Any,
    broker_down: Any,
) -> None:
    key, _ = api_key
    job_id = submit_unsent(broker_down, key, {"items": ITEMS})["id"]

    job = load_job(db, job_id)
    assert job.status == "queued" and job.enqueued_at is None, "nothing reached the broker"
    with db.session() as session:
        names = session.scalars(
            select(ScreeningItem.name)
            .where(ScreeningItem.job_id == job_id)
            .order_by(ScreeningItem.position)
        ).all()
    assert names == [item["name"] for item in ITEMS], "the submission is in the database"

    send_task(app, "workers.tasks.reconcile_jobs")
    done = wait_completed(live_server, key, job_id)
    assert done["counts"]["processed"] == len(ITEMS)
    assert load_job(db, job_id).enqueued_at is not None


def test_job_runs_against_the_list_versions_pinned_at_submission(
    app: Flask,
    live_server: str,
    worker: Any,
    small_list: str,
    api_key: tuple[str, str],
    db: Any,
    broker_down: Any,
) -> None:
    key, _ = api_key
    body = {"items": [{"name": "Air Koryo", "type": "company"}], "lists": ["small"]}
    pinned = submit_unsent(broker_down, key, body)
    assert pinned["lists"] == {"small": 1}

    # Version 2 drops Air Koryo before the job is processed.
    import_small_list(db, {source_id for source_id, _, _ in SMALL_LIST} - {"air-koryo"})
    send_task(app, "workers.tasks.reconcile_jobs")
    done = wait_completed(live_server, key, pinned["id"])
    assert done["lists"] == {"small": 1}
    results = request(
        "GET", f"{live_server}/api/v1/screenings/{pinned['id']}/results", headers=auth(key)
    ).json()
    assert results["job"]["lists"] == {"small": 1}
    match = results["data"][0]["matches"][0]
    assert (match["entity_id"], match["list_version"]) == ("small:air-koryo", 1)

    later = submit(live_server, key, body).json()
    assert later["lists"] == {"small": 2}
    later_done = wait_completed(live_server, key, later["id"])
    assert later_done["counts"]["potential_matches"] == 0


def test_chunk_task_run_twice_stores_each_result_once(
    app: Flask,
    live_server: str,
    worker: Any,
    small_list: str,
    api_key: tuple[str, str],
    db: Any,
    broker_down: Any,
) -> None:
    key, _ = api_key
    job_id = submit_unsent(broker_down, key, {"items": ITEMS})["id"]

    # Both copies go to a worker with two processes, so they may well run at once.
    first = send_task(app, "workers.tasks.screen_chunk", job_id, 0, len(ITEMS))
    second = send_task(app, "workers.tasks.screen_chunk", job_id, 0, len(ITEMS))
    outcomes = wait_for(
        lambda: (
            (a, b)
            if (a := task_result(worker, first)) and (b := task_result(worker, second))
            else None
        ),
        timeout=90,
    )
    assert "'processed': 0" in " ".join(outcomes), f"one run found nothing to do: {outcomes}"

    job = load_job(db, job_id)
    assert (job.status, job.processed_count, job.match_count) == ("completed", 3, 2)
    with db.session() as session:
        keys = session.execute(
            select(ScreeningItem.position, MatchResult.entity_key)
            .join(MatchResult, MatchResult.item_id == ScreeningItem.id)
            .where(ScreeningItem.job_id == job_id)
        ).all()
        stored_events = session.scalars(
            select(AuditEvent.action).where(
                AuditEvent.object_id == job_id,
                AuditEvent.action.in_(("results.stored", "job.completed")),
            )
        ).all()
    assert len(keys) == len(set(keys)), "no match stored twice"
    assert {position for position, _ in keys} == {0, 2}
    assert sorted(stored_events) == ["job.completed", "results.stored"]


def test_job_is_processed_in_chunks_of_the_configured_size(
    app: Flask, live_server: str, worker: Any, small_list: str, api_key: tuple[str, str], db: Any
) -> None:
    key, _ = api_key
    chunk_size = app.config["SETTINGS"].chunk_size
    assert chunk_size == 50  # set by the test environment
    items = [{"name": f"Trading partner {i}", "reference": f"r-{i}"} for i in range(120)]
    job = submit(live_server, key, {"items": items}).json()
    done = wait_completed(live_server, key, job["id"])
    assert done["counts"]["processed"] == 120 and done["progress"] == 1.0

    with db.session() as session:
        payloads = session.scalars(
            select(AuditEvent.payload)
            .where(AuditEvent.object_id == job["id"], AuditEvent.action == "results.stored")
            .order_by(AuditEvent.id)
        ).all()
    # Each chunk committed its own results and progress as it finished.
    assert sorted(p["positions"] for p in payloads) == [[0, 50], [50, 100], [100, 120]]
    assert sorted(len(p["results"]) for p in payloads) == [20, 50, 50]


def test_each_result_records_input_normalised_input_matches_and_what_it_ran_with(
    live_server: str, worker: Any, small_list: str, api_key: tuple[str, str]
) -> None:
    key, _ = api_key
    body = {
        "items": [{"name": "ＡＩＲ  Koryo!", "type": "company", "country": "KP", "reference": "x"}],
        "threshold": 0.75,
    }
    job = submit(live_server, key, body).json()
    wait_completed(live_server, key, job["id"])
    results = request(
        "GET", f"{live_server}/api/v1/screenings/{job['id']}/results", headers=auth(key)
    ).json()
    assert results["job"]["lists"] == {"small": 1}
    assert results["job"]["threshold"] == 0.75
    assert results["job"]["algorithm_version"]
    result = results["data"][0]
    assert (result["name"], result["type"], result["country"], result["reference"]) == (
        "ＡＩＲ  Koryo!",
        "company",
        "KP",
        "x",
    )
    assert result["normalized_name"] == normalize_name("ＡＩＲ  Koryo!")
    match = result["matches"][0]
    assert match["score"] >= 0.75 and match["list_version"] == 1
    assert match["explanation"], "which tokens matched, how, and what each feature added"


def test_job_report_summarises_what_was_found(
    live_server: str, worker: Any, small_list: str, api_key: tuple[str, str]
) -> None:
    key, _ = api_key
    job = submit(live_server, key, {"items": ITEMS}).json()
    done = wait_completed(live_server, key, job["id"])
    assert done["summary"]["outcome"] == "potential_match"
    assert done["summary"]["potential_matches_by_list"] == {"small": 2}
    results = request(
        "GET", f"{live_server}/api/v1/screenings/{job['id']}/results", headers=auth(key)
    ).json()
    scores = [m["score"] for r in results["data"] for m in r["matches"]]
    assert done["summary"]["top_score"] == max(scores)

    clear = submit(live_server, key, {"items": [{"name": "Siemens AG"}]}).json()
    assert wait_completed(live_server, key, clear["id"])["summary"] == {
        "outcome": "clear",
        "potential_matches_by_list": {},
        "top_score": None,
    }


def test_sync_screen_is_recorded_as_a_job(
    live_server: str, small_list: str, api_key: tuple[str, str], db: Any
) -> None:
    key, _ = api_key
    answer = request(
        "POST",
        f"{live_server}/api/v1/screen",
        json_body={"items": [{"name": "Rungra 888", "reference": "v-9"}]},
        headers=auth(key),
    ).json()
    job_id = answer["job"]["id"]
    stored = request("GET", f"{live_server}/api/v1/screenings/{job_id}", headers=auth(key)).json()
    assert (stored["status"], stored["channel"]) == ("completed", "api")
    assert stored["counts"] == {"items": 1, "processed": 1, "potential_matches": 1, "clear": 0}
    with db.session() as session:
        actions = session.scalars(
            select(AuditEvent.action).where(AuditEvent.object_id == job_id).order_by(AuditEvent.id)
        ).all()
    assert actions == ["job.submitted", "results.stored", "job.completed"]


def test_idempotency_key_expires_after_its_time_to_live(
    live_server: str, small_list: str, api_key: tuple[str, str], db: Any, app: Flask
) -> None:
    key, _ = api_key
    body = {"items": ITEMS[:1]}
    first = submit(live_server, key, body, **{"Idempotency-Key": "run-1"}).json()
    ttl = app.config["SETTINGS"].idempotency_ttl_seconds
    assert ttl == 24 * 3600
    with db.session() as session:
        session.execute(
            update(ScreeningJob)
            .where(ScreeningJob.id == first["id"])
            .values(created_at=utcnow() - timedelta(seconds=ttl + 60))
        )
    retry = submit(live_server, key, body, **{"Idempotency-Key": "run-1"})
    assert retry.status == 202
    assert retry.json()["id"] != first["id"]
    assert "Idempotent-Replayed" not in retry.headers
    # A different body under the renewed key is now the conflict.
    assert submit(live_server, key, {"items": ITEMS}, **{"Idempotency-Key": "run-1"}).status == 409


def test_idempotency_keys_belong_to_one_api_key(
    live_server: str, small_list: str, api_key: tuple[str, str], db: Any
) -> None:
    from screening.accounts.apikeys import create_key

    with db.session() as session:
        _row, other = create_key(session, "ERP-2", ["screen"], actor="tests")
    body = {"items": ITEMS[:1]}
    mine = submit(live_server, api_key[0], body, **{"Idempotency-Key": "same"}).json()
    theirs = submit(live_server, other, body, **{"Idempotency-Key": "same"}).json()
    assert mine["id"] != theirs["id"]


def test_jobs_are_listed_newest_first_and_filtered_by_date_and_status(
    live_server: str, small_list: str, api_key: tuple[str, str], db: Any, broker_down: Any
) -> None:
    key, _ = api_key
    ids = [submit_unsent(broker_down, key, {"items": [{"name": f"n{i}"}]})["id"] for i in range(3)]
    old, completed, fresh = ids
    with db.session() as session:
        session.execute(
            update(ScreeningJob)
            .where(ScreeningJob.id == old)
            .values(created_at=utcnow() - timedelta(days=30))
        )
        session.execute(
            update(ScreeningJob).where(ScreeningJob.id == completed).values(status="completed")
        )

    def listed(query: str) -> list[str]:
        response = request("GET", f"{live_server}/api/v1/screenings?{query}", headers=auth(key))
        assert response.status == 200, response.body
        return [job["id"] for job in response.json()["data"]]

    assert listed("") == [fresh, completed, old]
    week_ago = (utcnow() - timedelta(days=7)).date().isoformat()
    assert listed(f"created_from={week_ago}") == [fresh, completed]
    assert listed(f"created_to={week_ago}") == [old]
    assert listed("status=completed") == [completed]
    assert listed("status=queued") == [fresh, old]
    page = request(
        "GET", f"{live_server}/api/v1/screenings?per_page=2&page=2", headers=auth(key)
    ).json()
    assert [job["id"] for job in page["data"]] == [old]
    assert page["meta"] == {"page": 2, "per_page": 2, "total": 3, "pages": 2}


def test_results_are_paginated_and_filtered_by_outcome(
    live_server: str, worker: Any, small_list: str, api_key: tuple[str, str]
) -> None:
    key, _ = api_key
    job = submit(live_server, key, {"items": ITEMS}).json()
    wait_completed(live_server, key, job["id"])
    base = f"{live_server}/api/v1/screenings/{job['id']}/results"

    def positions(query: str) -> list[int]:
        body = request("GET", f"{base}?{query}", headers=auth(key)).json()
        return [result["position"] for result in body["data"]]

    assert positions("outcome=clear") == [1]
    assert positions("outcome=potential_match") == [0, 2]
    assert positions("per_page=2&page=1") == [0, 1]
    assert positions("per_page=2&page=2") == [2]
    assert positions("per_page=2&page=3") == []


def test_webhook_payload_carries_the_job_report(
    live_server: str, worker: Any, small_list: str, api_key: tuple[str, str]
) -> None:
    receiver = Receiver()
    try:
        key, _ = api_key
        submit(live_server, key, {"items": ITEMS, "callback_url": receiver.url})
        wait_for(lambda: receiver.calls, timeout=90)
    finally:
        receiver.server.shutdown()
    payload = json.loads(receiver.calls[0][1])
    assert payload["job"]["summary"]["potential_matches_by_list"] == {"small": 2}


def test_reconciler_resends_a_job_that_stopped_making_progress(
    app: Flask,
    live_server: str,
    worker: Any,
    small_list: str,
    api_key: tuple[str, str],
    db: Any,
    broker_down: Any,
) -> None:
    key, _ = api_key
    job_id = submit_unsent(broker_down, key, {"items": ITEMS})["id"]
    # As if it was sent ten minutes ago and the worker holding it died.
    long_ago = utcnow() - timedelta(minutes=10)
    with db.session() as session:
        session.execute(
            update(ScreeningJob)
            .where(ScreeningJob.id == job_id)
            .values(status="running", created_at=long_ago, enqueued_at=long_ago)
        )
    send_task(app, "workers.tasks.reconcile_jobs")
    assert wait_completed(live_server, key, job_id)["counts"]["processed"] == len(ITEMS)


def test_reconciler_sends_a_webhook_that_was_never_attempted(
    app: Flask, worker: Any, small_list: str, api_key: tuple[str, str], db: Any, broker_down: Any
) -> None:
    receiver = Receiver()
    try:
        key, _ = api_key
        body = {"items": ITEMS[:1], "callback_url": receiver.url}
        job_id = submit_unsent(broker_down, key, body)["id"]
        # Finished ten minutes ago, but the message for its webhook was lost.
        with db.session() as session:
            session.execute(
                update(ScreeningJob)
                .where(ScreeningJob.id == job_id)
                .values(status="completed", finished_at=utcnow() - timedelta(minutes=10))
            )
        send_task(app, "workers.tasks.reconcile_jobs")
        wait_for(lambda: receiver.calls, timeout=60)
    finally:
        receiver.server.shutdown()
    assert json.loads(receiver.calls[0][1])["job"]["id"] == job_id


def test_beat_starts_with_the_reconciler_on_its_schedule(test_env: dict[str, str]) -> None:
    log = Path(test_env["SCREENING_INSTANCE_PATH"]) / "beat.log"
    with log.open("wb") as out:
        beat = subprocess.Popen(
            [str(Path(sys.executable).parent / "screening"), "beat", "--loglevel", "DEBUG"],
            env={**os.environ, **test_env},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 60
            while b"beat: Starting..." not in log.read_bytes():
                assert beat.poll() is None, log.read_text()[-3000:]
                assert time.monotonic() < deadline, log.read_text()[-3000:]
                time.sleep(0.2)
        finally:
            beat.terminate()
            beat.wait(timeout=30)
    assert "workers.tasks.reconcile_jobs" in log.read_text()


def test_chunk_out_of_retries_fails_the_job_and_says_so_in_the_webhook(
    app: Flask,
    live_server: str,
    worker: Any,
    small_list: str,
    api_key: tuple[str, str],
    db: Any,
    broker_down: Any,
) -> None:
    key, _ = api_key
    receiver = Receiver()
    try:
        body = {"items": ITEMS, "callback_url": receiver.url}
        job_id = submit_unsent(broker_down, key, body)["id"]
        # The list version it pinned is gone: every run of its chunk fails.
        with db.session() as session:
            session.execute(
                update(ScreeningJob)
                .where(ScreeningJob.id == job_id)
                .values(list_versions={"small": 99})
            )
        # A message that already used its retries, as the worker sees it after the last one.
        app.extensions["celery"].send_task(
            "workers.tasks.screen_chunk", args=[job_id, 0, len(ITEMS)], retries=5
        )
        failed = wait_for(lambda: (job := load_job(db, job_id)).status == "failed" and job)
        wait_for(lambda: receiver.calls, timeout=60)
    finally:
        receiver.server.shutdown()
    assert "small" in (failed.error or "") and failed.finished_at is not None
    assert failed.processed_count == 0
    headers, hook_body = receiver.calls[0]
    assert headers[EVENT_HEADER] == "screening.failed"
    assert json.loads(hook_body)["job"]["status"] == "failed"
    with db.session() as session:
        actions = session.scalars(
            select(AuditEvent.action).where(AuditEvent.object_id == job_id)
        ).all()
    assert "job.failed" in actions

    # The reconciler leaves a failed job alone.
    send_task(app, "workers.tasks.reconcile_jobs")
    time.sleep(2)
    assert load_job(db, job_id).status == "failed"
