"""Means with 95% intervals per group, vectorised over the groups (t quantiles of scipy.stats)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

CONFIDENCE = 0.95


def mean_intervals(values: pd.Series, groups: pd.DataFrame | pd.Series) -> pd.DataFrame:
    """Per group: `mean`, `sd`, `n`, and the 95% t interval of the mean (`ci_low`, `ci_high`).

    NaN values are left out. A group with one value has no interval (NaN), one without values
    has no mean either: nothing is invented.
    """
    keys = [groups[c] for c in groups.columns] if isinstance(groups, pd.DataFrame) else groups
    grouped = values.groupby(keys, sort=True, dropna=False, observed=True)
    out = pd.DataFrame({"mean": grouped.mean(), "sd": grouped.std(ddof=1), "n": grouped.count()})
    out["n"] = out["n"].astype("int64")
    half = interval_half_width(out["sd"].to_numpy(), out["n"].to_numpy())
    out["ci_low"] = out["mean"] - half
    out["ci_high"] = out["mean"] + half
    return out


def interval_half_width(sd: np.ndarray, n: np.ndarray) -> np.ndarray:
    """Half the width of the 95% t interval of a mean of `n` values with spread `sd`."""
    n = np.asarray(n, dtype="float64")
    dof = np.where(n >= 2, n - 1, np.nan)
    quantile = stats.t.ppf(0.5 + CONFIDENCE / 2, dof)
    with np.errstate(divide="ignore", invalid="ignore"):
        return quantile * np.asarray(sd, dtype="float64") / np.sqrt(n)
