"""Per-key request limits in fixed one-minute windows.

With Redis configured the counters are shared by every web process; without
it each process counts alone (the embedded first-look setup has one).
"""

from __future__ import annotations

import threading
import time

import redis

from foundation.settings import Settings


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

    def hit(self, key: str) -> tuple[bool, int]:
        """Count one request; returns (allowed, seconds until the window resets)."""
        if self.limit <= 0:
            return True, 0
        now = time.time()
        window = int(now // 60)
        retry_after = int(60 - now % 60) + 1
        if self._redis is not None:
            name = f"screening:ratelimit:{key}:{window}"
            try:
                pipe = self._redis.pipeline()
                pipe.incr(name)
                pipe.expire(name, 120)
                count = int(pipe.execute()[0])
            except redis.RedisError:
                return True, 0  # the limiter never takes the API down with it
            return count <= self.limit, retry_after
        with self._lock:
            for stale in [k for k in self._counts if k[1] < window]:
                del self._counts[stale]
            count = self._counts.get((key, window), 0) + 1
            self._counts[(key, window)] = count
        return count <= self.limit, retry_after
