"""Training examples are point-in-time: data after a decision never changes its features."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from features import columns as col
from features.history import enrollment_end_dates
from features.loading import load_tables
from features.tables import Tables
from model.ranker import group_sizes
from model.training.examples import build_examples
from model.training.split import temporal_split


@pytest.fixture(scope="module")
def tables(tiny_world_dirs) -> Tables:
    return load_tables(tiny_world_dirs[0])


def _rewrite_the_future(tables: Tables, t: pd.Timestamp) -> Tables:
    """Everything dated after t changed: evaluations, outcomes, new enrolments."""
    ev = tables.evaluations.copy()
    later = ev[col.EVALUATED_AT] > t
    ev.loc[later, col.LEVEL] = 6.0 - ev.loc[later, col.LEVEL]
    enr = tables.enrollments.copy()
    ends = enrollment_end_dates(enr, tables.programs)
    unknown = (ends > t).to_numpy()
    enr.loc[unknown, col.STATUS] = np.where(
        enr.loc[unknown, col.STATUS] == "completed", "dropped", "completed"
    )
    perf = tables.performance.copy()
    perf.loc[perf[col.YEAR] >= t.year, col.RATING] = "sangat_kurang"
    return Tables(
        **{**tables.as_dict(), "evaluations": ev, "enrollments": enr, "performance": perf}
    )


def test_features_at_t_ignore_everything_after_t(tables):
    t = pd.Timestamp(tables.snapshot_date()) - pd.DateOffset(months=9)
    before = build_examples(tables, t)
    after = build_examples(_rewrite_the_future(tables, t), t)
    pd.testing.assert_frame_equal(before.features, after.features)
    np.testing.assert_array_equal(before.relevance, after.relevance)
    assert (before.decided_at < t.to_datetime64()).all()


def test_queries_are_contiguous_and_graded(tables):
    examples = build_examples(tables, pd.Timestamp(tables.snapshot_date()))
    sizes = group_sizes(examples.query)
    assert sizes.sum() == len(examples.query)
    assert set(np.unique(examples.relevance)) <= {0, 1, 2, 3}
    per_query_max = pd.Series(examples.relevance).groupby(examples.query).max()
    assert (per_query_max > 0).all()  # every query holds the enrolment that defined it
    assert np.isnan(examples.not_completed[examples.relevance == 0]).all()


def test_the_split_is_temporal_and_disjoint(tables):
    snapshot = pd.Timestamp(tables.snapshot_date())
    split = temporal_split(build_examples(tables, snapshot), snapshot)
    assert split.train.outcome_known_at.max() <= split.cut_1.to_datetime64()
    assert split.validation.decided_at.min() >= split.cut_1.to_datetime64()
    assert split.validation.outcome_known_at.max() <= split.cut_2.to_datetime64()
    assert split.test.decided_at.min() >= split.cut_2.to_datetime64()
