"""One program's selection under a fairness floor, beside the selection without it.

`select_with_floor` runs `model.selection.select_participants` (the greedy, exact without a
floor), then, when its choice breaks the floor, the exact MILP of `model.fair_selection` over
the same candidates and rules (probability floor, positive gain unless `fill_without_gain`,
seats, budget, unit quota). The answer keeps both expected gains, so the floor's cost shows.

- Who the floor kept out: a candidate the greedy would have seated and the floored choice did
  not is left out for `fairness_floor`; every other reason stays the greedy's.
- The waitlist continues the greedy's invitation order past the chosen, skipping units at
  their quota (counting the chosen and the earlier waitlisted); the floor is checked again
  when a withdrawal reruns the selection.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pandas as pd

from features.columns import EMPLOYEE_ID, UNIT_ID
from model import messages as said
from model.errors import FairnessFloorError
from model.fair_selection import floor_problem, solve_floor
from model.fairness_floor import FairnessFloor, expected_share, floor_violations, group_report
from model.messages import Message
from model.selection import (
    COMPLETION_PROBABILITY,
    EXPECTED_GAIN,
    Selection,
    _ranked,
    invitation_order,
    priority,
    seat_limit,
    select_participants,
)

FAIRNESS_FLOOR = "fairness_floor"  # left out so that every group meets the floor


def select_with_floor(
    candidates: pd.DataFrame,
    labels: np.ndarray | None,
    fairness: FairnessFloor | None,
    **params: Any,
) -> Selection:
    """`select_participants(candidates, **params)` meeting `fairness` for the group `labels`
    (one per candidate row; None where unknown). Without a floor, the greedy's answer. The
    summary gains `fairness` (`{attribute, min_ratio, groups, expected_gain,
    expected_gain_without_floor}`). A floor no non-empty selection meets raises
    `FairnessFloorError`."""
    greedy = select_participants(candidates, **params)
    if fairness is None:
        return greedy
    labels = np.asarray(labels, dtype=object)
    chosen = _positions(candidates, greedy)
    groups = _report(fairness, labels, chosen)
    if floor_violations(groups, fairness.min_ratio):
        chosen = _floored(candidates, labels, fairness, greedy, params)
        groups = _report(fairness, labels, chosen)
    return _answer(candidates, greedy, fairness, chosen, groups, params)


def _positions(candidates: pd.DataFrame, selection: Selection) -> np.ndarray:
    """Row positions of the selected, in rank order."""
    index = pd.Index(candidates[EMPLOYEE_ID].to_numpy())
    return index.get_indexer(selection.selected[EMPLOYEE_ID].to_numpy())


def _report(fairness: FairnessFloor, labels: np.ndarray, chosen: np.ndarray) -> list[dict]:
    mask = np.zeros(len(labels), dtype=bool)
    mask[chosen] = True
    return group_report(fairness.attribute, [(labels, mask)])


def _floored(
    candidates: pd.DataFrame,
    labels: np.ndarray,
    fairness: FairnessFloor,
    greedy: Selection,
    params: dict[str, Any],
) -> np.ndarray:
    """Row positions the exact MILP chooses, in greedy order."""
    fill = bool(params.get("fill_without_gain"))
    w = priority(candidates)
    allowed = greedy.order
    floor = params.get("min_completion_probability")
    if floor is not None:
        probability = candidates[COMPLETION_PROBABILITY].to_numpy(dtype=float)
        allowed = allowed[probability[allowed] >= floor]
    if not fill:
        allowed = allowed[w[allowed] > 0]
    shares = expected_share(labels, fairness.attribute)
    c = {g: fairness.min_ratio * share for g, share in shares.items() if share > 0}
    k = seat_limit(params["seats"], params["cost_per_seat"], params.get("budget"))
    problem = floor_problem(candidates, allowed, w, labels, c, k, params.get("max_per_unit"))
    chosen = solve_floor(problem, fill=fill)
    if chosen is None:
        raise _unmet(fairness, labels, problem.group, k)
    return chosen


def _unmet(
    fairness: FairnessFloor, labels: np.ndarray, selectable: np.ndarray, k: int
) -> FairnessFloorError:
    groups = [
        {
            "group": g,
            "eligible": int((labels == g).sum()),
            "selectable": int((selectable == g).sum()),
        }
        for g in expected_share(labels, fairness.attribute)
    ]
    values = {
        "attribute": fairness.attribute,
        "min_ratio": fairness.min_ratio,
        "seats_available": k,
        "groups": groups,
    }
    by_group = [[g["group"], g["selectable"]] for g in groups]
    message = Message(
        said.SELECTION_FLOOR_UNMET, attribute=fairness.attribute, min_ratio=fairness.min_ratio,
        seats=k, by_group=by_group,
        # the same counts as one phrase for the English sentence; a page says `by_group`
        selectable=", ".join(f"{group} {n}" for group, n in by_group),
    )  # fmt: skip
    return FairnessFloorError(message, {"fairness": [message]}, "fairness_floor_unmet", values)


def _answer(
    candidates: pd.DataFrame,
    greedy: Selection,
    fairness: FairnessFloor,
    chosen: np.ndarray,
    groups: list[dict],
    params: dict[str, Any],
) -> Selection:
    selected = _ranked(candidates, chosen)
    without = float(greedy.selected[EXPECTED_GAIN].sum())
    summary = {
        **greedy.summary,
        "seats_filled": len(selected),
        "total_cost": len(selected) * float(params["cost_per_seat"]),
        "expected_gain": float(selected[EXPECTED_GAIN].sum()),
        "count_by_unit": {
            str(u): int(n) for u, n in selected[UNIT_ID].value_counts().sort_index().items()
        },
        "constraints": {
            **greedy.summary["constraints"],
            "fairness": dataclasses.asdict(fairness),
        },
        "fairness": {
            "attribute": fairness.attribute,
            "min_ratio": fairness.min_ratio,
            "groups": groups,
            "expected_gain": float(selected[EXPECTED_GAIN].sum()),
            "expected_gain_without_floor": without,
        },
    }
    why = greedy.left_out.copy()
    was_taken = why == ""
    why[was_taken] = FAIRNESS_FLOOR
    why[chosen] = ""
    summary["left_out"] = {
        **{reason: int((why == reason).sum()) for reason in greedy.summary["left_out"]},
        FAIRNESS_FLOOR: int((why == FAIRNESS_FLOOR).sum()),
    }
    waitlist = _waitlist(candidates, greedy, chosen, params)
    return Selection(selected, _ranked(candidates, waitlist), summary, why, greedy.order)


def _waitlist(
    candidates: pd.DataFrame, greedy: Selection, chosen: np.ndarray, params: dict[str, Any]
) -> np.ndarray:
    """The next in the greedy's invitation order, within each unit's quota."""
    size, quota = params.get("waitlist_size", 10), params.get("max_per_unit")
    queue = invitation_order(
        candidates, order=greedy.order,
        min_completion_probability=params.get("min_completion_probability"),
    )  # fmt: skip
    taken = np.zeros(len(candidates), dtype=bool)
    taken[chosen] = True
    units = candidates[UNIT_ID].to_numpy(dtype=object)
    count = pd.Series(units[chosen]).value_counts().to_dict()
    out: list[int] = []
    for row in queue:
        if len(out) >= size:
            break
        if taken[row] or (quota is not None and count.get(units[row], 0) >= quota):
            continue
        out.append(row)
        count[units[row]] = count.get(units[row], 0) + 1
    return np.asarray(out, dtype=np.intp)
