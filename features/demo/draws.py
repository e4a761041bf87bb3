"""Vectorised random draws the generator needs beyond numpy's own: grouped choices, dates."""

from __future__ import annotations

import numpy as np

DAY = np.timedelta64(1, "D")
# 1970-01-01 was a Thursday: numpy's day numbers give the weekday as (days + 3) % 7, Monday 0.
_EPOCH_WEEKDAY_SHIFT = 3


def grouped_choice(
    rng: np.random.Generator,
    item_group: np.ndarray,
    option_group: np.ndarray,
    option_weight: np.ndarray,
) -> np.ndarray:
    """For each item, the index of an option drawn among its group's options, by weight.

    One `searchsorted` over cumulative weights laid end to end (group g occupies (g, g+1]),
    so millions of items are drawn without a loop. Every item's group must have an option
    of positive weight.
    """
    order = np.argsort(option_group, kind="stable")
    groups, weights = option_group[order], option_weight[order].astype("float64")
    totals = np.bincount(groups, weights=weights)
    starts = np.cumsum(totals) - totals
    within = (np.cumsum(weights) - starts[groups]) / totals[groups]
    last = np.r_[groups[1:] != groups[:-1], True]
    within[last] = 1.0  # exact ends, so rounding cannot leak a draw into the next group
    keys = groups + within
    point = item_group + rng.random(item_group.size)
    return order[np.searchsorted(keys, point, side="right")]


def categorical(rng: np.random.Generator, probabilities: np.ndarray) -> np.ndarray:
    """One category per row of an (n, k) probability matrix (rows need not be normalised)."""
    cumulative = np.cumsum(probabilities, axis=1)
    point = rng.random(len(probabilities)) * cumulative[:, -1]
    return (cumulative <= point[:, None]).sum(axis=1).clip(max=probabilities.shape[1] - 1)


def weekday(days: np.ndarray) -> np.ndarray:
    """Monday 0 .. Sunday 6 of datetime64[D] values."""
    return (days.astype("int64") + _EPOCH_WEEKDAY_SHIFT) % 7


def random_mondays(
    rng: np.random.Generator, first: np.datetime64, last: np.datetime64, size: int
) -> np.ndarray:
    """Uniform Mondays within [first, last] (sessions start on Mondays); `first` if none fits."""
    first_monday = first + ((7 - weekday(np.array([first]))[0]) % 7) * DAY
    n_mondays = max(int((last - first_monday) // np.timedelta64(7, "D")) + 1, 1)
    return first_monday + 7 * rng.integers(0, n_mondays, size) * DAY


def workdays_before(rng: np.random.Generator, day: np.ndarray, low: int, high: int) -> np.ndarray:
    """A working day between `low` and `high` days before each `day` (weekends moved back)."""
    back = day - rng.integers(low, high + 1, day.size) * DAY
    shift = np.where(weekday(back) == 5, 1, np.where(weekday(back) == 6, 2, 0))
    return back - shift * DAY
