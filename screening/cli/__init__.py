"""The ``screening`` command: run the service and administer it from the shell.

Each sub-command builds its runtime from the environment, so the CLI, the web
process and the workers share one configuration.
"""

from __future__ import annotations

from typing import Any

import click

from screening.cli import admin, lists, monitoring, screen, service, sources
from screening.cli.context import CliContext
from screening.cli.errors import infrastructure_message


class ScreeningGroup(click.Group):
    """The top-level group: a database or broker failure in any sub-command, however
    deep, ends in one line naming what to do or which URL failed, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:
            cli = ctx.find_object(CliContext)
            runtime = cli.started_runtime if cli is not None else None
            message = infrastructure_message(exc, runtime.settings) if runtime else None
            if message is None:
                raise  # a bug: its traceback is what a report needs
            raise click.ClickException(message) from exc


@click.group(cls=ScreeningGroup)
@click.version_option(package_name="dprk-screening")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Sanctions screening service."""
    ctx.obj = CliContext()


for command in (
    service.db,
    service.run,
    service.web,
    service.worker,
    service.beat,
    admin.users,
    admin.keys,
    admin.audit,
    lists.lists,
    screen.screen,
    screen.compare,
):
    main.add_command(command)


# Continuous screening: lists from their publishers, the register, the monitor, alerts.
lists.lists.add_command(sources.sources)
lists.lists.add_command(sources.fetch)
for command in (monitoring.counterparties, monitoring.monitor, monitoring.alerts):
    main.add_command(command)
