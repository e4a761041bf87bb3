"""Choosing the participants of one training program, under seats, budget and unit quotas.

Why a greedy is exact here: for one program every seat costs the same, so the seat limit and
the budget are one cardinality bound k = min(seats, floor(budget / cost_per_seat)). The per-unit
quotas form a partition matroid; its truncation to rank k is again a matroid; and taking
candidates by decreasing weight while the set stays independent gives a maximum-weight
independent set of a matroid (Rado–Edmonds). The weights (priorities) are never negative, so
filling a seat never lowers the total.

The choices, so that a planner can predict the answer:

- priority = expected_gain x (1 + JP_PRIORITY) for an employee still short of the 20 JP
  entitlement this year (`jp_remaining` > 0), else expected_gain: among near-equals (within 5%
  of expected gain) the one short of JP goes first; a clearly larger gain still wins.
- Only candidates with a positive expected gain take seats: a seat for someone with no
  measured need is the waste the engine exists to avoid (and filling them by the ranker's
  score, which follows past nominations, selected staff over 50 at three times the rate of
  the others on the demo world). Seats they cannot fill stay open; the zero-gain candidates
  head the waitlist by `score`. A planner who wants every seat filled sets
  `fill_without_gain`, and they fill the rest (this costs no priority).
- Ties are broken by `score`, then `employee_id`: the same input always gives the same answer.
- The waitlist continues the same greedy past the k-th seat: the next candidates it would
  invite if there were more seats, each within its unit's quota counting the selected and
  the earlier waitlisted. A unit already at its quota has nobody on the waitlist; when a
  selected participant withdraws, rerun the selection without them to refill exactly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from features.columns import EMPLOYEE_ID, JP_REMAINING, UNIT_ID
from model.errors import SelectionError

# Output columns of the predictor, named once here for selection.
SCORE = "score"
COMPLETION_PROBABILITY = "completion_probability"
EXPECTED_GAIN = "expected_gain"
RANK = "rank"
# Why a candidate was not selected (`Selection.left_out`), first matching rule wins; "" = taken.
BELOW_PROBABILITY_FLOOR = "below_probability_floor"
NO_GAIN = "no_gain"
UNIT_CAP = "unit_cap"
SEAT_LIMIT = "seat_limit"  # the seats or the budget ran out before them
LEFT_OUT_REASONS = (BELOW_PROBABILITY_FLOOR, NO_GAIN, UNIT_CAP, SEAT_LIMIT)
CANDIDATE_COLUMNS = (
    EMPLOYEE_ID,
    UNIT_ID,
    EXPECTED_GAIN,
    COMPLETION_PROBABILITY,
    SCORE,
    JP_REMAINING,
)

# Employees still short of their 20 JP this year come first among near-equals.
JP_PRIORITY = 0.05


@dataclass(frozen=True, eq=False)
class Selection:
    """Who takes the seats, who waits, and a summary showing every constraint holds.

    `selected` and `waitlist` keep the candidate columns and add `rank` (1 = first invited).
    `left_out` holds, per candidate row, the rule that kept it out ("" when selected;
    `LEFT_OUT_REASONS`); `order` the row positions by the greedy's order, ignoring the rules.
    """

    selected: pd.DataFrame
    waitlist: pd.DataFrame
    summary: dict[str, Any]
    left_out: np.ndarray
    order: np.ndarray


def select_participants(
    candidates: pd.DataFrame,
    *,
    seats: int,
    cost_per_seat: float,
    budget: float | None = None,
    max_per_unit: int | None = None,
    min_completion_probability: float | None = None,
    waitlist_size: int = 10,
    fill_without_gain: bool = False,
) -> Selection:
    """The participants of one program maximising total priority under every constraint.

    `candidates` has one row per eligible employee with `CANDIDATE_COLUMNS`; it is not
    modified. At most `seats` people and what `budget` pays for at `cost_per_seat`, at most
    `max_per_unit` from one unit, only those at least `min_completion_probability` likely to
    complete. `summary` holds `seats_filled`, `seats_available` (k), `total_cost`,
    `expected_gain`, `count_by_unit` and the `constraints` given, so each visibly holds, and
    `left_out`: how many candidates each rule kept out (`left_out_reasons`).
    Without `fill_without_gain`, only candidates with a positive expected gain are selected.
    A constraint out of range raises `SelectionError`; malformed candidates, ValueError.
    """
    constraints: dict[str, Any] = {
        "seats": seats,
        "budget": budget,
        "max_per_unit": max_per_unit,
        "min_completion_probability": min_completion_probability,
        "cost_per_seat": cost_per_seat,
    }
    _check_parameters(waitlist_size=waitlist_size, **constraints)
    constraints["fill_without_gain"] = bool(fill_without_gain)
    _check_candidates(candidates)
    k = seat_limit(seats, cost_per_seat, budget)
    order = greedy_order(candidates)
    queue = invitation_order(
        candidates,
        order=order,
        max_per_unit=max_per_unit,
        min_completion_probability=min_completion_probability,
    )
    if not fill_without_gain:  # priorities are sorted: the positive ones are a prefix
        k_taken = min(k, int((priority(candidates)[queue] > 0).sum()))
    else:
        k_taken = min(k, len(queue))
    selected = _ranked(candidates, queue[:k_taken])
    why = left_out_reasons(candidates, queue, queue[:k_taken], constraints)
    summary = _summary(selected, k, constraints)
    summary["left_out"] = {reason: int((why == reason).sum()) for reason in LEFT_OUT_REASONS}
    return Selection(
        selected=selected,
        waitlist=_ranked(candidates, queue[k_taken : k_taken + waitlist_size]),
        summary=summary,
        left_out=why,
        order=order,
    )


def left_out_reasons(
    candidates: pd.DataFrame,
    queue: np.ndarray,
    taken: np.ndarray,
    constraints: dict[str, Any],
) -> np.ndarray:
    """Per candidate row, the first rule that kept it out: below the probability floor, no
    positive expected gain (unless `fill_without_gain`), past its unit's cap, or past the seats
    the budget pays for; "" for the `taken` rows. `queue` is `invitation_order`'s."""
    n = len(candidates)
    selected, queued = np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
    selected[taken], queued[queue] = True, True
    floor = constraints.get("min_completion_probability")
    probability = candidates[COMPLETION_PROBABILITY].to_numpy(dtype=float)
    below = probability < floor if floor is not None else np.zeros(n, dtype=bool)
    no_gain = ~(priority(candidates) > 0) & (not constraints.get("fill_without_gain"))
    return np.select(
        [selected, below, no_gain, ~queued],
        ["", BELOW_PROBABILITY_FLOOR, NO_GAIN, UNIT_CAP],
        default=SEAT_LIMIT,
    ).astype(object)


