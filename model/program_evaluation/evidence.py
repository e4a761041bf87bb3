"""Whether a group's level 3 estimate is evidence enough to act on, and why not."""

from __future__ import annotations

import numpy as np
import pandas as pd

MIN_PARTICIPANTS = 10  # matched participants
MIN_COMPARISON = 10  # distinct colleagues in the comparison group
SUFFICIENT, INSUFFICIENT = "sufficient", "insufficient"


def evidence(summary: pd.DataFrame) -> pd.DataFrame:
    """`evidence` (sufficient or insufficient) and `evidence_reason` per row of a summary with
    n_completed, n_measured, n_participants and n_comparison."""
    done, measured = summary["n_completed"], summary["n_measured"]
    matched, comparison = summary["n_participants"], summary["n_comparison"]
    text = matched.astype("int64").astype("str")
    conditions = [
        done == 0,
        measured == 0,
        matched == 0,
        matched < MIN_PARTICIPANTS,
        comparison < MIN_COMPARISON,
    ]
    reasons = [
        "nobody has completed it yet",
        "no participant was rated by a supervisor or peer on its competencies both before"
        " and after it",
        "no comparison group: nobody in the same role with a similar prior rating was rated"
        " over the same period without attending",
        "only " + text + f" participants matched to a comparison group (at least"
        f" {MIN_PARTICIPANTS} needed)",
        "only " + comparison.astype("int64").astype("str") + " colleagues in the comparison"
        f" group (at least {MIN_COMPARISON} needed)",
    ]
    enough = text + " participants against " + comparison.astype("int64").astype("str")
    enough += " comparable colleagues who did not attend"
    reason = np.select(conditions, [np.asarray(r, dtype=object) for r in reasons], enough)
    sufficient = ~np.logical_or.reduce([c.to_numpy() for c in conditions])
    return pd.DataFrame(
        {
            "evidence": np.where(sufficient, SUFFICIENT, INSUFFICIENT),
            "evidence_reason": reason,
        },
        index=summary.index,
    )
