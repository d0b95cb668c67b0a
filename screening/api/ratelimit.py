"""Per-key request limits in fixed one-minute windows.

With Redis configured the counters are shared by every web process; without
it each process counts alone (the embedded first-look setup has one).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import redis

from foundation.settings import Settings

WINDOW_SECONDS = 60


@dataclass(frozen=True)
class Quota:
    """One request counted: whether it may go on, and what the RateLimit-* headers say."""

    allowed: bool
    limit: int  # 0: no limit configured
    remaining: int
    reset: int  # seconds until the window starts again

    @property
    def headers(self) -> dict[str, str]:
        if not self.limit:
            return {}
        return {
            "RateLimit-Limit": str(self.limit),
            "RateLimit-Remaining": str(self.remaining),
            "RateLimit-Reset": str(self.reset),
        }


class RateLimiter:
    def __init__(self, settings: Settings) -> None:
        self.limit = settings.rate_limit_per_minute
        self._redis = (
            redis.Redis.from_url(settings.redis_url, socket_timeout=1)
            if settings.redis_url
            else None
        )
        self._counts: dict[tuple[str, int], int] = {}
        self._lock = threading.Lock()

    def hit(self, key: str) -> Quota:
        """Count one request against ``key``'s window."""
        if self.limit <= 0:
            return Quota(True, 0, 0, 0)
        now = time.time()
        window = int(now // WINDOW_SECONDS)
        reset = int(WINDOW_SECONDS - now % WINDOW_SECONDS) + 1
        if self._redis is not None:
            name = f"screening:ratelimit:{key}:{window}"
            try:
                pipe = self._redis.pipeline(transaction=False)
                pipe.incr(name)
                pipe.expire(name, 2 * WINDOW_SECONDS)
                count = int(pipe.execute()[0])
            except redis.RedisError:
                # The limiter never takes the API down with it.
                return Quota(True, self.limit, self.limit, reset)
        else:
            with self._lock:
                for stale in [k for k in self._counts if k[1] < window]:
                    del self._counts[stale]
                count = self._counts.get((key, window), 0) + 1
                self._counts[(key, window)] = count
        return Quota(count <= self.limit, self.limit, max(0, self.limit - count), reset)
