"""`make bench-scale`: a national world through the partitioned steps, in process against a
LocalCluster of one worker per core, in one run (docs/national.md).

Steps: generate (agency by agency) -> examples by partition -> fit on one node -> score-all ->
one plan per agency. The examples, score-all and the plans run twice, in process and on the
LocalCluster, and must give the same result; the table shows each time, the ratio in process
/ cluster, the per-agency (per task) times and the peak memory of this process and of each
worker. `python -m bench.scale --employees 300000 --agencies 12` is the size stated in the
docs for this machine; `make bench-scale SCALE_EMPLOYEES=3000 SCALE_AGENCIES=4` proves it runs.
"""

from __future__ import annotations

import argparse
import json
import logging
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from features.demo.national import write_national
from model.training.examples import Examples, concat_examples
from model.training.train import train
from pipeline.cluster import dask_client, partition_map
from pipeline.examples import group_examples
from pipeline.partitions import TASK_EMPLOYEES as TASK
from pipeline.partitions import partition_groups
from pipeline.plans import AgencyBudget, agency_plan, national_total
from pipeline.score_all import TASK_EMPLOYEES, score_all, score_chunk

log = logging.getLogger("bench.scale")
MODES = ("in_process", "local_cluster")
PLAN_DAYS = 90  # the plans cover the first quarter after the snapshot
BUDGET_PER_EMPLOYEE = 1_000_000.0  # Rp: a binding budget (most sessions cost more per seat)
PLAN_SECONDS = 30.0


def peak_rss_mib() -> float:
    """This process's peak resident memory, MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed_map(mode: str, n: int, func, items: list, **broadcast) -> dict[str, Any]:
    """`partition_map` in `mode`, with its time, each task's time, and peak memory per worker."""

    def task(item, **kwargs):
        started = time.perf_counter()
        out = func(item, **kwargs)
        return out, time.perf_counter() - started

    started = time.perf_counter()
    with dask_client(n, mode) as client:
        results = partition_map(client, task, items, **broadcast)
        workers = client.run(peak_rss_mib) if client is not None else {"driver": peak_rss_mib()}
    return {
        "results": [r for r, _ in results],
        "seconds": time.perf_counter() - started,
        "task_seconds": [s for _, s in results],
        "peak_mib_per_worker": max(workers.values()),
    }


def run(
    employees: int, agencies: int, workdir: Path, seed: int, task_employees: int = TASK
) -> dict[str, Any]:
    data, truth, artifacts = workdir / "data", workdir / "truth", workdir / "artifacts"
    out: dict[str, Any] = {"employees": employees, "agencies": agencies, "steps": {}}
    started = time.perf_counter()
    written = write_national(data, truth, employees, agencies, seed)
    out["steps"]["generate"] = {"seconds": time.perf_counter() - started,
                                "peak_mib": peak_rss_mib()}  # fmt: skip
    until = pd.Timestamp("2026-06-30")
    groups = partition_groups(data, task_employees)
    runs = {m: timed_map(m, employees, group_examples, groups, data_dir=str(data), until=until,
                         seed=seed) for m in MODES}  # fmt: skip
    examples = [
        concat_examples([p for p in r.pop("results") if p is not None]) for r in runs.values()
    ]
    _same_examples(*examples)
    out["steps"]["examples"] = _compare(runs, rows=len(examples[0].query), tasks=len(groups))
    started = time.perf_counter()
    result = train(data, artifacts, seed=seed, examples_by=lambda *_: examples[0], force=True)
    out["steps"]["train"] = {"seconds": time.perf_counter() - started, "peak_mib": peak_rss_mib()}
    out["steps"]["score_all"] = _score_all(result.path, employees, artifacts)
    out["steps"]["plans"] = _plans(result.path, written, employees)
    return out


def _same_examples(a: Examples, b: Examples) -> None:
    pd.testing.assert_frame_equal(a.features, b.features, check_exact=False, rtol=1e-12)
    assert np.array_equal(a.query, b.query) and np.array_equal(a.relevance, b.relevance)


