"""Shared state for CLI commands: the runtime (settings, database, queue), built lazily."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import click
from sqlalchemy.orm import Session

from foundation.queue import TaskQueue
from foundation.runtime import Runtime
from foundation.settings import Settings, SettingsError


class CliContext:
    """Built on first use: ``screening --help`` must work without a database."""

    def __init__(self) -> None:
        self._runtime: Runtime | None = None

    @property
    def runtime(self) -> Runtime:
        if self._runtime is None:
            try:
                self._runtime = Runtime.start()
            except SettingsError as exc:
                raise click.ClickException(f"configuration error: {exc}") from exc
        return self._runtime

    @property
    def started_runtime(self) -> Runtime | None:
        """The runtime if a command has used it, else None (nothing is started)."""
        return self._runtime

    @property
    def settings(self) -> Settings:
        return self.runtime.settings

    @property
    def queue(self) -> TaskQueue:
        return self.runtime.queue

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session that commits on success."""
        with self.runtime.database.session() as session:
            yield session


pass_ctx = click.make_pass_decorator(CliContext, ensure=True)
