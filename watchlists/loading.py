"""Glue between list sources (seed YAML, official files) and the version store."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from watchlists.curation.seeds import SEED_PATH, load_seed_file
from watchlists.importers import IMPORTERS, ftm
from watchlists.models import Watchlist
from watchlists.records import ImportFormatError
from watchlists.store import DeltaRecord, ImportResult, apply_delta, hash_files, import_records

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
        dataset_version=ftm.dataset_version(path) if source_format == "ftm" else None,
    )


def import_list_path(
    session: Session,
    *,
    source_format: str,
    path: Path,
    list_name: str,
    actor: str,
    progress: Callable[[int], None] | None = None,
    channel: str = "cli",
) -> list[ImportResult]:
    """Import a list file, or apply an FtM delta index: the versions made (or the
    unchanged active one)."""
    if source_format == "ftm" and path.exists() and ftm.is_delta_source(path):
        results = import_ftm_deltas(
            session, index=path, list_name=list_name, actor=actor, channel=channel
        )
        if results:
            return results
        watchlist = session.scalar(select(Watchlist).where(Watchlist.name == list_name))
        assert watchlist is not None and watchlist.active_version is not None
        active = watchlist.active_version
        return [ImportResult(list_name, active.number, False, {"entities": active.entity_count})]
    return [
        import_list_file(
            session,
            source_format=source_format,
            path=path,
            list_name=list_name,
            actor=actor,
            progress=progress,
            channel=channel,
        )
    ]


# Fetches one delta file: (dataset version, URL in the index) -> local path.
DeltaFetcher = Callable[[str, str], Path]


def import_ftm_deltas(
    session: Session,
    *,
    index: Path,
    list_name: str,
    actor: str,
    channel: str = "cli",
    fetch: DeltaFetcher | None = None,
) -> list[ImportResult]:
    """Apply every delta of an FtM ``delta.json`` newer than the list's dataset version,
    each as a new list version, oldest first. The caller commits.

    Locally, a version's delta file is ``<index folder>/<version>/entities.delta.json``;
    ``fetch`` downloads it instead (the fetcher of a source does).
    """
    versions = ftm.delta_versions(index)
    watchlist = session.scalar(select(Watchlist).where(Watchlist.name == list_name))
    active = watchlist.active_version if watchlist is not None else None
    current = active.dataset_version if active is not None else None
    if current is None:
        raise ImportFormatError(
            f"list {list_name!r} has no FtM dataset version to apply deltas to; import the "
            "full export first (entities.ftm.json with the delta.json it was published with)"
        )
    if versions and current not in dict(versions) and versions[0][0] > current:
        raise ImportFormatError(
            f"the delta index starts at {versions[0][0]} but {list_name!r} is at {current}: "
            "the deltas between are gone; import a full export"
        )
    results = []
    for version, url in versions:
        if version <= current:
            continue
        path = fetch(version, url) if fetch is not None else ftm.local_delta_file(index, version)
        results.append(
            apply_delta(
                session,
                list_name=list_name,
                changes=(DeltaRecord(op.source_id, op.record) for op in ftm.read_delta(path)),
                source_hash=hash_files([path]),
                source_files=[f"{version}/{path.name}"],
                imported_by=actor,
                channel=channel,
                dataset_version=version,
            )
        )
    return results
