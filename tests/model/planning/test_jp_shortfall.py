"""The JP shortfall a plan rewards is that of the period's calendar year(s), with the JP
already held (completed in the export, approved or enrolled since) counted."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from features import columns as col
from model.bundles.serving import load_serving_bundle
from model.engine import Engine
from model.planning.checker import plan_value
from model.planning.inputs import (
    LiveInputs,
    PlanRequest,
    held_jp,
    period_sessions,
    plan_instance,
)
from model.planning.instance import objective
from model.planning.plan import solve_instance
from tests.model.planning.small_instances import as_plan, random_instance


@pytest.fixture(scope="module")
def engine(trained) -> Engine:
    return Engine(load_serving_bundle(trained.path))


def request_for(engine: Engine) -> tuple[PlanRequest, np.ndarray]:
    starts = engine.programs["start_date"].iloc[engine.upcoming]
    request = PlanRequest(starts.min(), starts.max(), budget=30e6)
    return request, period_sessions(engine, request)


def without_export_enrolments_in_progress(engine: Engine) -> np.ndarray:
    """Employees with no session in progress in the export (those count towards their year)."""
    export = engine.bundle.enrollments
    busy = engine.directory.employee_ids.get_indexer(
        export.loc[export[col.STATUS] == col.IN_PROGRESS, col.EMPLOYEE_ID]
    )
    free = np.ones(len(engine.directory.employee_ids), dtype=bool)
    free[busy[busy >= 0]] = False
    return free


def test_jp_completed_in_the_snapshot_year_counts_only_for_that_year(engine):
    request, sessions = request_for(engine)
    instance = plan_instance(engine, request, sessions, LiveInputs())
    done = engine.needs[col.JP_THIS_YEAR].to_numpy(dtype=float)
    years = np.unique(pd.DatetimeIndex(instance.last_day).year)
    assert instance.jp_short.shape == (len(instance.employee_ids), len(years))
    free = without_export_enrolments_in_progress(engine)
    for y, year in enumerate(years):
        this_year = year == engine.state.as_of.year
        expected = np.maximum(request.jp_target - (done if this_year else 0 * done), 0)
        assert np.array_equal(instance.jp_short[free, y], expected[free]), year


def test_a_period_in_the_next_year_ignores_this_years_jp(engine):
    done = engine.needs[col.JP_THIS_YEAR].to_numpy(dtype=float)
    assert (done > 0).any()
    years = np.array([engine.state.as_of.year, engine.state.as_of.year + 1])
    held = held_jp(engine, LiveInputs().taken_pairs, years)
    free = without_export_enrolments_in_progress(engine)
    assert np.array_equal(held[free, 0], done[free])
    next_year = pd.DatetimeIndex(engine.programs["start_date"].iloc[engine.upcoming]).year
    if not (next_year > years[0]).any():  # nothing of the export can be held next year
        assert (held[:, 1] == 0).all()


def test_jp_approved_in_the_store_lowers_the_shortfall_of_its_year(engine):
    request, sessions = request_for(engine)
    free = plan_instance(engine, request, sessions, LiveInputs())
    s = int(free.pair_s[0])
    e = int(free.pair_e[0])
    other = next(j for j in range(len(free.program_ids)) if free.course[j] != free.course[s])
    held = pd.DataFrame(
        {"employee_id": [free.employee_ids[e]], "program_id": [free.program_ids[other]]}
    )
    live = plan_instance(engine, request, sessions, LiveInputs(taken_pairs=held))
    y = int(free.session_year[other])
    expected = max(free.jp_short[e, y] - free.duration_jp[other], 0)
    assert live.jp_short[e, y] == expected < free.jp_short[e, y]


def test_jp_planned_in_one_year_does_not_fill_another_years_shortfall():
    instance = random_instance(0, employees=1, sessions=2, pairs=2)
    instance = dataclasses.replace(
        instance,
        course=np.array([0, 1]),
        duration_jp=np.array([16, 16]),
        first_day=np.array(["2027-12-01", "2028-01-10"], dtype="datetime64[D]"),
        last_day=np.array(["2027-12-02", "2028-01-11"], dtype="datetime64[D]"),
        seats=np.array([1, 1]),
        cost=np.array([1e6, 1e6]),
        budget=1e9,
        jp_short=np.array([[20.0, 4.0]]),
        session_year=np.array([0, 1]),
        jp_reward=0.1,
    )
    both = np.arange(2)
    assert objective(instance, both)[1] == pytest.approx(0.1 * (16 + 4))
    assert plan_value(instance, as_plan(instance, both))[1] == pytest.approx(0.1 * (16 + 4))
    result = solve_instance(instance, time_limit_s=5)
    assert sum(objective(instance, result["chosen"])) <= result["bound"] + 1e-9
