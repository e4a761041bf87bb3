"""Nominations remember whether the planner included employees outside the program's
audience (`include_outside_audience`): approval checks the audience again only when not.

Revision ID: 0003
Revises: 0002_storeops
Create Date: 2026-12-06 08:20:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002_storeops"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("nominations") as batch:
        batch.add_column(
            sa.Column(
                "include_outside_audience",
                sa.Boolean(),
                nullable=False,
                server_default=sa.false(),
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("nominations") as batch:
        batch.drop_column("include_outside_audience")
