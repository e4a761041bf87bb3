"""The temporal split: learn from the older history, validate on the most recent months.

    train        decided before cut_1, outcome known by cut_1
    validation   decided in [cut_1, cut_2), outcome known by cut_2  (early stopping, calibration,
                 the score blend)
    test         decided from cut_2 on, outcome known by the snapshot (every reported metric,
                 and the promotion gate)

A query is assigned as a whole, by its decision date and its last outcome, so no label of a
later period leaks into an earlier one. Nobody is split "per employee": the cut is global.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from model.training.examples import Examples

DEFAULT_VALIDATION_MONTHS = 6
MIN_VALIDATION_MONTHS = 2


@dataclass(frozen=True)
class Split:
    train: Examples
    validation: Examples
    test: Examples
    cut_1: pd.Timestamp
    cut_2: pd.Timestamp


def fitting_months(
    examples: Examples, snapshot: pd.Timestamp, preferred: int = DEFAULT_VALIDATION_MONTHS
) -> int:
    """The validation (and test) period length: `preferred` months, or less when the history
    is shorter than three of them (a third each for training, validation and test).

    Raises ValueError when even MIN_VALIDATION_MONTHS do not fit."""
    first = pd.Timestamp(examples.decided_at.min())
    snapshot = pd.Timestamp(snapshot)
    history = (snapshot.year - first.year) * 12 + snapshot.month - first.month
    months = min(preferred, history // 3)
    if months < MIN_VALIDATION_MONTHS:
        raise ValueError(
            f"the enrolment history covers {history} months before {snapshot.date()}; at least"
            f" {3 * MIN_VALIDATION_MONTHS} are needed to train, validate and test on it"
        )
    return months


def temporal_split(
    examples: Examples, snapshot: pd.Timestamp, months: int = DEFAULT_VALIDATION_MONTHS
) -> Split:
    """Split at `snapshot - 2 x months` and `snapshot - months`; each part must be non-empty."""
    cut_2 = pd.Timestamp(snapshot) - pd.DateOffset(months=months)
    cut_1 = cut_2 - pd.DateOffset(months=months)
    decided = examples.decided_at
    known = examples.outcome_known_at
    parts = {
        "train": (decided < cut_1) & (known <= cut_1),
        "validation": (decided >= cut_1) & (decided < cut_2) & (known <= cut_2),
        "test": (decided >= cut_2) & (known <= pd.Timestamp(snapshot)),
    }
    for name, mask in parts.items():
        enrolled = examples.enrolled[mask]
        if enrolled.sum() == 0 or np.unique(examples.not_completed[mask][enrolled]).size < 2:
            raise ValueError(
                f"the {name} period (cuts {cut_1.date()}, {cut_2.date()}) has no enrolments with"
                " both completed and not-completed outcomes known; a longer history is"
                " needed"
            )
    return Split(**{k: examples.subset(m) for k, m in parts.items()}, cut_1=cut_1, cut_2=cut_2)
