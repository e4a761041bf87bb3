"""The whole run, in data-flow order: worlds, gap profiles, training, quality, serving, HTTP.

Every heavy step runs in its own child process (`bench.child`); this process only
orchestrates, drives the HTTP load and collects the records.
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench import (
    backtest,
    fairness_cost,
    families,
    fuzz,
    generation,
    http_goals,
    inprocess,
    live_state,
    load,
    pages,
    plans,
    profiles,
    program_evaluation,
    quality,
    selection,
    training,
)
from bench.child import run_child
from bench.server import Server, gunicorn
from bench.settings import Settings

log = logging.getLogger(__name__)

K = 10
SCORE_SIZES = [1, 100, 10_000]
CONCURRENCY = (8, 32)

Records = list[dict[str, Any]]


@dataclass(frozen=True)
class Runner:
    """Runs child steps of one bench run inside its temporary directory `root`."""

    settings: Settings
    root: Path

    def world(self, employees: int) -> dict[str, str]:
        folder = self.root / f"world{employees}"
        return {"data_dir": str(folder / "data"), "truth_dir": str(folder / "truth")}

    def child(self, task: str, label: str, **params: Any) -> dict[str, Any]:
        log.info("%s ... (load average %.1f)", label, os.getloadavg()[0])
        started = time.perf_counter()
        logs = self.root / "logs"
        logs.mkdir(exist_ok=True)
        params["max_runs"] = self.settings.max_runs
        result = run_child(task, params, logs, label)
        log.info("%s done in %.0f s", label, time.perf_counter() - started)
        return result


def run_all(runner: Runner, results: Records) -> None:
    """Append every benchmark's records to `results` as each completes."""
    s = runner.settings
    for n in (s.small, s.large):
        scratch = str(runner.root / f"csv{n}")
        world = runner.world(n)
        found = runner.child(
            "generation", f"generation-{n}", employees=n, seed=s.seed, scratch=scratch, **world
        )
        results += generation.records(found, n, s)
    for n in (s.small, s.large):
        found = runner.child(
            "gap_profiles", f"gap_profiles-{n}", data_dir=runner.world(n)["data_dir"]
        )
        results += profiles.records(found, n, s)
    small = _train(runner, s.small, results)
    results += quality.records(small["metrics"], s.small)
    results += _other_family(runner)
    for world in s.backtest_shapes:
        shape, _, family = world.partition("/")
        found = runner.child(
            "backtest", f"backtest-{shape}-{family or 'jakarta'}", employees=s.small,
            seed=s.seed, shape=shape, family=family or "jakarta",
            horizon_months=s.backtest_months, workdir=str(runner.root),
        )  # fmt: skip
        results += backtest.records(found)
    large_bundle = _train(runner, s.large, results)["bundle"] if s.full else None
    engine = runner.child(
        "engine",
        "engine",
        bundle=small["bundle"],
        sample=s.recommend_employees,
        k=K,
        score_sizes=SCORE_SIZES,
        sweeps=s.sweeps,
        seed=s.seed,
    )
    results += inprocess.records(engine, s.small, K)
    results += _selection(runner, small["bundle"], large_bundle)
    results += _plans(runner, small["bundle"], large_bundle)
    results += _fairness_cost(runner, small["bundle"], large_bundle)
    results += http_records(runner, Path(small["artifacts_dir"]), small["bundle"], engine)
    results += pages.records(runner, small, large_bundle)
    results += _evaluation_coverage(runner)
    log.info("API fuzzing ...")
    results += fuzz.records(s.quick)


def _other_family(runner: Runner) -> Records:
    """Model quality on a small world of the second family, trained like the first."""
    s, label = runner.settings, f"family-{families.FAMILY}-{runner.settings.small}"
    root = str(runner.root / "family")
    found = runner.child("family_quality", label, employees=s.small, seed=s.seed, root=root)
    return families.records(found, s.small)


def _evaluation_coverage(runner: Runner) -> Records:
    """Issue 22: level 3 intervals against the truth on a large `busy_coarse` world."""
    s = runner.settings
    folder = str(runner.root / "evaluation_world")
    found = runner.child(
        "program_evaluation", f"program-evaluation-{s.large}", employees=s.large, seed=s.seed,
        folder=folder,
    )  # fmt: skip
    return program_evaluation.records(found, s.large, s)


