"""The ``screening`` command: run the service and administer it.

Each command builds the app from the environment, so the CLI, the web
process and the workers share one configuration.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Any

import click

from screening.cli_context import CliContext, pass_ctx


@click.group()
@click.version_option(package_name="dprk-screening")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Sanctions screening service."""
    ctx.obj = CliContext()


# --- database -----------------------------------------------------------------


@main.group()
def db() -> None:
    """Database schema."""


@db.command("upgrade")
@click.option("--revision", default="head", show_default=True)
@pass_ctx
def db_upgrade(ctx: CliContext, revision: str) -> None:
    """Apply migrations."""
    from screening.migrations_runner import upgrade

    try:
        upgrade(ctx.settings.database_url, revision)
    except Exception as exc:
        raise click.ClickException(f"migration failed: {exc}") from exc
    click.echo(f"database at {revision}")


@db.command("current")
@pass_ctx
def db_current(ctx: CliContext) -> None:
    """Show the applied and the latest migration."""
    from screening.migrations_runner import current_revision, head_revision

    engine = ctx.app.extensions["database"].engine
    click.echo(f"current: {current_revision(engine)}  head: {head_revision()}")


# --- running ------------------------------------------------------------------


def _prepare(ctx: CliContext) -> None:
    """Migrate, load the seed list if absent, create the first admin."""
    from screening.migrations_runner import upgrade
    from screening.users import ensure_admin

    settings = ctx.settings
    click.echo(f"database: {_redact(settings.database_url)}")
    click.echo(f"broker:   {_redact(settings.broker_url)}")
    upgrade(settings.database_url)
    seed_message = _ensure_seed_list(ctx)
    if seed_message:
        click.echo(seed_message)
    with ctx.session() as session:
        password = ensure_admin(session)
    if password:
        click.secho("Created the first user: admin", fg="green")
        click.secho(f"One-time password: {password}", fg="yellow", bold=True)
        click.echo("Change it after the first login; it is not shown again.")


def _ensure_seed_list(ctx: CliContext) -> str | None:
    from sqlalchemy import select

    from watchlists.loading import SEED_FORMAT
    from watchlists.models import Watchlist

    with ctx.session() as session:
        if session.scalar(select(Watchlist.id).where(Watchlist.source_format == SEED_FORMAT)):
            return None
    try:
        result = _load_seeds(ctx, actor="system")
    except ImportError:
        return "seed list not available in this build; skipped"
    return f"loaded seed list {result.list_name} v{result.version}"


def _redact(url: str) -> str:
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        user = creds.split(":", 1)[0]
        return f"{scheme}://{user}:***@{host}" if ":" in creds else url
    return url


def _worker_command(
    concurrency: int, pool: str = "prefork", loglevel: str = "INFO", queues: str | None = None
) -> list[str]:
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "workers.celery_app",
        "worker",
        "--pool",
        pool,
        "--concurrency",
        str(concurrency),
        "--loglevel",
        loglevel,
    ]
    return command + (["--queues", queues] if queues else [])


def _web_command(host: str, port: int, workers: int, threads: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--access-logfile",
        "-",
        "--graceful-timeout",
        "10",
        "screening.wsgi:app",
    ]


def _beat_command(schedule: str, loglevel: str = "INFO") -> list[str]:
    return [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "workers.celery_app",
        "beat",
        "--schedule",
        schedule,
        "--loglevel",
        loglevel,
    ]


@main.command("run")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@pass_ctx
def run(ctx: CliContext, host: str, port: int) -> None:
    """First look: migrate, seed, then run the web server, one worker and the reconciler."""
    try:
        _prepare(ctx)
    except Exception as exc:
        raise click.ClickException(f"start-up failed: {exc}") from exc
    schedule = ctx.settings.instance_path / "celerybeat-schedule"
    settings = ctx.settings
    children = {
        "worker": subprocess.Popen(_worker_command(1, queues=settings.queue)),
        # Deliveries wait on other people's servers: threads, and out of screening's way.
        "webhooks": subprocess.Popen(
            _worker_command(
                4, pool="threads", loglevel="WARNING", queues=settings.webhook_queue_name
            )
        ),
        "beat": subprocess.Popen(_beat_command(str(schedule), "WARNING")),
        "web": subprocess.Popen(_web_command(host, port, 1, 4)),
    }
    click.secho(f"Screening service on http://{host}:{port}/  (Ctrl-C stops it)", fg="green")
    _supervise(children)


