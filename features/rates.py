"""Rates from few events, pulled toward a prior: the one smoothing rule of every feature."""

from __future__ import annotations

from typing import TypeAlias

import numpy as np
import pandas as pd

# A rate from few enrolments is pulled toward its prior as if this many enrolments had it.
SMOOTHING = 3.0

ArrayOrSeries: TypeAlias = np.ndarray | pd.Series | float


def smoothed_rate(
    successes: ArrayOrSeries,
    trials: ArrayOrSeries,
    prior: ArrayOrSeries,
    strength: float = SMOOTHING,
) -> ArrayOrSeries:
    """(successes + strength x prior) / (trials + strength).

    With no trials the rate is the prior itself, so "no record" and "a record like the
    population's" are filled the same way, and a reason can tell the two apart by the count.
    """
    return (successes + strength * prior) / (trials + strength)
