"""API 1.1: birth date and identifiers on items, the match limit on jobs, the listed
entity's details on matches, and durable webhook deliveries (job callbacks as events)

Revision ID: 0007
Revises: 0002
Create Date: 2026-12-02 17:21:08.609382
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("screening_items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("birth_date", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("identifiers", sa.JSON(), nullable=True))
    with op.batch_alter_table("screening_jobs", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("match_limit", sa.Integer(), server_default="10", nullable=False)
        )
    with op.batch_alter_table("matches", schema=None) as batch_op:
        batch_op.add_column(sa.Column("entity_schema", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("entity_details", sa.JSON(), nullable=True))
    with op.batch_alter_table("webhook_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("job_id", sa.String(length=36), nullable=True))
        batch_op.add_column(
            sa.Column("window_started_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("last_attempt_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("last_status_code", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("last_error", sa.Text(), nullable=True))
        batch_op.alter_column("api_key_id", existing_type=sa.Integer(), nullable=True)
        batch_op.create_unique_constraint(batch_op.f("uq_webhook_events_job_id"), ["job_id"])
        batch_op.create_foreign_key(
            batch_op.f("fk_webhook_events_job_id_screening_jobs"),
            "screening_jobs",
            ["job_id"],
            ["id"],
            ondelete="CASCADE",
        )


def downgrade() -> None:
    with op.batch_alter_table("webhook_events", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_webhook_events_job_id_screening_jobs"), type_="foreignkey"
        )
        batch_op.drop_constraint(batch_op.f("uq_webhook_events_job_id"), type_="unique")
        batch_op.alter_column("api_key_id", existing_type=sa.Integer(), nullable=False)
        for column in (
            "last_error",
            "last_status_code",
            "last_attempt_at",
            "next_attempt_at",
            "window_started_at",
            "job_id",
        ):
            batch_op.drop_column(column)
    with op.batch_alter_table("matches", schema=None) as batch_op:
        batch_op.drop_column("entity_details")
        batch_op.drop_column("entity_schema")
    with op.batch_alter_table("screening_jobs", schema=None) as batch_op:
        batch_op.drop_column("match_limit")
    with op.batch_alter_table("screening_items", schema=None) as batch_op:
        batch_op.drop_column("identifiers")
        batch_op.drop_column("birth_date")
