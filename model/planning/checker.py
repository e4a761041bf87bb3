"""An independent check of a plan: every constraint, recomputed from the plan's ids and the
instance's facts with plain pandas, sharing no code with the model builder (no rows, no
cliques, no columns). Every plan the service returns passes through it, and so does every
plan a test makes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from model.planning.instance import PlanInstance

TOLERANCE_IDR = 0.5  # rupiah: sums of float costs


def plan_violations(
    instance: PlanInstance,
    plan: pd.DataFrame,
    min_completion_probability: float | None = None,
) -> list[str]:
    """Every broken constraint of `plan` (columns `employee_id`, `program_id`), in words;
    an empty list when the plan is valid."""
    found: list[str] = []
    if plan.duplicated(["employee_id", "program_id"]).any():
        found.append("a pair is planned twice")
    rows = _facts(instance, plan)
    unknown = rows["gain"].isna()
    if unknown.any():
        found.append(f"{int(unknown.sum())} planned pairs are not eligible (or unknown)")
        rows = rows.loc[~unknown]
    if min_completion_probability is not None:
        low = rows["probability"] < min_completion_probability
        if low.any():
            found.append(f"{int(low.sum())} pairs below min_completion_probability")
    found += _seats(instance, rows) + _budgets(instance, rows) + _calendars(instance, rows)
    return found


def plan_value(instance: PlanInstance, plan: pd.DataFrame) -> tuple[float, float]:
    """(expected gain, JP reward) of the plan, recomputed from its ids."""
    rows = _facts(instance, plan).dropna(subset=["gain"])
    planned_jp = rows.groupby("employee_id")["duration_jp"].sum()
    short = pd.Series(instance.jp_short, index=instance.employee_ids).reindex(planned_jp.index)
    reward = instance.jp_reward * np.minimum(planned_jp, short).sum()
    return float(rows["gain"].sum()), float(reward)


def _facts(instance: PlanInstance, plan: pd.DataFrame) -> pd.DataFrame:
    """The plan's pairs with their session's and employee's facts (NaN gain: not eligible)."""
    eligible = pd.DataFrame(
        {
            "employee_id": instance.employee_ids[instance.pair_e],
            "program_id": instance.program_ids[instance.pair_s],
            "gain": instance.gain,
            "probability": instance.probability,
        }
    )
    sessions = pd.DataFrame(
        {
            "program_id": instance.program_ids,
            "course": instance.course,
            "first_day": instance.first_day,
            "last_day": instance.last_day,
            "duration_jp": instance.duration_jp,
            "cost": instance.cost,
            "seats": instance.seats,
        }
    )
    units = pd.DataFrame({"employee_id": instance.employee_ids, "unit_id": instance.unit_ids})
    pairs = plan[["employee_id", "program_id"]]
    merged = pairs.merge(eligible, how="left", on=["employee_id", "program_id"])
    return merged.merge(sessions, how="left", on="program_id").merge(units, how="left")


def _seats(instance: PlanInstance, rows: pd.DataFrame) -> list[str]:
    per_session = rows.groupby("program_id").agg(
        n=("employee_id", "size"), seats=("seats", "first")
    )
    over = per_session.index[per_session["n"] > per_session["seats"]]
    return [f"program {p}: more participants than free seats" for p in over]


def _budgets(instance: PlanInstance, rows: pd.DataFrame) -> list[str]:
    found = []
    if rows["cost"].sum() > instance.budget + TOLERANCE_IDR:
        found.append(f"total cost {rows['cost'].sum():.0f} above the budget {instance.budget:.0f}")
    # a unit's budget pays for its sub-units' seats too: each seat counts against every
    # budget whose units include the employee's
    covered = pd.DataFrame(
        [
            (budget, unit)
            for budget in instance.unit_budgets
            for unit in instance.budget_units.get(budget, (budget,))
        ],
        columns=["budget", "unit_id"],
    )
    spent = covered.merge(rows[["unit_id", "cost"]], on="unit_id").groupby("budget")["cost"].sum()
    for unit, amount in instance.unit_budgets.items():
        if spent.get(unit, 0.0) > amount + TOLERANCE_IDR:
            found.append(f"unit {unit}: cost {spent[unit]:.0f} above its budget {amount:.0f}")
    return found


def _calendars(instance: PlanInstance, rows: pd.DataFrame) -> list[str]:
    found = []
    courses = rows.groupby(["employee_id", "course"]).size()
    if (courses > 1).any():
        found.append(f"{int((courses > 1).sum())} employees in two sessions of one course")
    if instance.max_programs is not None:
        count = rows.groupby("employee_id").size()
        if (count > instance.max_programs).any():
            found.append("an employee has more programs than max_programs_per_employee")
    ordered = rows.sort_values(["employee_id", "first_day"])
    ends_before = ordered.groupby("employee_id")["last_day"].shift()
    clash = ordered["first_day"] <= ends_before  # sorted by start: neighbours suffice
    if clash.any():
        found.append(f"{int(clash.sum())} overlapping sessions of one employee")
    return found
