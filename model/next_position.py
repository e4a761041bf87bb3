"""Next-position gaps in recommendations: how much of the next position's gap a program
closes beyond what today's position already counts (docs/rules.md).

For an employee in the talent pool (`features.next_position`) and a program, the next
position's coverage is, over the program's competencies c,

    next_coverage = sum_c  w_next(c) x max(0, closable_next(c) - closable_now(c))

with `closable` the expected gap up to the program's target (`features.pairs.
expected_closable`) against the next position's standard and today's (0 off today's
standard): a gap both positions share is counted once, in today's. Recommendations order
programs by `model.scoring`'s formula over

    expected_gain + next_position_weight x next_coverage x efficacy x P(complete)

`next_position_weight` is the planner's policy, not a fitted value: how much a position
someone is being prepared for counts beside the one they hold (PP 17/2020 Pasal 206 names
both). Its default, `DEFAULT_WEIGHT`, is stated in `/v1/model`; 0 turns it off.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from features import columns as col
from features.pairs import expected_closable
from features.state import PointInTime
from model.explain import Reason, english
from model.prediction import REQUEST_THREADS
from model.scoring import efficacy_share, recommendation_score

DEFAULT_WEIGHT = 0.5  # a prospect counts half as much as the position held: policy, not fit
MIN_GAIN_SHOWN = 0.05  # as `model.explain.MIN_GAP_SHOWN`: below it, no reason is given
NEXT_POSITION_REASON = "next_position"  # the code of the reason naming the next position


class NextPositions:
    """The next-position standards and levels of the talent pool's members, by employee code.

    `profiles` is `features.next_position.next_position_profiles` at the snapshot (None or
    empty: nobody has a next position)."""

    def __init__(self, state: PointInTime, profiles: pd.DataFrame | None) -> None:
        n_e, n_c = len(state.employee_ids), len(state.competency_ids)
        self._row = np.full(n_e, -1, dtype=np.int64)
        if profiles is None or profiles.empty:
            profiles = pd.DataFrame(columns=[col.EMPLOYEE_ID, col.COMPETENCY_ID])
        codes = state.employee_ids.get_indexer(profiles[col.EMPLOYEE_ID])
        known = codes >= 0
        profiles, codes = profiles[known], codes[known]
        self._profiles = profiles.reset_index(drop=True)
        self._profile_rows = self._profiles.groupby(col.EMPLOYEE_ID, sort=False).indices
        members = np.unique(codes)
        self._row[members] = np.arange(len(members))
        firsts = profiles.drop_duplicates(col.EMPLOYEE_ID)
        self.targets = pd.Series(
            firsts[col.TARGET_ROLE_ID].to_numpy() if len(firsts) else [],
            index=firsts[col.EMPLOYEE_ID].to_numpy() if len(firsts) else [],
            dtype=object,
        )
        shape = (len(members), n_c)
        rows = self._row[codes]
        cols = state.competency_ids.get_indexer(profiles[col.COMPETENCY_ID])
        self.required, self.current = np.zeros(shape), np.zeros(shape)
        self.weight, self.confidence = np.zeros(shape), np.zeros(shape)
        for matrix, column in (
            (self.required, col.REQUIRED_LEVEL),
            (self.current, col.CURRENT_LEVEL),
            (self.weight, col.WEIGHT),
            (self.confidence, col.CONFIDENCE),
        ):
            if len(profiles):
                matrix[rows, cols] = profiles[column].to_numpy(dtype=float)

    def profile_rows(self, employee_id: str) -> pd.DataFrame:
        """The next-position gap profile rows of one employee (empty outside the pool)."""
        rows = self._profile_rows.get(employee_id)
        return self._profiles.iloc[rows if rows is not None else []]

    def has_next(self, e: int) -> bool:
        return bool(self._row[e] >= 0)

    def extra_closable(
        self, state: PointInTime, e: np.ndarray, p: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(pair index, competency code, weighted extra gap) per (pair, competency of its
        program) for the pairs whose employee has a next position: the terms of the module's
        sum."""
        e, p = np.asarray(e, dtype=np.int64), np.asarray(p, dtype=np.int64)
        has = np.flatnonzero(self._row[e] >= 0)
        starts = state.comp_indptr[p[has]]
        counts = state.comp_indptr[p[has] + 1] - starts
        pair = np.repeat(has, counts)
        k = np.repeat(starts - np.cumsum(counts) + counts, counts) + np.arange(counts.sum())
        c, target, ei = state.comp_codes[k], state.comp_target[k], e[pair]
        r = self._row[ei]
        ahead = expected_closable(
            state, self.required[r, c], self.current[r, c], target, self.confidence[r, c]
        )
        now = expected_closable(
            state, state.required[ei, c], state.current[ei, c], target, state.confidence[ei, c]
        )
        now = np.where(state.weight[ei, c] > 0, now, 0.0)
        return pair, c, self.weight[r, c] * np.maximum(0.0, ahead - now)

    def coverage(self, state: PointInTime, e: np.ndarray, p: np.ndarray) -> np.ndarray:
        """`next_coverage` per pair (0 for someone without a next position)."""
        pair, _, extra = self.extra_closable(state, e, p)
        return np.bincount(pair, weights=extra, minlength=len(np.asarray(e)))

    def top_competency(self, state: PointInTime, e: int, p: int) -> tuple[int, float] | None:
        """The competency code with the largest weighted extra gap of one pair, and that gap."""
        _, c, extra = self.extra_closable(state, np.array([e]), np.array([p]))
        if len(extra) == 0 or extra.max() <= 0:
            return None
        best = int(np.argmax(extra))
        return int(c[best]), float(extra[best])


