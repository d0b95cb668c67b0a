"""The ``screening`` command: run the service and administer it from the shell.

Each sub-command builds its runtime from the environment, so the CLI, the web
process and the workers share one configuration.
"""

from __future__ import annotations

import click

from screening.cli import admin, lists, monitoring, screen, service, sources
from screening.cli.context import CliContext


@click.group()
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
