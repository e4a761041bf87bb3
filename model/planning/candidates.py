"""Which eligible pairs the model keeps, and how much leaving the others out could cost.

Kept: for each session the pairs of most value (`per_session` x its free seats), and for each
employee their best sessions (`per_employee`); the union. An employee outside every session's
short list still competes through their own best sessions, and a session keeps several
candidates per seat so that course, overlap and budget conflicts have room to resolve.

What pruning could cost (`loss_bound`): with y the duals of the kept model's LP relaxation,
every valid y gives the Lagrangian bound b.y + sum_j max(0, c_j - a_j.y) on the full model.
For the kept columns that sum is the kept LP's value (strong duality); each left-out column
adds its positive reduced cost. Rows that do not exist in the kept model (conflicts of
left-out pairs) take y = 0, which only loosens the bound. An employee with no kept pair
values a pair alone (gain + reward for min(its JP, their shortfall)), which bounds their
reward from above for whole plans. So the full model's optimum is at most
`lp_bound + loss_bound`: a zero `loss_bound` proves that pruning cost nothing at the LP level.
The left-out pairs with a positive reduced cost are the ones that could improve the kept model:
`model.planning.plan` adds them and solves the LP again (column generation), a few rounds.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from model.planning.instance import PlanInstance

PER_SESSION = 3.0
PER_EMPLOYEE = 3


def candidate_pairs(
    instance: PlanInstance, per_session: float = PER_SESSION, per_employee: int = PER_EMPLOYEE
) -> np.ndarray:
    """Positions of the kept pairs, in the instance's order."""
    value = instance.pair_value()
    in_session = _rank_within(instance.pair_s, value)
    in_employee = _rank_within(instance.pair_e, value)
    session_quota = np.ceil(per_session * instance.seats[instance.pair_s])
    keep = (in_session < session_quota) | (in_employee < per_employee)
    return np.flatnonzero(keep)


def _rank_within(group: np.ndarray, value: np.ndarray) -> np.ndarray:
    """0 for the most valuable pair of its group, 1 for the next, ... (ties by position)."""
    order = np.lexsort((np.arange(len(value)), -value, group))
    ranks = np.empty(len(value), dtype=np.int64)
    ranks[order] = pd.Series(group[order]).groupby(group[order]).cumcount().to_numpy()
    return ranks


def reduced_costs(
    instance: PlanInstance,
    kept: np.ndarray,
    seat_price: np.ndarray,
    budget_price: float,
    unit_price: dict[str, float],
    jp_price: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """(positions, reduced costs) of the left-out pairs under the kept LP's duals, an upper
    estimate (their conflict rows are priced 0). The loss bound is the sum of the positive ones.

    `seat_price[s]`, `budget_price` (per IDR), `unit_price[unit]` (per IDR) and `jp_price[a]`
    (the dual of JP account a's link row; NaN where a has no kept pair) are >= 0."""
    out = np.ones(instance.n_pairs, dtype=bool)
    out[kept] = False
    out = np.flatnonzero(out)
    e, s = instance.pair_e[out], instance.pair_s[out]
    cost = instance.cost[s]
    # an employee's unit may sit under several budgeted units: each budget's price counts
    covering = instance.budgets_covering()
    per_unit = {u: sum(unit_price.get(b, 0.0) for b in bs) for u, bs in covering.items()}
    units = pd.Series(instance.unit_ids[e])
    price = seat_price[s] + cost * (budget_price + units.map(per_unit).fillna(0).to_numpy())
    account = instance.account_of(e, s)
    link = jp_price[account]
    alone = np.isnan(link)
    jp = instance.duration_jp[s].astype(float)
    short = instance.account_short()[account]
    reward = np.where(alone, instance.jp_reward * np.minimum(jp, short), jp * np.nan_to_num(link))
    return out, instance.gain[out] + reward - price
