"""Everything the decision store holds about one employee: their nomination items (what a
planner was shown, and the decision), their enrolments, and the audit entries about them.
What an admin hands a person who asks what is held about them (docs/personal-data.md)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from features import columns as col
from store.audit import about_employee, jsonable
from store.database import read_transaction
from store.tables import audit_log, enrollments, nomination_items, nominations


def records_about(db: Engine, employee_id: str) -> dict[str, list[dict[str, Any]]]:
    """`nominations` (each item with its nomination's program, status and author),
    `enrollments` and `audit` (oldest first), as JSON-safe rows."""
    items = (
        sa.select(
            nomination_items,
            nominations.c.status.label("nomination_status"),
            nominations.c.created_by.label("nominated_by"),
            nominations.c.created_at.label("nominated_at"),
        )
        .select_from(nomination_items.join(nominations))
        .where(nomination_items.c[col.EMPLOYEE_ID] == employee_id)
        .order_by(nominations.c.created_at)
    )
    enrolled = sa.select(enrollments).where(enrollments.c[col.EMPLOYEE_ID] == employee_id)
    audit = sa.select(audit_log).where(about_employee(employee_id)).order_by(audit_log.c.id)
    with read_transaction(db) as conn:
        found = {
            "nominations": conn.execute(items).mappings().all(),
            "enrollments": conn.execute(enrolled.order_by(enrollments.c.enrolled_at))
            .mappings()
            .all(),
            "audit": conn.execute(audit).mappings().all(),
        }
    return {name: [jsonable(dict(r)) for r in rows] for name, rows in found.items()}
