"""The plan's MILP against exhaustive search, the pruning, the greedy, the time limit: every
plan goes through the independent checker."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from model.planning.candidates import candidate_pairs
from model.planning.checker import plan_value, plan_violations
from model.planning.greedy import greedy_plan
from model.planning.instance import PlanInstance, objective
from model.planning.plan import relaxed_bound, solve_instance
from tests.model.planning.small_instances import as_plan, exhaustive_best, random_instance


def checked_value(instance, chosen) -> float:
    plan = as_plan(instance, chosen)
    assert plan_violations(instance, plan) == []
    return sum(plan_value(instance, plan))


@pytest.mark.parametrize("seed", range(12))
def test_the_plan_is_the_best_of_every_subset(seed):
    instance = random_instance(
        seed, max_programs=2 if seed % 3 == 0 else None, unit_budget=seed % 2 == 1
    )
    best = exhaustive_best(instance)
    for prune in (False, True):
        result = solve_instance(instance, time_limit_s=10, prune=prune)
        assert checked_value(instance, result["chosen"]) == pytest.approx(best, abs=1e-9)
        assert result["optimal"]
        assert result["bound"] >= best - 1e-6
    assert checked_value(instance, greedy_plan(instance)) <= best + 1e-9


@pytest.mark.parametrize("seed", range(8))
def test_pruning_loses_nothing_and_its_bound_covers_the_full_optimum(seed):
    """Sessions with many candidates per seat: pruning leaves pairs out; the plan is the same
    value as the unpruned model's, and lp_bound + loss_bound bounds the full optimum."""
    instance = random_instance(seed, employees=12, sessions=5, pairs=45)
    instance = dataclasses.replace(instance, seats=np.ones(5, dtype=np.int64), budget=1e9)
    kept = candidate_pairs(instance, per_session=2, per_employee=1)
    assert len(kept) < instance.n_pairs
    full = solve_instance(instance, time_limit_s=20, prune=False)
    pruned = solve_instance(instance, time_limit_s=20, prune=True)
    full_value = checked_value(instance, full["chosen"])
    assert checked_value(instance, pruned["chosen"]) == pytest.approx(full_value, abs=1e-9)
    p = pruned["pruning"]
    assert p["lp_bound"] + p["loss_bound"] >= full_value - 1e-6


def test_the_loss_bound_is_positive_when_pruning_could_cost():
    """Keep only the worst pair of a one-seat session: the bound must see the better ones."""
    instance = random_instance(3, employees=6, sessions=1, pairs=6)
    instance = dataclasses.replace(instance, seats=np.ones(1, dtype=np.int64), budget=1e9)
    from model.planning.builder import build_model
    from model.planning.candidates import reduced_costs
    from model.planning.plan import _prices
    from model.planning.solver import lp_relaxation

    worst = np.array([int(np.argmin(instance.pair_value()))])
    sub = instance.restricted(worst)
    model = build_model(sub)
    relaxation = lp_relaxation(model)
    value = relaxation.value
    _, rc = reduced_costs(instance, worst, *_prices(model, sub, relaxation.duals))
    loss = float(np.maximum(rc, 0).sum())
    assert value + loss >= exhaustive_best(instance) - 1e-9
    assert loss > 0


def test_a_time_limited_run_returns_a_checked_plan_with_its_bound():
    """A millisecond: HiGHS stops during or right after presolve (an exact solve takes ~0.1 s)."""
    instance = random_instance(0, employees=1000, sessions=40, pairs=15000)
    instance = dataclasses.replace(instance, seats=np.full(40, 5), budget=60e6)
    result = solve_instance(instance, time_limit_s=1e-3)
    value = checked_value(instance, result["chosen"])
    assert value <= result["bound"] <= relaxed_bound(instance) + 1e-9
    if "lp_bound" in result["pruning"]:  # the LP was solved within the millisecond
        assert result["bound"] <= result["pruning"]["lp_bound"] + 1e-9
    assert value >= checked_value(instance, result["greedy"])


def test_objective_counts_jp_only_up_to_the_shortfall():
    instance = random_instance(1)
    instance = dataclasses.replace(instance, jp_reward=1.0, jp_short=np.full(5, 10.0))
    chosen = np.arange(instance.n_pairs)
    gain, reward = objective(instance, chosen)
    assert reward <= 10.0 * len(np.unique(instance.pair_e))
    assert (gain, reward) == pytest.approx(plan_value(instance, as_plan(instance, chosen)))


def test_the_plan_sees_past_the_session_order_where_the_greedy_cannot():
    """March's best candidate E1 is June's only candidate: the greedy seats E1 in March (one
    seat, same course), the plan seats E2 in March and E1 in June."""
    instance = random_instance(0, employees=2, sessions=2, pairs=4)
    instance = dataclasses.replace(
        instance,
        course=np.array([0, 0]),
        first_day=np.array(["2027-03-01", "2027-06-01"], dtype="datetime64[D]"),
        last_day=np.array(["2027-03-01", "2027-06-01"], dtype="datetime64[D]"),
        seats=np.array([1, 1]),
        cost=np.array([1e6, 1e6]),
        budget=10e6,
        unit_budgets={},
        max_programs=None,
        jp_reward=0.0,
        pair_e=np.array([0, 1, 0]),
        pair_s=np.array([0, 0, 1]),
        gain=np.array([1.0, 0.9, 0.8]),
        probability=np.full(3, 0.9),
    )
    greedy = greedy_plan(instance)
    result = solve_instance(instance, time_limit_s=5)
    assert checked_value(instance, greedy) == pytest.approx(1.0)
    assert checked_value(instance, result["chosen"]) == pytest.approx(1.7)


