"""An employee's track record by delivery method: chosen how often, finished how often, liked
how much."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from features import columns as col
from features.efficacy import measured_efficacy
from features.rates import SMOOTHING, smoothed_rate


@dataclass(frozen=True)
class MethodRecord:
    """(employee, method) matrices, columns in the order of `columns.METHODS`."""

    completion: np.ndarray  # smoothed toward the employee's overall completion rate
    share: np.ndarray  # share of the employee's past enrolments (NaN before any)
    reaction: np.ndarray  # mean reaction score given (NaN where none)
    efficacy: np.ndarray  # mean measured efficacy of completed programs (NaN where none)


def method_record(known: pd.DataFrame, employee_ids: pd.Index, overall: pd.Series) -> MethodRecord:
    """The track record by method, from enrolments whose outcome was known.

    The share is a revealed preference, the reaction score a stated one and the efficacy
    (Kirkpatrick 2-3) a measured one: people who keep choosing e-learning, rate it well and
    learn from it tend to be the ones it suits, whatever an HR system records about them.
    """
    rows = employee_ids.get_indexer(known[col.EMPLOYEE_ID])
    methods = pd.Categorical(known[col.METHOD], categories=col.METHODS).codes
    ok = (rows >= 0) & (methods >= 0)
    at = (rows[ok], methods[ok])

    def total(values: np.ndarray) -> np.ndarray:
        out = np.zeros((len(employee_ids), len(col.METHODS)))
        np.add.at(out, at, values[ok])
        return out

    n = total(np.ones(len(known)))
    done = total((known[col.STATUS] == col.COMPLETED).to_numpy(dtype=float))
    reaction = known[col.REACTION_SCORE].to_numpy(dtype=float)
    rated = total(~np.isnan(reaction) * 1.0)
    reaction_sum = total(np.nan_to_num(reaction))
    efficacy = measured_efficacy(known)
    measured = total(~np.isnan(efficacy) * 1.0)
    efficacy_sum = total(np.nan_to_num(efficacy))
    prior = overall.to_numpy(dtype=float)[:, None]
    all_n = n.sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        return MethodRecord(
            completion=np.asarray(smoothed_rate(done, n, prior)),
            share=np.where(all_n > 0, n / all_n, np.nan),
            reaction=np.where(rated > 0, reaction_sum / rated, np.nan),
            efficacy=np.where(measured > 0, efficacy_sum / measured, np.nan),
        )


def hours_completion_rate(known: pd.DataFrame, prior: float) -> pd.Series:
    """Per employee, the share of past enrolled lesson hours completed (smoothed).

    Weighting by JP makes a dropped 80-JP program count for more than a dropped 8-JP one:
    heavy workloads show first in the long programs.
    """
    jp = known[col.DURATION_JP].to_numpy(dtype=float)
    done = (known[col.STATUS] == col.COMPLETED).to_numpy(dtype=float)
    frame = pd.DataFrame({"e": known[col.EMPLOYEE_ID].to_numpy(), "jp": jp, "done": jp * done})
    sums = frame.groupby("e", sort=False)[["jp", "done"]].sum()
    typical = float(np.mean(jp)) if len(jp) else 1.0
    return smoothed_rate(sums["done"], sums["jp"], prior, SMOOTHING * typical)
