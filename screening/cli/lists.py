"""``screening lists ...``: load, import, inspect and diff watchlists; propose entries."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import click
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from screening.cli.context import CliContext, pass_ctx
from screening.cli.errors import infrastructure_message
from watchlists.curation import extract as extractor
from watchlists.importers import IMPORTERS
from watchlists.loading import import_list_path, load_seed_list
from watchlists.models import Watchlist
from watchlists.queries import ListNotFound, diff_versions, get_watchlist, watchlist_summary
from watchlists.records import ImportFormatError
from watchlists.store import ImportResult

FORMATS = ("ofac-csv", "un-xml", "us-csl", "uk-ofsi", "eu-xml", "ftm")


@click.group()
def lists() -> None:
    """Watchlists: the curated seed list and official lists."""


@lists.command("load-seeds")
@click.option("--path", type=click.Path(path_type=Path), default=None, help="Seed YAML file.")
@pass_ctx
def load_seeds(ctx: CliContext, path: Path | None) -> None:
    """Load seeds/ as a list version (no new version when unchanged)."""
    try:
        with ctx.session() as session:
            result = load_seed_list(session, actor="cli", path=path or ctx.settings.seed_path)
    except (ImportFormatError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    _report(result)


@lists.command("import")
@click.argument("source_format", metavar="FORMAT", type=click.Choice(FORMATS))
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--list", "list_name", required=True, help="Name of the list to import into.")
@pass_ctx
def import_list(ctx: CliContext, source_format: str, path: Path, list_name: str) -> None:
    """Import an official list file; PATH may be a folder for ofac-csv, and for ftm a
    folder with entities.ftm.json or a delta.json index whose newer deltas are applied."""
    if source_format not in IMPORTERS:
        raise click.ClickException(f"format {source_format!r} is not available in this build")
    if not path.exists():
        raise click.ClickException(f"{path} does not exist")
    if not _valid_list_name(list_name):
        raise click.ClickException(
            "--list must be 1-64 characters of letters, digits, '-', '_' or '.'"
        )
    total = IMPORTERS[source_format].total(path)
    try:
        with (
            click.progressbar(
                length=total or 0, label=f"importing {path.name}", file=sys.stderr
            ) as bar,
            ctx.session() as session,
        ):
            results = import_list_path(
                session,
                source_format=source_format,
                path=path,
                list_name=list_name,
                actor="cli",
                progress=bar.update if total else None,
            )
    except ImportFormatError as exc:
        raise click.ClickException(f"import failed, nothing changed: {exc}") from exc
    except DBAPIError as exc:
        if infrastructure_message(exc, ctx.settings):
            raise  # no schema or no database: the one message every command gives
        # A value the database refuses: still no traceback.
        raise click.ClickException(
            f"import failed, nothing changed: the database refused it: {_first_line(exc.orig)}"
        ) from exc
    for result in results:
        _report(result)


def _first_line(error: BaseException | None) -> str:
    return (str(error) or type(error).__name__).splitlines()[0] if error else "unknown error"


def _valid_list_name(name: str) -> bool:
    return 0 < len(name) <= 64 and all(c.isalnum() or c in "-_." for c in name)


def _report(result: ImportResult) -> None:
    if not result.created:
        click.echo(f"{result.list_name}: unchanged, still version {result.version}")
        return
    counts = result.counts
    click.echo(
        f"{result.list_name}: version {result.version} created, "
        f"{counts.get('entities', 0)} entities, {counts.get('names', 0)} names "
        f"(+{counts.get('added', 0)} -{counts.get('removed', 0)} ~{counts.get('changed', 0)})"
    )


@lists.command("show")
@click.argument("name", required=False)
@click.option("--json", "as_json", is_flag=True)
@pass_ctx
def show(ctx: CliContext, name: str | None, as_json: bool) -> None:
    """Show all lists, or one list's active version."""
    with ctx.session() as session:
        try:
            watchlists = (
                [get_watchlist(session, name)]
                if name
                else list(session.scalars(select(Watchlist).order_by(Watchlist.name)))
            )
        except ListNotFound as exc:
            raise click.ClickException(str(exc)) from exc
        rows = [watchlist_summary(wl) for wl in watchlists]
    if as_json:
        click.echo(json.dumps(rows if not name else rows[0], indent=2))
        return
    if not rows:
        click.echo("no lists loaded; try: screening lists load-seeds")
    for r in rows:
        click.echo(
            f"{r['name']:<20} v{r['active_version'] or '-':<4} {r['entities']:>7} entities "
            f"{r['names']:>7} names  {r['format']:<10} {r['title']}"
        )


@lists.command("versions")
@click.argument("name")
@pass_ctx
def versions(ctx: CliContext, name: str) -> None:
    """List a list's versions, newest last."""
    with ctx.session() as session:
        try:
            wl = get_watchlist(session, name)
        except ListNotFound as exc:
            raise click.ClickException(str(exc)) from exc
        for v in wl.versions:
            c = v.diff.get("counts", {})
            mark = "*" if wl.active_version_id == v.id else " "
            click.echo(
                f"{mark} v{v.number:<4} {v.imported_at:%Y-%m-%d %H:%M} by {v.imported_by:<10} "
                f"{v.entity_count:>7} entities  +{c.get('added', 0)} -{c.get('removed', 0)} "
                f"~{c.get('changed', 0)}  sha256:{v.source_hash[:12]}"
            )


@lists.command("diff")
@click.argument("name")
@click.argument("v1", type=int)
@click.argument("v2", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print the full diff as JSON.")
@pass_ctx
def diff(ctx: CliContext, name: str, v1: int, v2: int, as_json: bool) -> None:
    """Entities added, removed and changed from version V1 to V2."""
    with ctx.session() as session:
        try:
            result = diff_versions(session, get_watchlist(session, name), v1, v2)
        except ListNotFound as exc:
            raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(result, indent=2, ensure_ascii=False))
        return
    c = result["counts"]
    click.echo(
        f"{name} v{v1} -> v{v2}: +{c['added']} added, -{c['removed']} removed, "
        f"~{c['changed']} changed"
    )
    for label, sign in (("added", "+"), ("removed", "-"), ("changed", "~")):
        keys = result[label]
        for key in keys[:20]:
            click.echo(f"  {sign} {key}")
        if len(keys) > 20:
            click.echo(f"  ... and {len(keys) - 20} more {label} (use --json for all)")


@lists.command("extract")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="Review file to write (YAML). Default: print to stdout.",
)
def extract(files: tuple[Path, ...], output: Path | None) -> None:
    """Propose candidate entries from articles; writes a review file, never a live list."""
    for path in files:
        if not path.is_file():
            raise click.ClickException(f"{path} is not a readable file")
        try:
            path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise click.ClickException(
                f"{path}: not UTF-8 text (byte 0x{exc.object[exc.start]:02x} at offset "
                f"{exc.start}); save the article as plain UTF-8 text"
            ) from None
    candidates = extractor.extract_files(list(files))
    if output is None:
        with tempfile.TemporaryDirectory() as tmp:
            target = Path(tmp) / "review.yaml"
            extractor.write_review_file(candidates, target)
            click.echo(target.read_text(encoding="utf-8"), nl=False)
    else:
        extractor.write_review_file(candidates, output)
        click.echo(f"wrote {len(candidates)} candidates to {output} for review", err=True)
