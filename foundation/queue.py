"""The task queue as the rest of the service sees it: send work by task name.

The Celery app is configured here from the settings, and nothing else: the task
code lives in ``workers.tasks`` and is loaded only by worker processes. Web
processes and the CLI send tasks by name, so they never import the workers.
"""

from __future__ import annotations

import logging
import uuid
from enum import StrEnum
from typing import Any

from celery import Celery
from kombu import Queue
from kombu.exceptions import OperationalError
from kombu.transport.sqlalchemy import Transport

from foundation.redis_transport import TRANSPORT_PATH as REDIS_TRANSPORT
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
    # The audit chain
    SEAL_AUDIT = "workers.tasks.seal_audit"
    ANCHOR_AUDIT = "workers.tasks.anchor_audit"


log = logging.getLogger(__name__)

# --- Recovery settings (issue 14, items 12 and 13) ----------------------------
# Housekeeping runs beside webhook deliveries, never queued behind screening work,
# so the reconciler and the audit sealer keep their pace while workers are busy.
HOUSEKEEPING_TASKS = (TaskName.RECONCILE_JOBS, TaskName.SEAL_AUDIT, TaskName.ANCHOR_AUDIT)
# A worker that lost the broker tries again at most this many seconds apart
# (Celery's own pace grows to 30 s), forever: see workers/consumer.py.
BROKER_RECONNECT_MAX_INTERVAL = 2.0
# A key the reconciler keeps in Redis: when it is gone, so is every message
# Redis held (it restarted empty, or was flushed).
BROKER_MARKER_KEY = "screening:broker-marker"


def _redis_transport_options(settings: Settings) -> dict[str, Any]:
    return {
        # Redis hands a task taken but never acknowledged (its worker died) to
        # another worker after this long; a copy of a running chunk steps aside.
        "visibility_timeout": settings.broker_visibility_timeout,
        # A dead connection is noticed in seconds, not at the OS's TCP timeout.
        "socket_timeout": 15,
        "socket_connect_timeout": 3,
        "socket_keepalive": True,
        "health_check_interval": 10,
        "retry_on_timeout": True,
    }


def make_celery(settings: Settings) -> Celery:
    """A Celery app configured for this deployment (broker, queues, routes, schedule)."""
    celery = Celery("screening")
    celery.conf.update(
        broker_url=settings.broker_url,
        broker_connection_retry_on_startup=True,
        # Workers never give up on the broker: an outage of any length is waited out.
        broker_connection_max_retries=None,
        # Results live in our database; Celery's result store is not used.
        task_ignore_result=True,
        # A task is acknowledged after it ran, so a worker that dies mid-task
        # leaves it on the broker for another worker.
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        # A chunk running when the broker goes away finishes: it needs only the
        # database, and its acknowledgement being lost is harmless (a copy that
        # comes back later finds its items done). Celery 6 would cancel it.
        worker_cancel_long_running_tasks_on_connection_loss=False,
        worker_prefetch_multiplier=1,
        task_default_queue=settings.queue,
        # A worker started without -Q consumes both; production runs one worker per queue.
        task_queues=(Queue(settings.queue), Queue(settings.webhook_queue_name)),
        task_routes={
            task.value: {"queue": settings.webhook_queue_name}
            for task in (TaskName.DELIVER_WEBHOOK, TaskName.DELIVER_EVENT, *HOUSEKEEPING_TASKS)
        },
        task_serializer="json",
        accept_content=["json"],
        worker_hijack_root_logger=False,
        beat_schedule={
            "reconcile-stuck-jobs": {
                "task": TaskName.RECONCILE_JOBS.value,
                "schedule": settings.reconcile_seconds,
                # A tick that found no worker in time is dropped, not piled up.
                "options": {"expires": settings.reconcile_seconds},
            },
            "seal-audit-events": {
                "task": TaskName.SEAL_AUDIT.value,
                "schedule": settings.audit_seal_seconds,
                "options": {"expires": max(settings.audit_seal_seconds, 5.0)},
            },
            "anchor-audit-head": {
                "task": TaskName.ANCHOR_AUDIT.value,
                "schedule": float(settings.audit_anchor_seconds),
            },
            **monitoring_schedule(settings),
        },
    )
    if not settings.uses_embedded_broker:
        celery.conf.broker_transport_options = _redis_transport_options(settings)
        if str(settings.broker_url).startswith("redis://"):
            # A lost connection is a connection error, not a crash (redis_transport.py).
            celery.conf.broker_transport = REDIS_TRANSPORT
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


class BrokerUnavailable(OperationalError):  # type: ignore[misc]
    """The broker could not be reached (after kombu's own retries); nothing was sent."""


class TaskQueue:
    """Sends tasks to the workers through the broker."""

    def __init__(self, celery: Celery) -> None:
        self.celery = celery

    def send(self, task: TaskName, *args: Any, countdown: float | None = None) -> None:
        """Send a task; raises BrokerUnavailable when the broker cannot be reached."""
        try:
            self.celery.send_task(task.value, args=list(args), countdown=countdown)
        except OperationalError as exc:
            raise BrokerUnavailable(str(exc)) from exc

    def broker_lost_messages(self) -> bool:
        """True when the broker lost the messages it held since ``messages_restored``
        was last called.

        Redis keeps a marker key that ``messages_restored`` sets: a Redis that
        restarted empty (or was flushed) lost the marker with the messages. The
        marker is set only once the lost work was sent again, so a reconciler
        that fails half-way leaves the loss for the next one to see. A Redis
        seen for the first time answers True too, which only sends unstarted
        work again. The embedded broker keeps its messages in a file: False.
        """
        client = self._redis_client()
        if client is None:
            return False
        with client as connection:
            return not connection.default_channel.client.exists(BROKER_MARKER_KEY)

    def messages_restored(self) -> None:
        """Record that what the broker lost was sent again (see ``broker_lost_messages``)."""
        client = self._redis_client()
        if client is None:
            return
        with client as connection:
            connection.default_channel.client.set(BROKER_MARKER_KEY, uuid.uuid4().hex)

    def _redis_client(self) -> Any:
        """A new broker connection when the broker is Redis, else None."""
        if self.celery is None or not str(self.celery.conf.broker_url).startswith(
            ("redis://", "rediss://", "unix://")
        ):
            return None
        return self.celery.connection_for_write()