def _train(runner: Runner, n: int, results: Records) -> dict[str, Any]:
    artifacts = str(runner.root / f"artifacts{n}")
    found = runner.child("train", f"train-{n}", artifacts_dir=artifacts, **runner.world(n))
    results += training.records(found, n, runner.settings)
    return found


def _selection(runner: Runner, small_bundle: str, large_bundle: str | None) -> Records:
    large = runner.settings.large
    if large_bundle is not None:
        kind, params = "trained on the large world", {"bundle": large_bundle, "data_dir": None}
    else:
        kind = "the small world's model over the large world's snapshot (no BENCH_FULL)"
        params = {"bundle": small_bundle, "data_dir": runner.world(large)["data_dir"]}
    found = runner.child("selection", f"selection-{large}", **params)
    records = selection.records(found, kind, large)
    live = {"bundle": params["bundle"], "data_dir": params["data_dir"]}
    s = runner.settings
    found = runner.child("live_state", "live-state", sample=s.recommend_employees, seed=s.seed,
                         **live)  # fmt: skip
    return records + live_state.records(found, large)


def _plans(runner: Runner, small_bundle: str, large_bundle: str | None) -> Records:
    """The annual plan on the small world; with BENCH_FULL on the large one too."""
    s = runner.settings
    found = runner.child(
        "plans", f"plans-{s.small}", bundle=small_bundle, data_dir=None, world=s.small
    )
    out = plans.records(found, s.small, "trained on the small world")
    if large_bundle is None:  # the large plan takes 10+ minutes: BENCH_FULL only
        return out
    params = {"bundle": large_bundle, "data_dir": None}
    found = runner.child("plans", f"plans-{s.large}", world=s.large, **params)
    return out + plans.records(found, s.large, "trained on the large world")


def _fairness_cost(runner: Runner, small_bundle: str, large_bundle: str | None) -> Records:
    """Issue 22: the expected gain a 0.8 floor costs, on both worlds (the plan: small only)."""
    s = runner.settings
    found = runner.child(
        "fairness_cost", f"fairness-cost-{s.small}", bundle=small_bundle, data_dir=None,
        world=s.small,
    )  # fmt: skip
    out = fairness_cost.records(found, s.small)
    params = (
        {"bundle": large_bundle, "data_dir": None}
        if large_bundle is not None
        else {"bundle": small_bundle, "data_dir": runner.world(s.large)["data_dir"]}
    )
    found = runner.child("fairness_cost", f"fairness-cost-{s.large}", world=s.large, **params)
    return out + fairness_cost.records(found, s.large)


def http_records(
    runner: Runner, artifacts_dir: Path, bundle: str, engine: dict[str, Any]
) -> Records:
    """gunicorn over the small bundle: the HTTP goals against the engine in process, then per
    concurrency the /healthz floor and the mix."""
    s = runner.settings
    make = load.mixed_calls(engine["employee_ids"], engine["program_ids"])
    floor_seconds = max(1.0, s.http_seconds / 6)
    records = []
    with gunicorn(artifacts_dir, runner.root / "logs" / "gunicorn.log") as server:
        records += _http_goals(runner, server, bundle, engine["employee_ids"])
        for clients in CONCURRENCY:
            log.info("HTTP load, %d clients, %g s ...", clients, s.http_seconds)
            floor = load.summary(*load.drive(server, clients, floor_seconds, load.health_call))
            mixed = load.summary(*load.drive(server, clients, s.http_seconds, make, s.seed))
            parameters = {
                "clients": clients,
                "seconds": s.http_seconds,
                "baseline_seconds": floor_seconds,
                "workers": server.workers,
                "threads_per_worker": server.threads,
                "employees_in_bundle": s.small,
            }
            records.append(load.record(mixed, floor, parameters))
    return records


def _http_goals(runner: Runner, server: Server, bundle: str, employee_ids: list[str]) -> Records:
    """Benchmark 6b: recommendations and a 10,000-pair score over HTTP against in process."""
    s = runner.settings
    seconds = max(3.0, s.http_seconds / 2)
    pairs_file = runner.root / "score_pairs.json"
    params = {"bundle": bundle, "employee_ids": employee_ids, "sweeps": s.sweeps, "seed": s.seed}

    def baseline() -> dict[str, Any]:
        return runner.child("http_baseline", "http-baseline", pairs_file=str(pairs_file), **params)

    log.info("HTTP against in-process, %g s per load ...", seconds)
    found = http_goals.measure(server, seconds, baseline, employee_ids, pairs_file)
    return http_goals.records(found, server, seconds, s.small)