def priority(candidates: pd.DataFrame) -> np.ndarray:
    """Expected gain, raised by JP_PRIORITY for employees still short of their 20 JP."""
    gain = candidates[EXPECTED_GAIN].to_numpy(dtype=float)
    short = candidates[JP_REMAINING].to_numpy(dtype=float) > 0
    return np.where(short, gain * (1.0 + JP_PRIORITY), gain)


def seat_limit(seats: int, cost_per_seat: float, budget: float | None = None) -> int:
    """The one cardinality bound k: the seats, and what the budget pays for."""
    if budget is None or cost_per_seat == 0:
        return int(seats)
    k = min(int(seats), math.floor(budget / cost_per_seat))
    # The quotient can round up across a whole number; the summary must show cost <= budget.
    if k > 0 and k * cost_per_seat > budget:
        k -= 1
    return k


def invitation_order(
    candidates: pd.DataFrame,
    *,
    order: np.ndarray | None = None,
    max_per_unit: int | None = None,
    min_completion_probability: float | None = None,
) -> np.ndarray:
    """Row positions in the order the greedy invites them given unlimited seats (`order`:
    `greedy_order(candidates)` when the caller has it already).

    The first k are the optimal selection for k seats; the ones after are the waitlist.
    Until the seat bound binds, the greedy accepts a candidate exactly when fewer than
    `max_per_unit` eligible candidates of the same unit come before it (each of those was
    accepted), so a within-unit count replaces the loop over candidates.
    """
    if order is None:
        order = greedy_order(candidates)
    if min_completion_probability is not None:
        probability = candidates[COMPLETION_PROBABILITY].to_numpy(dtype=float)
        order = order[probability[order] >= min_completion_probability]
    if max_per_unit is not None:
        unit = pd.Series(pd.factorize(candidates[UNIT_ID])[0][order])
        within_unit = unit.groupby(unit).cumcount().to_numpy()
        order = order[within_unit < max_per_unit]
    return order


