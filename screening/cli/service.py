"""Running the service: migrations, the first-look ``run``, and the production
processes (gunicorn web, Celery workers, beat)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from typing import Any

import click
from sqlalchemy import select

from screening.accounts.users import ensure_admin
from screening.cli.context import CliContext, pass_ctx
from screening.cli.errors import UPGRADE_HINT, infrastructure_message, preflight, redact_url
from screening.schema import current_revision, head_revision, upgrade
from watchlists.loading import SEED_FORMAT, load_seed_list
from watchlists.models import Watchlist

# --- database -----------------------------------------------------------------


@click.group()
def db() -> None:
    """Database schema."""


@db.command("upgrade")
@click.option("--revision", default="head", show_default=True)
@pass_ctx
def db_upgrade(ctx: CliContext, revision: str) -> None:
    """Apply migrations."""
    try:
        upgrade(ctx.settings.database_url, revision)
    except Exception as exc:
        message = infrastructure_message(exc, ctx.settings)
        raise click.ClickException(message or f"migration failed: {_first_line(exc)}") from exc
    click.echo(f"database at {revision}")


@db.command("current")
@pass_ctx
def db_current(ctx: CliContext) -> None:
    """Show the applied and the latest migration."""
    engine = ctx.runtime.database.engine
    current, head = current_revision(engine), head_revision()
    if current != head:
        raise click.ClickException(
            f"current: {current or 'none (no schema)'}  head: {head}: {UPGRADE_HINT}"
        )
    click.echo(f"current: {current}  head: {head}")


# --- running ------------------------------------------------------------------


def _prepare(ctx: CliContext) -> None:
    """Migrate, load the seed list if absent, create the first admin."""
    settings = ctx.settings
    click.echo(f"database: {redact_url(settings.database_url)}")
    click.echo(f"broker:   {redact_url(settings.broker_url)}")
    upgrade(settings.database_url)
    seed_message = _ensure_seed_list(ctx)
    if seed_message:
        click.echo(seed_message)
    with ctx.session() as session:
        password = ensure_admin(
            session, one_time_ttl=timedelta(hours=settings.one_time_password_hours)
        )
    if password:
        click.secho("Created the first user: admin", fg="green")
        click.secho(f"One-time password: {password}", fg="yellow", bold=True)
        click.echo("Change it after the first login; it is not shown again.")


def _ensure_seed_list(ctx: CliContext) -> str | None:
    with ctx.session() as session:
        if session.scalar(select(Watchlist.id).where(Watchlist.source_format == SEED_FORMAT)):
            return None
        result = load_seed_list(session, actor="system", path=ctx.settings.seed_path)
    return f"loaded seed list {result.list_name} v{result.version}"


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


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


ACCESS_LOG_FORMAT = (
    '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms '
    "request_id=%({x-request-id}o)s"
)


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
        # gunicorn's default line, plus the time taken and the request's X-Request-Id.
        "--access-logformat",
        ACCESS_LOG_FORMAT,
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


@click.command("run")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@pass_ctx
def run(ctx: CliContext, host: str, port: int) -> None:
    """First look: migrate, seed, then run the web server, one worker and the reconciler."""
    try:
        _prepare(ctx)
    except click.ClickException:
        raise
    except Exception as exc:
        message = infrastructure_message(exc, ctx.settings)
        raise click.ClickException(message or f"start-up failed: {_first_line(exc)}") from exc
    preflight(ctx)
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


# The production default, measured with benchmarks/bench_sync_load.py (8 clients on
# 2 cores, December 2026): 2 processes x 4 threads served the most requests at the
# lowest p95. More processes with fewer threads did worse: the web CPU per call
# rose from 7.0 ms (2 x 4) to 8.4 ms (4 x 2) and 10.3 ms (8 x 1). Threads overlap
# a process's database round trips; about one process per core is the rule.
WEB_WORKERS = 2
WEB_THREADS = 4


@click.command("web")
@click.option("--host", default="0.0.0.0", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option(
    "--workers",
    default=WEB_WORKERS,
    show_default=True,
    type=int,
    help="gunicorn processes; about one per core serves best",
)
@click.option(
    "--threads", default=WEB_THREADS, show_default=True, type=int, help="threads per process"
)
@pass_ctx
def web(ctx: CliContext, host: str, port: int, workers: int, threads: int) -> None:
    """Run only the web server (gunicorn), for production."""
    preflight(ctx)
    os.execv(sys.executable, _web_command(host, port, workers, threads))


@click.command("worker")
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
    preflight(ctx)
    settings = ctx.settings
    names = {
        "all": None,
        "screening": settings.queue,
        "webhooks": settings.webhook_queue_name,
    }[queues]
    os.execv(sys.executable, _worker_command(concurrency, pool, loglevel, names))


@click.command("beat")
@click.option("--loglevel", default="INFO", show_default=True)
@pass_ctx
def beat(ctx: CliContext, loglevel: str) -> None:
    """Run the Celery beat scheduler: the stuck-job reconciler, list fetches, the monitor."""
    preflight(ctx)
    schedule = ctx.settings.instance_path / "celerybeat-schedule"
    os.execv(sys.executable, _beat_command(str(schedule), loglevel))
