"""Model input for (employee, program) pairs: the one function training and serving both call."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from features.keys import csr_rows, in_sorted
from features.state import PointInTime, course_key
from features.uncertainty import expected_shortfall, level_uncertainty

EMPLOYEE_FEATURES = [
    "tier",
    "education",
    "is_pppk",
    "tenure_years",
    "age_band",
    "gap_index",
    "self_minus_others",
    "skp_rating",
    "jp_this_year",
    "jp_remaining",
    "n_past",
    "completion_rate",
    "hours_completion_rate",
    "no_show_rate",
    "n_last_12m",
    "concurrent",
    "location_in_person_rate",
    "unit_completion_rate",
]
PROGRAM_FEATURES = [
    "method",
    "duration_jp",
    "log_cost",
    "course_n_past",
    "course_completion_rate",
    "course_reaction",
    "in_person",
]
PAIR_FEATURES = [
    "coverage",
    "expected_coverage",
    "coverage_share",
    "coverage_emphasis",
    "program_gap",
    "stretch",
    "overshoot",
    "already_meets_share",
    "off_standard_share",
    "gap_confidence",
    "method_completion_rate",
    "method_share",
    "method_reaction",
    "method_efficacy",
    "location_mismatch",
    "taken_course_before",
]
FEATURE_NAMES = EMPLOYEE_FEATURES + PROGRAM_FEATURES + PAIR_FEATURES
CATEGORICAL_FEATURES = ["tier", "method"]


def pair_features(
    state: PointInTime, employee_ids: Sequence[str], program_ids: Sequence[str]
) -> pd.DataFrame:
    """Features of each (employee_ids[i], program_ids[i]) pair as known at `state.as_of`.

    Raises KeyError naming the first unknown employee or program id.
    """
    e = state.employee_ids.get_indexer(pd.Index(employee_ids))
    p = state.program_ids.get_indexer(pd.Index(program_ids))
    for codes, ids, what in ((e, employee_ids, "employee"), (p, program_ids, "program")):
        if (codes < 0).any():
            raise KeyError(f"unknown {what} id: {ids[int(np.argmax(codes < 0))]}")
    return pair_features_by_code(state, e, p)


def pair_features_by_code(state: PointInTime, e: np.ndarray, p: np.ndarray) -> pd.DataFrame:
    """`pair_features` for integer positions into `state.employee_ids` / `state.program_ids`."""
    out = {name: state.employees[name].to_numpy()[e] for name in EMPLOYEE_FEATURES}
    out.update({name: state.programs[name].to_numpy()[p] for name in PROGRAM_FEATURES})
    out.update(_coverage(state, e, p))
    method = state.programs["method"].to_numpy()[p]
    m = np.maximum(method, 0)
    out["method_completion_rate"] = state.methods.completion[e, m]
    out["method_share"] = state.methods.share[e, m]
    out["method_reaction"] = state.methods.reaction[e, m]
    out["method_efficacy"] = state.methods.efficacy[e, m]
    out["location_mismatch"] = _location_mismatch(state, e, p)
    keys = course_key(e, state.course_codes[p], state.n_courses)
    out["taken_course_before"] = in_sorted(keys, state.taken_courses)
    matrix = np.empty((len(e), len(FEATURE_NAMES)), dtype=np.float32)
    for j, name in enumerate(FEATURE_NAMES):
        matrix[:, j] = out[name]
    return pd.DataFrame(matrix, columns=FEATURE_NAMES, copy=False)


def _coverage(state: PointInTime, e: np.ndarray, p: np.ndarray) -> dict[str, np.ndarray]:
    """How much of the employee's weighted gap the program's competencies and targets close.

    Each pair is expanded into one row per competency of its program (CSR gather), compared
    with the employee's required and current level, and summed back with `bincount`.
    """
    n = len(e)
    starts = state.comp_indptr[p]
    counts = state.comp_indptr[p + 1] - starts
    pair = np.repeat(np.arange(n), counts)
    k = csr_rows(starts, counts)
    c, target, prog_w = state.comp_codes[k], state.comp_target[k], state.comp_weight[k]
    ei = e[pair]
    req, cur = state.required[ei, c], state.current[ei, c]
    std_w, conf = state.weight[ei, c], state.confidence[ei, c]
    in_std = std_w > 0

    def per_pair(values: np.ndarray) -> np.ndarray:
        return np.bincount(pair, weights=values, minlength=n)

    n_std = per_pair(in_std.astype(float))

    def mean_std(values: np.ndarray) -> np.ndarray:
        """Mean over the program's competencies that are in the employee's standard."""
        return np.where(
            n_std > 0, per_pair(np.where(in_std, values, 0.0)) / np.maximum(n_std, 1), np.nan
        )

    with np.errstate(invalid="ignore", divide="ignore"):
        closable = std_w * np.maximum(0.0, np.minimum(target, req) - cur)
        strongest = np.full(n, 1e-9)
        np.maximum.at(strongest, pair, prog_w)
        coverage = per_pair(closable)
        total_gap = state.employees["total_weighted_gap"].to_numpy()[e]
        return {
            "coverage": coverage,
            "expected_coverage": per_pair(std_w * expected_closable(state, req, cur, target, conf)),
            "coverage_share": np.where(total_gap > 0, coverage / total_gap, 0.0),
            # weights are relative within a program: scaled by the program's own strongest
            "coverage_emphasis": per_pair(closable * prog_w / strongest[pair]),
            "program_gap": per_pair(std_w * np.maximum(0.0, req - cur)),
            "stretch": mean_std(target - cur),
            "overshoot": mean_std(np.maximum(0.0, target - cur - 1.0)),
            "already_meets_share": mean_std((cur >= target).astype(float)),
            "off_standard_share": per_pair(prog_w * ~in_std) / np.maximum(per_pair(prog_w), 1e-9),
            "gap_confidence": mean_std(conf),
        }


def expected_closable(
    state: PointInTime,
    required: np.ndarray,
    current: np.ndarray,
    target: np.ndarray,
    confidence: np.ndarray,
) -> np.ndarray:
    """The expected gap, per competency, between the estimated current level and the lower
    of the program's target and the required level, given the estimate's uncertainty
    (`features.gaps`): what the score and its reasons count as closable."""
    sigma = level_uncertainty(state.level_spread, confidence)
    return expected_shortfall(np.minimum(target, required) - current, sigma)


def _location_mismatch(state: PointInTime, e: np.ndarray, p: np.ndarray) -> np.ndarray:
    """1 where an in-person program takes place somewhere other than the employee's location."""
    emp_loc = state.employee_locations[e]
    prog_loc = state.program_locations[p]
    known = ~(pd.isna(emp_loc) | pd.isna(prog_loc))
    in_person = state.programs["in_person"].to_numpy()[p] > 0
    differ = np.zeros(len(e), dtype=bool)
    differ[known] = emp_loc[known] != prog_loc[known]
    return (differ & in_person).astype(float)
