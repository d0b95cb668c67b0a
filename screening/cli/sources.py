"""``screening lists sources ...`` and ``screening lists fetch``: lists from their publishers."""

from __future__ import annotations

import click

from screening.cli.context import CliContext, pass_ctx
from screening.models import Channel
from screening.monitoring.triggers import announce_change
from watchlists.importers import IMPORTERS
from watchlists.sources.fetch import fetch_source
from watchlists.sources.models import FetchOutcome
from watchlists.sources.service import (
    SourceError,
    add_source,
    enabled_sources,
    get_source,
    list_sources,
    set_enabled,
)


@click.group(invoke_without_command=True)
@click.pass_context
def sources(click_ctx: click.Context) -> None:
    """Where lists come from; without a sub-command, show them."""
    if click_ctx.invoked_subcommand is None:
        click_ctx.invoke(show_sources)


@sources.command("show")
@pass_ctx
def show_sources(ctx: CliContext) -> None:
    """Show configured sources and the documented defaults not added yet."""
    with ctx.session() as session:
        views = list_sources(session)
    for view in views:
        if not view.configured:
            state = "default (disabled)"
        else:
            state = "enabled" if view.enabled else "disabled"
        last = "never fetched"
        if view.last_fetched_at is not None:
            last = f"{view.last_outcome} {view.last_fetched_at:%Y-%m-%d %H:%M}"
        click.echo(
            f"{view.name:<18} list {view.list_name:<16} {view.format:<9} {state:<19} "
            f"{last:<28} {view.url}"
        )
        if view.last_error:
            click.echo(f"{'':<18} last error: {view.last_error}")


@sources.command("add")
@click.argument("name")
@click.option("--list", "list_name", required=True, help="The list its versions go to.")
@click.option(
    "--format",
    "source_format",
    required=True,
    type=click.Choice(sorted(IMPORTERS)),
    help="How the publisher's file is read.",
)
@click.option("--url", required=True, help="The publisher's download URL (http or https).")
@click.option("--disabled", is_flag=True, help="Add it without fetching it on schedule.")
@pass_ctx
def add(
    ctx: CliContext, name: str, list_name: str, source_format: str, url: str, disabled: bool
) -> None:
    """Add a source; beat fetches enabled sources on schedule."""
    try:
        with ctx.session() as session:
            add_source(
                session,
                name=name,
                list_name=list_name,
                source_format=source_format,
                url=url,
                actor="cli",
                channel=Channel.CLI,
                enabled=not disabled,
            )
    except SourceError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"added source {name}: {source_format} from {url} into list {list_name}")


def _switch(ctx: CliContext, name: str, enabled: bool) -> None:
    try:
        with ctx.session() as session:
            source = set_enabled(session, name, enabled, actor="cli", channel=Channel.CLI)
            url = source.url
    except SourceError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{name} {'enabled' if enabled else 'disabled'} ({url})")


@sources.command("enable")
@click.argument("name")
@pass_ctx
def enable(ctx: CliContext, name: str) -> None:
    """Fetch this source on schedule (a documented default is added first)."""
    _switch(ctx, name, True)


@sources.command("disable")
@click.argument("name")
@pass_ctx
def disable(ctx: CliContext, name: str) -> None:
    """Stop fetching this source on schedule."""
    _switch(ctx, name, False)


@click.command("fetch")
@click.argument("name", required=False)
@click.option("--all", "fetch_all", is_flag=True, help="Fetch every enabled source.")
@pass_ctx
def fetch(ctx: CliContext, name: str | None, fetch_all: bool) -> None:
    """Download a source and import it when its content changed."""
    if bool(name) == fetch_all:
        raise click.ClickException("name one source, or use --all for every enabled source")
    with ctx.session() as session:
        try:
            names = (
                enabled_sources(session) if fetch_all else [get_source(session, name or "").name]
            )
        except SourceError as exc:
            raise click.ClickException(str(exc)) from exc
    if not names:
        click.echo("no enabled sources; see: screening lists sources")
        return
    failed = []
    for source in names:
        result = fetch_source(
            ctx.runtime.database, source, ctx.settings, actor="cli", channel=Channel.CLI
        )
        if result.outcome == FetchOutcome.FAILED:
            failed.append(result.message)
            click.echo(result.message, err=True)
            continue
        click.echo(result.message)
        if result.versions:
            announce_change(ctx.queue, ctx.settings, f"list:{result.list_name}")
    if failed:
        raise SystemExit(1)
