"""The mixed-integer program of a plan: maximise c.x subject to A.x <= row_upper.

Columns: x_j in {0, 1} for each pair j (seat the employee in the session), then r_a in
[0, jp_short_a] for each JP account (employee, year) short of the target with a pair: the JP
the plan brings them that year, rewarded `jp_reward` each.
Rows (all <=):
- seats: per session with more pairs than free seats, sum_j x_j <= seats;
- budget: sum cost_j x_j <= budget, and one row per unit budget over the pairs of the unit and
  of every unit under it (costs in millions of IDR, so that coefficients stay near 1);
- conflicts: per employee and group of sessions that exclude one another (the sessions of one
  course; the sessions running on one day, for each day a session starts: the maximal
  cliques of an interval graph), sum <= 1, where the employee has two pairs in the group;
- max programs: per employee with more pairs than the limit, sum <= max_programs;
- JP link: r_a - sum_j duration_jp_j x_j <= 0 over the pairs of JP account a (an employee in
  one calendar year of the period).
- fairness floor (with one): per group, sum_j (r share_sj,g - [group_j = g]) x_j <= 0
  (`model.planning.fairness`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from model.planning.fairness import PlanFloor, row_coefficients
from model.planning.instance import PlanInstance

IDR_SCALE = 1e-6  # budget rows in millions of rupiah


@dataclass(frozen=True, eq=False)
class MilpModel:
    """The program's arrays and where each kind of row starts (`rows`: kind -> row indices).

    `seat_row[s]`, `link_row[a]` (a: JP account) are -1 where there is no such row;
    `unit_rows` maps a unit with a budget to its row; `r_employee[k]` is the JP account of
    column n_pairs + k."""

    c: np.ndarray
    A: sp.csr_matrix
    row_upper: np.ndarray
    col_upper: np.ndarray
    n_pairs: int
    seat_row: np.ndarray
    budget_row: int
    unit_rows: dict[str, int]
    link_row: np.ndarray
    r_employee: np.ndarray


class _Rows:
    """Collects rows as (row, column, value) triplets."""

    def __init__(self) -> None:
        self.rows: list[np.ndarray] = []
        self.cols: list[np.ndarray] = []
        self.vals: list[np.ndarray] = []
        self.upper: list[np.ndarray] = []
        self.n = 0

    def add(
        self, row: np.ndarray, col: np.ndarray, val: np.ndarray, upper: np.ndarray | list[float]
    ) -> int:
        """Rows numbered 0..len(upper)-1 locally; returns the first global row."""
        first = self.n
        self.rows.append(np.asarray(row, dtype=np.int64) + first)
        self.cols.append(np.asarray(col, dtype=np.int64))
        self.vals.append(np.asarray(val, dtype=float))
        self.upper.append(np.asarray(upper, dtype=float))
        self.n += len(upper)
        return first


def build_model(instance: PlanInstance) -> MilpModel:
    n = instance.n_pairs
    e, s = instance.pair_e, instance.pair_s
    rows = _Rows()
    seat_row = _seat_rows(rows, instance)
    scaled = instance.cost[s] * IDR_SCALE
    budget_row = rows.add(np.zeros(n), np.arange(n), scaled, [instance.budget * IDR_SCALE])
    unit_rows = {}
    for unit, amount in sorted(instance.unit_budgets.items()):
        covered = list(instance.budget_units.get(unit, (unit,)))  # the unit and its sub-units
        members = np.flatnonzero(np.isin(instance.unit_ids[e], covered))
        upper = [amount * IDR_SCALE]
        unit_rows[unit] = rows.add(np.zeros(len(members)), members, scaled[members], upper)
    _group_rows(rows, _conflict_groups(instance), 1)
    if instance.max_programs is not None:
        _group_rows(rows, pd.DataFrame({"key": e, "j": np.arange(n)}), instance.max_programs)
    if instance.fairness is not None:
        _fairness_rows(rows, instance, instance.fairness)
    account, short = instance.pair_account(), instance.account_short()
    r_employee = np.unique(account[short[account] > 0])
    link_row = _link_rows(rows, instance, r_employee)
    c = np.concatenate([instance.gain, np.full(len(r_employee), instance.jp_reward)])
    col_upper = np.concatenate([np.ones(n), short[r_employee]])
    A = sp.csr_matrix(
        (np.concatenate(rows.vals), (np.concatenate(rows.rows), np.concatenate(rows.cols))),
        shape=(rows.n, len(c)),
    )
    return MilpModel(
        c, A, np.concatenate(rows.upper), col_upper, n, seat_row, budget_row, unit_rows,
        link_row, r_employee,
    )  # fmt: skip


def _seat_rows(rows: _Rows, instance: PlanInstance) -> np.ndarray:
    counts = np.bincount(instance.pair_s, minlength=len(instance.seats))
    binding = np.flatnonzero(counts > instance.seats)
    local = np.full(len(instance.seats), -1)
    local[binding] = np.arange(len(binding))
    j = np.flatnonzero(local[instance.pair_s] >= 0)
    first = rows.add(local[instance.pair_s[j]], j, np.ones(len(j)), instance.seats[binding])
    return np.where(local >= 0, local + first, -1)


def _conflict_groups(instance: PlanInstance) -> pd.DataFrame:
    """(key, j): pair j belongs to group `key` of its employee (a course, or a day's clique)."""
    first, last = instance.first_day, instance.last_day
    days = np.unique(first)
    running = (first[None, :] <= days[:, None]) & (last[None, :] >= days[:, None])
    clique, session = np.nonzero(running)
    n_groups = int(instance.course.max(initial=-1)) + 1 + len(days)
    membership = pd.DataFrame(
        {
            "group": np.concatenate([instance.course, n_groups - len(days) + clique]),
            "s": np.concatenate([np.arange(len(first)), session]),
        }
    )
    pairs = pd.DataFrame(
        {"s": instance.pair_s, "e": instance.pair_e, "j": np.arange(instance.n_pairs)}
    )
    both = pairs.merge(membership, on="s")
    return pd.DataFrame({"key": both["e"] * n_groups + both["group"], "j": both["j"]})


def _group_rows(rows: _Rows, members: pd.DataFrame, limit: int) -> None:
    """One row sum <= limit per key with more than `limit` members."""
    size = members.groupby("key")["j"].transform("size")
    members = members.loc[size > limit]
    key, local = np.unique(members["key"].to_numpy(), return_inverse=True)
    rows.add(local, members["j"].to_numpy(), np.ones(len(members)), np.full(len(key), limit))


def _link_rows(rows: _Rows, instance: PlanInstance, r_employee: np.ndarray) -> np.ndarray:
    n = instance.n_pairs
    account = instance.pair_account()
    local = np.full(len(instance.account_short()), -1)
    local[r_employee] = np.arange(len(r_employee))
    j = np.flatnonzero(local[account] >= 0)
    jp = instance.duration_jp[instance.pair_s[j]].astype(float)
    row = np.concatenate([local[account[j]], np.arange(len(r_employee))])
    col = np.concatenate([j, n + np.arange(len(r_employee))])
    val = np.concatenate([-jp, np.ones(len(r_employee))])
    first = rows.add(row, col, val, np.zeros(len(r_employee)))
    return np.where(local >= 0, local + first, -1)


def _fairness_rows(rows: _Rows, instance: PlanInstance, floor: PlanFloor) -> None:
    """One row per group of the floor: its selected seats at least r x its expected seats."""
    coef = row_coefficients(floor, instance.pair_e, instance.pair_s, instance.first_day)
    keep = np.flatnonzero(np.abs(coef).sum(axis=1) > 0)
    g, j = np.nonzero(coef[keep])
    rows.add(g, j, coef[keep][g, j], np.zeros(len(keep)))
