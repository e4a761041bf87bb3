"""A plan's approval chain (PP 11/2017 Pasal 207): draft -> verified -> validated -> set.

A plan moves one step forward at a time and never back: a plan that must change is made
again (a new draft). Who may take which step is the service's rule (service/actions/
plan_states.py); the store keeps the state, refuses a step that is not the next one, and
records every step in the audit log with its actor and time, in the same transaction.
Two people taking the same step at once: the second finds the state moved and is refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import pairwise
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from store.audit import record
from store.database import read_transaction, write_transaction
from store.errors import ConflictError, RecordNotFoundError, Refusal
from store.tables import PLAN_STATES, audit_log, plans

STEP = "plan.state"  # the audit log's action of a step
NEXT_STATE = dict(pairwise(PLAN_STATES))
SET = PLAN_STATES[-1]
# The refusals of a plan's state (`store.Refusal`: a code and values, the English sentence
# the API shows); `PlanStateError.code` is the API's code, `reason.code` says which of these
IS_SET = "plan_is_set"  # state
NOT_NEXT = "plan_not_next_state"  # state, next, to
STATE_CHANGED = "plan_state_changed"  # state, to
NOT_SET = "plan_not_set"  # state
SENTENCES = {
    IS_SET: "the plan is set: it takes no more steps (make a new plan to change it)",
    NOT_NEXT: "a {state} plan can only become {next}, not {to}",
    STATE_CHANGED: "the plan's state changed meanwhile",
    NOT_SET: (
        "only a set plan can be applied; this plan is {state}"
        " (it moves draft -> verified -> validated -> set: POST /v1/plans/<plan_id>/state)"
    ),
}


def refusal(code: str, **values: str | None) -> Refusal:
    """The plan-state refusal `code` with its values."""
    return Refusal(code, SENTENCES[code], values)


class PlanStateError(ConflictError):
    """A step refused by the plan's state (409): `code` is the API's (`plan_state_step`: not
    the next step; `plan_not_set`: applying a plan that is not set), `reason` the refusal
    (its own code and values, `SENTENCES`) for pages and clients to translate."""

    def __init__(self, code: str, reason: Refusal, state: str, to: str | None = None) -> None:
        self.code = code
        self.reason = reason
        self.state = state
        self.to = to
        super().__init__(reason, {"state": [state], **({"to": [to]} if to else {})})


def next_state(state: str) -> str | None:
    """The state after `state` (None for a set plan)."""
    return NEXT_STATE.get(state)


def move_plan(db: Engine, plan_id: str, to: str, actor: str) -> dict[str, Any]:
    """Move a plan one step forward to `to`, recorded in the audit log; returns its
    `plan_states` record. RecordNotFoundError for an unknown plan, PlanStateError when `to` is not
    the step after its state (or another step landed first)."""
    with write_transaction(db) as conn:
        state = conn.execute(
            sa.select(plans.c.state).where(plans.c.plan_id == plan_id)
        ).scalar_one_or_none()
        if state is None:
            raise RecordNotFoundError(f"plan not found: {plan_id}")
        _check_step(state, to)
        moved = conn.execute(
            sa.update(plans)
            .where(plans.c.plan_id == plan_id, plans.c.state == state)
            .values(state=to)
        )
        if moved.rowcount != 1:  # another step landed between the read and the update
            changed = refusal(STATE_CHANGED, state=state, to=to)
            raise PlanStateError("plan_state_step", changed, state, to)
        entry = {"action": STEP, "entity": "plan", "entity_id": plan_id,
                 "before": {"state": state}, "after": {"state": to}}  # fmt: skip
        record(conn, [entry], actor)
    return plan_states(db, plan_id)


def _check_step(state: str, to: str) -> None:
    if to == next_state(state):
        return
    if state == SET:
        reason = refusal(IS_SET, state=state)
    else:
        reason = refusal(NOT_NEXT, state=state, next=next_state(state), to=to)
    raise PlanStateError("plan_state_step", reason, state, to)


def plan_states(db: Engine, plan_id: str) -> dict[str, Any]:
    """`state`, `next_state` and `history` of a plan: its creation as draft, then each step
    (`state`, `by`, `at`), oldest first. RecordNotFoundError for an unknown plan."""
    with read_transaction(db) as conn:
        row = (
            conn.execute(
                sa.select(plans.c.state, plans.c.created_by, plans.c.created_at).where(
                    plans.c.plan_id == plan_id
                )
            )
            .mappings()
            .first()
        )
        if row is None:
            raise RecordNotFoundError(f"plan not found: {plan_id}")
        steps = conn.execute(
            sa.select(audit_log.c.actor, audit_log.c.at, audit_log.c.after)
            .where(
                audit_log.c.entity == "plan",
                audit_log.c.entity_id == plan_id,
                audit_log.c.action == STEP,
            )
            .order_by(audit_log.c.at, audit_log.c.id)
        ).all()
    history = [{"state": PLAN_STATES[0], "by": row["created_by"], "at": row["created_at"]}]
    history += [{"state": after["state"], "by": actor, "at": at} for actor, at, after in steps]
    return {"plan_id": plan_id, "state": row["state"], "next_state": next_state(row["state"]),
            "history": history}  # fmt: skip


def require_set(plan: Mapping[str, Any]) -> None:
    """Refuse (PlanStateError `plan_not_set`) to apply a stored plan that is not set."""
    state = plan.get("state", PLAN_STATES[0])
    if state != SET:
        raise PlanStateError(NOT_SET, refusal(NOT_SET, state=state), state)