def _supervise(children: dict[str, subprocess.Popen[Any]]) -> None:
    stopping = False

    def stop(_signum: int, _frame: Any) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    exit_code = 0
    try:
        while not stopping:
            for name, child in children.items():
                if child.poll() is not None:
                    click.secho(f"{name} exited with code {child.returncode}; stopping", fg="red")
                    exit_code = child.returncode or 1
                    stopping = True
            time.sleep(0.3)
    finally:
        for child in children.values():
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 20
        for child in children.values():
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        click.echo("stopped")
    if exit_code:
        sys.exit(exit_code)


@main.command("web")
@click.option("--host", default="0.0.0.0", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--workers", default=2, show_default=True, type=int)
@click.option("--threads", default=4, show_default=True, type=int)
def web(host: str, port: int, workers: int, threads: int) -> None:
    """Run only the web server (gunicorn), for production."""
    os.execv(sys.executable, _web_command(host, port, workers, threads))


@main.command("worker")
@click.option("--concurrency", default=os.cpu_count() or 1, show_default=True, type=int)
@click.option("--pool", default="prefork", show_default=True)
@click.option("--loglevel", default="INFO", show_default=True)
@click.option(
    "--queues",
    type=click.Choice(["all", "screening", "webhooks"]),
    default="all",
    show_default=True,
    help="Which work to take: screening chunks, webhook deliveries, or both.",
)
@pass_ctx
def worker(ctx: CliContext, concurrency: int, pool: str, loglevel: str, queues: str) -> None:
    """Run only a Celery worker, for production."""
    settings = ctx.settings
    names = {
        "all": None,
        "screening": settings.queue,
        "webhooks": settings.webhook_queue_name,
    }[queues]
    os.execv(sys.executable, _worker_command(concurrency, pool, loglevel, names))


@main.command("beat")
@click.option("--loglevel", default="INFO", show_default=True)
@pass_ctx
def beat(ctx: CliContext, loglevel: str) -> None:
    """Run the Celery beat scheduler (the stuck-job reconciler)."""
    schedule = ctx.settings.instance_path / "celerybeat-schedule"
    os.execv(sys.executable, _beat_command(str(schedule), loglevel))


# --- users and audit -----------------------------------------------------------


@main.group()
def users() -> None:
    """User accounts."""


@users.command("create")
@click.argument("username")
@click.option("--role", type=click.Choice(["admin", "officer", "auditor"]), required=True)
@pass_ctx
def users_create(ctx: CliContext, username: str, role: str) -> None:
    """Create a user and print a one-time password."""
    from screening.users import UserError, create_user

    try:
        with ctx.session() as session:
            _user, password = create_user(session, username, role, actor="cli")
    except UserError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"created {username} ({role}); one-time password: {password}")


@main.group()
def keys() -> None:
    """API keys for ERP systems."""


@keys.command("create")
@click.option("--name", required=True, help="Who uses the key, e.g. ERP-1.")
@click.option("--scope", "scope", default="screen", show_default=True, help="screen[,read]")
@pass_ctx
def keys_create(ctx: CliContext, name: str, scope: str) -> None:
    """Create a key; the key and its webhook secret are shown once."""
    from screening.apikeys import ApiKeyError, create_key, parse_scopes

    try:
        scopes = parse_scopes(scope)
        with ctx.session() as session:
            row, key = create_key(session, name, scopes, actor="cli")
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
    from sqlalchemy import select

    from screening.models import ApiKey

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
    from screening.apikeys import ApiKeyError, revoke_key

    try:
        with ctx.session() as session:
            revoke_key(session, key_id, actor="cli")
    except ApiKeyError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"revoked {key_id}")


@main.group()
def audit() -> None:
    """The audit log."""


@audit.command("verify")
@pass_ctx
def audit_verify(ctx: CliContext) -> None:
    """Recompute the audit hash chain; exit 1 if any event was altered."""
    from screening.audit import verify_chain

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


def _load_seeds(ctx: CliContext, actor: str) -> Any:
    from watchlists.loading import load_seed_list

    with ctx.session() as session:
        return load_seed_list(session, actor=actor, path=ctx.settings.seed_path)


def _register_subcommands() -> None:
    from screening.cli_screen import compare, screen
    from watchlists.cli import lists

    main.add_command(lists)
    main.add_command(screen)
    main.add_command(compare)


_register_subcommands()
