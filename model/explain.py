"""Why a program suits an employee: the gaps it covers and the main completion-risk factors."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from features.pairs import FEATURE_NAMES
from features.state import PointInTime

# Contributions to the risk log-odds smaller than this are not worth a sentence.
MIN_CONTRIBUTION = 0.05
MAX_RISK_REASONS = 2

RISK_PHRASES = {
    "duration_jp": "a long program ({value:.0f} JP)",
    "location_mismatch": "held away from the employee's work location",
    "location_in_person_rate": "people at the same location often miss in-person programs",
    "method_completion_rate": "few past programs of this format completed",
    "completion_rate": "a low past completion rate",
    "no_show_rate": "past no-shows",
    "self_minus_others": "rates themself above what others assess",
    "tenure_years": "long tenure ({value:.0f} years), which often goes with resisting courses",
    "concurrent": "{value:.0f} other program(s) running at the same time",
    "n_last_12m": "{value:.0f} program(s) in the last 12 months",
    "jp_this_year": "already {value:.0f} JP of training this year",
    "already_meets_share": "already at the program's target level in part of it",
    "stretch": "the program aims well above the current level",
    "overshoot": "the program aims well above the current level",
    "course_completion_rate": "past sessions of this course lost many participants",
    "skp_rating": "the latest SKP rating",
    "method": "the program's format",
    "in_person": "attendance in person",
    "off_standard_share": "much of the program lies outside the position's standard",
}


def covered_gaps(state: PointInTime, e: int, p: int, names: pd.Series) -> list[dict[str, Any]]:
    """The competencies of program `p` where employee `e` has a gap the program's target closes."""
    lo, hi = state.comp_indptr[p], state.comp_indptr[p + 1]
    out = []
    for c, target in zip(state.comp_codes[lo:hi], state.comp_target[lo:hi], strict=True):
        required, current = float(state.required[e, c]), float(state.current[e, c])
        closed = min(float(target), required) - current
        if state.weight[e, c] > 0 and closed > 0:
            cid = state.competency_ids[c]
            out.append(
                {
                    "competency_id": cid,
                    "name": str(names.get(cid, cid)),
                    "required_level": required,
                    "current_level": round(current, 2),
                    "target_level": int(target),
                    "gap_closed": round(closed, 2),
                    "weight": float(state.weight[e, c]),
                }
            )
    return sorted(out, key=lambda g: -g["gap_closed"] * g["weight"])


def risk_factors(contributions: np.ndarray, features: pd.Series) -> list[dict[str, Any]]:
    """The features that raise this row's risk of not completing the most (`pred_contrib`)."""
    values = contributions[: len(FEATURE_NAMES)]
    order = np.argsort(-values)[:MAX_RISK_REASONS]
    return [
        {"feature": FEATURE_NAMES[i], "contribution": round(float(values[i]), 3)}
        for i in order
        if values[i] >= MIN_CONTRIBUTION
    ]


def reasons(
    gaps: list[dict[str, Any]], factors: list[dict[str, Any]], features: pd.Series
) -> list[str]:
    """Short sentences an HR planner can read: what the program closes, what puts it at risk."""
    out = [
        f"closes {g['gap_closed']:.1f} level(s) of gap in {g['name']}"
        f" (now {g['current_level']:.1f}, required {g['required_level']:.0f})"
        for g in gaps[:2]
    ]
    if not gaps:
        out.append("closes no measured gap in the position's standard")
    for factor in factors:
        name = factor["feature"]
        phrase = RISK_PHRASES.get(name, name.replace("_", " "))
        out.append("risk: " + phrase.format(value=float(features[name])))
    return out
