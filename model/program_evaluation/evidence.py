"""Whether a group's level 3 estimate is evidence enough to act on, and why not.

Enough people on both sides, and an interval narrow enough to tell a course worth acting on
from one that does nothing: a 95% interval wider than the smallest effect worth acting on
(`SMALLEST_EFFECT`, setting `EVALUATION_SMALLEST_EFFECT`) could hold both, so the data
cannot tell, and the answer says "not enough evidence".
"""

from __future__ import annotations

import os

import numpy as np
import pandas as pd

MIN_PARTICIPANTS = 10  # participants whose rating change entered the estimate
MIN_COMPARISON = 10  # distinct colleagues in the comparison group
# Levels on the 1-5 scale. Half a level: what a supervisor's rating on half levels can show
# at all, and about the effect of the typical course of the demo worlds (0.5); a course
# whose interval is wider cannot be told from one that does nothing.
SMALLEST_EFFECT = 0.5
SMALLEST_EFFECT_SETTING = "EVALUATION_SMALLEST_EFFECT"
SUFFICIENT, INSUFFICIENT = "sufficient", "insufficient"


def smallest_effect_setting() -> float:
    """The smallest level 3 effect worth acting on: `EVALUATION_SMALLEST_EFFECT` from the
    environment when set (read when the evaluations are computed, at training), else
    SMALLEST_EFFECT. ValueError for a value that is not a positive number."""
    raw = os.environ.get(SMALLEST_EFFECT_SETTING, "").strip()
    if not raw:
        return SMALLEST_EFFECT
    value = float(raw)
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{SMALLEST_EFFECT_SETTING} must be a positive number, got {raw!r}")
    return value


def evidence(summary: pd.DataFrame, smallest_effect: float = SMALLEST_EFFECT) -> pd.DataFrame:
    """`evidence` (sufficient or insufficient) and `evidence_reason` per row of a summary with
    n_completed, n_measured, n_participants, n_comparison, effect_ci_low and effect_ci_high."""
    done, measured = summary["n_completed"], summary["n_measured"]
    matched, comparison = summary["n_participants"], summary["n_comparison"]
    text = matched.astype("int64").astype("str")
    width = summary["effect_ci_high"] - summary["effect_ci_low"]
    conditions = [
        done == 0,
        measured == 0,
        matched == 0,
        comparison == 0,
        matched < MIN_PARTICIPANTS,
        comparison < MIN_COMPARISON,
        width.isna(),
        width > smallest_effect,
    ]
    reasons = [
        "nobody has completed it yet",
        "no participant was rated by a supervisor or peer on its competencies both before"
        " and after it",
        "no participant was rated on its competencies before it began and again after it"
        " ended (a rating taken while a session ran says nothing)",
        "no comparison group: nobody rated on its competencies by the same source in the same"
        " years without attending",
        "only " + text + " participants rated before and after it (at least"
        f" {MIN_PARTICIPANTS} needed)",
        "only " + comparison.astype("int64").astype("str") + " colleagues in the comparison"
        f" group (at least {MIN_COMPARISON} needed)",
        "its effect cannot be told apart from that of the courses always taken with it",
        "not enough evidence: the 95% interval is " + width.map("{:.2f}".format) + " levels"
        f" wide, wider than the smallest effect worth acting on ({smallest_effect:g} levels)",
    ]
    enough = text + " participants against " + comparison.astype("int64").astype("str")
    enough += " comparable colleagues who did not attend; the 95% interval ("
    enough += width.map("{:.2f}".format) + " levels) is no wider than the smallest effect"
    enough += f" worth acting on ({smallest_effect:g} levels)"
    reason = np.select(conditions, [np.asarray(r, dtype=object) for r in reasons], enough)
    sufficient = ~np.logical_or.reduce([c.to_numpy() for c in conditions])
    return pd.DataFrame(
        {
            "evidence": np.where(sufficient, SUFFICIENT, INSUFFICIENT),
            "evidence_reason": reason,
        },
        index=summary.index,
    )
