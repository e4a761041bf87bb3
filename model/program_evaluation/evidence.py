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

from model import messages as said

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
    """`evidence` (sufficient or insufficient) and `evidence_reason` (a `Message`: its code and
    values beside the sentence) per row of a summary with n_completed, n_measured,
    n_participants, n_comparison, effect_ci_low and effect_ci_high."""
    done, measured = summary["n_completed"], summary["n_measured"]
    matched, comparison = summary["n_participants"], summary["n_comparison"]
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
    codes = [
        said.NOBODY_COMPLETED,
        said.NOBODY_RATED_BY_OTHERS,
        said.NOBODY_RATED_AROUND,
        said.NO_COMPARISON,
        said.FEW_PARTICIPANTS,
        said.FEW_COMPARISON,
        said.CONFOUNDED,
        said.INTERVAL_TOO_WIDE,
    ]
    code = np.select(conditions, codes, said.ENOUGH_EVIDENCE)
    # one sentence per group (courses, methods, providers: thousands at most), at training
    reason = [
        _reason(c, int(n), int(m), float(w), smallest_effect)
        for c, n, m, w in zip(code, matched, comparison, width, strict=True)
    ]
    sufficient = ~np.logical_or.reduce([c.to_numpy() for c in conditions])
    return pd.DataFrame(
        {
            "evidence": np.where(sufficient, SUFFICIENT, INSUFFICIENT),
            "evidence_reason": pd.Series(reason, index=summary.index, dtype=object),
        },
        index=summary.index,
    )


def _reason(code: str, n: int, m: int, width: float, smallest: float) -> said.Message:
    """The verdict's sentence: `n` participants against `m` colleagues, an interval `width`
    levels wide against the `smallest` effect worth acting on (each code names what it uses)."""
    if code == said.FEW_PARTICIPANTS:
        return said.Message(code, n=n, needed=MIN_PARTICIPANTS)
    if code == said.FEW_COMPARISON:
        return said.Message(code, m=m, needed=MIN_COMPARISON)
    if code == said.INTERVAL_TOO_WIDE:
        return said.Message(code, width=width, smallest=smallest)
    if code == said.ENOUGH_EVIDENCE:
        return said.Message(code, n=n, m=m, width=width, smallest=smallest)
    return said.Message(code)
