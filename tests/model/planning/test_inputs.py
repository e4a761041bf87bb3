"""The instance from a trained engine: the period, taken seats and pairs, the greedy against
the plan, all through the checker."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from model.bundles.serving import load_serving_bundle
from model.engine import Engine
from model.planning.checker import plan_violations
from model.planning.inputs import LiveInputs, PlanRequest, period_sessions, plan_instance
from model.planning.plan import make_plan


@pytest.fixture(scope="module")
def engine(trained) -> Engine:
    return Engine(load_serving_bundle(trained.path))


@pytest.fixture(scope="module")
def request_all(engine) -> PlanRequest:
    starts = engine.programs["start_date"].iloc[engine.upcoming]
    return PlanRequest(starts.min(), starts.max(), budget=30e6, max_programs_per_employee=2)


def test_the_period_holds_exactly_the_upcoming_sessions_starting_in_it(engine, request_all):
    sessions = period_sessions(engine, request_all)
    assert set(sessions) == set(engine.upcoming)
    one_day = PlanRequest(request_all.period_start, request_all.period_start, budget=1.0)
    starts = engine.programs["start_date"].to_numpy()[period_sessions(engine, one_day)]
    assert (starts == request_all.period_start.to_datetime64()).all()


def test_taken_seats_and_pairs_are_respected(engine, request_all):
    sessions = period_sessions(engine, request_all)
    free = plan_instance(engine, request_all, sessions, LiveInputs())
    busiest = int(np.bincount(free.pair_s).argmax())
    program_id = free.program_ids[busiest]
    holder = free.employee_ids[free.pair_e[free.pair_s == busiest][0]]
    live = LiveInputs(
        taken_seats={program_id: int(free.seats[busiest]) - 1},
        taken_pairs=pd.DataFrame({"employee_id": [holder], "program_id": [program_id]}),
    )
    held = plan_instance(engine, request_all, sessions, live)
    assert held.seats[busiest] == 1
    mine = held.pair_s[held.employee_ids[held.pair_e] == holder]
    clash = (held.course[mine] == held.course[busiest]) | (
        (held.first_day[mine] <= held.last_day[busiest])
        & (held.last_day[mine] >= held.first_day[busiest])
    )
    assert not clash.any()
    answer = make_plan(engine, request_all, live, time_limit_s=20)
    seated = next(p for p in answer["programs"] if p["program_id"] == program_id)["participants"]
    assert len(seated) <= 1
    assert_valid(held, answer)


def test_the_plan_is_at_least_the_greedy_and_both_pass_the_checker(engine, request_all):
    answer = make_plan(engine, request_all, time_limit_s=20)
    assert answer["objective"] >= answer["greedy_objective"] - 1e-9
    assert answer["status"] in {"optimal", "feasible"}
    assert 0 <= answer["gap"] <= 1e-3 or answer["status"] == "feasible"
    instance = plan_instance(
        engine, request_all, period_sessions(engine, request_all), LiveInputs()
    )
    assert_valid(instance, answer)


def assert_valid(instance, answer) -> None:
    plan = pd.DataFrame(
        [
            (p["employee_id"], program["program_id"])
            for program in answer["programs"]
            for p in program["participants"]
        ],
        columns=["employee_id", "program_id"],
    )
    assert plan_violations(instance, plan) == []
