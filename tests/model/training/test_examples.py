"""Training examples are point-in-time: data after a decision never changes its features."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from features import columns as col
from features.history import enrollment_end_dates
from features.loading import load_tables
from features.tables import Tables
from model.estimators.ranker import group_sizes
from model.training.examples import build_examples
from model.training.split import temporal_split


@pytest.fixture(scope="module")
def tables(tiny_world_dirs) -> Tables:
    return load_tables(tiny_world_dirs[0])


def _with_history(tables: Tables) -> Tables:
    """The tables with a position history: everyone in today's position since hire."""
    emp = tables.employees
    history = emp[[col.EMPLOYEE_ID, col.ROLE_ID, col.UNIT_ID, col.HIRE_DATE]].rename(
        columns={col.HIRE_DATE: col.START_DATE}
    )
    return Tables(**{**tables.as_dict(), "assignments": history})


def _rewrite_the_future(tables: Tables, t: pd.Timestamp) -> Tables:
    """Everything dated after t changed: evaluations (changed and added), outcomes, new
    enrolments far ahead of their programs, and promotions and transfers after t that make
    today's `employees` row differ from the position held at t."""
    rng = np.random.default_rng(0)
    ev = tables.evaluations.copy()
    later = ev[col.EVALUATED_AT] > t
    ev.loc[later, col.LEVEL] = 6.0 - ev.loc[later, col.LEVEL]
    added = ev.sample(200, random_state=0).assign(**{col.EVALUATED_AT: t + pd.Timedelta(days=3)})
    enr = tables.enrollments.copy()
    ends = enrollment_end_dates(enr, tables.programs)
    unknown = (ends > t).to_numpy()
    enr.loc[unknown, col.STATUS] = np.where(
        enr.loc[unknown, col.STATUS] == "completed", "dropped", "completed"
    )
    perf = tables.performance.copy()
    perf.loc[perf[col.YEAR] >= t.year, col.RATING] = "sangat_kurang"
    emp = tables.employees.copy()
    movers = rng.random(len(emp)) < 0.3
    emp.loc[movers, col.ROLE_ID] = rng.permutation(emp[col.ROLE_ID].to_numpy())[movers]
    emp.loc[movers, col.UNIT_ID] = rng.permutation(emp[col.UNIT_ID].to_numpy())[movers]
    moved = emp.loc[movers, [col.EMPLOYEE_ID, col.ROLE_ID, col.UNIT_ID]]
    moves = moved.assign(**{col.START_DATE: t + pd.Timedelta(days=15)})
    far = tables.programs.sort_values(col.START_DATE)[col.PROGRAM_ID].iloc[-1]
    early = emp[col.EMPLOYEE_ID].sample(300, random_state=1)
    early = early[~early.isin(enr.loc[enr[col.PROGRAM_ID] == far, col.EMPLOYEE_ID])]
    new_enr = pd.DataFrame(
        {col.EMPLOYEE_ID: early, col.PROGRAM_ID: far, col.ENROLLED_AT: t + pd.Timedelta(days=1)}
    ).assign(**{col.STATUS: col.IN_PROGRESS})
    return Tables(
        **{
            **tables.as_dict(),
            "evaluations": pd.concat([ev, added], ignore_index=True),
            "enrollments": pd.concat([enr, new_enr], ignore_index=True),
            "performance": perf,
            "employees": emp,
            "assignments": pd.concat([tables.assignments, moves], ignore_index=True),
        }
    )


def test_features_at_t_ignore_everything_after_t(tables):
    t = pd.Timestamp(tables.snapshot_date()) - pd.DateOffset(months=9)
    tables = _with_history(tables)
    before = build_examples(tables, t)
    after = build_examples(_rewrite_the_future(tables, t), t)
    pd.testing.assert_frame_equal(before.features, after.features)
    np.testing.assert_array_equal(before.relevance, after.relevance)
    np.testing.assert_array_equal(before.program_id, after.program_id)
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
