"""The demo-only diagnostic: what the hidden traits would be worth to the risk model."""

from __future__ import annotations

import numpy as np
import pandas as pd

from features import columns as col
from features.loading import load_tables
from features.state import point_in_time
from model.training.examples import Examples
from model.training.split import Split
from model.training.truth import LEVELS_FILE, auc_given_traits, other_standard


def _period(rng: np.random.Generator, people: np.ndarray, trait: pd.Series) -> Examples:
    """Enrolments whose outcome follows a hidden trait the features know nothing about."""
    n = len(people)
    hidden = trait.reindex(people).to_numpy()
    not_completed = (rng.random(n) < 1 / (1 + np.exp(-3 * hidden))).astype(float)
    return Examples(
        features=pd.DataFrame(
            {"tier": rng.integers(0, 3, n), "method": rng.integers(0, 4, n), "x": rng.random(n)}
        ),
        query=np.arange(n),
        relevance=np.ones(n, dtype=np.int32),
        not_completed=not_completed,
        efficacy=np.full(n, np.nan),
        decided_at=np.full(n, np.datetime64("2025-01-01")),
        outcome_known_at=np.full(n, np.datetime64("2025-02-01")),
        employee_id=people,
        program_id=np.full(n, "P1", dtype=object),
    )


def test_a_trait_that_drives_completion_lifts_the_auc_and_noise_does_not():
    rng = np.random.default_rng(0)
    ids = np.array([f"E{i}" for i in range(600)], dtype=object)
    trait = pd.Series(rng.normal(size=len(ids)), index=ids)
    split = Split(
        *(_period(rng, rng.choice(ids, size=size), trait) for size in (4000, 1500, 1500)),
        cut_1=pd.Timestamp("2025-01-01"),
        cut_2=pd.Timestamp("2025-07-01"),
    )
    informative = pd.DataFrame({col.EMPLOYEE_ID: ids, "drive": trait.to_numpy(), "label": "x"})
    # the same value for everyone: nothing to learn (a random value per person would not
    # do, as it would name each person and let the model learn their own completion rate)
    useless = pd.DataFrame({col.EMPLOYEE_ID: ids, "drive": 1.0})
    assert auc_given_traits(split, informative) > 0.75  # the text column is ignored
    assert abs(auc_given_traits(split, useless) - 0.5) < 0.06


def test_the_recommendation_truth_keeps_only_employees_holding_the_truths_standard(
    tiny_world_dirs,
):
    data_dir, truth_dir = tiny_world_dirs
    tables = load_tables(data_dir)
    state = point_in_time(tables, pd.Timestamp(tables.snapshot_date()))
    levels = pd.read_parquet(truth_dir / LEVELS_FILE)
    assert other_standard(state, levels).size == 0  # the truth's date, the same roles
    moved = levels[col.EMPLOYEE_ID].iloc[0]  # as if promoted between the two dates
    promoted = levels.assign(
        required_level=levels[col.REQUIRED_LEVEL].where(levels[col.EMPLOYEE_ID] != moved, 5)
    )
    assert list(other_standard(state, promoted)) == [moved]
