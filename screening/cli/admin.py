"""Administration from the shell: user accounts, API keys and the audit chain."""

from __future__ import annotations

import sys

import click
from sqlalchemy import select

from foundation.audit import verify_chain
from screening.accounts.apikeys import ApiKeyError, create_key, parse_scopes, revoke_key
from screening.accounts.users import UserError, create_user
from screening.cli.context import CliContext, pass_ctx
from screening.models import ROLES, ApiKey


@click.group()
def users() -> None:
    """User accounts."""


@users.command("create")
@click.argument("username")
@click.option("--role", type=click.Choice(ROLES), required=True)
@pass_ctx
def users_create(ctx: CliContext, username: str, role: str) -> None:
    """Create a user and print a one-time password."""
    try:
        with ctx.session() as session:
            _user, password = create_user(session, username, role, actor="cli")
    except UserError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"created {username} ({role}); one-time password: {password}")


@click.group()
def keys() -> None:
    """API keys for ERP systems."""


@keys.command("create")
@click.option("--name", required=True, help="Who uses the key, e.g. ERP-1.")
@click.option(
    "--scope", "scope", default="screen", show_default=True, help="screen[,read][,counterparties]"
)
@click.option(
    "--webhook-url",
    default=None,
    help="Where events about this key's counterparties (alert.opened, ...) are sent.",
)
@pass_ctx
def keys_create(ctx: CliContext, name: str, scope: str, webhook_url: str | None) -> None:
    """Create a key; the key and its webhook secret are shown once."""
    try:
        scopes = parse_scopes(scope)
        with ctx.session() as session:
            row, key = create_key(
                session,
                name,
                scopes,
                actor="cli",
                webhook_url=webhook_url,
                settings=ctx.settings,
            )
            secret, prefix = row.webhook_secret, row.prefix
    except ApiKeyError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"key id:         {prefix}")
    click.echo(f"scopes:         {','.join(scopes)}")
    click.echo(f"API key:        {key}")
    click.echo(f"webhook secret: {secret}")
    click.echo("Store both now; they are not shown again.")


@keys.command("list")
@pass_ctx
def keys_list(ctx: CliContext) -> None:
    """List keys (never the keys themselves)."""
    with ctx.session() as session:
        rows = session.scalars(select(ApiKey).order_by(ApiKey.created_at)).all()
        if not rows:
            click.echo("no API keys; create one with: screening keys create --name ERP-1")
        for row in rows:
            state = f"revoked {row.revoked_at:%Y-%m-%d}" if row.revoked_at else "active"
            used = f"{row.last_used_at:%Y-%m-%d %H:%M}" if row.last_used_at else "never"
            click.echo(
                f"{row.prefix}  {row.name:<20} {','.join(row.scopes):<12} {state:<18} "
                f"last used {used}"
            )


@keys.command("revoke")
@click.argument("key_id")
@pass_ctx
def keys_revoke(ctx: CliContext, key_id: str) -> None:
    """Revoke a key by its id (the prefix shown by 'keys list')."""
    try:
        with ctx.session() as session:
            revoke_key(session, key_id, actor="cli")
    except ApiKeyError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"revoked {key_id}")


@click.group()
def audit() -> None:
    """The audit log."""


@audit.command("verify")
@pass_ctx
def audit_verify(ctx: CliContext) -> None:
    """Recompute the audit hash chain; exit 1 if any event was altered."""
    with ctx.session() as session:
        result = verify_chain(session)
    if result.ok:
        click.echo(f"audit chain intact: {result.events} events")
        return
    click.secho(
        f"audit chain BROKEN at seq {result.first_bad_seq}: {result.reason} "
        f"({result.events} events verified before it)",
        fg="red",
    )
    sys.exit(1)
