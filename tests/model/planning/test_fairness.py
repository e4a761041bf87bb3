"""A plan under a fairness floor: the MILP against every subset, the checker's recount, and
the tiny world's plan with its cost."""

from __future__ import annotations

import dataclasses
from itertools import combinations

import numpy as np
import pandas as pd
import pytest

from model.bundles.serving import load_serving_bundle
from model.engine import Engine
from model.fairness_floor import FairnessFloor
from model.planning.checker import plan_violations
from model.planning.fairness import PlanFloor, plan_floor
from model.planning.inputs import LiveInputs, PlanRequest, period_sessions, plan_instance
from model.planning.instance import objective
from model.planning.plan import make_plan, solve_instance
from tests.model.planning.small_instances import as_plan, random_instance


def with_floor(seed: int, min_ratio: float) -> object:
    """A small instance, each employee's gender drawn, each session's pool a little larger
    than the employees who have a pair in it."""
    instance = random_instance(seed, unit_budget=seed % 2 == 1)
    rng = np.random.default_rng(seed + 100)
    gender = rng.choice(np.array(["m", "f"], dtype=object), len(instance.employee_ids))
    sessions = len(instance.program_ids)
    eligible = rng.integers(1, 4, (sessions, 2)).astype(float)
    floor = PlanFloor("gender", min_ratio, None, gender, eligible, eligible.sum(axis=1) + 1)
    return dataclasses.replace(instance, fairness=floor)


def fair_by_hand(instance, chosen: tuple[int, ...]) -> bool:
    """The floor read from the contract: per group, selected >= r x sum_s n_s E_gs / N_s."""
    floor = instance.fairness
    n = np.bincount(instance.pair_s[list(chosen)], minlength=len(instance.program_ids))
    for g, name in enumerate(("m", "f")):
        expected = sum(n[s] * floor.eligible[s, g] / floor.pool[s] for s in range(len(n)))
        selected = sum(floor.gender[instance.pair_e[j]] == name for j in chosen)
        if selected < floor.min_ratio * expected - 1e-9:
            return False
    return True


def allowed_by_hand(instance, chosen: tuple[int, ...]) -> bool:
    """Seats, budgets and calendars (no max_programs in these draws), read from the contract."""
    e, s = instance.pair_e[list(chosen)], instance.pair_s[list(chosen)]
    if (np.bincount(s, minlength=len(instance.seats)) > instance.seats).any():
        return False
    cost = instance.cost[s]
    if cost.sum() > instance.budget + 0.5:
        return False
    units = instance.unit_ids[e]
    if any(cost[units == u].sum() > b + 0.5 for u, b in instance.unit_budgets.items()):
        return False
    for a, b in combinations(range(len(chosen)), 2):
        if e[a] != e[b]:
            continue
        sa, sb = s[a], s[b]
        same_course = instance.course[sa] == instance.course[sb]
        overlap = (instance.first_day[sa] <= instance.last_day[sb]) and (
            instance.first_day[sb] <= instance.last_day[sa]
        )
        if same_course or overlap:
            return False
    return True


def best_fair(instance) -> float:
    """The best gain + reward over every subset the constraints and the floor allow."""
    best = 0.0
    for size in range(1, instance.n_pairs + 1):
        for chosen in combinations(range(instance.n_pairs), size):
            if fair_by_hand(instance, chosen) and allowed_by_hand(instance, chosen):
                best = max(best, sum(objective(instance, np.array(chosen))))
    return best


@pytest.mark.parametrize("seed", range(6))
def test_the_floored_plan_is_the_best_fair_subset(seed):
    instance = with_floor(seed, 0.8)
    result = solve_instance(instance, time_limit_s=10)
    chosen = result["chosen"]
    assert plan_violations(instance, as_plan(instance, chosen)) == []
    assert fair_by_hand(instance, tuple(chosen))
    assert sum(objective(instance, chosen)) == pytest.approx(best_fair(instance), abs=1e-9)


def test_the_checker_catches_a_plan_that_breaks_the_floor():
    for seed in range(20):
        instance = with_floor(seed, 1.0)
        plain = solve_instance(dataclasses.replace(instance, fairness=None), time_limit_s=10)
        if not fair_by_hand(instance, tuple(plain["chosen"])):
            break
    found = plan_violations(instance, as_plan(instance, plain["chosen"]))
    assert any(v.startswith("group ") for v in found)
    assert plan_violations(dataclasses.replace(instance, fairness=None), as_plan(
        instance, plain["chosen"])) == []  # fmt: skip


@pytest.fixture(scope="module")
def engine(trained) -> Engine:
    return Engine(load_serving_bundle(trained.path))


def test_the_tiny_worlds_plan_meets_the_floor_and_shows_its_cost(engine):
    starts = engine.programs["start_date"].iloc[engine.upcoming]
    floor = FairnessFloor("age_group", 0.8)
    request = PlanRequest(starts.min(), starts.max(), budget=30e6, fairness=floor)
    answer = make_plan(engine, request, time_limit_s=30)
    fairness = answer["summary"]["fairness"]
    assert fairness["expected_gain"] >= 0 and fairness["expected_gain_without_floor"] > 0
    assert all(g["ratio"] is None or g["ratio"] >= 0.8 - 1e-9 for g in fairness["groups"])
    sessions = period_sessions(engine, request)
    instance = plan_instance(engine, request, sessions, LiveInputs())
    instance = dataclasses.replace(instance, fairness=plan_floor(engine, sessions, floor))
    plan = pd.DataFrame(
        [(p["employee_id"], program["program_id"]) for program in answer["programs"]
         for p in program["participants"]],
        columns=["employee_id", "program_id"],
    )  # fmt: skip
    assert plan_violations(instance, plan) == []
    print("tiny world plan, floor 0.8:", fairness)
