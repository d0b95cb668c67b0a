"""Adding, enabling and listing sources; every change is audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from foundation.audit import AuditAction, record_event
from foundation.text import is_storable_text
from watchlists.importers import IMPORTERS
from watchlists.sources.defaults import DEFAULT_SOURCES, DEFAULTS_BY_NAME
from watchlists.sources.models import Source

NAME_MAX = 64
URL_MAX = 2048


class SourceError(ValueError):
    """A source cannot be added, changed or found; the message says what to change."""


@dataclass(frozen=True)
class SourceView:
    """A configured source, or a documented default nobody has added yet."""

    name: str
    list_name: str
    format: str
    url: str
    enabled: bool
    configured: bool
    last_fetched_at: datetime | None = None
    last_outcome: str | None = None
    last_error: str | None = None


def _valid_name(name: str) -> bool:
    return 0 < len(name) <= NAME_MAX and all(c.isalnum() or c in "-_." for c in name)


def check_url(url: str) -> str:
    """An http(s) URL with a host and no credentials."""
    url = url.strip()
    if not url or len(url) > URL_MAX or not is_storable_text(url):
        raise SourceError(f"the URL must be 1 to {URL_MAX} characters")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a malformed port
    except ValueError as exc:
        raise SourceError(f"not a valid URL: {exc}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SourceError("the URL must be http:// or https:// with a host")
    if parts.username or parts.password:
        raise SourceError("the URL must not hold credentials")
    return url


def get_source(session: Session, name: str) -> Source:
    source = session.scalar(select(Source).where(Source.name == name))
    if source is None:
        if name in DEFAULTS_BY_NAME:
            raise SourceError(
                f"source {name!r} is a documented default that is not enabled; "
                f"enable it with: screening lists sources enable {name}"
            )
        known = ", ".join(session.scalars(select(Source.name).order_by(Source.name))) or "none"
        raise SourceError(f"no source named {name!r} (configured sources: {known})")
    return source


def add_source(
    session: Session,
    *,
    name: str,
    list_name: str,
    source_format: str,
    url: str,
    actor: str,
    channel: str,
    enabled: bool = True,
) -> Source:
    """Add a source. The caller commits."""
    if not _valid_name(name):
        raise SourceError(f"the source name must be 1-{NAME_MAX} letters, digits, '-', '_', '.'")
    if not _valid_name(list_name):
        raise SourceError(f"--list must be 1-{NAME_MAX} letters, digits, '-', '_' or '.'")
    if source_format not in IMPORTERS:
        raise SourceError(
            f"unknown format {source_format!r}; use one of {', '.join(sorted(IMPORTERS))}"
        )
    url = check_url(url)
    if session.scalar(select(Source.id).where(Source.name == name)) is not None:
        raise SourceError(f"a source named {name!r} exists already")
    source = Source(
        name=name,
        list_name=list_name,
        format=source_format,
        url=url,
        enabled=enabled,
        created_by=actor,
    )
    session.add(source)
    session.flush()
    record_event(
        session,
        actor=actor,
        channel=channel,
        action=AuditAction.SOURCE_ADDED,
        object_type="source",
        object_id=name,
        payload={"list": list_name, "format": source_format, "url": url, "enabled": enabled},
    )
    return source


def set_enabled(session: Session, name: str, enabled: bool, *, actor: str, channel: str) -> Source:
    """Enable or disable a source; enabling a documented default adds it. The caller commits."""
    source = session.scalar(select(Source).where(Source.name == name))
    if source is None and name in DEFAULTS_BY_NAME and enabled:
        default = DEFAULTS_BY_NAME[name]
        return add_source(
            session,
            name=default.name,
            list_name=default.list_name,
            source_format=default.format,
            url=default.url,
            actor=actor,
            channel=channel,
        )
    source = source or get_source(session, name)
    if source.enabled != enabled:
        source.enabled = enabled
        record_event(
            session,
            actor=actor,
            channel=channel,
            action=AuditAction.SOURCE_CHANGED,
            object_type="source",
            object_id=name,
            payload={"enabled": enabled},
        )
    return source


def list_sources(session: Session) -> list[SourceView]:
    """Configured sources, then the documented defaults not added yet (disabled)."""
    configured = list(session.scalars(select(Source).order_by(Source.name)))
    views = [
        SourceView(
            name=s.name,
            list_name=s.list_name,
            format=s.format,
            url=s.url,
            enabled=s.enabled,
            configured=True,
            last_fetched_at=s.last_fetched_at,
            last_outcome=s.last_outcome,
            last_error=s.last_error,
        )
        for s in configured
    ]
    names = {s.name for s in configured}
    views += [
        SourceView(d.name, d.list_name, d.format, d.url, enabled=False, configured=False)
        for d in DEFAULT_SOURCES
        if d.name not in names
    ]
    return views


def enabled_sources(session: Session) -> list[str]:
    return list(
        session.scalars(select(Source.name).where(Source.enabled.is_(True)).order_by(Source.name))
    )