def _compare(runs: dict[str, dict[str, Any]], **extra: Any) -> dict[str, Any]:
    here, there = runs["in_process"], runs["local_cluster"]
    tasks = np.array(here["task_seconds"])
    return {
        **extra,
        **{f"{m}_seconds": r["seconds"] for m, r in runs.items()},
        **{f"{m}_peak_mib_per_worker": r["peak_mib_per_worker"] for m, r in runs.items()},
        "ratio_in_process_over_cluster": here["seconds"] / there["seconds"],
        "per_task_seconds_median": float(np.median(tasks)) if len(tasks) else 0.0,
        "per_task_seconds_max": float(tasks.max()) if len(tasks) else 0.0,
    }


def _score_all(bundle: Path, employees: int, artifacts: Path) -> dict[str, Any]:
    n = employees
    chunks = [np.arange(s, min(s + TASK_EMPLOYEES, n)) for s in range(0, n, TASK_EMPLOYEES)]
    runs = {m: timed_map(m, n, score_chunk, chunks, bundle_path=str(bundle)) for m in MODES}
    recs = [pd.concat([r for r, _ in run.pop("results")]) for run in runs.values()]
    pd.testing.assert_frame_equal(recs[0], recs[1], check_exact=False, rtol=1e-12)
    written = score_all(artifacts, bundle.name)  # and into the bundle, where it runs by size
    step = _compare(runs, tasks=len(chunks), rows=len(recs[0]))
    eligible = recs[0].groupby("employee_id")["eligible"].first().sum()
    step["pairs_scored"] = int(eligible)
    step["pairs_per_second_cluster"] = eligible / runs["local_cluster"]["seconds"]
    step["written_seconds"] = written["seconds"]
    return step


def _plans(bundle: Path, written: list, employees: int) -> dict[str, Any]:
    from pipeline.score_all import bundle_engine

    engine = bundle_engine(str(bundle))
    upcoming = engine.programs.iloc[engine.upcoming]
    start = upcoming["start_date"].min()
    end = start + pd.Timedelta(days=PLAN_DAYS)
    ids = engine.state.program_ids[engine.upcoming].to_numpy().astype(str)
    budgets = [
        AgencyBudget(a.code, a.employees * BUDGET_PER_EMPLOYEE,
                     tuple(ids[np.char.startswith(ids, f"{a.code}-")]))
        for a in written
    ]  # fmt: skip
    runs = {m: timed_map(m, employees, agency_plan, budgets, bundle_path=str(bundle),
                         period_start=start, period_end=end, time_limit_s=PLAN_SECONDS)
            for m in MODES}  # fmt: skip
    plans = [run.pop("results") for run in runs.values()]
    totals = [national_total(p) for p in plans]
    return {**_compare(runs, tasks=len(budgets)), "national": totals[0],
            "national_cluster": totals[1]}  # fmt: skip


def table(out: dict[str, Any]) -> str:
    lines = [f"national world: {out['employees']:,} employees in {out['agencies']} agencies",
             f"{'step':<10} {'in process':>11} {'cluster':>9} {'ratio':>6} "
             f"{'task med':>9} {'task max':>9} {'peak MiB/worker':>16}"]  # fmt: skip
    for name, step in out["steps"].items():
        if "ratio_in_process_over_cluster" not in step:
            lines.append(f"{name:<10} {step['seconds']:>10.1f}s")
            continue
        s = step
        lines.append(
            f"{name:<10} {s['in_process_seconds']:>10.1f}s {s['local_cluster_seconds']:>8.1f}s"
            f" {s['ratio_in_process_over_cluster']:>6.2f} {s['per_task_seconds_median']:>8.1f}s"
            f" {s['per_task_seconds_max']:>8.1f}s {s['local_cluster_peak_mib_per_worker']:>16.0f}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__)
    parser.add_argument("--employees", type=int, default=300_000)
    parser.add_argument("--agencies", type=int, default=12)
    parser.add_argument("--seed", type=int, default=20261128)
    parser.add_argument(
        "--task-employees", type=int, default=TASK, help="agencies per examples task, by size"
    )
    parser.add_argument("--out", default="bench/scale_results.json")
    parser.add_argument("--workdir", default=None, help="kept when given (default: a temp dir)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S")
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="bench-scale-"))
    try:
        out = run(args.employees, args.agencies, workdir, args.seed, args.task_employees)
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    print(table(out))
    Path(args.out).write_text(json.dumps(out, indent=2, default=float) + "\n")
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
