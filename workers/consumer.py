"""The worker's broker consumer: reconnects at a steady pace, and survives the cleanup of
a connection that is already gone.

Celery retries a lost broker connection at growing intervals up to 30 s, so
after a long Redis outage a worker could sit idle for half a minute with the
broker back. This consumer caps the interval at
``foundation.queue.BROKER_RECONNECT_MAX_INTERVAL``; the number of attempts is
unlimited (``broker_connection_max_retries=None``).

When Redis goes away while the worker holds tasks it has not yet acknowledged,
Celery 5.7 cleans up a connection kombu has already collected; kombu's Redis
channel then failed with an ``AttributeError`` Celery does not expect, and the
worker exited. ``foundation.redis_transport`` turns that into a connection error;
as a second guard, any other failure to clean up a dead connection is logged
here and the consumer reconnects as usual. Tasks that could not be put back are
not lost: the reconciler sends again every chunk that no heartbeat shows running
once the broker is back (``screening.jobs.reconcile``).
"""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from celery.worker.consumer import Consumer as CeleryConsumer

from foundation.queue import BROKER_RECONNECT_MAX_INTERVAL

log = logging.getLogger(__name__)


class Consumer(CeleryConsumer):  # type: ignore[misc]
    def ensure_connected(self, conn: Any) -> Any:
        conn.ensure_connection = partial(
            conn.ensure_connection,
            interval_start=1.0,
            interval_step=0.5,
            interval_max=BROKER_RECONNECT_MAX_INTERVAL,
        )
        return super().ensure_connected(conn)

    def on_connection_error_after_connected(self, exc: Exception) -> None:
        try:
            super().on_connection_error_after_connected(exc)
        except Exception:  # the connection is gone either way; never let cleanup end the worker
            log.warning(
                "could not clean up the lost broker connection (%r); reconnecting anyway",
                exc,
                exc_info=True,
            )
            self.connection = None
