"""A plan from the LP relaxation: pairs taken in the order of their LP value, each kept if it
still fits every constraint.

The relaxation of a plan is close to integral (each session's seats and the budget are few
rows against many pairs), so the pairs the LP takes whole are nearly a plan. Adding them
first, then the fractional ones, then the rest by value, gives a feasible plan that is often
within a fraction of a percent of the LP bound. On large worlds, where HiGHS cannot finish
the MILP's root within the time limit, it is the incumbent that the MILP starts from.
"""

from __future__ import annotations

import numpy as np

from model.planning.instance import PlanInstance, session_clashes


def rounded_plan(instance: PlanInstance, lp_values: np.ndarray) -> np.ndarray:
    """Positions of the pairs kept, trying pairs by LP value, then by value alone."""
    order = np.lexsort((-instance.pair_value(), -np.round(lp_values, 6)))
    return _first_fit(instance, order)


def _first_fit(instance: PlanInstance, order: np.ndarray) -> np.ndarray:
    """Walk the pairs in `order`, keeping each that fits: seats, budget, unit budgets (every
    one covering the employee's unit), one session per course and no overlap per employee,
    `max_programs`. Sequential by nature: whether a pair fits depends on every pair kept
    before it."""
    clash = session_clashes(instance)
    seats = instance.seats.astype(np.int64).copy()
    budget = float(instance.budget)
    unit_left = dict(instance.unit_budgets)
    covering = instance.budgets_covering()
    held: dict[int, list[int]] = {}
    kept = []
    pair_e, pair_s, cost, units = instance.pair_e, instance.pair_s, instance.cost, instance.unit_ids
    limit = instance.max_programs
    for j in order.tolist():
        e, s = int(pair_e[j]), int(pair_s[j])
        price = float(cost[s])
        budgets = covering.get(units[e], ())
        if seats[s] <= 0 or price > budget + 1e-9:
            continue
        if any(price > unit_left[b] + 1e-9 for b in budgets):
            continue
        mine = held.get(e, [])
        if (limit is not None and len(mine) >= limit) or (mine and clash[s, mine].any()):
            continue
        seats[s] -= 1
        budget -= price
        for b in budgets:
            unit_left[b] -= price
        held.setdefault(e, []).append(s)
        kept.append(j)
    return np.sort(np.asarray(kept, dtype=np.intp))
