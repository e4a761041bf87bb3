"""Benchmark 7: the annual plan (`POST /v1/plans`' engine) over every upcoming session.

A budget that binds: `BUDGET_SHARE` of what seating every candidate would cost (per session,
its cost x the smaller of its seats and its candidates). Measured: the gap HiGHS proves within
the time limit, the plan against the program-after-program greedy at the same budget (the
objective, and the expected gain alone with the JP reward off), employees brought to 20 JP,
what pruning could have cost, time and peak memory. On the large world without BENCH_FULL the
small bundle's predictor serves the large world's snapshot (as in benchmark 5c).
"""

from __future__ import annotations

import dataclasses
import time
from typing import Any

import numpy as np

from bench.measure import Target, figure, memory_figure
from bench.selection import widened
from bench.settings import LARGE, SMALL
from features import columns as col
from model.bundles.serving import load_serving_bundle
from model.engine import Engine
from model.planning.inputs import LiveInputs, PlanRequest, period_sessions, plan_instance
from model.planning.plan import make_plan

BUDGET_SHARE = 0.3
TIME_LIMIT_S = {SMALL: 60.0, LARGE: 300.0}
GAP_TARGET = {SMALL: Target("<=", 0.005), LARGE: Target("<=", 0.02)}
SECONDS_TARGET = {SMALL: Target("<=", 60.0, "s"), LARGE: Target("<=", 300.0, "s")}
RATIO_TARGET = Target(">=", 1.10, on="ratio")
THREADS = 2


def run(bundle: str, data_dir: str | None, world: int, max_runs: int) -> dict[str, Any]:
    """Child side: one plan with the JP reward (default weight), one without."""
    serving = load_serving_bundle(bundle)
    if data_dir is not None:
        serving = widened(serving, data_dir)
    engine = Engine(serving)
    starts = engine.programs[col.START_DATE].iloc[engine.upcoming]
    request = PlanRequest(starts.min(), starts.max(), budget=0.0)
    request = dataclasses.replace(request, budget=BUDGET_SHARE * _demand(engine, request))
    limit = TIME_LIMIT_S.get(world, 60.0)
    out: dict[str, Any] = {
        "budget": request.budget,
        "sessions": len(period_sessions(engine, request)),
    }
    for name, weight in (("default", 1.0), ("gain_only", 0.0)):
        started = time.perf_counter()
        answer = make_plan(
            engine, dataclasses.replace(request, jp_weight=weight), None, limit, THREADS
        )
        answer.pop("programs")
        answer.pop("units")
        out[name] = {**answer, "seconds": time.perf_counter() - started}
        if world == LARGE:  # one run is enough to measure; the second doubles the time
            break
    return out


def _demand(engine: Engine, request: PlanRequest) -> float:
    """What seating every candidate would cost: per session, cost x min(seats, candidates)."""
    sessions = period_sessions(engine, request)
    instance = plan_instance(engine, request, sessions, LiveInputs(), THREADS)
    candidates = np.bincount(instance.pair_s, minlength=len(sessions))
    return float((instance.cost * np.minimum(instance.seats, candidates)).sum())


def records(result: dict[str, Any], world: int, bundle_kind: str) -> list[dict[str, Any]]:
    """Parent side: one record per world."""
    plan = result["default"]
    figures = {
        "seconds (predictions, greedy, MILP, checks)": figure(
            plan["seconds"], "s", target=SECONDS_TARGET.get(world)
        ),
        "solver seconds": figure(plan["solve_seconds"], "s"),
        "gap": figure(plan["gap"], "share of objective", target=GAP_TARGET.get(world)),
        "objective": figure(
            plan["objective"], "gain + JP reward", plan["greedy_objective"], "greedy"
        ),
        "expected gain": figure(
            plan["expected_gain"], "gain", plan["greedy_expected_gain"], "greedy", RATIO_TARGET
        ),
        "employees reaching 20 JP": figure(
            plan["employees_reaching_jp_target"],
            "employees",
            plan["greedy_employees_reaching_jp_target"],
            "greedy",
        ),
        "pruning loss bound": figure(
            plan["pruning"]["loss_share_of_lp_bound"], "share of LP bound"
        ),
        "peak memory": memory_figure(result["peak_rss_bytes"]),
    }
    if "gain_only" in result:
        alone = result["gain_only"]
        figures["expected gain, JP reward off"] = figure(
            alone["expected_gain"], "gain", alone["greedy_expected_gain"], "greedy",
            target=RATIO_TARGET,
        )  # fmt: skip
        figures["gap, JP reward off"] = figure(alone["gap"], "share of objective")
    parameters = {
        "world_employees": world,
        "bundle": bundle_kind,
        "sessions": result["sessions"],
        "budget": result["budget"],
        "budget_share": BUDGET_SHARE,
        "time_limit_s": TIME_LIMIT_S.get(world, 60.0),
        "status": plan["status"],
        "eligible_pairs": plan["pruning"]["eligible_pairs"],
        "candidate_pairs": plan["pruning"]["candidate_pairs"],
        "jp_reward_per_jp": plan["jp_reward_per_jp"],
    }
    return [{"name": "annual plan (MILP vs greedy)", "parameters": parameters, "figures": figures}]
