"""A fairness floor over a whole plan: the facts, the MILP's rows, and the answer's summary.

Over a plan, each group's expected seats add up session by session: a session filling n_s
seats from N_s eligible, E_gs of them in group g, expects n_s x E_gs / N_s of group g (every
eligible employee of each program equally likely, as in `model.fairness_floor`). The floor
asks sum_s selected_gs >= r x sum_s n_s x E_gs / N_s for every group g, one row per group:

    sum_j (r x share[s_j, g] - [group_j = g]) x_j <= 0.

The eligible pools are those of selection (`model.participants.eligible_employees`), before
the gain and probability filters: a group with little measured need still expects its seats.
An employee's age group is taken at each session's first day, so it is a fact of the pair.
The plan checker recounts all of this apart (`model.planning.checker`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from model.engine import Engine
from model.fairness_check import attribute_labels
from model.fairness_floor import AGE_GROUP, FairnessFloor, age_groups, genders, groups_of
from model.participants import eligible_employees


@dataclass(frozen=True, eq=False)
class PlanFloor:
    """The floor and its facts: `birth` (datetime64[ns], NaT unknown) or `gender` (object,
    None unknown) per employee code; `eligible[s, g]` and `pool[s]` (E_gs and N_s) per session
    and group (`groups_of(attribute)` order)."""

    attribute: str
    min_ratio: float
    birth: np.ndarray | None
    gender: np.ndarray | None
    eligible: np.ndarray
    pool: np.ndarray

    @property
    def groups(self) -> tuple[str, ...]:
        return groups_of(self.attribute)

    def share(self) -> np.ndarray:
        """E_gs / N_s (0 for a session nobody is eligible for)."""
        return self.eligible / np.maximum(self.pool, 1)[:, None]


def plan_floor(
    engine: Engine,
    sessions: np.ndarray,
    floor: FairnessFloor,
    unit_ids: Sequence[str] | None = None,
) -> PlanFloor:
    """The facts of `floor` over the program codes `sessions`, among the employees of
    `unit_ids` (and the units under them) when the plan is for chosen units: equal chances
    are among those who may take a seat in this plan, not the whole organisation."""
    groups = groups_of(floor.attribute)
    eligible = np.zeros((len(sessions), len(groups)))
    pool = np.zeros(len(sessions))
    for s, p in enumerate(sessions):
        e, _ = eligible_employees(engine, int(p), unit_ids, ())
        labels = attribute_labels(engine, int(p), e, floor.attribute)
        pool[s] = len(e)
        eligible[s] = [(labels == g).sum() for g in groups]
    directory, ids = engine.directory, engine.directory.employee_ids
    birth = gender = None
    if floor.attribute == AGE_GROUP:
        birth = directory.birth_dates.reindex(ids).to_numpy(dtype="datetime64[ns]")
    else:
        gender = directory.genders.reindex(ids).to_numpy(dtype=object)
    return PlanFloor(floor.attribute, floor.min_ratio, birth, gender, eligible, pool)


def pair_groups(
    floor: PlanFloor, pair_e: np.ndarray, pair_s: np.ndarray, first_day: np.ndarray
) -> np.ndarray:
    """Each pair's group index into `floor.groups`; -1 where unknown."""
    if floor.birth is not None:
        labels = np.empty(len(pair_e), dtype=object)
        for s in np.unique(pair_s):
            at = pair_s == s
            labels[at] = age_groups(floor.birth[pair_e[at]], first_day[s].astype("datetime64[ns]"))
    elif floor.gender is not None:
        labels = genders(floor.gender[pair_e])
    else:
        raise ValueError("a plan floor holds either births or genders")
    index = {g: i for i, g in enumerate(floor.groups)}
    return np.array([index.get(g, -1) for g in labels], dtype=np.int64)


def row_coefficients(
    floor: PlanFloor, pair_e: np.ndarray, pair_s: np.ndarray, first_day: np.ndarray
) -> np.ndarray:
    """(groups, pairs): r x share[s_j, g] - [group_j = g]; the plan meets the floor when each
    row times x is <= 0. Groups nobody is eligible for have no row (all zeros)."""
    group = pair_groups(floor, pair_e, pair_s, first_day)
    coef = floor.min_ratio * floor.share()[pair_s].T
    for g in range(len(floor.groups)):
        coef[g, group == g] -= 1.0
    coef[floor.eligible.sum(axis=0) == 0] = 0.0
    return coef


def meets_floor(
    floor: PlanFloor, pair_e: np.ndarray, pair_s: np.ndarray, first_day: np.ndarray
) -> bool:
    """Whether the chosen pairs (all of `pair_e`, `pair_s`) meet the floor (float slack 1e-9)."""
    if len(pair_e) == 0:
        return True
    return bool((row_coefficients(floor, pair_e, pair_s, first_day).sum(axis=1) <= 1e-9).all())


def floor_summary(
    floor: PlanFloor,
    pair_e: np.ndarray,
    pair_s: np.ndarray,
    first_day: np.ndarray,
    expected_gain: float,
    expected_gain_without_floor: float,
) -> dict[str, Any]:
    """`summary.fairness` of a plan: per group eligible (summed over sessions), selected and
    selected / expected, and the expected gain with and without the floor."""
    group = pair_groups(floor, pair_e, pair_s, first_day)
    n = np.bincount(pair_s, minlength=len(floor.pool))
    expected = (floor.share() * n[:, None]).sum(axis=0)
    rows = []
    for g, name in enumerate(floor.groups):
        selected = int((group == g).sum())
        ratio = float(selected / expected[g]) if expected[g] > 0 else None
        eligible = int(floor.eligible[:, g].sum())
        rows.append({"group": name, "eligible": eligible, "selected": selected, "ratio": ratio})
    return {
        "attribute": floor.attribute,
        "min_ratio": floor.min_ratio,
        "groups": rows,
        "expected_gain": float(expected_gain),
        "expected_gain_without_floor": float(expected_gain_without_floor),
    }
