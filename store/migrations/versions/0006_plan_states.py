"""Plans have a state in their approval chain (draft, verified, validated, set; issue 24):
every plan saved before this revision is a draft, as a new plan is.

Revision ID: 0006_plan_states
Revises: 0003
Create Date: 2026-12-06 11:45:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_plan_states"
down_revision = "0005_jobs"
branch_labels = None
depends_on = None

STATES = "'draft', 'verified', 'validated', 'set'"


def upgrade() -> None:
    with op.batch_alter_table("plans") as batch:
        batch.add_column(sa.Column("state", sa.String(16), nullable=False, server_default="draft"))
        batch.create_check_constraint(op.f("ck_plans_state_allowed"), f"state IN ({STATES})")


def downgrade() -> None:
    with op.batch_alter_table("plans") as batch:
        batch.drop_constraint(op.f("ck_plans_state_allowed"), type_="check")
        batch.drop_column("state")