def test_the_cheaper_variant_of_a_course_seats_more_people_under_a_tight_budget():
    """One course as e-learning (1 million) and in a classroom (3 million), the classroom worth
    a little more per person: with 3 million, three people learn online rather than one in
    class; the greedy, taking the earlier classroom session first, seats one."""
    instance = random_instance(0, employees=3, sessions=2, pairs=6)
    instance = dataclasses.replace(
        instance,
        course=np.array([0, 0]),
        first_day=np.array(["2027-03-01", "2027-03-08"], dtype="datetime64[D]"),
        last_day=np.array(["2027-03-01", "2027-03-08"], dtype="datetime64[D]"),
        seats=np.array([3, 3]),
        cost=np.array([3e6, 1e6]),
        budget=3e6,
        unit_budgets={},
        max_programs=None,
        jp_reward=0.0,
        pair_e=np.array([0, 1, 2, 0, 1, 2]),
        pair_s=np.array([0, 0, 0, 1, 1, 1]),
        gain=np.array([0.6, 0.6, 0.6, 0.5, 0.5, 0.5]),
        probability=np.full(6, 0.9),
    )
    result = solve_instance(instance, time_limit_s=5)
    assert checked_value(instance, result["chosen"]) == pytest.approx(1.5)
    assert set(instance.pair_s[result["chosen"]]) == {1}
    assert checked_value(instance, greedy_plan(instance)) == pytest.approx(0.6)


@pytest.mark.parametrize("seed", range(10))
def test_the_plan_rounded_from_the_lp_passes_the_checker(seed):
    from model.planning.rounding import rounded_plan

    instance = random_instance(
        seed, max_programs=1 if seed % 2 else None, unit_budget=seed % 3 == 0
    )
    rng = np.random.default_rng(seed)
    chosen = rounded_plan(instance, rng.uniform(0, 1, instance.n_pairs))
    assert checked_value(instance, chosen) <= exhaustive_best(instance) + 1e-9


@pytest.mark.parametrize("seed", range(10))
def test_the_bound_without_an_lp_is_a_bound(seed):
    instance = random_instance(seed, max_programs=2 if seed % 2 else None)
    assert relaxed_bound(instance) >= exhaustive_best(instance) - 1e-9


def pruned_counterexample() -> PlanInstance:
    """Pruning leaves out pair c (E4 in session C): session C keeps three better pairs (E1-E3,
    who all go to session X, one program each) and E4 keeps three better pairs (sessions D,
    which no budget pays). The kept model's best is X + a = 307; with c the full problem's is
    X + b + c = 309.8, and c's reduced cost under the kept LP's duals is 0, so pricing does not
    add it."""
    names = ["C", "X", "A", "B", "D1", "D2", "D3"]
    day = np.datetime64("2027-03-01") + np.arange(7).astype("timedelta64[D]") * 7
    pairs = [(0, 0, 5.0), (1, 0, 5.0), (2, 0, 5.0), (3, 0, 4.9), (0, 1, 100.0),
             (1, 1, 100.0), (2, 1, 100.0), (4, 2, 7.0), (5, 3, 4.9), (3, 4, 5.0),
             (3, 5, 5.0), (3, 6, 5.0)]  # fmt: skip
    e, s, gain = (np.array(column) for column in zip(*pairs, strict=True))
    return PlanInstance(
        program_ids=np.array(names, dtype=object),
        course=np.arange(7),
        first_day=day,
        last_day=day,
        duration_jp=np.full(7, 8),
        cost=np.array([5e6, 0.0, 6e6, 5e6, 1e12, 1e12, 1e12]),
        seats=np.array([1, 3, 1, 1, 1, 1, 1]),
        employee_ids=np.array([f"E{i}" for i in range(1, 7)], dtype=object),
        unit_ids=np.array(["U"] * 6, dtype=object),
        jp_short=np.zeros(6),
        pair_e=e,
        pair_s=s,
        gain=gain.astype(float),
        probability=np.ones(len(e)),
        budget=10e6,
        max_programs=1,
    )


def test_the_bound_and_optimal_hold_for_the_full_problem_not_the_pruned_one():
    instance = pruned_counterexample()
    assert len(candidate_pairs(instance)) < instance.n_pairs
    best = exhaustive_best(instance)
    result = solve_instance(instance, time_limit_s=10)
    assert result["pruning"]["candidate_pairs"] < instance.n_pairs  # c stayed out
    value = checked_value(instance, result["chosen"])
    assert value < best - 1  # the kept pairs cannot reach the full optimum...
    assert result["bound"] >= best - 1e-9  # ...and the bound says so
    assert not result["optimal"]
    full = solve_instance(instance, time_limit_s=10, prune=False)
    assert full["optimal"] and checked_value(instance, full["chosen"]) == pytest.approx(best)


@pytest.mark.parametrize("seed", range(6))
def test_pruned_plans_are_optimal_only_when_the_full_bound_proves_it(seed):
    instance = random_instance(seed, employees=10, sessions=4, pairs=26)
    instance = dataclasses.replace(instance, seats=np.ones(4, dtype=np.int64))
    result = solve_instance(instance, time_limit_s=10)
    value = checked_value(instance, result["chosen"])
    assert result["bound"] >= exhaustive_best(instance) - 1e-9
    if result["optimal"]:
        assert result["bound"] <= value * (1 + 1e-3) + 1e-9
