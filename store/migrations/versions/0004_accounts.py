"""Accounts: people who sign in (`users`), their server-side sessions (`user_sessions`) and
systems with their own keys (`api_clients`). docs/security.md describes them.

Revision ID: 0004_accounts
Revises: 0003
Create Date: 2026-12-06 11:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_accounts"
down_revision = "0003"
branch_labels = None
depends_on = None

TIMESTAMP = sa.DateTime(timezone=True)
ACTOR = sa.String(length=200)


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=True),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("unit_ids", sa.JSON(), nullable=True),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("created_by", ACTOR, nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("updated_by", ACTOR, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.Column("last_sign_in_at", TIMESTAMP, nullable=True),
        sa.CheckConstraint("role IN ('planner', 'admin')", name=op.f("ck_users_role_allowed")),
        sa.PrimaryKeyConstraint("username", name=op.f("pk_users")),
    )
    op.create_table(
        "user_sessions",
        sa.Column("session_hash", sa.String(length=64), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("last_seen_at", TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["username"],
            ["users.username"],
            name=op.f("fk_user_sessions_username_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("session_hash", name=op.f("pk_user_sessions")),
    )
    op.create_index(op.f("ix_user_sessions_username"), "user_sessions", ["username"])
    op.create_table(
        "api_clients",
        sa.Column("client_id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("unit_ids", sa.JSON(), nullable=True),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("created_by", ACTOR, nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("revoked_by", ACTOR, nullable=True),
        sa.Column("revoked_at", TIMESTAMP, nullable=True),
        sa.CheckConstraint(
            "role IN ('system', 'planner')", name=op.f("ck_api_clients_role_allowed")
        ),
        sa.PrimaryKeyConstraint("client_id", name=op.f("pk_api_clients")),
        sa.UniqueConstraint("key_hash", name=op.f("uq_api_clients_key_hash")),
    )


def downgrade() -> None:
    op.drop_table("api_clients")
    op.drop_index(op.f("ix_user_sessions_username"), table_name="user_sessions")
    op.drop_table("user_sessions")
    op.drop_table("users")
