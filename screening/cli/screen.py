"""``screening screen`` and ``screening compare``: the matcher from the command line."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

import click

from foundation.audit.exports import csv_cell
from screening import matching
from screening.cli.context import CliContext, pass_ctx
from screening.indexes import IndexCache, UnknownList, active_lists, load_index
from screening.jobs import submit
from screening.jobs.inputs import (
    ITEM_TYPES,
    Identifier,
    ItemInput,
    JobInputError,
    parse_identifier_text,
)
from screening.jobs.reports import item_result
from screening.jobs.submit import Submission
from screening.models import Channel

FORMATS = ("table", "json", "jsonl", "csv")


# Columns a CSV input may carry besides ``name``; identifiers are written
# "type:value", several separated by ";" (imo:9137741;inn:7701234567).
CSV_COLUMNS = ("name", "type", "country", "birth_date", "identifiers")


def parse_identifiers(text: str, where: str) -> tuple[Identifier, ...]:
    """ "imo:9137741; inn:7701234567" as identifiers; raises ClickException on a bad one."""
    try:
        return parse_identifier_text(text)
    except ValueError as exc:
        raise click.ClickException(f"{where}: {exc}") from None


def read_items(path: Path, item_type: str, country: str | None) -> list[ItemInput]:
    """Items from a names file: one name per line, or a CSV with a ``name`` column and
    optional ``type``, ``country``, ``birth_date`` and ``identifiers`` columns (see
    ``CSV_COLUMNS``). Empty cells take the command's ``--type`` and ``--country``."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise click.ClickException(f"{path}: not valid UTF-8 (byte {exc.start})") from exc
    except OSError as exc:
        raise click.ClickException(f"cannot read {path}: {exc.strerror}") from exc
    first = text.split("\n", 1)[0]
    if path.suffix.lower() == ".csv" or "name" in [c.strip().lower() for c in first.split(",")]:
        reader = csv.DictReader(io.StringIO(text))
        fields = {(f or "").strip().lower(): f for f in reader.fieldnames or []}
        if "name" not in fields:
            raise click.ClickException(f"{path}: CSV needs a 'name' column")
        items: list[ItemInput] = []
        try:
            for row in reader:
                cell = {c: (row.get(fields[c]) or "").strip() if c in fields else ""
                        for c in CSV_COLUMNS}  # fmt: skip
                items.append(
                    ItemInput(
                        name=row[fields["name"]] or "",
                        type=cell["type"].lower() or item_type,
                        country=cell["country"] or country,
                        birth_date=cell["birth_date"] or None,
                        identifiers=parse_identifiers(
                            cell["identifiers"], f"{path} line {reader.line_num}"
                        ),
                    )
                )
        except csv.Error as exc:
            raise click.ClickException(f"{path} line {reader.line_num}: {exc}") from exc
        return items
    return [
        ItemInput(name=line, type=item_type, country=country)
        for line in text.splitlines()
        if line.strip()
    ]


