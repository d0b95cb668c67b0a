"""Fast tests of the services: a real database, no server, no worker, no broker.

Services take their task queue as an argument; these tests hand them one that
keeps what it was sent in memory, so the tests can look at the database at the
moment each task is sent.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from foundation.queue import TaskName, TaskQueue
from foundation.settings import Settings


class InMemoryQueue(TaskQueue):
    """Records sent tasks; ``on_send`` runs at each send (it may raise, like a dead broker)."""

    def __init__(self, on_send: Callable[[TaskName, tuple[Any, ...]], None] | None = None) -> None:
        super().__init__(celery=None)  # type: ignore[arg-type]
        self.sent: list[tuple[TaskName, tuple[Any, ...], float | None]] = []
        self.on_send = on_send

    def send(self, task: TaskName, *args: Any, countdown: float | None = None) -> None:
        if self.on_send is not None:
            self.on_send(task, args)
        self.sent.append((task, args, countdown))


@pytest.fixture()
def queue() -> InMemoryQueue:
    return InMemoryQueue()


@pytest.fixture()
def settings(app: Flask) -> Settings:
    settings: Settings = app.extensions["runtime"].settings
    return settings
