"""Import a counterparty file (CSV or JSON Lines): upsert by reference, reject bad lines.

Rows are checked one by one; good ones are upserted in batches, each batch its
own transaction, so a file of a million rows never holds one huge transaction
and what was accepted stays accepted if a later line stops the import. Running
the same file again changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO

from foundation.db import Database
from foundation.settings import Settings
from screening.monitoring.files import CounterpartyFileError, read_rows
from screening.monitoring.register import (
    CounterpartyInput,
    CounterpartyInputError,
    parse_counterparty,
    upsert_counterparties,
)

# Counterparties per transaction.
IMPORT_BATCH = 10_000


@dataclass(frozen=True)
class Reject:
    line: int
    reference: str | None
    message: str


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejects: list[Reject] = field(default_factory=list)
    # Set when the file could not be read to its end; lines before it were imported.
    stopped: str | None = None

    @property
    def rejected(self) -> int:
        return len(self.rejects)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    def line(self, shown: int = 20) -> str:
        """The one-line summary: counts, then the rejected lines and why."""
        text = (
            f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.rejected} rejected"
        )
        if self.rejects:
            listed = "; ".join(f"line {r.line}: {r.message}" for r in self.rejects[:shown])
            more = f"; and {self.rejected - shown} more" if self.rejected > shown else ""
            text += f" ({listed}{more})"
        if self.stopped:
            text += f"; stopped: {self.stopped}"
        return text


def import_counterparty_file(
    database: Database,
    stream: IO[bytes],
    name: str,
    settings: Settings,
    *,
    actor: str,
    channel: str,
    api_key_id: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportSummary:
    """Read ``stream`` (named ``name``, for its format and messages) into the register."""
    summary = ImportSummary()
    first_line: dict[str, int] = {}
    batch: list[CounterpartyInput] = []

    def flush() -> None:
        if not batch:
            return
        with database.session() as session:
            outcome = upsert_counterparties(
                session, batch, actor=actor, channel=channel, api_key_id=api_key_id, source=name
            )
        summary.created += len(outcome.created)
        summary.updated += len(outcome.updated)
        summary.unchanged += outcome.unchanged
        if progress is not None:
            progress(len(batch))
        batch.clear()

    try:
        for line, row in read_rows(stream, name):
            if isinstance(row, str):
                summary.rejects.append(Reject(line, None, row))
                continue
            reference = row.get("reference") if isinstance(row.get("reference"), str) else None
            try:
                item = parse_counterparty(row, max_name_length=settings.max_name_length)
            except CounterpartyInputError as exc:
                summary.rejects.append(Reject(line, reference, str(exc)))
                continue
            seen = first_line.get(item.reference)
            if seen is not None:
                summary.rejects.append(
                    Reject(
                        line, item.reference, f"reference {item.reference!r} is on line {seen} too"
                    )
                )
                continue
            first_line[item.reference] = line
            batch.append(item)
            if len(batch) >= IMPORT_BATCH:
                flush()
    except CounterpartyFileError as exc:
        summary.stopped = str(exc)
    flush()
    return summary
