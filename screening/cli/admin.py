"""Administration from the shell: user accounts, API keys and the audit chain."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import click
from sqlalchemy import select

from foundation.audit import ChainHead
from foundation.audit.head import write_anchor
from screening.accounts import users as accounts
from screening.accounts.apikeys import ApiKeyError, create_key, parse_scopes, revoke_key
from screening.accounts.sessions import last_login
from screening.accounts.users import UserError, create_user
from screening.cli.context import CliContext, pass_ctx
from screening.jobs.integrity import AuditReport, verify_audit
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
    "--scope",
    "scope",
    default="screen",
    show_default=True,
    help="screen, read, counterparties, entities (comma-separated)",
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
@click.option(
    "--expect-head",
    "expect_head",
    metavar="SEQ:HASH",
    default=None,
    help="A head stated earlier (an export, an anchor): fail if the chain is shorter or differs.",
)
@click.option(
    "--head-hmac",
    default=None,
    metavar="HEX",
    help="The HMAC stated with --expect-head: fail unless this service made it.",
)
@click.option(
    "--anchors",
    "anchors_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="An anchor file to check (default: SCREENING_AUDIT_ANCHOR_FILE).",
)
@click.option("--skip-results", is_flag=True, help="Do not recompute the stored results' digests.")
@pass_ctx
def audit_verify(
    ctx: CliContext,
    expect_head: str | None,
    head_hmac: str | None,
    anchors_path: Path | None,
    skip_results: bool,
) -> None:
    """Seal, then check the chain, its heads, anchors and stored results; exit 1 on a fault."""
    expected = None
    if expect_head is not None:
        try:
            expected = ChainHead.parse(expect_head)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--expect-head") from exc
    elif head_hmac:
        raise click.BadParameter("needs --expect-head", param_hint="--head-hmac")
    report = verify_audit(
        ctx.runtime.database,
        ctx.settings,
        expect_head=expected,
        head_hmac=head_hmac,
        anchors_path=anchors_path,
        check_results=not skip_results,
    )
    for ok, line in _report_lines(report):
        click.secho(line, fg=None if ok else "red")
    if not report.ok:
        sys.exit(1)


def _report_lines(report: AuditReport) -> list[tuple[bool, str]]:
    chain = report.chain
    lines = []
    if chain.ok:
        lines.append((True, f"audit chain intact: {chain.events} events, head {chain.head}"))
    else:
        lines.append(
            (
                False,
                f"audit chain BROKEN at seq {chain.first_bad_seq}: {chain.reason} "
                f"({chain.events} events verified before it)",
            )
        )
    if chain.unsealed:
        lines.append(
            (True, f"not sealed yet: {chain.unsealed} events (appended since the sealer ran)")
        )
    if report.expected_head is not None:
        if report.head_problem:
            lines.append((False, f"expected head NOT reached: {report.head_problem}"))
        else:
            lines.append(
                (True, f"expected head {report.expected_head.seq} reached with the same hash")
            )
    if report.head_hmac_ok is not None:
        lines.append(
            (True, "head HMAC genuine")
            if report.head_hmac_ok
            else (False, "head HMAC does NOT match: that head was not stated by this service")
        )
    anchors = report.anchors
    if anchors.anchors or anchors.problems:
        lines += [(False, f"anchor problem: {problem}") for problem in anchors.problems]
        if anchors.ok:
            lines.append(
                (True, f"anchors: {anchors.anchors} in {report.anchors_path}, all reached")
            )
    else:
        lines.append((True, f"anchors: none in {report.anchors_path}"))
    if report.results is not None:
        results = report.results
        lines += [(False, f"stored results MISMATCH: {line}") for line in results.mismatches]
        if results.ok:
            lines.append(
                (
                    True,
                    f"stored results: {results.items} results of {results.jobs} jobs "
                    "match their recorded digests",
                )
            )
    return lines


@audit.command("anchor")
@pass_ctx
def audit_anchor(ctx: CliContext) -> None:
    """Seal, then append the keyed chain head to the anchor file and the log."""
    try:
        statement = write_anchor(ctx.runtime.database, ctx.settings)
    except OSError as exc:
        raise click.ClickException(f"cannot write the anchor file: {exc}") from exc
    click.echo(
        f"anchored head {statement.seq}:{statement.hash} hmac={statement.hmac} "
        f"key={statement.key_id} to {ctx.settings.audit_anchor_path}"
    )
