"""The annual training plan: making one (HiGHS, saved in the store), the saved plans, a plan's
workbook, and applying a plan as draft nominations."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pandas as pd

import store
from model.engine import Engine
from model.errors import ProgramStartedError
from model.participants import shown_items, upcoming_code
from model.planning.inputs import PlanRequest, UnknownBudgetUnitError, check_plan_units
from model.planning.plan import make_plan
from model.planning.regulation import regulation_rows
from model.upcoming import upcoming_starts
from service.actions.actor import Actor
from service.actions.nominations import refuse_ineligible_drafts
from service.actions.plan_states import move_plan_state, plan_state
from service.actions.scope import scope_units, scoped_unit_ids
from service.current_engine import engine
from service.decision_store import plan_live_inputs, store_db
from service.exports.plan import plan_workbook as workbook_of
from service.fairness_policy import audit_turned_off, floor_for, plan_stamped


def check_plan_request(actor: Actor, args: dict[str, Any]) -> None:
    """What is quick to check of a plan request before its job is queued: a unit in
    `unit_ids` or `unit_budgets` the bundle does not know (UnknownPlanUnitError,
    UnknownBudgetUnitError, 422), or a unit outside the actor's scope (the same answers: 404
    for a `unit_ids` entry, as in a selection; 422 for a budget line)."""
    directory = engine().directory
    check_plan_units(engine(), args.get("unit_ids"), args.get("unit_budgets") or {})
    scope = scope_units(actor, directory)
    outside = sorted(str(u) for u in args.get("unit_budgets") or {} if scope is not None
                     and str(u) not in scope)  # fmt: skip
    if outside:
        raise UnknownBudgetUnitError(outside)
    # a unit of `unit_ids` outside the scope, or a scope with no unit of the data: 404
    scoped_unit_ids(actor, directory, args.get("unit_ids"))


def create_plan(
    actor: Actor,
    args: dict[str, Any],
    progress: Callable[[str, float], None] | None = None,
) -> dict[str, Any]:
    """Make the plan of a loaded `PlanRequestSchema` body and save it, by `actor`, with its
    inputs (the plan job runs this). Seats and pairs already taken in the store (approved,
    enrolled, completed) are respected; an infeasible request is a plan with a reason.
    `progress(stage, fraction)` hears each stage begin: loading, predicting, solving, writing.
    A scoped actor plans its scope only: its units are the plan's `unit_ids` (kept in the
    inputs: who may see the plan, `visible_to`) and a budget of another unit is refused."""
    progress = progress or (lambda _stage, _fraction: None)
    progress("loading", 0.05)
    check_plan_request(actor, args)  # again: the job runs later, perhaps on another bundle
    unit_ids = scoped_unit_ids(actor, engine().directory, args.get("unit_ids"))
    inputs = dict(args) if unit_ids is None else {**args, "unit_ids": unit_ids}
    args, floor, source = floor_for(args)
    args["unit_ids"] = unit_ids
    time_limit_s = args.pop("time_limit_s")
    args["period_start"] = pd.Timestamp(args["period_start"])
    args["period_end"] = pd.Timestamp(args["period_end"])
    current = engine()
    plan = make_plan(
        current,
        PlanRequest(**args, fairness=floor),
        live=plan_live_inputs(),
        time_limit_s=time_limit_s,
        progress=progress,
    )
    plan = plan_stamped(plan, source)
    progress("writing", 0.95)
    store.save_plan(store_db(), inputs, plan, actor.name, current.version, plan_id=plan["plan_id"])
    audit_turned_off(source, "plan", plan["plan_id"], actor.name)
    return plan


def apply_plan(actor: Actor, plan_id: str) -> dict[str, Any]:
    """Every program of a set plan (another: `store.PlanStateError`, 409 `plan_not_set`) as a
    draft nomination of its participants, by `actor`, each with what the serving model shows
    of them now. Applying again returns the same drafts (one idempotency key per plan and
    program). A program that has started by the serving bundle's snapshot gets no draft: it is
    listed in `skipped` with the reason."""
    record = saved_plan_record(actor, plan_id)
    store.require_set(record)
    plan = record["result"]
    current = engine()
    # a retraining since the plan may refuse some of its people: 422, each and why, none made
    # (a program that has started is skipped below, not refused)
    refuse_ineligible_drafts(actor, [
        {"program_id": program["program_id"], "note": f"from plan {plan_id}",
         "employee_ids": [person["employee_id"] for person in program["participants"]],
         "idempotency_key": f"plan {plan_id} {program['program_id']}"}
        for program in plan["programs"]
        if program["participants"] and not _started(current, program["program_id"])
    ])  # fmt: skip
    drafts, skipped = [], []
    for program in plan["programs"]:
        employee_ids = [person["employee_id"] for person in program["participants"]]
        if not employee_ids:
            continue
        try:
            shown = shown_items(current, program["program_id"], employee_ids)
        except ProgramStartedError as error:
            skipped.append(
                {"program_id": program["program_id"], "reason": "program_started",
                 "message": error.message, "participants": len(employee_ids)}
            )  # fmt: skip
            continue
        ranked = [{**item, "rank": rank} for rank, item in enumerate(shown, start=1)]
        drafts.append(
            store.create_nomination(
                store_db(),
                program["program_id"],
                ranked,
                actor.name,
                current.version,
                note=f"from plan {plan_id}",
                idempotency_key=f"plan {plan_id} {program['program_id']}",
            )
        )
    return {"plan_id": plan_id, "nominations": drafts, "skipped": skipped}


def _started(current: Engine, program_id: str) -> bool:
    """Whether the program started by the serving bundle's snapshot (apply skips it)."""
    try:
        upcoming_code(current, program_id)
    except ProgramStartedError:
        return True
    return False


