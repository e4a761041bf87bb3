"""Live state: who is approved or enrolled where, and which seats are taken.

`live_state` is what the service hands the engine (plain frames, no connection); the other
functions read the same facts inside a decision's locked transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from features import columns as col
from store.audit import READ_ACTIONS
from store.database import is_postgres, read_transaction
from store.tables import APPROVED, audit_log, enrollments, nomination_items

# Enrolments that hold a place in the employee's calendar and history (for the rules).
HOLDING_STATUSES = (col.IN_PROGRESS, col.COMPLETED)
# An employee whose enrolment ends so has left the program: the enrolment holds no seat, and
# an approval for that program no longer holds the seat, the course or the calendar (a
# replacement may be approved; the course may be taken again). docs/decision-store.md.
LEAVING_STATUSES = col.NOT_COMPLETED


@dataclass(frozen=True)
class LiveRows:
    """The store's facts the engine needs, as plain frames of ids (rows, not the engine's
    codes: `service.decision_store` turns them into `model.live.LiveState` with `live_codes`).

    approved: (employee_id, program_id) of every approved nomination item that still holds
        (its employee has not left the program: `LEAVING_STATUSES`).
    enrolled: (employee_id, program_id, status) of every enrolment the store holds.
    taken_seats: program_id -> seats taken (approved and not left, or enrolled in progress or
        completed; counted once).
    generation: the newest audit row's id in the snapshot (`live_generation`).
    settled: False when other writers were in flight (PostgreSQL): one of them may still commit
        an older id, so the generation alone cannot tell that this state is current.
    """

    approved: pd.DataFrame
    enrolled: pd.DataFrame
    taken_seats: pd.Series
    generation: int = 0
    settled: bool = True


# the newest audit row's id that is not a read (`READ_ACTIONS`); the primary key walked
# backwards, stopping at the first such row, on both backends (as text: asked on every read
# request, see `service.decision_store.store_generation`)
GENERATION_SQL = (
    f"SELECT coalesce((SELECT id FROM {audit_log.name} WHERE action NOT IN "
    f"({', '.join(repr(a) for a in READ_ACTIONS)}) ORDER BY id DESC LIMIT 1), 0)"
)


def live_generation(db: Engine) -> int:
    """The store's generation: the newest audit row's id, reads of personal data left out.
    Every write of live state (decisions, enrolments) adds an audit row in its own
    transaction, so a cached LiveRows is current while this is unchanged (and the state was
    `settled`). One indexed lookup."""
    with read_transaction(db) as conn:
        return _generation(conn)


def _generation(conn: Connection) -> int:
    return int(conn.exec_driver_sql(GENERATION_SQL).scalar_one())  # coalesce: always one row


def _writers_in_flight(conn: Connection) -> bool:
    """PostgreSQL: whether transactions holding an id were running when the snapshot was taken
    (sequence ids can commit out of order). SQLite has one writer at a time: never."""
    if not is_postgres(conn):
        return False
    query = "SELECT EXISTS (SELECT 1 FROM pg_snapshot_xip(pg_current_snapshot()))"
    return bool(conn.execute(sa.text(query)).scalar())


def live_state(db: Engine) -> LiveRows:
    """Read the live state's rows in one consistent snapshot."""
    pair = [col.EMPLOYEE_ID, col.PROGRAM_ID]
    with read_transaction(db) as conn:
        generation, settled = _generation(conn), not _writers_in_flight(conn)
        approved = _frame(conn, held_approvals().distinct(), pair)
        enrolled = _frame(
            conn,
            sa.select(enrollments.c.employee_id, enrollments.c.program_id, enrollments.c.status),
            [*pair, col.STATUS],
        )
    seated = enrolled.loc[enrolled[col.STATUS].isin(HOLDING_STATUSES), pair]
    holders = pd.concat([approved, seated], ignore_index=True).drop_duplicates()
    taken = holders.groupby(col.PROGRAM_ID).size().astype("int64").rename("taken_seats")
    return LiveRows(approved, enrolled, taken, generation=generation, settled=settled)


def holdings_of(
    conn: Connection, employee_ids: Sequence[str], exclude_nomination: str
) -> pd.DataFrame:
    """What the employees hold (`employee_id`, `program_id`, `held`: approved, in_progress or
    completed): approvals in other nominations, and enrolments in progress or completed."""
    items = nomination_items.c
    approved = _frame(
        conn,
        held_approvals().where(
            items.employee_id.in_(list(employee_ids)),
            items.nomination_id != exclude_nomination,
        ),
        [col.EMPLOYEE_ID, col.PROGRAM_ID],
    ).assign(held="approved")
    enrolled = _frame(
        conn,
        sa.select(enrollments.c.employee_id, enrollments.c.program_id, enrollments.c.status).where(
            enrollments.c.employee_id.in_(list(employee_ids)),
            enrollments.c.status.in_(HOLDING_STATUSES),
        ),
        [col.EMPLOYEE_ID, col.PROGRAM_ID, col.STATUS],
    )
    enrolled = enrolled.rename(columns={col.STATUS: "held"})
    return pd.concat([approved, enrolled], ignore_index=True)


def seat_holders(conn: Connection, program_id: str, exclude_nomination: str) -> set[str]:
    """Employees holding a seat of the program, leaving out one nomination's items: approved
    in another nomination and not left, or enrolled in progress or completed."""
    approved = held_approvals(nomination_items.c.employee_id).where(
        nomination_items.c.program_id == program_id,
        nomination_items.c.nomination_id != exclude_nomination,
    )
    enrolled = sa.select(enrollments.c.employee_id).where(
        enrollments.c.program_id == program_id,
        enrollments.c.status.in_(HOLDING_STATUSES),
    )
    return set(conn.execute(sa.union(approved, enrolled)).scalars())


def leavers(conn: Connection, program_id: str, employee_ids: Sequence[str]) -> dict[str, str]:
    """Of `employee_ids`, those who left the program: employee id -> the enrolment's status."""
    rows = conn.execute(
        sa.select(enrollments.c.employee_id, enrollments.c.status).where(
            enrollments.c.program_id == program_id,
            enrollments.c.employee_id.in_(list(employee_ids)),
            enrollments.c.status.in_(LEAVING_STATUSES),
        )
    ).all()
    return {str(e): str(s) for e, s in rows}


def held_approvals(*columns: sa.ColumnElement) -> sa.Select:
    """SELECT (by default employee_id, program_id) of the approved items that still hold: no
    enrolment of theirs in the same program says the employee left it."""
    items = nomination_items.c
    left = sa.exists().where(
        enrollments.c.employee_id == items.employee_id,
        enrollments.c.program_id == items.program_id,
        enrollments.c.status.in_(LEAVING_STATUSES),
    )
    chosen = columns or (items.employee_id, items.program_id)
    return sa.select(*chosen).where(items.decision == APPROVED, ~left)


def _frame(conn: Connection, query: sa.Select, columns: list[str]) -> pd.DataFrame:
    rows = conn.execute(query).all()
    return pd.DataFrame(rows, columns=columns).astype(dict.fromkeys(columns, "str"))
