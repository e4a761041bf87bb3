"""The planning problem as plain arrays, so that the builder, the greedy baseline, the checker
and the tests' exhaustive search all read the same facts.

Codes: session s indexes the session arrays, employee e the employee arrays; pair j is the
eligible pair (pair_e[j], pair_s[j]). Only eligible pairs exist: in the program's audience,
course neither completed nor enrolled, likely enough to complete, no clash with a seat the
employee already holds, and a positive expected gain (as in selection, a seat for someone
with no measured need is not planned).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from model.planning.fairness import PlanFloor


@dataclass(frozen=True, eq=False)
class PlanInstance:
    """Sessions, employees, eligible pairs and the limits of one plan request.

    Sessions: `program_ids`, `course` (sessions of one course share it), `first_day` and
    `last_day` (datetime64[D], `features.sessions`), `duration_jp`, `cost` (IDR per seat),
    `seats` (free seats: capacity minus seats already taken).
    Employees: `employee_ids`, `unit_ids`, `jp_short` (JP still missing to the target: one
    column per calendar year of the period, or a vector for one year; `session_year[s]` is the
    column session s's JP count in, the year it ends). An (employee, year) is a JP account:
    JP planned in one year does not fill another year's shortfall.
    Pairs: `pair_e`, `pair_s`, `gain` (expected gain), `probability` (of completing).
    Limits: `budget`, `unit_budgets` (unit_id -> IDR), `budget_units` (a budgeted unit -> the
    units its budget covers: itself and every unit under it, as a unit includes its sub-units;
    a budgeted unit missing here covers itself alone), `max_programs` (per employee, None =
    no limit), `jp_reward` (objective per JP that brings an employee closer to the target),
    `fairness` (a group floor over the plan, `model.planning.fairness`; None = none).
    """

    program_ids: np.ndarray
    course: np.ndarray
    first_day: np.ndarray
    last_day: np.ndarray
    duration_jp: np.ndarray
    cost: np.ndarray
    seats: np.ndarray
    employee_ids: np.ndarray
    unit_ids: np.ndarray
    jp_short: np.ndarray
    pair_e: np.ndarray
    pair_s: np.ndarray
    gain: np.ndarray
    probability: np.ndarray
    budget: float
    unit_budgets: dict[str, float] = field(default_factory=dict)
    budget_units: dict[str, tuple[str, ...]] = field(default_factory=dict)
    max_programs: int | None = None
    jp_reward: float = 0.0
    fairness: PlanFloor | None = None
    session_year: np.ndarray | None = None

    @property
    def n_pairs(self) -> int:
        return len(self.pair_e)

    @property
    def n_years(self) -> int:
        return 1 if self.jp_short.ndim == 1 else int(self.jp_short.shape[1])

    def account_short(self) -> np.ndarray:
        """JP missing per account `employee * n_years + year` (a flat vector)."""
        return self.jp_short.reshape(-1)

    def account_of(self, e: np.ndarray, s: np.ndarray) -> np.ndarray:
        """The JP account of employee e's seat in session s."""
        year = np.zeros(len(self.cost), dtype=np.int64) if self.session_year is None else (
            self.session_year.astype(np.int64)
        )  # fmt: skip
        return np.asarray(e, dtype=np.int64) * self.n_years + year[np.asarray(s, dtype=np.intp)]

    def pair_account(self) -> np.ndarray:
        return self.account_of(self.pair_e, self.pair_s)

    def pair_value(self) -> np.ndarray:
        """Each pair's value alone: its gain plus the JP reward it would earn on its own."""
        jp = np.minimum(self.duration_jp[self.pair_s], self.account_short()[self.pair_account()])
        return self.gain + self.jp_reward * jp

    def budgets_covering(self) -> dict[str, list[str]]:
        """unit id -> the unit budgets that cover its employees (its own, its parents')."""
        covering: dict[str, list[str]] = {}
        for budget in sorted(self.unit_budgets):
            for unit in self.budget_units.get(budget, (budget,)):
                covering.setdefault(unit, []).append(budget)
        return covering

    def restricted(self, keep: np.ndarray) -> PlanInstance:
        """The same problem with only the pairs where `keep` (a mask or positions) holds."""
        return dataclasses.replace(
            self,
            pair_e=self.pair_e[keep],
            pair_s=self.pair_s[keep],
            gain=self.gain[keep],
            probability=self.probability[keep],
        )


def objective(instance: PlanInstance, chosen: np.ndarray) -> tuple[float, float]:
    """(expected gain, JP reward) of the chosen pairs (positions into the instance's pairs):
    the reward counts each employee's planned JP up to their shortfall, year by year."""
    chosen = np.asarray(chosen, dtype=np.intp)
    e, s = instance.pair_e[chosen], instance.pair_s[chosen]
    short = instance.account_short()
    account = instance.account_of(e, s)
    planned = np.bincount(account, weights=instance.duration_jp[s], minlength=len(short))
    jp = np.minimum(planned, short).sum()
    return float(instance.gain[chosen].sum()), float(instance.jp_reward * jp)


def session_clashes(instance: PlanInstance) -> np.ndarray:
    """clash[a, b]: sessions a and b cannot both be planned for one employee (they overlap,
    or they are sessions of one course)."""
    first, last = instance.first_day, instance.last_day
    overlap = (first[:, None] <= last[None, :]) & (last[:, None] >= first[None, :])
    course = pd.factorize(instance.course)[0]
    return overlap | (course[:, None] == course[None, :])
