"""The worker process's runtime (settings, database, task queue), built once from the
environment on first use."""

from __future__ import annotations

from foundation.runtime import Runtime

_runtime: Runtime | None = None


def runtime() -> Runtime:
    global _runtime
    if _runtime is None:
        _runtime = Runtime.start()
    return _runtime
