"""The decision store: nominations and their decisions, seats, enrolments, audit, idempotency,
plans; the audit log made append-only by triggers on both backends.

Revision ID: 0001
Revises:
Create Date: 2026-11-29 19:56:07.786319
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("at", TIMESTAMP, nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("entity", sa.String(length=64), nullable=False),
        sa.Column("entity_id", sa.String(length=200), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.Column("model_version", sa.String(length=100), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_index(op.f("ix_audit_log_actor"), "audit_log", ["actor"])
    op.create_index(op.f("ix_audit_log_at"), "audit_log", ["at"])

    op.create_table(
        "enrollments",
        sa.Column("employee_id", sa.String(length=64), nullable=False),
        sa.Column("program_id", sa.String(length=64), nullable=False),
        sa.Column("enrolled_at", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("pre_score", sa.Float(), nullable=True),
        sa.Column("post_score", sa.Float(), nullable=True),
        sa.Column("reaction_score", sa.Float(), nullable=True),
        sa.Column("behavior_score", sa.Float(), nullable=True),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.CheckConstraint(
            "status IN ('completed', 'dropped', 'failed', 'no_show', 'in_progress')",
            name=op.f("ck_enrollments_status_allowed"),
        ),
        sa.PrimaryKeyConstraint("employee_id", "program_id", name=op.f("pk_enrollments")),
    )
    op.create_index(op.f("ix_enrollments_program_id"), "enrollments", ["program_id"])

    op.create_table(
        "idempotency_keys",
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("route", sa.String(length=200), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("response", sa.JSON(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("actor", "key", name=op.f("pk_idempotency_keys")),
    )
    op.create_table(
        "nominations",
        sa.Column("nomination_id", sa.String(length=32), nullable=False),
        sa.Column("program_id", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("budget", sa.Float(), nullable=True),
        sa.Column("model_version", sa.String(length=100), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.CheckConstraint(
            "status IN ('draft', 'in_review', 'decided')",
            name=op.f("ck_nominations_status_allowed"),
        ),
        sa.CheckConstraint(
            "budget IS NULL OR budget >= 0", name=op.f("ck_nominations_budget_non_negative")
        ),
        sa.PrimaryKeyConstraint("nomination_id", name=op.f("pk_nominations")),
    )
    op.create_index(op.f("ix_nominations_program_id"), "nominations", ["program_id"])

    op.create_table(
        "plans",
        sa.Column("plan_id", sa.String(length=32), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("model_version", sa.String(length=100), nullable=False),
        sa.Column("inputs", sa.JSON(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("plan_id", name=op.f("pk_plans")),
    )
    op.create_table(
        "program_seats",
        sa.Column("program_id", sa.String(length=64), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("approved", sa.Integer(), nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("program_id", name=op.f("pk_program_seats")),
    )
    op.create_table(
        "nomination_items",
        sa.Column("nomination_id", sa.String(length=32), nullable=False),
        sa.Column("employee_id", sa.String(length=64), nullable=False),
        sa.Column("program_id", sa.String(length=64), nullable=False),
        sa.Column("unit_id", sa.String(length=64), nullable=True),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("completion_probability", sa.Float(), nullable=True),
        sa.Column("expected_gain", sa.Float(), nullable=True),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("model_version", sa.String(length=100), nullable=False),
        sa.Column("decision", sa.String(length=16), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("decided_by", sa.String(length=200), nullable=True),
        sa.Column("decided_at", TIMESTAMP, nullable=True),
        sa.CheckConstraint(
            "decision IN ('approved', 'rejected')",
            name=op.f("ck_nomination_items_decision_allowed"),
        ),
        sa.ForeignKeyConstraint(
            ["nomination_id"],
            ["nominations.nomination_id"],
            name=op.f("fk_nomination_items_nomination_id_nominations"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("nomination_id", "employee_id", name=op.f("pk_nomination_items")),
    )
    op.create_index(
        op.f("ix_nomination_items_employee_id_decision"),
        "nomination_items",
        ["employee_id", "decision"],
    )
    op.create_index(
        op.f("ix_nomination_items_program_id_decision"),
        "nomination_items",
        ["program_id", "decision"],
    )
    _make_audit_log_append_only()


_REFUSAL = "audit_log is append-only: rows are never updated or deleted"


def _make_audit_log_append_only() -> None:
    """Triggers that refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL) of audit rows."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION audit_log_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN RAISE EXCEPTION '{_REFUSAL}'; END $$"
        )
        op.execute(
            "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION audit_log_refuse()"
        )
        op.execute(
            "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse()"
        )
        return
    for event in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER audit_log_no_{event.lower()} BEFORE {event} ON audit_log "
            f"BEGIN SELECT RAISE(ABORT, '{_REFUSAL}'); END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TABLE audit_log")
        op.execute("DROP FUNCTION audit_log_refuse()")
    else:
        op.drop_table("audit_log")
    for table in ("nomination_items", "program_seats", "plans", "nominations"):
        op.drop_table(table)
    op.drop_table("idempotency_keys")
    op.drop_table("enrollments")
