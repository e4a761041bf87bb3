"""The baseline a planner would get today: programs in date order, each through the existing
selection (`model.selection`) with what earlier programs left of seats, budgets and calendars.

For one session every seat costs the same, so a unit's remaining budget is a seat quota for
that unit, and selection's greedy stays exact session by session; it is the order of the
sessions that it cannot see past (the person seated in March may be the only fit for June).
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

from features import columns as col
from model.planning.instance import PlanInstance, session_clashes
from model.selection import (
    COMPLETION_PROBABILITY,
    EXPECTED_GAIN,
    SCORE,
    seat_limit,
    select_participants,
)


def greedy_plan(instance: PlanInstance) -> np.ndarray:
    """Positions of the pairs the program-after-program greedy chooses."""
    return timed_greedy_plan(instance)[0]


def timed_greedy_plan(
    instance: PlanInstance, deadline: float | None = None
) -> tuple[np.ndarray, int]:
    """(positions of the pairs chosen, sessions not reached): the greedy, stopped at `deadline`
    (`time.monotonic()`) between two sessions. A plan cut short is still valid: the sessions
    not reached get nobody."""
    clash = session_clashes(instance)
    by_session = pd.Series(np.arange(instance.n_pairs)).groupby(instance.pair_s).indices
    budget = instance.budget
    unit_left = dict(instance.unit_budgets)
    covering = instance.budgets_covering()
    # employees each unit budget covers (a dinas's covers its suku dinas)
    covered = {b: np.isin(instance.unit_ids, list(instance.budget_units.get(b, (b,))))
               for b in unit_left}  # fmt: skip
    held = np.zeros(len(instance.employee_ids), dtype=np.int64)
    chosen: list[np.ndarray] = []
    order = np.lexsort((instance.program_ids, instance.first_day))
    not_reached = 0
    for i, s in enumerate(order):
        if deadline is not None and time.monotonic() >= deadline:
            not_reached = len(order) - i
            break
        pairs = by_session.get(int(s), np.zeros(0, dtype=np.intp))
        taken = np.concatenate(chosen) if chosen else np.zeros(0, dtype=np.intp)
        blocked = instance.pair_e[taken[clash[instance.pair_s[taken], s]]]
        pairs = pairs[~np.isin(instance.pair_e[pairs], blocked)]
        if instance.max_programs is not None:
            pairs = pairs[held[instance.pair_e[pairs]] < instance.max_programs]
        seated = _session_choice(instance, int(s), pairs, budget, unit_left, covering)
        cost = float(instance.cost[s])
        budget -= cost * len(seated)
        for b, members in covered.items():
            unit_left[b] -= cost * int(members[instance.pair_e[seated]].sum())
        held[instance.pair_e[seated]] += 1
        chosen.append(seated)
    plan = np.sort(np.concatenate(chosen)) if chosen else np.zeros(0, dtype=np.intp)
    return plan, not_reached


def _session_choice(
    instance: PlanInstance,
    s: int,
    pairs: np.ndarray,
    budget: float,
    unit_left: dict,
    covering: dict[str, list[str]],
) -> np.ndarray:
    """The pairs selection seats in session s, then kept within each unit's budget."""
    e = instance.pair_e[pairs]
    cost = float(instance.cost[s])
    k = seat_limit(int(instance.seats[s]), cost, max(budget, 0.0))
    if k == 0 or len(pairs) == 0:
        return np.zeros(0, dtype=np.intp)
    candidates = pd.DataFrame(
        {
            col.EMPLOYEE_ID: instance.employee_ids[e],
            col.UNIT_ID: instance.unit_ids[e],
            EXPECTED_GAIN: instance.gain[pairs],
            COMPLETION_PROBABILITY: instance.probability[pairs],
            SCORE: instance.gain[pairs],
            col.JP_REMAINING: instance.account_short()[instance.account_of(e, np.full(len(e), s))],
        }
    )
    selection = select_participants(
        candidates, seats=len(pairs), cost_per_seat=cost, waitlist_size=0
    )
    order = selection.selected[col.EMPLOYEE_ID].map(
        pd.Series(np.arange(len(pairs)), index=candidates[col.EMPLOYEE_ID])
    )
    ranked = pairs[order.to_numpy(dtype=np.intp)]
    units = instance.unit_ids[instance.pair_e[ranked]]
    if cost == 0 or not any(u in covering for u in set(units)):
        return ranked[:k]
    return ranked[_within_unit_budgets(units, cost, unit_left, covering, k)]


def _within_unit_budgets(
    units: np.ndarray, cost: float, unit_left: dict, covering: dict[str, list[str]], k: int
) -> np.ndarray:
    """Positions of the first (at most k) ranked seats whose every covering unit budget (a
    dinas's covers its suku dinas) still pays for them. A walk, as a seat of a suku dinas
    spends its dinas's budget too."""
    paid = {b: seat_limit(10**9, cost, max(amount, 0.0)) for b, amount in unit_left.items()}
    kept: list[int] = []
    for i, unit in enumerate(units.tolist()):
        budgets = covering.get(unit, ())
        if all(paid[b] > 0 for b in budgets):
            for b in budgets:
                paid[b] -= 1
            kept.append(i)
            if len(kept) == k:
                break
    return np.asarray(kept, dtype=np.intp)
