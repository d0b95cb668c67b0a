"""alerts, counterparties and key events

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 17:01:35.754510
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _has_active_version_fk() -> bool:
    foreign_keys = sa.inspect(op.get_bind()).get_foreign_keys("watchlists")
    return any(fk["constrained_columns"] == ["active_version_id"] for fk in foreign_keys)


def upgrade() -> None:
    # 0001 declared this key with use_alter, which create_table skips: on PostgreSQL
    # it was never created. SQLite has it inline already.
    if not _has_active_version_fk():
        op.create_foreign_key(
            "fk_watchlists_active_version",
            "watchlists",
            "list_versions",
            ["active_version_id"],
            ["id"],
        )
    op.create_table(
        "counterparties",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=256), nullable=False),
        sa.Column("name", sa.String(length=1024), nullable=False),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("birth_date", sa.String(length=10), nullable=True),
        sa.Column("identifiers", sa.JSON(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("blocked", sa.Boolean(), nullable=False),
        sa.Column("api_key_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("data_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("screened_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["api_key_id"], ["api_keys.id"], name=op.f("fk_counterparties_api_key_id_api_keys")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_counterparties")),
        sa.UniqueConstraint("reference", name=op.f("uq_counterparties_reference")),
    )
    with op.batch_alter_table("counterparties", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_counterparties_active"), ["active"], unique=False)

    op.create_table(
        "webhook_events",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("api_key_id", sa.Integer(), nullable=False),
        sa.Column("event", sa.String(length=64), nullable=False),
        sa.Column("url", sa.String(length=2048), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("gave_up_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["api_key_id"], ["api_keys.id"], name=op.f("fk_webhook_events_api_key_id_api_keys")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_events")),
    )
    with op.batch_alter_table("webhook_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_webhook_events_api_key_id"), ["api_key_id"], unique=False
        )

    op.create_table(
        "counterparty_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("counterparty_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_by", sa.String(length=128), nullable=False),
        sa.Column("channel", sa.String(length=8), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["counterparty_id"],
            ["counterparties.id"],
            name=op.f("fk_counterparty_changes_counterparty_id_counterparties"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_counterparty_changes")),
        sa.UniqueConstraint(
            "counterparty_id", "version", name=op.f("uq_counterparty_changes_counterparty_id")
        ),
    )
    with op.batch_alter_table("counterparty_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_counterparty_changes_counterparty_id"), ["counterparty_id"], unique=False
        )

    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject_key", sa.String(length=600), nullable=False),
        sa.Column("subject_hash", sa.String(length=64), nullable=False),
        sa.Column("counterparty_id", sa.Integer(), nullable=True),
        sa.Column("subject_name", sa.String(length=1024), nullable=False),
        sa.Column("subject_type", sa.String(length=16), nullable=False),
        sa.Column("subject_country", sa.String(length=64), nullable=True),
        sa.Column("job_id", sa.String(length=36), nullable=True),
        sa.Column("match_id", sa.Integer(), nullable=True),
        sa.Column("list_name", sa.String(length=64), nullable=False),
        sa.Column("list_version", sa.Integer(), nullable=False),
        sa.Column("entity_key", sa.String(length=160), nullable=False),
        sa.Column("source_id", sa.String(length=128), nullable=False),
        sa.Column("entity_name", sa.String(length=1024), nullable=False),
        sa.Column("listing_hash", sa.String(length=64), nullable=False),
        sa.Column("matched_name", sa.String(length=1024), nullable=False),
        sa.Column("score", sa.Double(), nullable=False),
        sa.Column("explanation", sa.JSON(), nullable=False),
        sa.Column("algorithm_version", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("raised_reason", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("resolution", sa.String(length=16), nullable=True),
        sa.Column("assignee", sa.String(length=128), nullable=True),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["counterparty_id"],
            ["counterparties.id"],
            name=op.f("fk_alerts_counterparty_id_counterparties"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["job_id"],
            ["screening_jobs.id"],
            name=op.f("fk_alerts_job_id_screening_jobs"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["match_id"],
            ["matches.id"],
            name=op.f("fk_alerts_match_id_matches"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alerts")),
    )
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_alerts_assignee"), ["assignee"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_alerts_counterparty_id"), ["counterparty_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_alerts_job_id"), ["job_id"], unique=False)
        batch_op.create_index(
            "ix_alerts_pair", ["subject_key", "list_name", "entity_key"], unique=False
        )
        batch_op.create_index("ix_alerts_status_opened", ["status", "opened_at"], unique=False)
        batch_op.create_index(
            "uq_alerts_unclosed_pair",
            ["subject_key", "list_name", "entity_key"],
            unique=True,
            sqlite_where=sa.text("status != 'closed'"),
            postgresql_where=sa.text("status != 'closed'"),
        )

    op.create_table(
        "alert_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("alert_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["alert_id"],
            ["alerts.id"],
            name=op.f("fk_alert_events_alert_id_alerts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_events")),
    )
    with op.batch_alter_table("alert_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_alert_events_alert_id"), ["alert_id"], unique=False)

    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("alert_id", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("proposed_by", sa.String(length=128), nullable=False),
        sa.Column("proposed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reviewed_by", sa.String(length=128), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("review_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["alert_id"],
            ["alerts.id"],
            name=op.f("fk_decisions_alert_id_alerts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decisions")),
    )
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decisions_alert_id"), ["alert_id"], unique=False)

    op.create_table(
        "clearances",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject_key", sa.String(length=600), nullable=False),
        sa.Column("list_name", sa.String(length=64), nullable=False),
        sa.Column("entity_key", sa.String(length=160), nullable=False),
        sa.Column("listing_hash", sa.String(length=64), nullable=False),
        sa.Column("subject_hash", sa.String(length=64), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("alert_id", sa.Integer(), nullable=False),
        sa.Column("cleared_by", sa.String(length=128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("lapsed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["alert_id"],
            ["alerts.id"],
            name=op.f("fk_clearances_alert_id_alerts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decisions.id"],
            name=op.f("fk_clearances_decision_id_decisions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clearances")),
    )
    with op.batch_alter_table("clearances", schema=None) as batch_op:
        batch_op.create_index(
            "ix_clearances_pair", ["subject_key", "list_name", "entity_key"], unique=False
        )

    with op.batch_alter_table("api_keys", schema=None) as batch_op:
        batch_op.add_column(sa.Column("webhook_url", sa.String(length=2048), nullable=True))

    with op.batch_alter_table("entities", schema=None) as batch_op:
        batch_op.add_column(sa.Column("listing_hash", sa.String(length=64), nullable=True))

    with op.batch_alter_table("webhook_deliveries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("event_id", sa.String(length=36), nullable=True))
        batch_op.alter_column("job_id", existing_type=sa.VARCHAR(length=36), nullable=True)
        batch_op.create_index(
            batch_op.f("ix_webhook_deliveries_event_id"), ["event_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_webhook_deliveries_event_id_webhook_events"),
            "webhook_events",
            ["event_id"],
            ["id"],
            ondelete="CASCADE",
        )


def downgrade() -> None:
    with op.batch_alter_table("webhook_deliveries", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_webhook_deliveries_event_id_webhook_events"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_webhook_deliveries_event_id"))
        batch_op.alter_column("job_id", existing_type=sa.VARCHAR(length=36), nullable=False)
        batch_op.drop_column("event_id")

    with op.batch_alter_table("entities", schema=None) as batch_op:
        batch_op.drop_column("listing_hash")

    with op.batch_alter_table("api_keys", schema=None) as batch_op:
        batch_op.drop_column("webhook_url")

    with op.batch_alter_table("clearances", schema=None) as batch_op:
        batch_op.drop_index("ix_clearances_pair")

    op.drop_table("clearances")
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decisions_alert_id"))

    op.drop_table("decisions")
    with op.batch_alter_table("alert_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_alert_events_alert_id"))

    op.drop_table("alert_events")
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_alerts_unclosed_pair",
            sqlite_where=sa.text("status != 'closed'"),
            postgresql_where=sa.text("status != 'closed'"),
        )
        batch_op.drop_index("ix_alerts_status_opened")
        batch_op.drop_index("ix_alerts_pair")
        batch_op.drop_index(batch_op.f("ix_alerts_job_id"))
        batch_op.drop_index(batch_op.f("ix_alerts_counterparty_id"))
        batch_op.drop_index(batch_op.f("ix_alerts_assignee"))

    op.drop_table("alerts")
    with op.batch_alter_table("counterparty_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_counterparty_changes_counterparty_id"))

    op.drop_table("counterparty_changes")
    with op.batch_alter_table("webhook_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_webhook_events_api_key_id"))

    op.drop_table("webhook_events")
    with op.batch_alter_table("counterparties", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_counterparties_active"))

    op.drop_table("counterparties")
