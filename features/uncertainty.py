"""How uncertain an estimated competency level is, and the gap a program can close given it.

One evaluation of full reliability misses the level it measures by about `evaluation_spread`
levels, read from the export itself: how far repeated evaluations of the same person and
competency fall apart. The current level of confidence c (`features.gaps`) is then uncertain by
that spread x sqrt(1 - c), and the gap a program can close is an expected shortfall
(`expected_shortfall`): someone estimated at 3.05 against a required 3 still has a fair chance
of a gap, someone confidently at 4.5 almost none.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
from scipy.special import ndtr

from features import columns as col
from features.gaps import SOURCE_RELIABILITY

# Below this many repeated evaluations the export cannot tell its own spread: half a level,
# the distance between a descriptor and the next one's midpoint, is assumed.
MIN_REPEATS = 30
DEFAULT_SPREAD = 0.5


def evaluation_spread(evaluations: pd.DataFrame, as_of: date | pd.Timestamp) -> float:
    """How far one evaluation of full reliability misses the level it measures, in levels.

    Pooled over every (employee, competency) rated at least twice by others than the employee
    by `as_of`: an evaluation of reliability w is taken to miss by spread / sqrt(w), so the
    spread is the square root of sum w (level - weighted mean)^2 / (evaluations - groups).
    `DEFAULT_SPREAD` when fewer than `MIN_REPEATS` repeated evaluations exist.
    """
    ev = evaluations[
        (evaluations[col.EVALUATED_AT] <= pd.Timestamp(as_of))
        & (evaluations[col.SOURCE] != col.SELF)
    ]
    w = ev[col.SOURCE].map(SOURCE_RELIABILITY).to_numpy(dtype=float)
    group = ev.groupby([col.EMPLOYEE_ID, col.COMPETENCY_ID], sort=False).ngroup().to_numpy()
    level = ev[col.LEVEL].to_numpy(dtype=float)
    counts = np.bincount(group, minlength=group.max() + 1 if len(group) else 0)
    mean = np.bincount(group, w * level, len(counts)) / np.maximum(np.bincount(group, w), 1e-12)
    repeated = counts[group] >= 2
    dof = int(repeated.sum()) - int((counts >= 2).sum())
    if dof < MIN_REPEATS:
        return DEFAULT_SPREAD
    residual = w[repeated] * (level[repeated] - mean[group[repeated]]) ** 2
    return float(np.sqrt(residual.sum() / dof))


def expected_shortfall(distance: np.ndarray, sigma: np.ndarray) -> np.ndarray:
    """E[max(0, distance - error)] for an error ~ Normal(0, sigma^2): the expected positive gap
    when the current level is uncertain (`distance` = target - estimated level)."""
    distance = np.asarray(distance, dtype=float)
    sigma = np.maximum(np.asarray(sigma, dtype=float), 1e-9)
    z = distance / sigma
    return distance * ndtr(z) + sigma * np.exp(-0.5 * z * z) / np.sqrt(2.0 * np.pi)


def level_uncertainty(spread: float, confidence: np.ndarray) -> np.ndarray:
    """The standard deviation of an estimated current level of the given confidence."""
    return spread * np.sqrt(np.maximum(1.0 - np.asarray(confidence, dtype=float), 0.0))
