"""alert review: each match's place in review, the evidence a decision was made on

Revision ID: 0004
Revises: 0002
Create Date: 2026-12-02 17:16:17.849781
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("list_version", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("listing_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("subject_hash", sa.String(length=64), nullable=True))

    with op.batch_alter_table("matches", schema=None) as batch_op:
        batch_op.add_column(sa.Column("review_status", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("alert_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("clearance_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_matches_alert_id"), ["alert_id"], unique=False)
        batch_op.create_foreign_key(
            "fk_matches_alert_id_alerts", "alerts", ["alert_id"], ["id"], ondelete="SET NULL"
        )
        batch_op.create_foreign_key(
            "fk_matches_clearance_id_clearances",
            "clearances",
            ["clearance_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("matches", schema=None) as batch_op:
        batch_op.drop_constraint("fk_matches_clearance_id_clearances", type_="foreignkey")
        batch_op.drop_constraint("fk_matches_alert_id_alerts", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_matches_alert_id"))
        batch_op.drop_column("clearance_id")
        batch_op.drop_column("alert_id")
        batch_op.drop_column("review_status")

    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.drop_column("subject_hash")
        batch_op.drop_column("listing_hash")
        batch_op.drop_column("list_version")
