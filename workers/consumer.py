"""The worker's broker consumer, reconnecting at a steady pace.

Celery retries a lost broker connection at growing intervals up to 30 s, so
after a long Redis outage a worker could sit idle for half a minute with the
broker back. This consumer caps the interval at
``foundation.queue.BROKER_RECONNECT_MAX_INTERVAL``; the number of attempts is
unlimited (``broker_connection_max_retries=None``).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from celery.worker.consumer import Consumer as CeleryConsumer

from foundation.queue import BROKER_RECONNECT_MAX_INTERVAL


class Consumer(CeleryConsumer):  # type: ignore[misc]
    def ensure_connected(self, conn: Any) -> Any:
        conn.ensure_connection = partial(
            conn.ensure_connection,
            interval_start=1.0,
            interval_step=0.5,
            interval_max=BROKER_RECONNECT_MAX_INTERVAL,
        )
        return super().ensure_connected(conn)
