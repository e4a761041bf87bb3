"""Ratings at the ends of the 1-5 scale are bounds: the level 3 regression treats them so."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from features import columns as col
from model.program_evaluation import censoring
from model.program_evaluation import regression as rg


def test_only_ratings_at_the_ends_of_the_scale_are_bounds():
    levels = np.array([1.0, 1.5, 3.0, 4.5, 5.0, 5.2, 0.8])  # off the scale: recorded as such
    assert censoring.side(levels).tolist() == [-1, 0, 0, 0, 1, 0, 0]


def test_a_bounded_rating_is_expected_beyond_its_bound():
    mean, variance = censoring.truncated(np.zeros(2), np.ones(2), 0.0, np.array([True, False]))
    half_normal = np.sqrt(2 / np.pi)  # E[Z | Z > 0]
    assert mean == pytest.approx([half_normal, -half_normal])
    assert variance == pytest.approx([1 - 2 / np.pi] * 2)


def clipped_world(effect: float, n: int = 3000, seed: int = 5) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One competency, one cell: half the people trained once between two ratings; true
    ratings start low (people are sent for their gaps) and the record clips them at 1 and 5."""
    rng = np.random.default_rng(seed)
    trained = np.arange(n) < n // 2
    start = rng.normal(1.8, 0.9, n)
    end = start + 0.1 + effect * trained + rng.normal(0, 0.4, n)
    intervals = pd.DataFrame(
        {
            col.EMPLOYEE_ID: [f"E{i}" for i in range(n)],
            rg.BEFORE: np.clip(start, 1, 5),
            rg.AFTER: np.clip(end, 1, 5),
            rg.PRIOR: np.nan,
            rg.CELL: 0,
        }
    )
    counts = pd.DataFrame({"row": np.flatnonzero(trained), "group": 0, "n": 1})
    return intervals, counts


def test_the_floor_does_not_hide_the_gain_of_people_who_start_at_it():
    """About a sixth of the ratings sit at the floor: read as values, the gain of a trained
    person who starts below it shows only in part (the old code's interval ended at 0.48,
    the effect is 0.5); read as bounds, the effect is recovered."""
    intervals, counts = clipped_world(0.5)
    found = rg.fit_effects(intervals, counts, 1)
    assert found.low[0] <= 0.5 <= found.high[0]
    assert found.effect[0] == pytest.approx(0.5, abs=0.03)


def test_without_ratings_at_the_ends_nothing_changes():
    intervals, counts = clipped_world(0.5)
    inner = intervals.assign(**{rg.BEFORE: 2.0 + intervals.index % 3, rg.AFTER: 3.0})
    found = rg.fit_effects(inner, counts, 1)
    changes = inner[rg.AFTER] - inner[rg.BEFORE]
    trained = np.zeros(len(inner), dtype=bool)
    trained[counts["row"]] = True
    assert found.effect[0] == pytest.approx(changes[trained].mean() - changes[~trained].mean())


def test_a_rating_at_an_end_stands_for_half_a_step_beyond_it():
    """A 1 on half levels stands for anything below 1.25, on whole levels below 1.5."""
    assert censoring.recorded_step(np.array([1.0, 2.5, 3.0, 1.0])) == 0.5
    assert censoring.recorded_step(np.array([1.0, 3.0, 4.0])) == 1.0
    assert censoring.recorded_step(np.array([3.0])) == 1.0
