"""A plan's approval chain, with who may take each step (PP 11/2017 Pasal 207, issue 24).

| step | who may take it today | once accounts have scopes (issue 21) |
|---|---|---|
| draft -> verified | planner, admin | a planner of the unit (a scoped one may) |
| verified -> validated | planner, admin | a planner with no unit scope: the training agency |
| validated -> set | admin | the head of the agency (PPK) |

No step goes back: a plan that must change is made again (a new draft). A `system` key takes
no step. The store refuses a step that is not the next one (409 `plan_state_step`); this
module refuses an actor without the step's right (403 `plan_step_forbidden`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Engine as StoreEngine

import store


@dataclass(frozen=True)
class StepRight:
    """Who may take a step: one of `roles`, and (with `whole_organisation`) no unit scope."""

    roles: tuple[str, ...]
    whole_organisation: bool = False


STEP_RIGHTS = {
    "verified": StepRight(("planner", "admin")),
    "validated": StepRight(("planner", "admin"), whole_organisation=True),
    "set": StepRight(("admin",)),
}


STEP_FORBIDDEN = "plan_step_forbidden"  # a refusal's code (`store.Refusal`): role, to
FORBIDDEN = "the {role} role may not move a plan to {to}: only {who}{scope}"


class PlanStepForbiddenError(Exception):
    """The actor's role (or scope) does not allow the step (403 `plan_step_forbidden`);
    `reason` is the refusal with its code and values, for a page to translate."""

    code = STEP_FORBIDDEN

    def __init__(self, to: str, role: str) -> None:
        self.to = to
        self.role = role
        right = STEP_RIGHTS.get(to)
        who = " or ".join(right.roles) if right else "nobody"
        scope = (
            " of the whole organisation (no unit scope)"
            if right and right.whole_organisation
            else ""
        )
        values = {"role": role, "to": to, "who": who, "scope": scope}
        self.reason = store.Refusal(STEP_FORBIDDEN, FORBIDDEN, values)
        self.message = str(self.reason)
        super().__init__(self.message)


def may_take(to: str, role: str, unit_ids: Sequence[str] = ()) -> bool:
    """Whether an actor of `role` (scoped to `unit_ids`, none: the whole organisation) may
    move a plan to `to`."""
    right = STEP_RIGHTS.get(to)
    if right is None or role not in right.roles:
        return False
    return not (right.whole_organisation and unit_ids)


def plan_state(database: StoreEngine, plan_id: str, role: str, unit_ids: Sequence[str] = ()
               ) -> dict[str, Any]:  # fmt: skip
    """The plan's `state`, `next_state`, `history`, and `may_move`: whether this actor may
    take the next step (the page shows its button only then)."""
    found = store.plan_states(database, plan_id)
    step = found["next_state"]
    return {**found, "may_move": step is not None and may_take(step, role, unit_ids)}


def move_plan_state(
    database: StoreEngine,
    plan_id: str,
    to: str,
    actor: str,
    role: str,
    unit_ids: Sequence[str] = (),
) -> dict[str, Any]:
    """Move the plan to `to` as `actor` (of `role`, scoped to `unit_ids`); its `plan_state`
    after. PlanStepForbiddenError without the right (checked first: someone without any right
    learns nothing of the plan's state), store.PlanStateError when `to` is not the next step
    (`draft` never is), store.RecordNotFoundError for an unknown plan."""
    if to in STEP_RIGHTS and not may_take(to, role, unit_ids):
        raise PlanStepForbiddenError(to, role)
    store.move_plan(database, plan_id, to, actor)
    return plan_state(database, plan_id, role, unit_ids)
