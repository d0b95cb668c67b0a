"""Glue between list sources (seed YAML, official files) and the version store."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy.orm import Session

from watchlists.curation.seeds import SEED_PATH, load_seed_file
from watchlists.importers import IMPORTERS
from watchlists.records import ImportFormatError
from watchlists.store import ImportResult, hash_files, import_records

SEED_FORMAT = "seed-yaml"


def load_seed_list(session: Session, actor: str, path: Path | None = None) -> ImportResult:
    """Load the curated list from ``seeds/``; an unchanged file creates no version."""
    path = Path(path or SEED_PATH)
    if not path.exists():
        raise ImportFormatError(f"seed file not found: {path}")
    seed_list = load_seed_file(path)
    meta = seed_list.metadata
    return import_records(
        session,
        list_name=meta.name,
        source_format=SEED_FORMAT,
        records=seed_list.entities,
        source_hash=hash_files([path]),
        source_files=[path.name],
        imported_by=actor,
        title=meta.title,
        description=meta.description,
    )


def import_list_file(
    session: Session,
    *,
    source_format: str,
    path: Path,
    list_name: str,
    actor: str,
    progress: Callable[[int], None] | None = None,
    channel: str = "cli",
) -> ImportResult:
    """Import an official list file (or folder) as a new version of ``list_name``."""
    importer = IMPORTERS.get(source_format)
    if importer is None:
        raise ImportFormatError(
            f"unknown format {source_format!r}; use one of {', '.join(sorted(IMPORTERS))}"
        )
    if not path.exists():
        raise ImportFormatError(f"{path} does not exist")
    files = importer.source_files(path)
    return import_records(
        session,
        list_name=list_name,
        source_format=source_format,
        records=importer.read(path, progress),
        source_hash=hash_files(files),
        source_files=[f.name for f in files],
        imported_by=actor,
        channel=channel,
    )