def recent_plans(actor: Actor, limit: int = 20) -> dict[str, Any]:
    """The newest saved plans `actor` may see (`visible_to`), newest first: inputs and
    headline, not the participants."""
    found = store.list_plans(store_db(), limit)
    return {"items": [plan for plan in found if visible_to(actor, plan["inputs"])]}


def visible_to(actor: Actor, inputs: dict[str, Any]) -> bool:
    """Whether `actor` may see a plan made with `inputs`: an unscoped actor every plan, a
    scoped one a plan made for units all within its scope (a plan of the whole organisation,
    or of another dinas, does not exist for it)."""
    scope = scope_units(actor, engine().directory)
    planned = inputs.get("unit_ids")
    return scope is None or (planned is not None and set(planned) <= scope)


def plan_workbook(actor: Actor, plan_id: str) -> bytes:
    """The saved plan as a workbook: the Pasal 207 sheet, a summary per unit, a sheet per
    program."""
    plan = saved_plan(actor, plan_id)
    return workbook_of(plan, regulation_rows(engine(), plan))


def saved_plan_with_state(actor: Actor, plan_id: str) -> dict[str, Any]:
    """The saved plan, with its `state` in the approval chain and the `state_history` of its
    steps (who, when)."""
    plan = saved_plan(actor, plan_id)  # 404 first for a plan the actor may not see
    states = store.plan_states(store_db(), plan_id)
    return {**plan, "state": states["state"],
            "state_history": states["history"]}  # fmt: skip


def state_of(actor: Actor, plan_id: str) -> dict[str, Any]:
    """The plan's state, its history, and whether `actor` may take the next step."""
    saved_plan_record(actor, plan_id)  # 404 for a plan the actor may not see
    return plan_state(store_db(), plan_id, actor.role, actor.unit_ids or ())


def snapshot_year() -> int:
    """The serving bundle's snapshot year (the SIASN export's default year)."""
    return int(engine().state.as_of.year)


def move_state(actor: Actor, plan_id: str, to: str) -> dict[str, Any]:
    """Move the plan one step towards `to` as `actor` (`service.actions.plan_states`)."""
    saved_plan_record(actor, plan_id)  # 404 for a plan the actor may not see
    return move_plan_state(store_db(), plan_id, to, actor.name, actor.role, actor.unit_ids or ())


def saved_plan(actor: Actor, plan_id: str) -> dict[str, Any]:
    """The saved plan answer, as it was answered; `store.RecordNotFoundError` if there is none."""
    return saved_plan_record(actor, plan_id)["result"]


def saved_plan_record(actor: Actor, plan_id: str) -> dict[str, Any]:
    """The store's row of a plan: `inputs`, `created_at`, `created_by`, `model_version` and the
    `result` as answered (stored as JSON: its dates come back as text, made dates again)."""
    record = store.get_plan(store_db(), plan_id)
    if not visible_to(actor, record["inputs"]):
        raise store.RecordNotFoundError(f"plan not found: {plan_id}")
    for program in record["result"].get("programs", []):
        if isinstance(program.get("start_date"), str):
            program["start_date"] = date.fromisoformat(program["start_date"])
    return record


def plan_period() -> tuple[Any, Any]:
    """The first and last start of the upcoming programs (("", "") when none is upcoming):
    the period a new plan's form starts at."""
    starts = upcoming_starts(engine())
    return (starts.iloc[0], starts.iloc[-1]) if len(starts) else ("", "")


def unit_names() -> pd.Series:
    """Each unit's name by unit id, for a plan's page."""
    return engine().directory.unit_names
