"""The audit log remembers which transaction wrote each row (PostgreSQL only), so its pages can
stop where a transaction still in flight might yet add a row (store/audit.py).

`writer_xid` (xid8) is the writing transaction's id, filled by the column's default
`pg_current_xact_id()`; rows written before this revision get 0, which orders them first.
Adding a column with a constant default rewrites nothing and fires no trigger, so the
append-only triggers stay as they are. SQLite has one writer at a time: nothing to add there.

Revision ID: 0002_storeops
Revises: 0001
Create Date: 2026-12-06 08:30:00
"""

from __future__ import annotations

from alembic import op

revision = "0002_storeops"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE audit_log ADD COLUMN writer_xid xid8 NOT NULL DEFAULT '0'")
    op.execute("ALTER TABLE audit_log ALTER COLUMN writer_xid SET DEFAULT pg_current_xact_id()")
    op.execute("CREATE INDEX ix_audit_log_writer_xid_id ON audit_log (writer_xid, id)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX ix_audit_log_writer_xid_id")
    op.execute("ALTER TABLE audit_log DROP COLUMN writer_xid")
