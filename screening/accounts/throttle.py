"""Failed logins slow down further attempts, per username and per address.

Each username and each client address may fail a few times freely
(``SCREENING_LOGIN_FAILURES_PER_USER`` / ``_PER_IP``); every failure beyond
that makes the next attempt wait twice as long as the last (2, 4, 8, ... s, at
most ``SCREENING_LOGIN_BACKOFF_MAX``). A username's count is forgotten when it
logs in, an address's only with time.

The throttle also thins the audit trail: a flood of failures writes one event
per username and address each ``AUDIT_WINDOW_SECONDS``, counting the attempts
since the previous event.

With Redis configured the counts are shared by every web process of the
deployment (its keys are named after the deployment's queue, as two
deployments sharing a Redis must use different queues anyway); without it (or
while Redis is unreachable) each process counts alone.
"""

from __future__ import annotations

import hashlib
import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import redis

from foundation.settings import Settings

log = logging.getLogger(__name__)

AUDIT_WINDOW_SECONDS = 900
# Counts of audit attempts not yet written are kept this long.
_PENDING_TTL = 86_400
# After a Redis error the throttle counts in-process this long before trying Redis again.
_REDIS_RETRY_SECONDS = 30.0
# The in-process store forgets old entries once it holds this many.
_MEMORY_ENTRIES = 100_000
FAILED = "failed"
REFUSED = "refused"


@dataclass(frozen=True)
class AttemptTally:
    """Attempts of one username from one address since the last audit event about them."""

    failed: int = 0
    refused: int = 0


def _key(kind: str, value: str) -> str:
    # Hashed: usernames and addresses come from the client.
    return f"{kind}:{hashlib.sha256(value.encode('utf-8', 'replace')).hexdigest()[:32]}"


class _MemoryStore:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._failures: dict[str, tuple[int, float]] = {}
        self._pending: dict[str, tuple[int, dict[str, int]]] = {}

    def failures(self, key: str, now: float, memory: float) -> tuple[int, float]:
        with self._lock:
            count, last = self._failures.get(key, (0, 0.0))
        return (count, last) if now - last <= memory else (0, 0.0)

    def add_failure(self, key: str, now: float, memory: float) -> None:
        with self._lock:
            count, last = self._failures.get(key, (0, 0.0))
            if now - last > memory:
                count = 0
            self._failures[key] = (count + 1, now)
            if len(self._failures) > _MEMORY_ENTRIES:
                self._failures = {k: v for k, v in self._failures.items() if now - v[1] <= memory}

    def forget(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)

    def tally(self, pair: str, field: str, window: int) -> AttemptTally | None:
        with self._lock:
            claimed, counts = self._pending.get(pair, (-1, {}))
            counts[field] = counts.get(field, 0) + 1
            if claimed == window:
                self._pending[pair] = (claimed, counts)
                return None
            self._pending[pair] = (window, {})
            if len(self._pending) > _MEMORY_ENTRIES:
                self._pending = {k: v for k, v in self._pending.items() if v[0] >= window - 1}
        return AttemptTally(counts.get(FAILED, 0), counts.get(REFUSED, 0))

    def collect(self, pair: str) -> AttemptTally:
        with self._lock:
            claimed, counts = self._pending.get(pair, (-1, {}))
            if counts:
                self._pending[pair] = (claimed, {})
        return AttemptTally(counts.get(FAILED, 0), counts.get(REFUSED, 0))


