"""Where a list comes from: its publisher's URL, the format, and what the last fetches found."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from foundation.db import Base, utcnow


class FetchOutcome(StrEnum):
    CREATED = "created"  # new content: imported as a new list version
    NOT_MODIFIED = "not_modified"  # the publisher answered 304 to the conditional GET
    UNCHANGED = "unchanged"  # downloaded, but the same content as the active version
    FAILED = "failed"  # nothing changed; ``error`` says why


class Source(Base):
    """A list's publisher: fetched by ``screening lists fetch`` and, when enabled, by beat."""

    __tablename__ = "list_sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    list_name: Mapped[str] = mapped_column(String(64))
    format: Mapped[str] = mapped_column(String(32))  # a key of watchlists.importers.IMPORTERS
    url: Mapped[str] = mapped_column(String(2048))
    enabled: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(String(128))
    # Validators of the last good download, sent back as If-None-Match / If-Modified-Since.
    etag: Mapped[str | None] = mapped_column(String(512))
    last_modified: Mapped[str | None] = mapped_column(String(128))
    # SHA-256 of the last good download's bytes: a 200 with the same bytes changes nothing.
    content_hash: Mapped[str | None] = mapped_column(String(64))
    last_fetched_at: Mapped[datetime | None]
    last_outcome: Mapped[str | None] = mapped_column(String(16))  # a FetchOutcome
    last_error: Mapped[str | None] = mapped_column(Text)
    # When a fetch last made a new list version.
    last_changed_at: Mapped[datetime | None]

    fetches: Mapped[list[SourceFetch]] = relationship(
        back_populates="source", order_by="SourceFetch.id", cascade="all, delete-orphan"
    )


class SourceFetch(Base):
    """One fetch of a source and what came of it."""

    __tablename__ = "list_source_fetches"

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(
        ForeignKey("list_sources.id", ondelete="CASCADE"), index=True
    )
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    actor: Mapped[str] = mapped_column(String(128))
    outcome: Mapped[str] = mapped_column(String(16))  # a FetchOutcome
    http_status: Mapped[int | None]
    bytes: Mapped[int | None] = mapped_column(BigInteger().with_variant(Integer(), "sqlite"))
    # The list versions the fetch created (an FtM delta index may make several).
    versions: Mapped[list[Any]] = mapped_column(default=list)
    error: Mapped[str | None] = mapped_column(Text)

    source: Mapped[Source] = relationship(back_populates="fetches")