def weighted_scores(
    engine: Any, e: int, p: np.ndarray, X: pd.DataFrame, pred: pd.DataFrame, weight: float
) -> tuple[np.ndarray, np.ndarray]:
    """(score, next-position expected gain) of employee e for programs p: `model.scoring`'s
    score over expected_gain + weight x the next position's expected gain (the module's
    formula); the model's own score where the weight is 0 or e has no next position."""
    score = pred["score"].to_numpy(dtype=float)
    nexts = engine.next_positions
    if weight <= 0 or len(p) == 0 or not nexts.has_next(e):
        return score, np.zeros(len(p))
    predictor, state = engine.bundle.predictor, engine.state
    coverage = nexts.coverage(state, np.full(len(p), e), p)
    values = X.to_numpy(dtype=np.float64)
    efficacy = efficacy_share(predictor.predicted_efficacy(values, REQUEST_THREADS), len(p))
    gain = coverage * efficacy * pred["completion_probability"].to_numpy(dtype=float)
    total = pred["expected_gain"].to_numpy(dtype=float) + weight * gain
    return recommendation_score(total, pred["ranker_score"], predictor.blend), gain


def next_position_item(
    engine: Any, employee_id: str, e: int, p: int, gain: float, weight: float
) -> tuple[dict[str, Any] | None, Reason | None]:
    """A recommendation's `next_position` ({role_id, role_title, expected_gain, weight}) and
    its reason naming the position the program prepares for; (None, None) where the next
    position did not count or the program closes too little of its gap to say so."""
    if weight <= 0 or gain < MIN_GAIN_SHOWN:
        return None, None
    role_id = str(engine.next_positions.targets[employee_id])
    title = str(engine.directory.role_titles.get(role_id, role_id))
    found = engine.next_positions.top_competency(engine.state, e, p)
    cid = engine.state.competency_ids[found[0]] if found else None
    reason = Reason(
        english("prepares for the next position, {role}: closes part of its gap in {competency}"),
        {"role": title, "competency": str(engine.directory.competency_names.get(cid, cid))},
        code=NEXT_POSITION_REASON,
    )
    item = {"role_id": role_id, "role_title": title, "expected_gain": round(gain, 4),
            "weight": weight}  # fmt: skip
    return item, reason


def gap_answer(engine: Any, employee_id: str) -> dict[str, Any] | None:
    """The gap answer's `next_position`: the target role, its nine-box cell and since when,
    the gap index and the per-competency gaps against its standard; None outside the pool."""
    nexts = engine.next_positions
    rows = nexts.profile_rows(employee_id)
    if rows.empty:
        return None
    role_id = str(rows[col.TARGET_ROLE_ID].iloc[0])
    weights = rows[col.WEIGHT].sum()
    box = rows[col.BOX].iloc[0]
    return {
        "role_id": role_id,
        "role_title": str(engine.directory.role_titles.get(role_id, role_id)),
        "box": None if pd.isna(box) else int(box),
        "since": pd.Timestamp(rows[col.SINCE].iloc[0]).date(),
        "gap_index": float(rows[col.WEIGHTED_GAP].sum() / weights) if weights > 0 else 0.0,
        "rows": rows,
    }
