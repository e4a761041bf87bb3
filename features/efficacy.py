"""How much of what a program could teach an enrolment delivered (Kirkpatrick levels 2-3).

The standard evidence of a program's benefit is its learning gain (level 2: the post-test
against the pre-test) and the change in behaviour at work (level 3). Both are put on a 0-1
scale and averaged where present:

    learning  = (post - pre) / (100 - pre)   Hake's normalised gain: the share of the room
                                             to the top that the program closed
    behaviour = (behavior_score - 1) / 4

The result, the program's efficacy for that person, multiplies the gap the program could close
(the gap coverage) into the gap it is expected to close. NaN where the enrolment was not
completed or nothing was measured. Post-test *evaluations* are not used here: they already
move the competency levels of the gap profile.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from features import columns as col


def measured_efficacy(enrollments: pd.DataFrame) -> np.ndarray:
    """Efficacy in [0, 1] of each completed enrolment, NaN where unknown."""
    pre = enrollments[col.PRE_SCORE].to_numpy(dtype=float)
    post = enrollments[col.POST_SCORE].to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        learning = np.clip((post - pre) / np.maximum(100.0 - pre, 1.0), 0.0, 1.0)
    behaviour = (enrollments[col.BEHAVIOR_SCORE].to_numpy(dtype=float) - 1.0) / 4.0
    both = np.stack([learning, behaviour])
    present = ~np.isnan(both)
    with np.errstate(invalid="ignore", divide="ignore"):
        efficacy = np.where(present, both, 0.0).sum(axis=0) / present.sum(axis=0)
    completed = (enrollments[col.STATUS] == col.COMPLETED).to_numpy()
    return np.where(completed & present.any(axis=0), efficacy, np.nan)
