"""The lists we screen against: watchlists, immutable versions and entities.

An entity row is valid from the version that added it until the version
that removed or changed it (``removed_in``). A version's content is every
row whose range covers it, so old versions stay readable and jobs can pin
the version they ran against.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from foundation.db import Base, utcnow


class Watchlist(Base):
    __tablename__ = "watchlists"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(256), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    source_format: Mapped[str] = mapped_column(String(32))  # seed-yaml, ofac-csv, un-xml, ...
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    active_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("list_versions.id", use_alter=True, name="fk_watchlists_active_version")
    )

    versions: Mapped[list[ListVersion]] = relationship(
        back_populates="watchlist",
        foreign_keys="ListVersion.watchlist_id",
        order_by="ListVersion.number",
    )
    active_version: Mapped[ListVersion | None] = relationship(
        foreign_keys=[active_version_id], post_update=True
    )


class ListVersion(Base):
    __tablename__ = "list_versions"
    __table_args__ = (UniqueConstraint("watchlist_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    watchlist_id: Mapped[int] = mapped_column(ForeignKey("watchlists.id"), index=True)
    number: Mapped[int]
    source_hash: Mapped[str] = mapped_column(String(64))
    source_files: Mapped[list[Any]] = mapped_column(default=list)
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
    imported_by: Mapped[str] = mapped_column(String(128))
    entity_count: Mapped[int] = mapped_column(default=0)
    name_count: Mapped[int] = mapped_column(default=0)
    # {"counts": {...}, "added": [...], "removed": [...], "changed": [...]}
    diff: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # The publisher's own version id where it has one (OpenSanctions: "20240527134702-zbn"),
    # so its delta files can be applied in order.
    dataset_version: Mapped[str | None] = mapped_column(String(64))

    watchlist: Mapped[Watchlist] = relationship(
        back_populates="versions", foreign_keys=[watchlist_id]
    )


class Entity(Base):
    __tablename__ = "entities"
    __table_args__ = (
        Index("ix_entities_list_key", "watchlist_id", "key"),
        Index("ix_entities_list_range", "watchlist_id", "added_in", "removed_in"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    watchlist_id: Mapped[int] = mapped_column(ForeignKey("watchlists.id"))
    # Stable across versions: "<list>:<source id>"
    key: Mapped[str] = mapped_column(String(160))
    source_id: Mapped[str] = mapped_column(String(128))
    schema: Mapped[str] = mapped_column(String(32))
    category: Mapped[str | None] = mapped_column(String(64))
    primary_name: Mapped[str] = mapped_column(String(1024), default="")
    countries: Mapped[list[str]] = mapped_column(default=list)
    programs: Mapped[list[str]] = mapped_column(default=list)
    addresses: Mapped[list[str]] = mapped_column(default=list)
    notes: Mapped[str | None] = mapped_column(Text)
    properties: Mapped[dict[str, Any]] = mapped_column(default=dict)
    content_hash: Mapped[str] = mapped_column(String(64))
    # EntityRecord.listing_hash(); None on rows imported before it existed.
    listing_hash: Mapped[str | None] = mapped_column(String(64))
    added_in: Mapped[int]  # ListVersion.number
    removed_in: Mapped[int | None]  # first version without this row, None while current

    names: Mapped[list[EntityName]] = relationship(
        back_populates="entity", cascade="all, delete-orphan", order_by="EntityName.id"
    )
    sources: Mapped[list[EntitySource]] = relationship(
        back_populates="entity", cascade="all, delete-orphan", order_by="EntitySource.id"
    )
    relations: Mapped[list[EntityRelation]] = relationship(
        back_populates="entity", cascade="all, delete-orphan", order_by="EntityRelation.id"
    )


class EntityName(Base):
    __tablename__ = "entity_names"

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(
        ForeignKey("entities.id", ondelete="CASCADE"), index=True
    )
    value: Mapped[str] = mapped_column(String(1024))
    kind: Mapped[str] = mapped_column(String(32))
    lang: Mapped[str | None] = mapped_column(String(16))
    script: Mapped[str | None] = mapped_column(String(8))
    parts: Mapped[dict[str, Any] | None] = mapped_column(default=None)

    entity: Mapped[Entity] = relationship(back_populates="names")


class EntitySource(Base):
    __tablename__ = "entity_sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(
        ForeignKey("entities.id", ondelete="CASCADE"), index=True
    )
    document: Mapped[str] = mapped_column(String(512))
    publisher: Mapped[str | None] = mapped_column(String(256))
    title: Mapped[str | None] = mapped_column(String(512))
    date: Mapped[str | None] = mapped_column(String(32))
    url: Mapped[str | None] = mapped_column(String(1024))
    claim: Mapped[str] = mapped_column(Text)

    entity: Mapped[Entity] = relationship(back_populates="sources")


class EntityRelation(Base):
    __tablename__ = "entity_relations"

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(
        ForeignKey("entities.id", ondelete="CASCADE"), index=True
    )
    type: Mapped[str] = mapped_column(String(64))
    target_key: Mapped[str] = mapped_column(String(160))
    note: Mapped[str | None] = mapped_column(Text)

    entity: Mapped[Entity] = relationship(back_populates="relations")
