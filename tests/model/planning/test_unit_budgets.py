"""A unit's budget covers its sub-units (a dinas's pays for its suku dinas): in the model,
the greedy, the LP rounding and the independent checker."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from model.planning.checker import plan_violations
from model.planning.greedy import greedy_plan
from model.planning.plan import solve_instance
from tests.model.planning.small_instances import as_plan, exhaustive_best, random_instance

DINAS = {"U1": ("U1", "U2")}  # U2 is a suku dinas under U1


def nested(seed: int, **options) -> object:
    """A random instance whose budget for U1 covers U2 too, and binds."""
    instance = random_instance(seed, **options)
    return dataclasses.replace(instance, unit_budgets={"U1": 2e6}, budget_units=DINAS, budget=1e9)


def spent_by_dinas(instance, chosen) -> float:
    return float(instance.cost[instance.pair_s[chosen]].sum())  # every unit is under U1


@pytest.mark.parametrize("seed", range(8))
def test_a_dinas_budget_caps_the_seats_of_its_suku_dinas(seed):
    instance = nested(seed, employees=6, sessions=4, pairs=14)
    result = solve_instance(instance, time_limit_s=10)
    for chosen in (result["chosen"], result["greedy"]):
        assert spent_by_dinas(instance, chosen) <= 2e6
        assert plan_violations(instance, as_plan(instance, chosen)) == []
    assert result["bound"] >= exhaustive_best(instance) - 1e-6


def test_the_plan_is_the_best_within_nested_budgets():
    for seed in range(6):
        instance = nested(seed, employees=5, sessions=4, pairs=11)
        best = exhaustive_best(instance)
        result = solve_instance(instance, time_limit_s=10, prune=False)
        chosen = result["chosen"]
        gain = instance.gain[chosen].sum()
        jp = np.bincount(instance.pair_e[chosen], instance.duration_jp[instance.pair_s[chosen]], 5)
        assert gain + instance.jp_reward * np.minimum(jp, instance.jp_short).sum() == (
            pytest.approx(best, abs=1e-9)
        )


def test_the_checker_counts_a_suku_dinas_seat_against_the_dinas_budget():
    instance = nested(0, employees=6, sessions=4, pairs=24)
    in_u2 = np.flatnonzero(instance.unit_ids[instance.pair_e] == "U2")
    by_cost = in_u2[np.argsort(-instance.cost[instance.pair_s[in_u2]])]
    sessions = np.unique(instance.pair_s[by_cost], return_index=True)[1]
    plan = as_plan(instance, by_cost[np.sort(sessions)][:2])
    assert spent_by_dinas(instance, by_cost[np.sort(sessions)][:2]) > 2e6
    assert any("unit U1" in v for v in plan_violations(instance, plan))


def test_the_greedy_alone_keeps_the_dinas_budget():
    instance = nested(1, employees=6, sessions=4, pairs=20)
    chosen = greedy_plan(instance)
    assert spent_by_dinas(instance, chosen) <= 2e6
