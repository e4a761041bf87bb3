"""Decisions on a nomination: approve or reject each employee, every rule checked under a lock.

All rules are checked in the one transaction that writes the decisions, after the program's
seat row is locked (PostgreSQL: SELECT ... FOR UPDATE, plus a lock per approved employee for
the rules that span programs; SQLite: the write lock of BEGIN IMMEDIATE). The nomination itself
is read only once the lock is held: two planners racing for the last seat, in one nomination
or in two, are therefore ordered, and the second one sees the first one's approval (and its
cost, for the nomination's budget). A request that breaks any rule is refused whole, naming
each employee and why.

An approval whose employee left the program (`store.live.LEAVING_STATUSES`) holds no seat, no
course and no money; the employee cannot be approved for it again. See docs/decision-store.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from features import columns as col
from store.audit import record
from store.database import insert_or_ignore, is_postgres, write_transaction
from store.errors import (
    LEFT_PROGRAM,
    NO_FREE_SEAT,
    OVER_BUDGET,
    PROGRAM_STARTED,
    ConflictError,
    InvalidRowsError,
    RecordNotFoundError,
    Refusal,
    refusal,
    repeated_rows,
)
from store.live import holdings_of, leavers, seat_holders
from store.nominations import load_nomination
from store.rules import ProgramFacts, facts_frame, holding_conflicts, holding_refusal
from store.tables import (
    APPROVED,
    DECIDED,
    DECISIONS,
    DRAFT,
    IN_REVIEW,
    nomination_items,
    nominations,
    program_seats,
    utc_now,
)

DECISION_FIELDS = ("decision", "reason", "decided_by", "decided_at")


def decide(
    db: Engine,
    nomination_id: str,
    decisions: Sequence[Mapping[str, Any]],
    actor: str,
    programs: Mapping[str, ProgramFacts],
    as_of: date | None = None,
) -> dict[str, Any]:
    """Record `decisions` (each `employee_id`, `decision` approved/rejected, `reason`?) and
    return the nomination. `programs` holds the catalogue's facts (at least the nomination's
    program, and those the employees hold, for the overlap and same-course rules). `as_of`:
    the day the service judges "started" by (the bundle's snapshot); no approval is taken for
    a program starting on or before it, so a seat freed after the start stays empty.

    Raises ConflictError (details: employee id -> reasons) if an approval breaks a rule,
    RecordNotFoundError for an unknown nomination or program, InvalidRowsError for a bad decision.
    """
    wanted = _checked_decisions(decisions)
    with write_transaction(db) as conn:
        program_id = _program_of(conn, nomination_id)
        if program_id not in programs:
            raise RecordNotFoundError(f"program not found: {program_id}")
        capacity = programs[program_id].capacity
        approving = [e for e, d in wanted.items() if d["decision"] == APPROVED]
        _lock(conn, program_id, capacity, approving)
        # Read only now: every decision on this program (this nomination's too) committed
        # before the lock was granted is seen (READ COMMITTED: each statement reads what is
        # committed when it starts), so the seats and the budget are counted right.
        current = load_nomination(conn, nomination_id)
        changes = _changes(wanted, current)
        if not changes:
            return current
        refusals = _refusals(conn, current, changes, programs, as_of)
        if refusals:
            who = f"{len(refusals)} employee{'s' if len(refusals) > 1 else ''}"
            raise ConflictError(f"approval refused for {who}: nothing was recorded", refusals)
        _apply(conn, current, changes, actor, capacity)
        return load_nomination(conn, nomination_id)


def _checked_decisions(decisions: Sequence[Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    if not decisions:
        raise InvalidRowsError("at least one decision is required", column="decisions")
    bad = [i + 1 for i, d in enumerate(decisions) if d.get("decision") not in DECISIONS]
    if bad:
        allowed = ", ".join(DECISIONS)
        raise InvalidRowsError(f"unknown decision (allowed: {allowed})", "decision", bad)
    ids = [d.get(col.EMPLOYEE_ID) for d in decisions]
    repeated = repeated_rows(ids)
    if repeated:
        raise InvalidRowsError("the same employee is decided twice", col.EMPLOYEE_ID, repeated)
    return {d[col.EMPLOYEE_ID]: {**d} for d in decisions}


def _changes(
    wanted: Mapping[str, Mapping[str, Any]], current: dict[str, Any]
) -> dict[str, Mapping[str, Any]]:
    """The wanted decisions that change an item (InvalidRowsError for a stranger)."""
    items = {item[col.EMPLOYEE_ID]: item for item in current["items"]}
    _check_members(wanted, items)
    return {
        e: d
        for e, d in wanted.items()
        if (items[e]["decision"], items[e]["reason"]) != (d["decision"], d.get("reason"))
    }


def _check_members(wanted: Mapping[str, Any], items: Mapping[str, Any]) -> None:
    strangers = [i + 1 for i, e in enumerate(wanted) if e not in items]
    if strangers:
        problem = "not an employee of this nomination"
        raise InvalidRowsError(problem, col.EMPLOYEE_ID, strangers)


def _lock(conn: Connection, program_id: str, capacity: int, approving: list[str]) -> None:
    """Lock the program's seat row, then (PostgreSQL) each employee being approved, in order.

    The program is always locked first and only one program per transaction, so the employee
    locks cannot deadlock."""
    seat = {col.PROGRAM_ID: program_id, col.CAPACITY: capacity, "approved": 0}
    insert_or_ignore(conn, program_seats, {**seat, "updated_at": utc_now()})
    conn.execute(
        sa.select(program_seats.c.program_id)
        .where(program_seats.c.program_id == program_id)
        .with_for_update()
    )
    if is_postgres(conn):
        for employee_id in sorted(approving):
            conn.execute(
                sa.text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"),
                {"key": f"employee:{employee_id}"},
            )


def _program_of(conn: Connection, nomination_id: str) -> str:
    """The nomination's program (never changes: safe to read before the lock)."""
    found = conn.execute(
        sa.select(nominations.c.program_id).where(nominations.c.nomination_id == nomination_id)
    ).scalar()
    if found is None:
        raise RecordNotFoundError(f"nomination not found: {nomination_id}")
    return str(found)


def _refusals(
    conn: Connection,
    current: dict[str, Any],
    changes: Mapping[str, Mapping[str, Any]],
    programs: Mapping[str, ProgramFacts],
    as_of: date | None,
) -> dict[str, list[Refusal]]:
    """Each newly approved employee that breaks a rule, with every reason why (each a
    `Refusal`: a code and values, read as the API's English sentence)."""
    nomination_id, program_id = current["nomination_id"], current[col.PROGRAM_ID]
    approving = _newly_approved(current, changes)
    if not approving:
        return {}
    facts = programs[program_id]
    reasons: dict[str, list[Refusal]] = {e: [] for e in approving}
    if as_of is not None and facts.start_date <= as_of:
        why = refusal(PROGRAM_STARTED, day=facts.start_date.isoformat())
        for employee_id in approving:
            reasons[employee_id].append(why)
    holdings = holdings_of(conn, approving, exclude_nomination=nomination_id)
    frame = facts_frame(programs, [program_id, *holdings[col.PROGRAM_ID].tolist()])
    for conflict in holding_conflicts(holdings, program_id, frame).itertuples(index=False):
        reasons[conflict.employee_id].append(holding_refusal(conflict))
    left = leavers(conn, program_id, [i[col.EMPLOYEE_ID] for i in current["items"]])
    for employee_id in approving:
        if employee_id in left:
            reasons[employee_id].append(refusal(LEFT_PROGRAM, status=left[employee_id]))
    seated = _seated_after(current, changes, left)
    taken = len(seat_holders(conn, program_id, nomination_id) | (seated - set(approving)))
    if taken + len(approving) > facts.capacity:
        free = max(facts.capacity - taken, 0)
        why = refusal(NO_FREE_SEAT, taken=taken, capacity=facts.capacity, free=free,
                      n=len(approving))  # fmt: skip
        for employee_id in approving:
            reasons[employee_id].append(why)
    _budget_reasons(current["budget"], len(seated), facts, reasons)
    return {e: r for e, r in reasons.items() if r}


def _seated_after(
    current: dict[str, Any], changes: Mapping[str, Mapping[str, Any]], left: Mapping[str, str]
) -> set[str]:
    """The nomination's employees approved once the changes are applied, but for those who
    left the program (their approval no longer holds a seat)."""
    after = {i[col.EMPLOYEE_ID]: i["decision"] for i in current["items"]}
    after.update({e: d["decision"] for e, d in changes.items()})
    return {e for e, d in after.items() if d == APPROVED and e not in left}


def _newly_approved(current: dict[str, Any], changes: Mapping[str, Mapping[str, Any]]) -> list[str]:
    before = {i[col.EMPLOYEE_ID]: i["decision"] for i in current["items"]}
    return [e for e, d in changes.items() if d["decision"] == APPROVED and before[e] != APPROVED]


def _budget_reasons(
    budget: float | None, n_seated: int, facts: ProgramFacts, reasons: dict[str, list[Refusal]]
) -> None:
    """The nomination's budget, when it carries one: its seats held × cost within it (a seat
    given back before the start costs nothing)."""
    if budget is None:
        return
    total = n_seated * facts.cost
    if total > budget + 1e-9:
        why = refusal(OVER_BUDGET, n=n_seated, cost=total, budget=budget)
        for employee_id in reasons:
            reasons[employee_id].append(why)


def _apply(
    conn: Connection,
    current: dict[str, Any],
    changes: Mapping[str, Mapping[str, Any]],
    actor: str,
    capacity: int,
) -> None:
    """Write the decisions, their audit rows, the nomination's status and the seat count."""
    nomination_id, program_id = current["nomination_id"], current[col.PROGRAM_ID]
    now = utc_now()
    items = {i[col.EMPLOYEE_ID]: i for i in current["items"]}
    updates = [
        {"e": e, "v_decision": d["decision"], "v_reason": d.get("reason"), "by": actor, "at": now}
        for e, d in changes.items()
    ]
    conn.execute(
        sa.update(nomination_items)
        .where(
            nomination_items.c.nomination_id == nomination_id,
            nomination_items.c.employee_id == sa.bindparam("e"),
        )
        .values(
            decision=sa.bindparam("v_decision"),
            reason=sa.bindparam("v_reason"),
            decided_by=sa.bindparam("by"),
            decided_at=sa.bindparam("at"),
        ),
        updates,
    )
    entries = [
        {
            "action": f"decision.{u['v_decision']}",
            "entity": "nomination_item",
            "entity_id": f"{nomination_id}/{u['e']}",
            "before": {f: items[u["e"]][f] for f in DECISION_FIELDS},
            "after": dict(
                zip(DECISION_FIELDS, (u["v_decision"], u["v_reason"], actor, now), strict=True)
            ),
            "model_version": items[u["e"]]["model_version"],
        }
        for u in updates
    ]
    record(conn, entries, actor)
    decided = {e: i["decision"] for e, i in items.items()} | {
        u["e"]: u["v_decision"] for u in updates
    }
    n_decided = sum(d is not None for d in decided.values())
    status = DECIDED if n_decided == len(decided) else (IN_REVIEW if n_decided else DRAFT)
    conn.execute(
        sa.update(nominations)
        .where(nominations.c.nomination_id == nomination_id)
        .values(status=status, updated_at=now)
    )
    approved = sa.select(sa.func.count()).where(
        nomination_items.c.program_id == program_id, nomination_items.c.decision == APPROVED
    )
    conn.execute(
        sa.update(program_seats)
        .where(program_seats.c.program_id == program_id)
        .values(approved=approved.scalar_subquery(), capacity=capacity, updated_at=now)
    )