class _RedisStore:
    def __init__(self, url: str, namespace: str) -> None:
        self._redis = redis.Redis.from_url(
            url, socket_timeout=1, socket_connect_timeout=1, retry_on_timeout=False
        )
        self._prefix = f"{namespace}:login:"

    def failures(self, key: str, now: float, memory: float) -> tuple[int, float]:
        count, last = self._redis.hmget(self._prefix + key, ["count", "last"])
        if count is None or last is None or now - float(last) > memory:
            return 0, 0.0
        return int(count), float(last)

    def add_failure(self, key: str, now: float, memory: float) -> None:
        name = self._prefix + key
        last = self._redis.hget(name, "last")
        pipe = self._redis.pipeline()
        if last is not None and now - float(last) > memory:
            pipe.delete(name)  # the key's TTL does this too; the clock here is the rule
        pipe.hincrby(name, "count", 1)
        pipe.hset(name, "last", repr(now))
        pipe.expire(name, math.ceil(memory))
        pipe.execute()

    def forget(self, key: str) -> None:
        self._redis.delete(self._prefix + key)

    def tally(self, pair: str, field: str, window: int) -> AttemptTally | None:
        pending = f"{self._prefix}pending:{pair}"
        pipe = self._redis.pipeline()
        pipe.hincrby(pending, field, 1)
        pipe.expire(pending, _PENDING_TTL)
        pipe.set(f"{self._prefix}window:{pair}:{window}", 1, nx=True, ex=2 * AUDIT_WINDOW_SECONDS)
        claimed = pipe.execute()[2]
        return self.collect(pair) if claimed else None

    def collect(self, pair: str) -> AttemptTally:
        pipe = self._redis.pipeline()  # a transaction: no attempt is counted twice or lost
        pipe.hgetall(f"{self._prefix}pending:{pair}")
        pipe.delete(f"{self._prefix}pending:{pair}")
        counts = {k.decode(): int(v) for k, v in pipe.execute()[0].items()}
        return AttemptTally(counts.get(FAILED, 0), counts.get(REFUSED, 0))


class LoginThrottle:
    """Counts failed logins and says how long the next attempt must wait."""

    def __init__(self, settings: Settings, clock: Callable[[], float] = time.time) -> None:
        self.per_user = settings.login_failures_per_user
        self.per_ip = settings.login_failures_per_ip
        self.backoff_max = settings.login_backoff_max_seconds
        # Failures are remembered at least an hour after the last one.
        self.memory = float(max(3600, 2 * self.backoff_max))
        self._clock = clock
        self._memory = _MemoryStore()
        self._redis = (
            _RedisStore(settings.redis_url, settings.queue) if settings.redis_url else None
        )
        self._redis_down_until = 0.0

    def _call(self, method: str, *args: object) -> object:
        """Run a store operation on Redis, or in this process while Redis is unreachable."""
        if self._redis is not None and time.monotonic() >= self._redis_down_until:
            try:
                return getattr(self._redis, method)(*args)
            except redis.RedisError as exc:
                # Logins must not wait on a dead Redis: count here for a while.
                self._redis_down_until = time.monotonic() + _REDIS_RETRY_SECONDS
                log.warning("login throttle counts in-process: Redis unavailable (%s)", exc)
        return getattr(self._memory, method)(*args)

    def _wait(self, key: str, allowance: int, now: float) -> int:
        count, last = self._call("failures", key, now, self.memory)  # type: ignore[misc]
        over = count - allowance
        if over <= 0:
            return 0
        delay = min(self.backoff_max, 2 ** min(over, 30))
        return max(0, math.ceil(last + delay - now))

    def retry_after(self, username: str, remote_addr: str) -> int:
        """Seconds before this username may try again from this address (0: now)."""
        now = self._clock()
        return max(
            self._wait(_key("user", username), self.per_user, now),
            self._wait(_key("ip", remote_addr), self.per_ip, now),
        )

    def failed(self, username: str, remote_addr: str) -> None:
        now = self._clock()
        self._call("add_failure", _key("user", username), now, self.memory)
        self._call("add_failure", _key("ip", remote_addr), now, self.memory)

    def succeeded(self, username: str) -> None:
        self._call("forget", _key("user", username))

    def tally(self, username: str, remote_addr: str, refused: bool) -> AttemptTally | None:
        """Count a failed or refused attempt; returns the counts to audit now, or None.

        The first attempt of each window for a username and address returns the
        attempts since the previous event (this one included); the rest return None.
        """
        window = int(self._clock() // AUDIT_WINDOW_SECONDS)
        field = REFUSED if refused else FAILED
        return self._call("tally", _pair(username, remote_addr), field, window)  # type: ignore[return-value]

    def unreported(self, username: str, remote_addr: str) -> AttemptTally:
        """The attempts not yet in an audit event (now counted as reported)."""
        return self._call("collect", _pair(username, remote_addr))  # type: ignore[return-value]


def _pair(username: str, remote_addr: str) -> str:
    return _key("pair", f"{username}\x00{remote_addr}")
