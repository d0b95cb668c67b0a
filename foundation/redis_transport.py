"""kombu's Redis transport, with a closed connection reported as a connection error.

Celery 5.7 and kombu 5.7, when a worker loses Redis, collect the connection (kombu
drops the transport's reference to its client) and then go on using the channels
of that connection: closing them puts unacknowledged tasks back, and a task that
finished during the outage is acknowledged on the channel that delivered it. Each
of these asks the channel for connection parameters, finds no client and fails
with an ``AttributeError``, which Celery does not expect: the worker exited
("Unrecoverable error") and consumed nothing more until it was restarted.

Here the same situation raises Redis's ``ConnectionError``, one of the transport's
connection errors, which Celery and kombu already handle everywhere: an
acknowledgement that cannot be sent is logged and dropped, a channel that cannot
be closed cleanly is let go, and the consumer reconnects. Nothing is lost by it:
an unacknowledged task comes back after the visibility timeout, or, when Redis
restarted empty, the reconciler sends the chunks no heartbeat shows running
(``screening.jobs.reconcile``).
"""

from __future__ import annotations

from typing import Any

from kombu.transport import redis as kombu_redis
from redis.exceptions import ConnectionError as RedisConnectionError


class Channel(kombu_redis.Channel):  # type: ignore[misc]
    def _connparams(self, asynchronous: bool = False) -> Any:
        if self.connection is None or self.connection.client is None:
            raise RedisConnectionError("the broker connection of this channel was closed")
        return super()._connparams(asynchronous=asynchronous)


class Transport(kombu_redis.Transport):  # type: ignore[misc]
    Channel = Channel


# broker_transport for redis:// URLs (rediss:// and unix:// keep kombu's own).
TRANSPORT_PATH = f"{__name__}:Transport"
