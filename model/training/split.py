"""The temporal split: learn from older decisions, validate and test on the most recent ones.

    train        decided before cut_1, outcome known by cut_1
    validation   decided in [cut_1, cut_2), outcome known by cut_2  (early stopping, calibration,
                 the score blend)
    test         decided from cut_2 on, outcome known by the snapshot (every reported metric,
                 and the promotion gate)

The cuts are chosen by decisions, not by calendar months (`by_decisions`): the test period
holds the last `share` (15%) of the decisions, a decision being one query (an employee's
enrolments of one day), and the validation period the same number of decisions before cut_2
among those whose outcome is known by cut_2. Each cut is a decision date, so all decisions of
one date fall on one side. A history with a few decision dates a year (sessions starting twice
a year) thus still gets three periods with decisions in each, where calendar-month periods can
fall between the semesters and hold none. `by_months` keeps the calendar cuts (`snapshot -
2 x months` and `snapshot - months`) for `--validation-months`.

A query is assigned as a whole, by its decision date and its last outcome, so no label of a
later period leaks into an earlier one. Decisions whose outcome came after the next cut belong
to no period. Nobody is split "per employee": the cut is global.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from model.training.errors import TrainingDataError
from model.training.examples import Examples

DEFAULT_PERIOD_SHARE = 0.15
PERIODS = ("train", "validation", "test")


@dataclass(frozen=True)
class Split:
    train: Examples
    validation: Examples
    test: Examples
    cut_1: pd.Timestamp
    cut_2: pd.Timestamp
    method: str = "decisions"
    unassigned: int = 0  # decisions in no period: their outcome came after the next cut
    counts: dict[str, dict[str, Any]] = field(default_factory=dict)


def temporal_split(
    examples: Examples,
    snapshot: pd.Timestamp,
    months: int | None = None,
    share: float = DEFAULT_PERIOD_SHARE,
) -> Split:
    """Split by decisions (`share` of them in validation and in test), or by calendar months
    when `months` is given. Raises TrainingDataError when a period cannot be filled."""
    if months is not None:
        return by_months(examples, snapshot, months)
    return by_decisions(examples, snapshot, share)


def by_decisions(
    examples: Examples, snapshot: pd.Timestamp, share: float = DEFAULT_PERIOD_SHARE
) -> Split:
    """Cuts at the decision dates leaving about `share` of all decisions in test and as many
    outcome-known decisions in validation."""
    if not 0.0 < share < 0.5:
        raise TrainingDataError(f"the period share must lie in (0, 0.5), got {share}")
    day, known = _per_decision(examples)
    target = share * len(day)
    first = pd.Timestamp(day.min()) if len(day) else pd.Timestamp(snapshot)
    cut_2 = _cut_leaving(day, target) or first
    cut_1 = _cut_leaving(day[(day < cut_2) & (known <= cut_2)], target) or cut_2
    # without two usable cuts a period stays empty, and the check says which and why
    return _checked(examples, snapshot, cut_1, cut_2, "decisions")


def by_months(examples: Examples, snapshot: pd.Timestamp, months: int) -> Split:
    """Calendar cuts at `snapshot - 2 x months` and `snapshot - months`."""
    if months < 1:
        raise TrainingDataError(f"--validation-months must be at least 1, got {months}")
    cut_2 = pd.Timestamp(snapshot).normalize() - pd.DateOffset(months=months)
    cut_1 = cut_2 - pd.DateOffset(months=months)
    return _checked(examples, snapshot, cut_1, cut_2, f"{months} calendar months each")


def _per_decision(examples: Examples) -> tuple[np.ndarray, np.ndarray]:
    """Decision day and the day its last outcome was known, one entry per query."""
    first = np.unique(examples.query, return_index=True)[1]
    day = pd.DatetimeIndex(examples.decided_at[first]).normalize().to_numpy()
    known = pd.DatetimeIndex(examples.outcome_known_at[first]).to_numpy()
    return day, known


def _cut_leaving(day: np.ndarray, target: float) -> pd.Timestamp | None:
    """The decision date (not the first) from which on the decisions number closest to
    `target`; None with fewer than two decision dates."""
    dates, counts = np.unique(day, return_counts=True)
    if dates.size < 2:
        return None
    from_date = np.cumsum(counts[::-1])[::-1]  # decisions on or after each date
    best = 1 + int(np.argmin(np.abs(from_date[1:] - target)))
    return pd.Timestamp(dates[best])


def _checked(
    examples: Examples, snapshot: pd.Timestamp, cut_1: pd.Timestamp, cut_2: pd.Timestamp, how: str
) -> Split:
    """The three periods, each holding enrolments with both outcomes, or one clear error."""
    decided = pd.DatetimeIndex(examples.decided_at).normalize().to_numpy()
    known = examples.outcome_known_at
    c1, c2, end = (np.datetime64(t) for t in (cut_1, cut_2, pd.Timestamp(snapshot)))
    masks = {
        "train": (decided < c1) & (known <= c1),
        "validation": (decided >= c1) & (decided < c2) & (known <= c2),
        "test": (decided >= c2) & (known <= end),
    }
    counts = {name: period_counts(examples, mask) for name, mask in masks.items()}
    unassigned = np.unique(examples.query).size - sum(c["decisions"] for c in counts.values())
    empty = [n for n, c in counts.items() if min(c["completed"], c["not_completed"]) == 0]
    if empty:
        raise TrainingDataError(
            f"cannot split the history into train, validation and test ({how}; cuts"
            f" {cut_1.date()} and {cut_2.date()}, snapshot {pd.Timestamp(snapshot).date()};"
            f" {np.unique(examples.query).size} decisions on {np.unique(decided).size} dates):"
            f" {' and '.join(empty)} {'has' if len(empty) == 1 else 'have'} no enrolments with"
            " both completed and not-completed outcomes known by the period's end.\n"
            + describe_periods(counts, unassigned)
            + "\nA longer history is needed, or other periods (--period-share, or"
            " --validation-months for calendar periods)."
        )
    parts = {name: examples.subset(mask) for name, mask in masks.items()}
    return Split(**parts, cut_1=cut_1, cut_2=cut_2, method=how, unassigned=unassigned,
                 counts=counts)  # fmt: skip


def period_counts(examples: Examples, mask: np.ndarray) -> dict[str, Any]:
    """Decisions, decision dates, first and last date, enrolments and their outcomes."""
    days = pd.DatetimeIndex(examples.decided_at[mask]).normalize()
    outcome = examples.not_completed[mask]
    return {
        "decisions": int(np.unique(examples.query[mask]).size),
        "dates": int(days.nunique()),
        "first": str(days.min().date()) if len(days) else None,
        "last": str(days.max().date()) if len(days) else None,
        "enrolments": int((~np.isnan(outcome)).sum()),
        "completed": int((outcome == 0).sum()),
        "not_completed": int((outcome == 1).sum()),
    }


def describe_periods(counts: dict[str, dict[str, Any]], unassigned: int = 0) -> str:
    """One line per period: its decisions, dates and enrolments, completed and not."""
    lines = [
        f"  {name:<10} {c['decisions']:>7} decisions on {c['dates']:>4} dates"
        f" ({c['first'] or '-'} to {c['last'] or '-'}), {c['enrolments']:>7} enrolments:"
        f" {c['completed']} completed, {c['not_completed']} not"
        for name, c in counts.items()
    ]
    if unassigned:
        lines.append(f"  {unassigned} decisions in no period (outcome known only after the cut)")
    return "\n".join(lines)
