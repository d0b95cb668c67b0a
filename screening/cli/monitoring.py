"""``screening counterparties ...``, ``screening monitor run`` and ``screening alerts list``."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import click
from sqlalchemy import func, select

from screening.alerts.listing import AlertFilter, AlertFilterError, alerts_query
from screening.alerts.models import ALERT_REASONS, ALERT_STATUSES, COUNTERPARTY_TYPES
from screening.alerts.reports import alert_json
from screening.cli.context import CliContext, pass_ctx
from screening.models import Channel
from screening.monitoring.imports import import_counterparty_file
from screening.monitoring.listing import CounterpartyFilter, counterparties_query
from screening.monitoring.register import counterparty_json
from screening.monitoring.runner import run_monitor
from screening.monitoring.triggers import announce_change

# --- counterparties -------------------------------------------------------------------


@click.group()
def counterparties() -> None:
    """The counterparty register: customers and suppliers screened continuously."""


@counterparties.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--rejects",
    type=click.Path(path_type=Path),
    default=None,
    help="Also write every rejected line (line,reference,message) to this CSV file.",
)
@pass_ctx
def import_file(ctx: CliContext, file: Path, rejects: Path | None) -> None:
    """Upsert counterparties by reference from a CSV (reference,name,type,country,
    birth_date,identifiers) or JSON Lines file; prints one summary line.

    Exits 1 when a line was rejected (the other lines are imported)."""
    if not file.is_file():
        raise click.ClickException(f"{file} is not a readable file")
    lines = sum(1 for _ in file.open("rb"))
    with (
        file.open("rb") as stream,
        click.progressbar(length=lines, label=f"importing {file.name}", file=sys.stderr) as bar,
    ):
        summary = import_counterparty_file(
            ctx.runtime.database,
            stream,
            file.name,
            ctx.settings,
            actor="cli",
            channel=Channel.CLI,
            progress=bar.update,
        )
    if rejects is not None:
        with rejects.open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(["line", "reference", "message"])
            for reject in summary.rejects:
                writer.writerow([reject.line, reject.reference or "", reject.message])
    if summary.changed:
        announce_change(ctx.queue, ctx.settings, f"counterparties:{file.name}")
    click.echo(f"{file.name}: {summary.line()}")
    if summary.stopped or summary.rejects:
        raise SystemExit(1)


@counterparties.command("list")
@click.option("--search", default="", help="Reference or name contains this.")
@click.option(
    "--status",
    type=click.Choice(["active", "inactive", "all"]),
    default="active",
    show_default=True,
)
@click.option("--type", "kind", type=click.Choice(COUNTERPARTY_TYPES), default=None)
@click.option("--country", default=None, help="ISO 3166 code.")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table")
@click.option("--limit", type=click.IntRange(1, 10_000_000), default=1000, show_default=True)
@pass_ctx
def list_counterparties(
    ctx: CliContext,
    search: str,
    status: str,
    kind: str | None,
    country: str | None,
    fmt: str,
    limit: int,
) -> None:
    """List counterparties with their open alerts."""
    filters = CounterpartyFilter(search=search, status=status, type=kind, country=country)
    with ctx.session() as session:
        query = counterparties_query(filters)
        total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
        rows = session.execute(query.limit(limit)).all()
        for counterparty, open_alerts in rows:
            if fmt == "jsonl":
                body = {**counterparty_json(counterparty), "open_alerts": open_alerts}
                click.echo(json.dumps(body, ensure_ascii=False))
                continue
            c = counterparty
            state = "active" if c.active else "inactive"
            click.echo(
                f"{c.reference:<20} {c.name[:40]:<40} {c.type:<12} {c.country or '-':<3} "
                f"{state:<8} v{c.version:<3} {open_alerts} open alert(s)"
            )
    if fmt == "table" and total and total > limit:
        click.echo(f"... {total - limit} more (use --limit)", err=True)
    if fmt == "table" and not total:
        click.echo("no counterparties; import some with: screening counterparties import FILE")


# --- the monitor -----------------------------------------------------------------------


@click.group()
def monitor() -> None:
    """Continuous screening of the counterparty register."""


@monitor.command("run")
@click.option("--full", is_flag=True, help="Re-screen every counterparty (a new algorithm).")
@click.option(
    "--processes",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Screen chunks in this many local processes.",
)
@pass_ctx
def monitor_run(ctx: CliContext, full: bool, processes: int) -> None:
    """Screen what changed since the last run and wait for it; prints one JSON line."""
    bar = None
    if sys.stderr.isatty():
        bar = click.progressbar(length=0, label="screening chunks", file=sys.stderr)

    def progress(done: int, total: int) -> None:
        if bar is not None:
            bar.length = total
            bar.update(1)

    result = run_monitor(
        ctx.runtime.database,
        ctx.settings,
        ctx.queue,
        full=full,
        requested_by="cli",
        channel=Channel.CLI,
        processes=processes,
        progress=progress,
    )
    if bar is not None:
        bar.render_finish()
    click.echo(json.dumps(result.as_json()))


# --- alerts ----------------------------------------------------------------------------


@click.group()
def alerts() -> None:
    """Alerts raised by screening."""


@alerts.command("list")
@click.option("--status", type=click.Choice(ALERT_STATUSES), default=None)
@click.option("--reason", type=click.Choice(ALERT_REASONS), default=None)
@click.option("--list", "list_name", default=None, help="Only alerts on this list.")
@click.option("--counterparty", default=None, help="Only this counterparty (its reference).")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table")
@pass_ctx
def list_alerts(
    ctx: CliContext,
    status: str | None,
    reason: str | None,
    list_name: str | None,
    counterparty: str | None,
    fmt: str,
) -> None:
    """List alerts, newest first; --format jsonl prints one JSON object per alert."""
    filters = AlertFilter(status, reason, list_name, counterparty)
    try:
        query = alerts_query(filters)
    except AlertFilterError as exc:
        raise click.ClickException(str(exc)) from exc
    with ctx.session() as session:
        for alert in session.scalars(query.execution_options(yield_per=1000)):
            body = alert_json(alert)
            if fmt == "jsonl":
                click.echo(json.dumps(body, ensure_ascii=False))
                continue
            who = body["counterparty_reference"] or body["subject_name"]
            click.echo(
                f"{body['id']:>6} {body['status']:<9} {body['reason']:<20} {who[:24]:<24} "
                f"{body['list']}@{body['list_version']:<4} {body['score']:.3f} "
                f"{body['matched_name'][:40]}"
            )
