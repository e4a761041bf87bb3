"""Benchmark: what a fairness floor of 0.8 costs in expected gain (issue 22).

For every upcoming program, the participants at the program's free seats with and without
the floor, by age group and by gender: the summed expected gain of each, the share lost, and
how many programs could not meet the floor (`fairness_floor_unmet`, the planner then sees
why); on the small world also the annual plan of `bench.plans` with and without the floor.
Each list and plan is recounted by the independent checker (`summary.fairness_check`, the
plan's `check`), so the cost is that of a floor that holds.

`python -m bench.fairness_cost BUNDLE [--data-dir DIR]` runs it alone.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import time
from typing import Any

from bench.measure import figure
from bench.plans import BUDGET_SHARE, THREADS, TIME_LIMIT_S, _demand
from bench.selection import widened
from bench.settings import LARGE
from features import columns as col
from model.bundles.serving import load_serving_bundle
from model.engine import Engine
from model.errors import FairnessFloorError
from model.fairness_floor import ATTRIBUTES, FairnessFloor
from model.participants import choose_participants
from model.planning.inputs import PlanRequest
from model.planning.plan import make_plan

MIN_RATIO = 0.8


def run(bundle: str, data_dir: str | None, world: int, max_runs: int = 1) -> dict[str, Any]:
    """Child side: every upcoming program's list with and without each floor; the plan of
    the small world with and without the age-group floor."""
    del max_runs  # one pass: the figures are sums, not timings
    serving = load_serving_bundle(bundle)
    if data_dir is not None:
        serving = widened(serving, data_dir)
    engine = Engine(serving)
    out: dict[str, Any] = {"selection": {a: _selections(engine, a) for a in ATTRIBUTES}}
    if world != LARGE:  # the large plan takes 10+ minutes per solve
        out["plan"] = _plans(engine, world)
    return out


def _selections(engine: Engine, attribute: str) -> dict[str, Any]:
    floor = FairnessFloor(attribute, MIN_RATIO)
    found = {"programs": 0, "unmet": 0, "with_floor": 0.0, "without_floor": 0.0, "violations": 0}
    started = time.perf_counter()
    for p in engine.upcoming:
        program_id = engine.state.program_ids[p]
        found["programs"] += 1
        try:
            summary = choose_participants(engine, program_id, fairness=floor)["summary"]
        except FairnessFloorError:
            found["unmet"] += 1
            continue
        fairness = summary["fairness"]
        found["with_floor"] += fairness["expected_gain"]
        found["without_floor"] += fairness["expected_gain_without_floor"]
        (checked,) = [c for c in summary["fairness_check"] if c["attribute"] == attribute]
        found["violations"] += sum(
            1 for g in checked["groups"] if g["ratio"] is not None and g["ratio"] < MIN_RATIO - 1e-9
        )
    found["seconds"] = time.perf_counter() - started
    return found


def _plans(engine: Engine, world: int) -> dict[str, Any]:
    starts = engine.programs[col.START_DATE].iloc[engine.upcoming]
    request = PlanRequest(starts.min(), starts.max(), budget=0.0)
    request = dataclasses.replace(request, budget=BUDGET_SHARE * _demand(engine, request))
    request = dataclasses.replace(request, fairness=FairnessFloor("age_group", MIN_RATIO))
    # the answer holds the plan under the floor and the plan without it (`summary.fairness`);
    # a plan that breaks a constraint, the floor included, never leaves `make_plan`
    answer = make_plan(engine, request, None, TIME_LIMIT_S.get(world, 60.0), THREADS)
    return {"status": answer["status"], **answer["summary"]["fairness"]}


def records(result: dict[str, Any], world: int) -> list[dict[str, Any]]:
    """Parent side: one record per attribute (lists), and one for the plan."""
    out = []
    for attribute, found in result["selection"].items():
        lost = 1 - found["with_floor"] / found["without_floor"] if found["without_floor"] else 0.0
        figures = {
            "expected gain lost": figure(100 * lost, "%"),
            "programs without a list meeting the floor": figure(found["unmet"], "programs"),
            "groups below the floor (checker)": figure(found["violations"], "groups"),
            "time": figure(found["seconds"], "s"),
        }
        parameters = {"world_employees": world, "attribute": attribute, "min_ratio": MIN_RATIO,
                      "programs": found["programs"]}  # fmt: skip
        out.append({"name": "fairness floor cost (lists)", "parameters": parameters,
                    "figures": figures})  # fmt: skip
    plan = result.get("plan")
    if plan:
        free, floored = plan["expected_gain_without_floor"], plan["expected_gain"]
        lost = 1 - floored / free if free else 0.0
        figures = {"expected gain lost": figure(100 * lost, "%")}
        parameters = {"world_employees": world, "attribute": "age_group", "min_ratio": MIN_RATIO,
                      "status": plan["status"]}  # fmt: skip
        out.append({"name": "fairness floor cost (plan)", "parameters": parameters,
                    "figures": figures})  # fmt: skip
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle")
    parser.add_argument("--data-dir")
    parser.add_argument("--world", type=int, default=0, help="employees (plan below 65,000)")
    args = parser.parse_args()
    print(json.dumps(run(args.bundle, args.data_dir, args.world), indent=2, default=str))


if __name__ == "__main__":
    main()
