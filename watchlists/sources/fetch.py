"""Fetch a source from its publisher and import it only when its content changed.

One fetch:

1. a conditional GET (``If-None-Match`` / ``If-Modified-Since`` from the last good
   download) with one deadline, a size limit and a few tries with backoff for
   network errors and 5xx / 429 answers; 304 is "not modified";
2. the same bytes as the last good download are "unchanged";
3. otherwise the file is checked by importing it in one transaction: a truncated,
   garbled or implausible file (one that would remove most of the list) rolls
   back, so the active version stays as it was, and the error names the source.

The administrator configured the URL, so its host is trusted even on a private
address (an internal mirror, a test server on loopback). Publishers hand
downloads to CDNs and storage services (OFAC's exports redirect to cloud
storage), so redirects are followed, but a host reached by a redirect must be
on a public address and https is never downgraded: a compromised publisher
cannot point the service at its own network.

Nothing is held open in the database while downloading.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy.orm import Session

from foundation.audit import AuditAction, record_event
from foundation.db import Database, utcnow
from foundation.outbound import (
    AddressPolicy,
    AddressRefused,
    OutboundError,
    Resolver,
    download,
    system_resolver,
)
from foundation.settings import Settings
from watchlists.importers import ftm
from watchlists.loading import import_ftm_deltas, import_list_file
from watchlists.records import ImportFormatError
from watchlists.sources.models import FetchOutcome, SourceFetch
from watchlists.sources.service import get_source
from watchlists.store import ImportResult

# The file name a download is saved under, per format: part of the version's
# source hash, so it must not change between fetches.
FILE_NAMES = {
    "ofac-csv": "sdn.csv",
    "un-xml": "consolidated.xml",
    "eu-xml": "eu-fsf.xml",
    "us-csl": "consolidated.csv",
    "uk-ofsi": "ConList.csv",
    "ftm": ftm.ENTITIES_FILE,
}
# A new version may not remove more than this share of the active version's
# entities: a publisher's half-empty file must not delist half the world.
MAX_REMOVED_SHARE = 0.5
USER_AGENT = "dprk-screening-list-fetcher/1"


class FetchError(Exception):
    """The fetch failed and changed nothing; the message names the source."""


@dataclass
class FetchResult:
    source: str
    list_name: str
    outcome: FetchOutcome
    versions: list[ImportResult] = field(default_factory=list)
    http_status: int | None = None
    size: int | None = None
    error: str | None = None

    @property
    def message(self) -> str:
        """One line for the CLI and the logs."""
        if self.outcome == FetchOutcome.FAILED:
            return f"{self.source}: fetch failed, nothing changed: {self.error}"
        if self.outcome == FetchOutcome.NOT_MODIFIED:
            return f"{self.source}: not modified (HTTP 304), {self.list_name} unchanged"
        if self.outcome == FetchOutcome.UNCHANGED:
            return f"{self.source}: unchanged (same content), {self.list_name} unchanged"
        made = ", ".join(
            f"version {r.version} (+{r.counts.get('added', 0)} -{r.counts.get('removed', 0)} "
            f"~{r.counts.get('changed', 0)})"
            for r in self.versions
        )
        return f"{self.source}: {self.list_name} {made} created"


@dataclass(frozen=True)
class _Plan:
    name: str
    list_name: str
    format: str
    url: str
    etag: str | None
    last_modified: str | None
    content_hash: str | None


def fetch_source(
    database: Database,
    name: str,
    settings: Settings,
    *,
    actor: str,
    channel: str,
    resolver: Resolver = system_resolver,
    sleep: Callable[[float], None] = time.sleep,
) -> FetchResult:
    """Fetch one source and import what changed; always records the outcome.

    Raises :class:`watchlists.sources.service.SourceError` for an unknown source;
    a failed fetch is returned with outcome ``failed``, never raised.
    """
    with database.session() as session:
        source = get_source(session, name)
        plan = _Plan(
            source.name,
            source.list_name,
            source.format,
            source.url,
            source.etag,
            source.last_modified,
            source.content_hash,
        )
    folder = settings.instance_path / "downloads"
    folder.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f"{plan.name}-", dir=folder))
    started = utcnow()
    try:
        result, validators = _fetch(database, plan, settings, work, actor, channel, resolver, sleep)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    _record(database, plan, result, validators, started, actor, channel)
    return result


def _policy(url: str) -> AddressPolicy:
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    return AddressPolicy(trusted_hosts=frozenset({host}), only_trusted=False)


def _get(
    url: str,
    dest: Path,
    headers: dict[str, str],
    policy: AddressPolicy,
    settings: Settings,
    resolver: Resolver,
    sleep: Callable[[float], None],
) -> tuple[int, dict[str, str], int]:
    """GET with retries: (status, headers, size). Raises FetchError when out of tries."""
    attempts = settings.source_attempts
    last = ""
    for attempt in range(1, attempts + 1):
        try:
            answer = download(
                url,
                dest,
                headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity", **headers},
                timeout=settings.source_timeout_seconds,
                max_bytes=settings.source_max_bytes,
                policy=policy,
                resolver=resolver,
            )
        except AddressRefused as exc:
            raise FetchError(f"refused: {exc}") from exc
        except OutboundError as exc:
            last = str(exc)
        else:
            if answer.status in (200, 304):
                return answer.status, answer.headers, answer.size
            last = f"HTTP {answer.status} from {answer.url}"
            if answer.status < 500 and answer.status != 429:
                raise FetchError(last)
        if attempt < attempts:
            sleep(min(30.0, 2.0 ** (attempt - 1)))
    raise FetchError(f"{last} (after {attempts} tries)")


def _fetch(
    database: Database,
    plan: _Plan,
    settings: Settings,
    work: Path,
    actor: str,
    channel: str,
    resolver: Resolver,
    sleep: Callable[[float], None],
) -> tuple[FetchResult, dict[str, str | None]]:
    result = FetchResult(plan.name, plan.list_name, FetchOutcome.FAILED)
    validators: dict[str, str | None] = {}
    conditional = {}
    if plan.etag:
        conditional["If-None-Match"] = plan.etag
    if plan.last_modified:
        conditional["If-Modified-Since"] = plan.last_modified
    dest = work / FILE_NAMES.get(plan.format, "download")
    policy = _policy(plan.url)
    try:
        status, headers, size = _get(plan.url, dest, conditional, policy, settings, resolver, sleep)
        result.http_status, result.size = status, size
        if status == 304:
            result.outcome = FetchOutcome.NOT_MODIFIED
            return result, validators
        validators = {
            "etag": headers.get("etag"),
            "last_modified": headers.get("last-modified"),
            "content_hash": _sha256(dest),
        }
        if validators["content_hash"] == plan.content_hash:
            result.outcome = FetchOutcome.UNCHANGED
            return result, validators
        with database.session() as session:
            result.versions = _import(
                session, plan, dest, work, settings, (actor, channel), resolver, sleep
            )
        created = [r for r in result.versions if r.created]
        result.outcome = FetchOutcome.CREATED if created else FetchOutcome.UNCHANGED
        result.versions = created
    except (FetchError, ImportFormatError) as exc:
        result.outcome = FetchOutcome.FAILED
        result.error = f"source {plan.name!r}: {exc}"
        validators = {}
    return result, validators


def _import(
    session: Session,
    plan: _Plan,
    dest: Path,
    work: Path,
    settings: Settings,
    who: tuple[str, str],
    resolver: Resolver,
    sleep: Callable[[float], None],
) -> list[ImportResult]:
    """Import the download in the caller's transaction; raises to roll it all back."""
    actor, channel = who
    if plan.format == "ftm" and ftm.is_delta_source(dest):
        index = work / ftm.DELTA_INDEX
        dest.rename(index)

        def fetch_delta(version: str, url: str) -> Path:
            path = ftm.local_delta_file(index, version)
            path.parent.mkdir(parents=True, exist_ok=True)
            _get(url, path, {}, _policy(plan.url), settings, resolver, sleep)
            return path

        results = import_ftm_deltas(
            session,
            index=index,
            list_name=plan.list_name,
            actor=actor,
            channel=channel,
            fetch=fetch_delta,
        )
    else:
        results = [
            import_list_file(
                session,
                source_format=plan.format,
                path=dest,
                list_name=plan.list_name,
                actor=actor,
                channel=channel,
            )
        ]
    for result in results:
        _check_plausible(result)
    return results