def greedy_order(candidates: pd.DataFrame) -> np.ndarray:
    """Row positions by priority, then score (both descending), then employee_id.

    Arrow sorts the three keys in one pass; numpy would spend ~50 ms on 65,000 string ids.
    """
    keys = pa.table(
        {
            "priority": priority(candidates),
            "score": np.nan_to_num(candidates[SCORE].to_numpy(dtype=float), nan=-np.inf),
            "employee_id": pa.array(candidates[EMPLOYEE_ID], type=pa.string()),
        }
    )
    order = pc.sort_indices(
        keys,
        sort_keys=[
            ("priority", "descending"),
            ("score", "descending"),
            ("employee_id", "ascending"),
        ],
    )
    return order.to_numpy().astype(np.intp)


def _ranked(candidates: pd.DataFrame, positions: np.ndarray) -> pd.DataFrame:
    rows = candidates.iloc[positions].reset_index(drop=True)
    return rows.assign(**{RANK: np.arange(1, len(rows) + 1)})


def _summary(selected: pd.DataFrame, k: int, constraints: dict[str, Any]) -> dict[str, Any]:
    counts = selected[UNIT_ID].value_counts().sort_index()
    return {
        "seats_filled": len(selected),
        "seats_available": k,
        "total_cost": len(selected) * float(constraints["cost_per_seat"]),
        "expected_gain": float(selected[EXPECTED_GAIN].sum()),
        "count_by_unit": {str(unit): int(n) for unit, n in counts.items()},
        "constraints": constraints,
    }


def _check_parameters(
    *,
    seats: int,
    cost_per_seat: float,
    budget: float | None,
    max_per_unit: int | None,
    min_completion_probability: float | None,
    waitlist_size: int,
) -> None:
    """SelectionError naming the first parameter the caller gave out of range; ValueError for
    a catalogue cost no loaded export can hold (a bug, not the caller's request)."""
    if not (math.isfinite(cost_per_seat) and cost_per_seat >= 0):
        raise ValueError(f"cost_per_seat: must be a finite number >= 0, got {cost_per_seat!r}")
    _check_whole("seats", seats, minimum=0)
    _check_whole("waitlist_size", waitlist_size, minimum=0)
    if max_per_unit is not None:
        _check_whole("max_per_unit", max_per_unit, minimum=1)
    if budget is not None and not (math.isfinite(budget) and budget >= 0):
        _refuse("budget", f"must be a finite number >= 0, got {budget!r}")
    p = min_completion_probability
    if p is not None and not 0 <= p <= 1:
        _refuse("min_completion_probability", f"must be between 0 and 1, got {p!r}")


def _check_whole(name: str, value: int, *, minimum: int) -> None:
    if isinstance(value, bool) or not float(value).is_integer() or value < minimum:
        _refuse(name, f"must be a whole number >= {minimum}, got {value!r}")


def _refuse(name: str, problem: str) -> None:
    raise SelectionError(f"{name}: {problem}", {name: [problem]})


def _check_candidates(candidates: pd.DataFrame) -> None:
    """Fail clearly on input the greedy's optimality argument does not cover."""
    missing = [c for c in CANDIDATE_COLUMNS if c not in candidates.columns]
    if missing:
        raise ValueError(f"candidates: missing columns {missing}")
    if not (candidates[EXPECTED_GAIN].to_numpy(dtype=float) >= 0).all():
        raise ValueError(f"candidates: {EXPECTED_GAIN} must be a number >= 0 in every row")
    probability = candidates[COMPLETION_PROBABILITY].to_numpy(dtype=float)
    if not ((probability >= 0) & (probability <= 1)).all():
        raise ValueError(f"candidates: {COMPLETION_PROBABILITY} must be between 0 and 1")
    if candidates[EMPLOYEE_ID].duplicated().any():
        raise ValueError(f"candidates: {EMPLOYEE_ID} must be unique (one row per employee)")
