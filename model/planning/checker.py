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
    return found + fairness_violations(instance, rows)


def plan_value(instance: PlanInstance, plan: pd.DataFrame) -> tuple[float, float]:
    """(expected gain, JP reward) of the plan, recomputed from its ids."""
    rows = _facts(instance, plan).dropna(subset=["gain"])
    # JP count in the calendar year the session ends: one shortfall per employee and year
    year = np.zeros(len(instance.cost), dtype=np.int64)
    if instance.session_year is not None:
        year = instance.session_year
    years = instance.n_years
    account = rows["e"].to_numpy(dtype=np.int64) * years + year[rows["s"].to_numpy(np.intp)]
    planned_jp = rows.groupby(account)["duration_jp"].sum()
    short = instance.jp_short.reshape(-1)[planned_jp.index.to_numpy(dtype=np.intp)]
    reward = instance.jp_reward * np.minimum(planned_jp.to_numpy(), short).sum()
    return float(rows["gain"].sum()), float(reward)


def _facts(instance: PlanInstance, plan: pd.DataFrame) -> pd.DataFrame:
    """The plan's pairs with their session's and employee's facts (NaN gain: not eligible).
    Looked up by position (ids -> positions -> the pair's position among the sorted eligible
    pairs), so that a check costs the plan's size, not the instance's pairs."""
    # object indexes: ids are compared as Python strings, with no conversion of the
    # instance's whole id arrays (the check then costs the plan's size)
    e = pd.Index(instance.employee_ids, dtype=object).get_indexer(plan["employee_id"])
    s = pd.Index(instance.program_ids, dtype=object).get_indexer(plan["program_id"])
    n_sessions = len(instance.program_ids)
    keys = instance.pair_e.astype(np.int64) * n_sessions + instance.pair_s
    order = np.argsort(keys, kind="stable")
    wanted = e.astype(np.int64) * n_sessions + s
    at = np.minimum(np.searchsorted(keys[order], wanted), max(len(keys) - 1, 0))
    found = (e >= 0) & (s >= 0) & (len(keys) > 0)
    found[found] = keys[order][at[found]] == wanted[found]
    pair = order[at] if len(keys) else np.zeros(len(plan), dtype=np.intp)
    session = np.where(s >= 0, s, 0)

    def of_pair(values: np.ndarray) -> np.ndarray:
        return np.where(found, values[pair] if len(values) else np.nan, np.nan)

    def of_session(values: np.ndarray) -> np.ndarray:
        return np.where(s >= 0, values[session], np.nan) if len(values) else values

    return pd.DataFrame(
        {
            "e": e,
            "s": s,
            "gain": of_pair(instance.gain),
            "probability": of_pair(instance.probability),
            "course": of_session(instance.course.astype(float)),
            "first_day": instance.first_day[session],
            "last_day": instance.last_day[session],
            "duration_jp": of_session(instance.duration_jp.astype(float)),
            "cost": of_session(instance.cost.astype(float)),
            "seats": of_session(instance.seats.astype(float)),
            "unit_id": pd.array(
                np.where(e >= 0, instance.unit_ids[np.maximum(e, 0)], None), dtype=object
            ),
        }
    )


def _seats(instance: PlanInstance, rows: pd.DataFrame) -> list[str]:
    n = rows.groupby("s").size()
    over = n.index[n.to_numpy() > instance.seats[n.index.to_numpy(dtype=np.intp)]]
    return [f"program {instance.program_ids[s]}: more participants than free seats" for s in over]


def _budgets(instance: PlanInstance, rows: pd.DataFrame) -> list[str]:
    found = []
    if rows["cost"].sum() > instance.budget + TOLERANCE_IDR:
        found.append(f"total cost {rows['cost'].sum():.0f} above the budget {instance.budget:.0f}")
    # a unit's budget pays for its sub-units' seats too: each seat counts against every
    # budget whose units include the employee's
    unit_ids = rows["unit_id"].to_numpy(dtype=object)
    for unit, amount in instance.unit_budgets.items():
        covered = np.isin(unit_ids, list(instance.budget_units.get(unit, (unit,))))
        spent = float(rows["cost"].to_numpy()[covered].sum())
        if spent > amount + TOLERANCE_IDR:
            found.append(f"unit {unit}: cost {spent:.0f} above its budget {amount:.0f}")
    return found


def _calendars(instance: PlanInstance, rows: pd.DataFrame) -> list[str]:
    found = []
    courses = rows.groupby(["e", "course"]).size()
    if (courses > 1).any():
        found.append(f"{int((courses > 1).sum())} employees in two sessions of one course")
    if instance.max_programs is not None:
        count = rows.groupby("e").size()
        if (count > instance.max_programs).any():
            found.append("an employee has more programs than max_programs_per_employee")
    ordered = rows.sort_values(["e", "first_day"])
    ends_before = ordered.groupby("e")["last_day"].shift()
    clash = ordered["first_day"] <= ends_before  # sorted by start: neighbours suffice
    if clash.any():
        found.append(f"{int(clash.sum())} overlapping sessions of one employee")
    return found


def fairness_violations(instance: PlanInstance, rows: pd.DataFrame) -> list[str]:
    """The fairness floor recounted from the plan's rows: each pair's group from the birth
    date at the session's first day (or the gender), each group's expected seats as the sum
    over sessions of seats filled x its share of the session's eligible pool."""
    floor = instance.fairness
    if floor is None or rows.empty:
        return []
    facts = pd.DataFrame({"e": np.arange(len(instance.employee_ids))})
    if floor.birth is not None:
        facts["birth"] = floor.birth
        both = rows.merge(facts, on="e", how="left")
        years = (pd.to_datetime(both["first_day"]) - both["birth"]).dt.days / 365.25
        bands = pd.cut(years, [-np.inf, 30, 40, 50, np.inf], right=False, labels=floor.groups)
        group = bands.astype(object)
    else:
        facts["gender"] = floor.gender
        group = rows.merge(facts, on="e", how="left")["gender"]
    filled = rows.groupby("s").size()
    n = np.zeros(len(instance.program_ids))
    n[filled.index.to_numpy(dtype=np.intp)] = filled.to_numpy()
    shares = floor.eligible / np.maximum(floor.pool, 1)[:, None]
    expected = n @ shares
    found = []
    for g, name in enumerate(floor.groups):
        selected = int((group.to_numpy() == name).sum())
        if expected[g] > 0 and selected < floor.min_ratio * expected[g] - 1e-9:
            found.append(
                f"group {name}: {selected} selected, below {floor.min_ratio} x "
                f"{expected[g]:.3f} expected"
            )
    return found