def _check_plausible(result: ImportResult) -> None:
    counts = result.counts
    before = counts.get("entities", 0) + counts.get("removed", 0) - counts.get("added", 0)
    removed = counts.get("removed", 0)
    if result.created and before and removed / before > MAX_REMOVED_SHARE:
        raise ImportFormatError(
            f"the download would remove {removed} of {before} entities of {result.list_name}; "
            "refused as implausible (if it is right, import the file with screening lists import)"
        )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _record(
    database: Database,
    plan: _Plan,
    result: FetchResult,
    validators: dict[str, str | None],
    started: datetime,
    actor: str,
    channel: str,
) -> None:
    now = utcnow()
    with database.session() as session:
        source = get_source(session, plan.name)
        source.last_fetched_at = now
        source.last_outcome = result.outcome.value
        source.last_error = result.error
        if validators:
            source.etag = validators.get("etag")
            source.last_modified = validators.get("last_modified")
            source.content_hash = validators.get("content_hash")
        if result.outcome == FetchOutcome.CREATED:
            source.last_changed_at = now
        versions = [r.version for r in result.versions]
        session.add(
            SourceFetch(
                source_id=source.id,
                started_at=started,
                finished_at=now,
                actor=actor,
                outcome=result.outcome.value,
                http_status=result.http_status,
                bytes=result.size,
                versions=versions,
                error=result.error,
            )
        )
        record_event(
            session,
            actor=actor,
            channel=channel,
            action=AuditAction.SOURCE_FETCHED,
            object_type="source",
            object_id=plan.name,
            payload={
                "list": plan.list_name,
                "outcome": result.outcome.value,
                "http_status": result.http_status,
                "versions": versions,
                "error": result.error,
            },
        )
