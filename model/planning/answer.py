"""The plan as the service answers it: programs and participants, units, budget, JP target."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from features import columns as col
from model.engine import Engine
from model.messages import Message
from model.planning.inputs import PlanRequest
from model.planning.instance import PlanInstance, objective


def infeasible_answer(engine: Engine, plan_id: str, reason: Message) -> dict[str, Any]:
    """No plan serves the request: the empty plan, and why (`reason`, its sentence, and
    `refusal`, its code and values)."""
    return {
        "plan_id": plan_id,
        "status": "infeasible",
        "reason": reason,
        "refusal": reason.coded(),
        "objective": 0.0,
        "bound": 0.0,
        "gap": 0.0,
        "greedy_objective": 0.0,
        "expected_gain": 0.0,
        "jp_reward": 0.0,
        "programs": [],
        "units": [],
        "budget_used": 0.0,
        "employees_reaching_jp_target": 0,
        "greedy_employees_reaching_jp_target": 0,
        "notes": [],
        "note_codes": [],
        "model_version": engine.version,
    }


def plan_answer(
    engine: Engine,
    plan_id: str,
    instance: PlanInstance,
    request: PlanRequest,
    result: dict[str, Any],
) -> dict[str, Any]:
    chosen, greedy = result["chosen"], result["greedy"]
    gain, reward = objective(instance, chosen)
    total = gain + reward
    rows = _rows(instance, chosen)
    return {
        "plan_id": plan_id,
        "status": "optimal" if result["optimal"] else "feasible",
        "reason": None,
        "objective": total,
        "bound": result["bound"],
        "gap": _gap(result["bound"], total),
        "greedy_objective": sum(objective(instance, greedy)),
        "expected_gain": gain,
        "jp_reward": reward,
        "jp_reward_per_jp": instance.jp_reward,
        "greedy_expected_gain": objective(instance, greedy)[0],
        "programs": _programs(engine, instance, rows),
        "units": _units(rows),
        "budget_used": float(rows["cost"].sum()),
        "budget_effective": instance.budget,
        "employees_reaching_jp_target": reaching_target(instance, chosen),
        "greedy_employees_reaching_jp_target": reaching_target(instance, greedy),
        "pruning": result["pruning"],
        "solve_seconds": result["seconds"],
        "found_by": result["found_by"],
        "model_version": engine.version,
    }


def _gap(bound: float, value: float) -> float:
    """(bound - value) / value; 1 (100 %) when nothing is planned but something might be."""
    if value > 0:
        return (bound - value) / value
    return 0.0 if bound <= 0 else 1.0


def reaching_target(instance: PlanInstance, chosen: np.ndarray) -> int:
    """Employees short of the JP target in some year of the period before the plan whose
    planned JP closes the shortfall of every such year."""
    short = instance.account_short()
    planned = np.bincount(
        instance.account_of(instance.pair_e[chosen], instance.pair_s[chosen]),
        weights=instance.duration_jp[instance.pair_s[chosen]],
        minlength=len(short),
    )
    by_employee = (short > 0).reshape(len(instance.employee_ids), -1)
    closed = (planned >= short).reshape(by_employee.shape)
    return int((by_employee.any(axis=1) & (closed | ~by_employee).all(axis=1)).sum())


def _rows(instance: PlanInstance, chosen: np.ndarray) -> pd.DataFrame:
    e, s = instance.pair_e[chosen], instance.pair_s[chosen]
    return pd.DataFrame(
        {
            "s": s,
            "employee_id": instance.employee_ids[e],
            "unit_id": instance.unit_ids[e],
            "expected_gain": instance.gain[chosen],
            "completion_probability": instance.probability[chosen],
            "cost": instance.cost[s],
        }
    ).sort_values(["s", "expected_gain", "employee_id"], ascending=[True, False, True])


def _programs(engine: Engine, instance: PlanInstance, rows: pd.DataFrame) -> list[dict[str, Any]]:
    by_session = dict(tuple(rows.groupby("s")))
    out = []
    for s in np.lexsort((instance.program_ids, instance.first_day)):
        program = engine.programs.loc[instance.program_ids[s]]
        summary = engine.directory.program_summary(engine.directory.program_code(program.name))
        seated = by_session.get(s, rows.iloc[:0]).drop(columns=["s"])
        out.append(
            {
                "program_id": instance.program_ids[s],
                "title": program[col.TITLE],
                "method": program[col.METHOD],
                "kind": summary["kind"],
                "path": summary["path"],
                "duration_jp": int(instance.duration_jp[s]),
                "start_date": program[col.START_DATE].date(),
                "seats": int(instance.seats[s]),
                "participants": seated.to_dict("records"),
            }
        )
    return out


def _units(rows: pd.DataFrame) -> list[dict[str, Any]]:
    grouped = rows.groupby("unit_id").agg(
        seats=("employee_id", "size"), cost=("cost", "sum"), gain=("expected_gain", "sum")
    )
    return [
        {"unit_id": u, **{k: v.item() if hasattr(v, "item") else v for k, v in r.items()}}
        for u, r in grouped.iterrows()
    ]
