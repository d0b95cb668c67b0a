"""The task queue as the rest of the service sees it: send work by task name.

The Celery app is configured here from the settings, and nothing else: the task
code lives in ``workers.tasks`` and is loaded only by worker processes. Web
processes and the CLI send tasks by name, so they never import the workers.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from celery import Celery
from kombu import Queue
from kombu.transport.sqlalchemy import Transport

from foundation.settings import Settings


class TaskName(StrEnum):
    SCREEN_CHUNK = "workers.tasks.screen_chunk"
    DELIVER_WEBHOOK = "workers.tasks.deliver_webhook"
    DELIVER_EVENT = "workers.tasks.deliver_event"
    RECONCILE_JOBS = "workers.tasks.reconcile_jobs"
    # Continuous screening
    FETCH_SOURCES = "workers.tasks.fetch_sources"
    MONITOR_CHANGES = "workers.tasks.monitor_changes"
    MONITOR_CHUNK = "workers.tasks.monitor_chunk"


# How often beat runs the reconciler, in seconds.
RECONCILE_EVERY = 60.0


def make_celery(settings: Settings) -> Celery:
    """A Celery app configured for this deployment (broker, queues, routes, schedule)."""
    celery = Celery("screening")
    celery.conf.update(
        broker_url=settings.broker_url,
        broker_connection_retry_on_startup=True,
        # Results live in our database; Celery's result store is not used.
        task_ignore_result=True,
        # A task is acknowledged after it ran, so a worker that dies mid-task
        # leaves it on the broker for another worker.
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_default_queue=settings.queue,
        # A worker started without -Q consumes both; production runs one worker per queue.
        task_queues=(Queue(settings.queue), Queue(settings.webhook_queue_name)),
        task_routes={
            task.value: {"queue": settings.webhook_queue_name}
            for task in (TaskName.DELIVER_WEBHOOK, TaskName.DELIVER_EVENT)
        },
        task_serializer="json",
        accept_content=["json"],
        worker_hijack_root_logger=False,
        beat_schedule={
            "reconcile-stuck-jobs": {
                "task": TaskName.RECONCILE_JOBS.value,
                "schedule": RECONCILE_EVERY,
            },
            **monitoring_schedule(settings),
        },
    )
    if not settings.uses_embedded_broker:
        # Redis hands an unacknowledged task to another worker after this long.
        celery.conf.broker_transport_options = {"visibility_timeout": 3600}
    else:
        # kombu's SQLAlchemy transport polls its table once a second by default.
        # Its transport options go to create_engine(), so the interval can only
        # be set on the class.
        Transport.polling_interval = 0.2
    return celery


def monitoring_schedule(settings: Settings) -> dict[str, dict[str, Any]]:
    """Beat entries of continuous screening: fetch the enabled sources, and look for
    changes nobody announced (a CLI import, a lost message, a stalled monitor run)."""
    schedule: dict[str, dict[str, Any]] = {}
    if settings.source_fetch_every:
        schedule["fetch-list-sources"] = {
            "task": TaskName.FETCH_SOURCES.value,
            "schedule": float(settings.source_fetch_every),
        }
    if settings.monitor_every:
        schedule["monitor-changes"] = {
            "task": TaskName.MONITOR_CHANGES.value,
            "schedule": float(settings.monitor_every),
        }
    return schedule


class TaskQueue:
    """Sends tasks to the workers through the broker."""

    def __init__(self, celery: Celery) -> None:
        self.celery = celery

    def send(self, task: TaskName, *args: Any, countdown: float | None = None) -> None:
        self.celery.send_task(task.value, args=list(args), countdown=countdown)
