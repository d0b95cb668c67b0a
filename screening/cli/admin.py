"""Administration from the shell: user accounts, API keys and the audit chain."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import click
from sqlalchemy import select

from foundation.audit import verify_chain
from screening.accounts import users as accounts
from screening.accounts.apikeys import ApiKeyError, create_key, parse_scopes, revoke_key
from screening.accounts.sessions import last_login
from screening.accounts.users import UserError, create_user
from screening.cli.context import CliContext, pass_ctx
from screening.models import ROLES, ApiKey, Role


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
            _user, password = create_user(
                session, username, role, actor="cli", one_time_ttl=_one_time_ttl(ctx)
            )
    except UserError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"created {username} ({role}); one-time password: {password}")
    click.echo(
        f"It must be changed at first login, within {ctx.settings.one_time_password_hours} h."
    )


# --- user administration: list, deactivate, reactivate, reset-password, set-role ---


def _one_time_ttl(ctx: CliContext) -> timedelta:
    return timedelta(hours=ctx.settings.one_time_password_hours)


@users.command("list")
@pass_ctx
def users_list(ctx: CliContext) -> None:
    """List users: role, state, password state and last login."""
    with ctx.session() as session:
        rows = accounts.list_users(session)
        if not rows:
            click.echo("no users; create one with: screening users create NAME --role admin")
        for user in rows:
            state = "active" if user.is_active else "deactivated"
            if accounts.one_time_password_expired(user):
                password = "one-time password expired"
            elif user.must_change_password:
                password = "must change password"
            else:
                password = "password set"
            seen = last_login(session, user)
            login = f"{seen.created_at:%Y-%m-%d %H:%M}" if seen else "none in 90 days"
            click.echo(
                f"{user.username:<24} {user.role:<10} {state:<12} {password:<26} last login {login}"
            )


@users.command("deactivate")
@click.argument("username")
@pass_ctx
def users_deactivate(ctx: CliContext, username: str) -> None:
    """Stop a user from logging in; their sessions end at once."""
    with _user_errors(), ctx.session() as session:
        changed = accounts.deactivate_user(session, username, actor="cli")
    click.echo(f"deactivated {username}" if changed else f"{username} was already deactivated")


@users.command("reactivate")
@click.argument("username")
@pass_ctx
def users_reactivate(ctx: CliContext, username: str) -> None:
    """Let a deactivated user log in again."""
    with _user_errors(), ctx.session() as session:
        changed = accounts.reactivate_user(session, username, actor="cli")
    click.echo(f"reactivated {username}" if changed else f"{username} was already active")


@users.command("reset-password")
@click.argument("username")
@pass_ctx
def users_reset_password(ctx: CliContext, username: str) -> None:
    """Give a user a new one-time password; their sessions end at once."""
    with _user_errors(), ctx.session() as session:
        password = accounts.reset_password(
            session, username, actor="cli", one_time_ttl=_one_time_ttl(ctx)
        )
    click.echo(f"one-time password for {username}: {password}")
    click.echo(
        f"It must be changed at first login, within {ctx.settings.one_time_password_hours} h."
    )


@users.command("set-role")
@click.argument("username")
@click.argument("role", type=click.Choice([role.value for role in Role]))
@pass_ctx
def users_set_role(ctx: CliContext, username: str, role: str) -> None:
    """Give a user another role."""
    with _user_errors(), ctx.session() as session:
        changed = accounts.set_role(session, username, role, actor="cli")
    click.echo(f"{username} is now {role}" if changed else f"{username} already has role {role}")


@contextmanager
def _user_errors() -> Iterator[None]:
    try:
        yield
    except UserError as exc:
        raise click.ClickException(str(exc)) from exc


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
