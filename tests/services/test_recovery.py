"""Recovering lost work quickly, without screening anything twice: chunk heartbeats,
the reconciler's choice of what to send again, and the broker's lost-messages marker."""

from __future__ import annotations

import dataclasses
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import update

from foundation.db import utcnow
from foundation.queue import TaskName, TaskQueue, make_celery
from foundation.settings import Settings
from screening.jobs.heartbeats import chunk_beats, claim_chunk, release_chunk, renew_chunk
from screening.jobs.inputs import ItemInput
from screening.jobs.reconcile import reconcile
from screening.jobs.submit import Submission, create_job
from screening.models import Channel, ChunkHeartbeat, ScreeningJob
from tests.services.conftest import InMemoryQueue

NAMES = ["Air Koryo", "Siemens AG", "Rungra-888 Trading", "김정은", "Jane Doe"]
CHUNKS = [(0, 2), (2, 4), (4, 5)]


class LostBrokerQueue(InMemoryQueue):
    """A broker that lost its messages (a Redis restarted empty) until the reconciler
    says it sent them again."""

    lost = True

    def broker_lost_messages(self) -> bool:
        return self.lost

    def messages_restored(self) -> None:
        self.lost = False


@pytest.fixture()
def small_chunks(settings: Settings) -> Settings:
    return dataclasses.replace(settings, chunk_size=2, stuck_job_seconds=300)


def _job(db: Any, settings: Settings, sent_ago: timedelta = timedelta(0)) -> str:
    """A job of three chunks, sent ``sent_ago``, none of them stored yet."""
    submission = Submission(
        items=[ItemInput(name=n) for n in NAMES], channel=Channel.API, submitted_by="tests"
    )
    with db.session() as session:
        job = create_job(session, submission, settings)
        job.enqueued_at = utcnow() - sent_ago
        job.created_at = utcnow() - sent_ago
        return job.id


def _beat(db: Any, job_id: str, start: int, end: int, owner: str, ago: float) -> None:
    """Chunk ``start`` was claimed by ``owner`` and last beat ``ago`` seconds ago."""
    with db.session() as session:
        assert claim_chunk(session, job_id, start, end, owner, timeout=30)
        session.execute(
            update(ChunkHeartbeat)
            .where(ChunkHeartbeat.job_id == job_id, ChunkHeartbeat.chunk_start == start)
            .values(beat_at=utcnow() - timedelta(seconds=ago))
        )


def _resent(db: Any, queue: InMemoryQueue, settings: Settings) -> list[tuple[Any, ...]]:
    with db.session() as session:
        reconcile(session, queue, settings)
    return [args for task, args, _ in queue.sent if task == TaskName.SCREEN_CHUNK]


def test_a_chunk_whose_worker_died_is_sent_again_at_the_next_run(
    db: Any, small_list: str, small_chunks: Settings
) -> None:
    job_id = _job(db, small_chunks)  # sent just now: the job does not look stuck at all
    _beat(db, job_id, 0, 2, "task-a", ago=2)  # running
    _beat(db, job_id, 2, 4, "task-b", ago=45)  # its worker went silent 45 s ago
    # Chunk 4 has not started: it waits in the queue behind the others.
    assert _resent(db, InMemoryQueue(), small_chunks) == [(job_id, 2, 4)]


def test_a_running_chunk_is_never_sent_again_even_when_the_job_looks_stuck(
    db: Any, small_list: str, small_chunks: Settings
) -> None:
    job_id = _job(db, small_chunks, sent_ago=timedelta(minutes=10))  # no progress for 10 min
    _beat(db, job_id, 0, 2, "task-a", ago=5)  # a long chunk, still beating
    assert _resent(db, InMemoryQueue(), small_chunks) == [(job_id, 2, 4), (job_id, 4, 5)]


def test_unstarted_chunks_are_sent_again_when_the_broker_lost_its_messages(
    db: Any, small_list: str, small_chunks: Settings
) -> None:
    job_id = _job(db, small_chunks)
    _beat(db, job_id, 0, 2, "task-a", ago=1)  # running: its worker holds it, not Redis
    assert _resent(db, LostBrokerQueue(), small_chunks) == [(job_id, 2, 4), (job_id, 4, 5)]
    # The same broker, messages intact: nothing is sent.
    assert _resent(db, InMemoryQueue(), small_chunks) == []


def test_a_reconciler_that_fails_half_way_leaves_the_loss_for_the_next_run(
    db: Any, small_list: str, small_chunks: Settings
) -> None:
    job_id = _job(db, small_chunks)

    def broker_away(task: TaskName, args: tuple[Any, ...]) -> None:
        raise ConnectionError("the broker went away again")

    failing = LostBrokerQueue(on_send=broker_away)
    with pytest.raises(ConnectionError), db.session() as session:
        reconcile(session, failing, small_chunks)
    assert failing.broker_lost_messages(), "the loss is still to be acted on"
    queue = LostBrokerQueue()
    assert _resent(db, queue, small_chunks) == [(job_id, 0, 2), (job_id, 2, 4), (job_id, 4, 5)]
    assert not queue.broker_lost_messages()


