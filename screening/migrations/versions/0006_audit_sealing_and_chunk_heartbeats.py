"""audit events appended without a lock and sealed later; chunk heartbeats

Audit events get an ``id`` (the primary key, from a sequence) and their chain
position ``seq``, ``prev_hash`` and ``hash`` become NULL until the sealer
chains them. Existing events keep their seq and hashes, and take id = seq.
``chunk_heartbeats`` holds the lease a worker renews while it screens a chunk.

Revision ID: 0006
Revises: 0002
Create Date: 2026-12-02 18:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_EVENT_COLUMNS = (
    "created_at, actor, channel, action, object_type, object_id, payload, prev_hash, hash"
)


def _sealed_events_table(name: str) -> None:
    """The new shape of audit_events, under ``name`` (SQLite rebuilds the table)."""
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("channel", sa.String(length=8), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("object_type", sa.String(length=32), nullable=False),
        sa.Column("object_id", sa.String(length=160), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=True),
        sa.Column("hash", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_audit_events"),
        sa.UniqueConstraint("hash", name="uq_audit_events_hash"),
        sa.UniqueConstraint("seq", name="uq_audit_events_seq"),
    )


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.add_column("audit_events", sa.Column("id", sa.BigInteger(), nullable=True))
        op.execute("CREATE SEQUENCE audit_events_id_seq OWNED BY audit_events.id")
        op.execute("UPDATE audit_events SET id = seq")
        op.execute(
            "SELECT setval('audit_events_id_seq', "
            "COALESCE((SELECT max(id) FROM audit_events), 0) + 1, false)"
        )
        op.execute(
            "ALTER TABLE audit_events ALTER COLUMN id SET DEFAULT nextval('audit_events_id_seq')"
        )
        op.alter_column("audit_events", "id", nullable=False)
        op.drop_constraint("pk_audit_events", "audit_events", type_="primary")
        op.create_primary_key("pk_audit_events", "audit_events", ["id"])
        op.alter_column("audit_events", "seq", nullable=True)
        op.alter_column("audit_events", "prev_hash", nullable=True)
        op.alter_column("audit_events", "hash", nullable=True)
        op.create_unique_constraint("uq_audit_events_seq", "audit_events", ["seq"])
    else:
        # SQLite cannot move a primary key: rebuild the table, ids as INTEGER PRIMARY KEY.
        op.drop_index("ix_audit_events_created_at", table_name="audit_events")
        op.rename_table("audit_events", "audit_events_0002")
        _sealed_events_table("audit_events")
        op.execute(
            f"INSERT INTO audit_events (id, seq, {_EVENT_COLUMNS}) "
            f"SELECT seq, seq, {_EVENT_COLUMNS} FROM audit_events_0002"
        )
        op.drop_table("audit_events_0002")
        op.create_index("ix_audit_events_created_at", "audit_events", ["created_at"])
    op.create_index("ix_audit_events_object", "audit_events", ["object_type", "object_id"])

    op.create_table(
        "chunk_heartbeats",
        sa.Column("job_id", sa.String(length=36), nullable=False),
        sa.Column("chunk_start", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("chunk_end", sa.Integer(), nullable=False),
        sa.Column("owner", sa.String(length=64), nullable=False),
        sa.Column("beat_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_id"],
            ["screening_jobs.id"],
            name=op.f("fk_chunk_heartbeats_job_id_screening_jobs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("job_id", "chunk_start", name=op.f("pk_chunk_heartbeats")),
    )


def downgrade() -> None:
    op.drop_table("chunk_heartbeats")
    op.drop_index("ix_audit_events_object", table_name="audit_events")
    # Events not sealed yet have no place in the old chain: seal before downgrading
    # (screening audit verify does).
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint("uq_audit_events_seq", "audit_events", type_="unique")
        op.drop_constraint("pk_audit_events", "audit_events", type_="primary")
        op.create_primary_key("pk_audit_events", "audit_events", ["seq"])
        op.alter_column("audit_events", "hash", nullable=False)
        op.alter_column("audit_events", "prev_hash", nullable=False)
        op.drop_column("audit_events", "id")
    else:
        op.drop_index("ix_audit_events_created_at", table_name="audit_events")
        op.rename_table("audit_events", "audit_events_0006")
        op.create_table(
            "audit_events",
            sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("actor", sa.String(length=128), nullable=False),
            sa.Column("channel", sa.String(length=8), nullable=False),
            sa.Column("action", sa.String(length=64), nullable=False),
            sa.Column("object_type", sa.String(length=32), nullable=False),
            sa.Column("object_id", sa.String(length=160), nullable=False),
            sa.Column("payload", sa.JSON(), nullable=False),
            sa.Column("prev_hash", sa.String(length=64), nullable=False),
            sa.Column("hash", sa.String(length=64), nullable=False),
            sa.PrimaryKeyConstraint("seq", name="pk_audit_events"),
            sa.UniqueConstraint("hash", name="uq_audit_events_hash"),
        )
        op.execute(
            f"INSERT INTO audit_events (seq, {_EVENT_COLUMNS}) "
            f"SELECT seq, {_EVENT_COLUMNS} FROM audit_events_0006 WHERE seq IS NOT NULL"
        )
        op.drop_table("audit_events_0006")
        op.create_index("ix_audit_events_created_at", "audit_events", ["created_at"])