@click.command("screen")
@click.argument("names", nargs=-1)
@click.option(
    "--input",
    "input_path",
    type=click.Path(path_type=Path),
    help="Names file: one per line, or CSV with name,type,country,birth_date,identifiers "
    "(identifiers as type:value;type:value).",
)
@click.option("--list", "lists", multiple=True, help="Only these lists (repeatable).")
@click.option("--threshold", type=click.FloatRange(0, 1), default=None)
@click.option("--type", "item_type", type=click.Choice(ITEM_TYPES), default="any")
@click.option("--country", help="ISO 3166-1 alpha-2 code of every name (e.g. KP).")
@click.option(
    "--limit", "match_limit", type=click.IntRange(1), default=None, help="Most matches per name."
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@pass_ctx
def screen(
    ctx: CliContext,
    names: tuple[str, ...],
    input_path: Path | None,
    lists: tuple[str, ...],
    threshold: float | None,
    item_type: str,
    country: str | None,
    match_limit: int | None,
    fmt: str,
) -> None:
    """Screen names against the active lists; recorded as a job like any other."""
    items = [ItemInput(name=n, type=item_type, country=country) for n in names]
    if input_path:
        items += read_items(input_path, item_type, country)
    if not items:
        raise click.UsageError("give NAME arguments or --input FILE")
    queries = items
    submission = Submission(
        items=items,
        channel=Channel.CLI,
        submitted_by="cli",
        threshold=threshold,
        lists=list(lists) or None,
        match_limit=match_limit,
    )
    try:
        with ctx.session() as session:
            job = submit.screen_now(session, ctx.settings, submission, limit=len(queries))
            results = [item_result(item) for item in job.items]
    except JobInputError as exc:
        problems = "; ".join(
            f"line {d['item'] + 1}: {d['message']}" if "item" in d else d["message"]
            for d in exc.details or []
        )
        raise click.ClickException(f"{exc}: {problems}" if problems else str(exc)) from exc
    except UnknownList as exc:
        raise click.ClickException(str(exc)) from exc
    _write_results(results, fmt, sys.stdout)


def _public_matches(result: dict[str, Any]) -> list[dict[str, Any]]:
    keys = (
        "list",
        "entity_id",
        "source_id",
        "name",
        "matched_name",
        "score",
        "explanation",
        "review_status",  # alert review: open/proposed/escalated/closed, or cleared
        "alert_id",
    )
    return [{k: m[k] for k in keys} for m in result["matches"]]


def _write_results(results: list[dict[str, Any]], fmt: str, out: TextIO) -> None:
    if fmt == "jsonl":
        for r in results:
            line = {"query": r["name"], "matches": _public_matches(r)}
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
    elif fmt == "json":
        payload = [{"query": r["name"], "matches": _public_matches(r)} for r in results]
        out.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "csv":
        writer = csv.writer(out)
        columns = ("list", "entity_id", "source_id", "name", "matched_name", "score")
        review = ("review_status", "alert_id")
        writer.writerow(["query", *columns, *review])
        for r in results:
            for m in _public_matches(r) or [dict.fromkeys(("list",), "")]:
                cells = [r["name"]] + [m.get(k, "") for k in (*columns, *review)]
                # Names come from users and lists: defuse formulas as the audit exports do.
                writer.writerow([csv_cell(cell) for cell in cells])
    else:
        for r in results:
            if not r["matches"]:
                out.write(f"{r['name']}: clear\n")
                continue
            out.write(f"{r['name']}: {len(r['matches'])} potential match(es)\n")
            for m in r["matches"]:
                review = f"  [{m['review_status']}, alert {m['alert_id']}]" if m["alert_id"] else ""
                out.write(
                    f"  {m['score']:.3f}  {m['list']}:{m['source_id']}  {m['name']}"
                    f"  (matched {m['matched_name']!r}){review}\n"
                )


@click.command("compare")
@click.argument("names", nargs=-1)
@click.option(
    "--schema",
    type=click.Choice(["person", "company", "organization", "any"]),
    default="any",
    show_default=True,
)
@click.option(
    "--input",
    "input_path",
    type=click.Path(path_type=Path),
    help="CSV with name1,name2[,schema] columns; writes one JSON line per pair.",
)
@click.option(
    "--lists",
    "use_lists",
    is_flag=True,
    help="Weigh words by their rarity in the active lists, as `screening screen` does, so "
    "the score is the one screening gives the pair.",
)
@pass_ctx
def compare(
    ctx: CliContext, names: tuple[str, ...], schema: str, input_path: Path | None, use_lists: bool
) -> None:
    """Score two names (or every pair in a CSV) and explain the score."""
    rarity = _list_rarity(ctx) if use_lists else None
    if input_path is not None:
        if names:
            raise click.UsageError("give either NAME_A NAME_B or --input, not both")
        _compare_file(input_path, rarity)
        return
    if len(names) != 2:
        raise click.UsageError("compare takes exactly two names: NAME_A NAME_B")
    result = matching.compare(
        names[0], names[1], schema=None if schema == "any" else schema, rarity=rarity
    )
    click.echo(f"score: {result.score:.4f}")
    verdict = "match" if result.match else "no match"
    click.echo(f"{verdict} at the default threshold {matching.DEFAULT_THRESHOLD}")
    click.echo(json.dumps(result.explanation, ensure_ascii=False, indent=2))


def _list_rarity(ctx: CliContext) -> Callable[[str], float]:
    """The rarity of words in the index of the active lists (what `screening screen` uses)."""
    with ctx.session() as session:
        active = active_lists(session)
        if not active.versions:
            raise click.ClickException("no list is active: load one or leave out --lists")
        index = load_index(
            session, active.versions, cache=IndexCache.from_settings(ctx.settings), key=active.key
        )
    return index.index.rarity


def _compare_file(path: Path, rarity: Callable[[str], float] | None = None) -> None:
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise click.ClickException(f"cannot read {path}: {exc.strerror}") from exc
    with handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames or not {"name1", "name2"} <= set(reader.fieldnames):
            raise click.ClickException(f"{path}: CSV needs name1 and name2 columns")
        try:
            for row in reader:
                schema = (row.get("schema") or "").strip().lower() or None
                if schema in ("any", ""):
                    schema = None
                result = matching.compare(
                    row["name1"] or "", row["name2"] or "", schema=schema, rarity=rarity
                )
                line = {
                    "name1": row["name1"],
                    "name2": row["name2"],
                    "schema": schema,
                    "score": round(result.score, 4),
                    "match": result.match,
                }
                click.echo(json.dumps(line, ensure_ascii=False))
        except (csv.Error, UnicodeDecodeError) as exc:
            raise click.ClickException(f"{path} line {reader.line_num}: {exc}") from exc