def test_a_copy_of_a_running_chunk_steps_aside_and_a_retry_keeps_its_lease(
    db: Any, small_list: str, small_chunks: Settings
) -> None:
    job_id = _job(db, small_chunks)
    with db.session() as session:
        assert claim_chunk(session, job_id, 0, 2, "task-a", timeout=30)
    with db.session() as session:
        assert not claim_chunk(session, job_id, 0, 2, "task-copy", timeout=30)
        assert claim_chunk(session, job_id, 0, 2, "task-a", timeout=30)  # its own retry
        assert renew_chunk(session, job_id, 0, "task-a")
        assert not renew_chunk(session, job_id, 0, "task-copy")
    _beat(db, job_id, 0, 2, "task-a", ago=31)  # task-a died
    with db.session() as session:
        assert claim_chunk(session, job_id, 0, 2, "task-copy", timeout=30)
        release_chunk(session, job_id, 0, "task-a")  # a late release of the dead one: no effect
        assert set(chunk_beats(session, job_id)) == {0}
        release_chunk(session, job_id, 0, "task-copy")
        assert chunk_beats(session, job_id) == {}


def test_heartbeats_go_with_their_job(db: Any, small_list: str, small_chunks: Settings) -> None:
    job_id = _job(db, small_chunks)
    _beat(db, job_id, 0, 2, "task-a", ago=0)
    with db.session() as session:
        session.delete(session.get(ScreeningJob, job_id))
    with db.session() as session:
        assert chunk_beats(session, job_id) == {}


def test_defaults_recover_lost_work_within_a_minute() -> None:
    """A worker killed just after a heartbeat: stale after three missed beats, found by the
    next reconciler run, and the reconciler never waits behind screening work."""
    settings = Settings.from_env({"SCREENING_ENV": "test", "SECRET_KEY": "x"})
    worst_case = settings.heartbeat_timeout_seconds + settings.reconcile_seconds
    assert worst_case < 60
    # Chunk retries land well inside the 30 s a job has to finish after an outage.
    assert settings.chunk_retry_max_delay <= 10
    assert settings.chunk_retry_seconds >= 5 * 60
    celery = make_celery(dataclasses.replace(settings, redis_url="redis://127.0.0.1:1/0"))
    schedule = celery.conf.beat_schedule
    assert schedule["reconcile-stuck-jobs"]["schedule"] == settings.reconcile_seconds
    routes = celery.conf.task_routes
    for task in (TaskName.RECONCILE_JOBS, TaskName.SEAL_AUDIT, TaskName.ANCHOR_AUDIT):
        assert routes[task.value] == {"queue": settings.webhook_queue_name}
    assert celery.conf.broker_connection_max_retries is None
    # Unacknowledged tasks come back after 10 minutes, not an hour.
    assert celery.conf.broker_transport_options["visibility_timeout"] == 600


@pytest.fixture()
def private_redis(tmp_path: Any) -> Iterator[str]:
    """A Redis of this test's own, so the marker key of a shared one is left alone."""
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        import redis

        client = redis.Redis.from_url(url)
        for _ in range(50):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_redis_that_lost_its_data_is_noticed_once(private_redis: str, settings: Settings) -> None:
    import redis

    queue = TaskQueue(make_celery(dataclasses.replace(settings, redis_url=private_redis)))
    assert queue.broker_lost_messages()  # a Redis seen for the first time
    assert queue.broker_lost_messages(), "still lost until the work was sent again"
    queue.messages_restored()
    assert not queue.broker_lost_messages()
    assert not queue.broker_lost_messages()
    redis.Redis.from_url(private_redis).flushall()  # as after a restart without persistence
    assert queue.broker_lost_messages()
    queue.messages_restored()
    assert not queue.broker_lost_messages()


def test_the_embedded_broker_never_loses_messages(settings: Settings) -> None:
    queue = TaskQueue(make_celery(dataclasses.replace(settings, redis_url=None)))
    assert not queue.broker_lost_messages()


def test_a_channel_of_a_lost_connection_fails_with_a_connection_error(
    private_redis: str, settings: Settings
) -> None:
    """What a worker does after it lost Redis: the connection is collected, then a task
    that finished meanwhile is acknowledged on the channel that delivered it. With
    kombu's own transport that raised AttributeError and the worker exited; it must be
    one of the connection errors Celery handles (the ack is dropped, the worker
    reconnects)."""
    celery = make_celery(dataclasses.replace(settings, redis_url=private_redis))
    connection = celery.connection_for_write()
    channel = connection.default_channel
    channel.client.ping()
    connection_errors = connection.connection_errors
    connection.collect()
    with pytest.raises(connection_errors):
        channel.qos.ack("a-delivery-tag")
    with pytest.raises(connection_errors):
        channel.qos.restore_unacked()
