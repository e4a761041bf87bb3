"""Small planning instances drawn at random, and an exhaustive search over their plans."""

from __future__ import annotations

import numpy as np
import pandas as pd

from model.planning.instance import PlanInstance


def random_instance(
    seed: int,
    employees: int = 5,
    sessions: int = 4,
    pairs: int = 11,
    max_programs: int | None = None,
    unit_budget: bool = False,
) -> PlanInstance:
    """Sessions of 2 courses over 3 weeks (some overlap), 2 units, costs 1-4 million IDR."""
    rng = np.random.default_rng(seed)
    start = np.datetime64("2027-01-04") + rng.integers(0, 15, sessions).astype("timedelta64[D]")
    length = rng.integers(1, 4, sessions)
    every = np.array([(e, s) for e in range(employees) for s in range(sessions)])
    chosen = every[np.sort(rng.choice(len(every), size=min(pairs, len(every)), replace=False))]
    cost = rng.integers(1, 5, sessions) * 1e6
    return PlanInstance(
        program_ids=np.array([f"P{s}" for s in range(sessions)], dtype=object),
        course=rng.integers(0, 2, sessions),
        first_day=start,
        last_day=start + (length - 1).astype("timedelta64[D]"),
        duration_jp=length * 8,
        cost=cost,
        seats=rng.integers(1, 3, sessions),
        employee_ids=np.array([f"E{e}" for e in range(employees)], dtype=object),
        unit_ids=np.array(["U1", "U2"] * employees, dtype=object)[:employees],
        jp_short=rng.choice([0.0, 8.0, 20.0], employees),
        pair_e=chosen[:, 0],
        pair_s=chosen[:, 1],
        gain=np.round(rng.uniform(0.01, 1.0, len(chosen)), 3),
        probability=rng.uniform(0.5, 1.0, len(chosen)),
        budget=float(rng.integers(3, 9) * 1e6),
        unit_budgets={"U1": float(rng.integers(1, 5) * 1e6)} if unit_budget else {},
        max_programs=max_programs,
        jp_reward=float(rng.choice([0.0, 0.02])),
    )


def as_plan(instance: PlanInstance, chosen: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "employee_id": instance.employee_ids[instance.pair_e[chosen]],
            "program_id": instance.program_ids[instance.pair_s[chosen]],
        }
    )


def exhaustive_best(instance: PlanInstance) -> float:
    """The best objective over every subset of pairs, by depth-first search in plain Python
    (its own reading of the constraints, shared with neither the builder nor the checker)."""
    n = instance.n_pairs
    e, s = instance.pair_e.tolist(), instance.pair_s.tolist()
    first, last = instance.first_day.tolist(), instance.last_day.tolist()
    best = 0.0

    def fits(j: int, taken: list[int]) -> bool:
        same_session = sum(1 for k in taken if s[k] == s[j])
        if same_session >= instance.seats[s[j]]:
            return False
        spent = sum(instance.cost[s[k]] for k in taken) + instance.cost[s[j]]
        if spent > instance.budget:
            return False
        for unit, amount in instance.unit_budgets.items():
            covered = instance.budget_units.get(unit, (unit,))  # the unit and its sub-units
            if instance.unit_ids[e[j]] in covered:
                mine = [k for k in taken if instance.unit_ids[e[k]] in covered]
                if sum(instance.cost[s[k]] for k in mine) + instance.cost[s[j]] > amount:
                    return False
        own = [k for k in taken if e[k] == e[j]]
        if instance.max_programs is not None and len(own) >= instance.max_programs:
            return False
        for k in own:
            if instance.course[s[k]] == instance.course[s[j]]:
                return False
            if first[s[k]] <= last[s[j]] and first[s[j]] <= last[s[k]]:
                return False
        return True

    def value(taken: list[int]) -> float:
        jp: dict[int, float] = {}
        for k in taken:
            jp[e[k]] = jp.get(e[k], 0.0) + instance.duration_jp[s[k]]
        reward = sum(min(v, instance.jp_short[i]) for i, v in jp.items())
        return sum(instance.gain[k] for k in taken) + instance.jp_reward * reward

    def search(j: int, taken: list[int]) -> None:
        nonlocal best
        if j == n:
            best = max(best, value(taken))
            return
        if fits(j, taken):
            search(j + 1, [*taken, j])
        search(j + 1, taken)

    search(0, [])
    return best
