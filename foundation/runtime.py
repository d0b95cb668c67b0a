"""What a process of the service holds: its settings, its database and its task queue.

The web app, a worker and a CLI command each build one ``Runtime`` and pass its
parts to the services they call.
"""

from __future__ import annotations

from dataclasses import dataclass

from foundation.db import Database
from foundation.queue import TaskQueue, make_celery
from foundation.settings import Settings


@dataclass
class Runtime:
    settings: Settings
    database: Database
    queue: TaskQueue

    @classmethod
    def start(cls, settings: Settings | None = None) -> Runtime:
        """Build from ``settings`` (from the environment when None)."""
        settings = settings or Settings.from_env()
        settings.instance_path.mkdir(parents=True, exist_ok=True)
        return cls(settings, Database(settings.database_url), TaskQueue(make_celery(settings)))

    def dispose(self) -> None:
        self.database.dispose()
