"""Shared state for CLI commands: the app, its settings and a session."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import click
from flask import Flask
from sqlalchemy.orm import Session

from screening.settings import Settings, SettingsError


class CliContext:
    """Creates the app lazily: ``screening --help`` must work without a database."""

    def __init__(self) -> None:
        self._app: Flask | None = None

    @property
    def app(self) -> Flask:
        if self._app is None:
            from screening import create_app

            try:
                self._app = create_app()
            except SettingsError as exc:
                raise click.ClickException(f"configuration error: {exc}") from exc
        return self._app

    @property
    def settings(self) -> Settings:
        settings: Settings = self.app.config["SETTINGS"]
        return settings

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self.app.app_context(), self.app.extensions["database"].session() as session:
            yield session


pass_ctx = click.make_pass_decorator(CliContext, ensure=True)
