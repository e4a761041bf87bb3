"""`make bench-scale`: the scaling curve of the national chain on this machine (issue 25).

For each size (default 65,000, 260,000 and 1,000,000 employees, agencies in the national
proportion: about 600 for 5.2 million ASN), a child process runs the whole chain on a
LocalCluster of one single-threaded worker per core: generate -> examples by partition ->
fit on one node -> score-all -> one plan per agency -> a gunicorn worker serving the bundle.
Each step records its wall time, its CPU time (the sum of the tasks' `process_time` on the
workers, the driver's for the steps it runs itself) and the memory of the busiest worker:
its resident size at the end of each task, the result still held (not `ru_maxrss`: a worker
forked from the driver inherits the driver's peak). The parent then states, per
step and for the whole chain, the time per employee at each size and the exponent b of
time ~ employees^b between the smallest and the largest size, and projects 5.2 million
employees onto N workers. CPU time is the figure the exponent is read from: on a shared
machine the wall clock measures the neighbours as well (both are printed).

`make bench-scale SCALE_SIZES="3000 6000"` proves the chain runs in a few minutes.
"""

from __future__ import annotations

import argparse
import functools
import json
import logging
import math
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from bench.child import ROOT
from features.demo.national import write_national
from model.training.examples import concat_examples
from model.training.train import train
from pipeline.cluster import dask_client, partition_map
from pipeline.examples import group_examples
from pipeline.partitions import partition_groups
from pipeline.plans import AgencyBudget, agency_plan, national_total
from pipeline.sample import sample_share
from pipeline.score_all import (
    TASK_EMPLOYEES,
    bundle_engine,
    rankings_of,
    score_chunk,
    write_rankings,
)

log = logging.getLogger("bench.scale_curve")
SIZES = (65_000, 260_000, 1_000_000)
NATIONAL_EMPLOYEES = 5_200_000  # LAN's count of ASN
NATIONAL_AGENCIES = 600
UNTIL = pd.Timestamp("2026-06-30")  # the national world's snapshot (as bench.scale)
PLAN_DAYS = 90
BUDGET_PER_EMPLOYEE = 1_000_000.0  # Rp: a binding budget
SERVE_REQUESTS = 300  # sequential recommendations asked of one gunicorn worker
SERVE_READY_SECONDS = 1_800.0  # a worker loading a 1,000,000-employee bundle
CHAIN = ("generate", "examples", "train", "score_all", "plans")


def agencies_for(employees: int) -> int:
    """Agencies in the national proportion (5.2 million ASN in about 600 agencies)."""
    return max(1, round(employees * NATIONAL_AGENCIES / NATIONAL_EMPLOYEES))


def peak_rss_mib() -> float:
    """This process's peak resident memory, MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed_task(func: Callable, item: Any, **kwargs: Any) -> tuple[Any, float, float]:
    """(result, CPU seconds, resident MiB of the worker at the task's end, its result held).
    Not `ru_maxrss`: a worker forked from the driver inherits the driver's peak."""
    import psutil

    started = time.process_time()
    out = func(item, **kwargs)
    return out, time.process_time() - started, psutil.Process().memory_info().rss / 2**20


def cluster_step(func: Callable, items: list, **broadcast: Any) -> tuple[list, dict[str, Any]]:
    """`func` over `items` on a fresh LocalCluster: results, wall and CPU seconds, the peak
    memory of the busiest worker."""
    started = time.perf_counter()
    with dask_client(len(items), "local_cluster") as client:
        done = partition_map(client, functools.partial(_timed_task, func), items, **broadcast)
    return [r for r, _, _ in done], {
        "seconds": time.perf_counter() - started,
        "cpu_seconds": float(sum(c for _, c, _ in done)),
        "tasks": len(items),
        "peak_mib_per_worker": max(m for _, _, m in done),
    }


def driver_step(func: Callable[[], Any]) -> tuple[Any, dict[str, Any]]:
    """`func()` in this process: result, wall and CPU seconds (all threads), peak memory."""
    started, cpu = time.perf_counter(), time.process_time()
    out = func()
    return out, {
        "seconds": time.perf_counter() - started,
        "cpu_seconds": time.process_time() - cpu,
        "peak_mib_driver": peak_rss_mib(),
    }


def one_size(employees: int, workdir: Path, seed: int) -> dict[str, Any]:
    """The chain at one size (run in a child process, so its peaks are its own)."""
    data, truth, artifacts = workdir / "data", workdir / "truth", workdir / "artifacts"
    agencies = agencies_for(employees)
    steps: dict[str, dict[str, Any]] = {}
    log.info("%d employees in %d agencies: generate", employees, agencies)
    written, steps["generate"] = driver_step(
        lambda: write_national(data, truth, employees, agencies, seed)
    )
    log.info("examples by partition")
    groups, share = partition_groups(data), sample_share(employees)
    parts, steps["examples"] = cluster_step(
        group_examples, groups, data_dir=str(data), until=UNTIL, seed=seed, share=share
    )
    examples = concat_examples([p for p in parts if p is not None])
    steps["examples"].update(rows=len(examples.query), employee_share=share)
    log.info("fit on one node (%d examples)", len(examples.query))
    result, steps["train"] = driver_step(
        lambda: train(data, artifacts, seed=seed, examples_by=lambda *_: examples, force=True)
    )
    log.info("score-all")
    bundle = result.path
    n = len(bundle_engine(str(bundle)).state.employee_ids)
    chunks = [np.arange(s, min(s + TASK_EMPLOYEES, n)) for s in range(0, n, TASK_EMPLOYEES)]
    scored, steps["score_all"] = cluster_step(score_chunk, chunks, bundle_path=str(bundle))
    recommendations, candidates = rankings_of(scored)
    pairs = int(sum(r.groupby("employee_id")["eligible"].first().sum() for r in recommendations))
    write_rankings(bundle, recommendations, candidates, steps["score_all"]["seconds"])
    steps["score_all"]["pairs"] = pairs
    steps["score_all"]["pairs_per_cpu_second"] = pairs / steps["score_all"]["cpu_seconds"]
    del scored, recommendations, candidates
    bundle_engine.cache_clear()
    log.info("plans per agency")
    # each agency's time by its size (pipeline.plans.plan_seconds)
    plans, steps["plans"] = cluster_step(
        agency_plan, _budgets(str(bundle), written), bundle_path=str(bundle),
        period_start=_plan_start(str(bundle)), period_end=_plan_start(str(bundle))
        + pd.Timedelta(days=PLAN_DAYS),
    )  # fmt: skip
    steps["plans"]["national"] = national_total(plans)
    steps["plans"]["by_agency"] = [
        {k: p[k] for k in ("unit_id", "employees", "time_limit_s", "gap", "seconds")} for p in plans
    ]
    bundle_engine.cache_clear()
    log.info("serve")
    steps["serve"] = serve(artifacts, workdir / "gunicorn.log", seed)
    return {"employees": employees, "agencies": agencies, "steps": steps}


def _plan_start(bundle: str) -> pd.Timestamp:
    engine = bundle_engine(bundle)
    return pd.Timestamp(engine.programs.iloc[engine.upcoming]["start_date"].min())


def _budgets(bundle: str, written: list) -> list[AgencyBudget]:
    engine = bundle_engine(bundle)
    ids = engine.state.program_ids[engine.upcoming].to_numpy().astype(str)
    return [
        AgencyBudget(a.code, a.employees * BUDGET_PER_EMPLOYEE,
                     tuple(ids[np.char.startswith(ids, f"{a.code}-")]))
        for a in written
    ]  # fmt: skip


def serve(artifacts: Path, log_file: Path, seed: int) -> dict[str, Any]:
    """One gunicorn worker (one thread) on the bundle: recommendation latencies of
    `SERVE_REQUESTS` sequential requests for random employees, the worker's memory after."""
    from bench import server as bench_server

    ids = bundle_engine(str(_current(artifacts))).state.employee_ids.to_numpy().astype(str)
    bundle_engine.cache_clear()
    served = bench_server.one_worker_recommendations(
        artifacts, log_file, ids, seed, SERVE_REQUESTS, ready_seconds=SERVE_READY_SECONDS
    )
    return {
        **{k: served[k] for k in ("ready_seconds", "requests", "errors", "p50_ms", "p95_ms")},
        "worker_rss_mib": served["rss_mib"],
        "worker_anonymous_mib": served["anonymous_mib"],  # its own: not the mapped snapshot
    }


def _current(artifacts: Path) -> Path:
    from model.bundles.files import current_version

    return artifacts / str(current_version(artifacts))


def curve(results: list[dict[str, Any]]) -> dict[str, Any]:
    """Per step and for the whole chain: CPU and wall per employee at each size, and the
    exponent between the smallest and the largest size."""
    first, last = results[0], results[-1]
    growth = last["employees"] / first["employees"]
    out: dict[str, Any] = {}
    for step in (*CHAIN, "chain"):
        row: dict[str, Any] = {}
        for clock in ("cpu_seconds", "seconds"):
            a, b = _chain_total(first, step, clock), _chain_total(last, step, clock)
            row[clock] = {
                "per_employee_ms": [_chain_total(r, step, clock) / r["employees"] * 1000
                                    for r in results],
                "exponent": math.log(b / a) / math.log(growth) if a > 0 and b > 0 else None,
                "per_employee_growth": (b / last["employees"]) / (a / first["employees"]),
            }  # fmt: skip
        out[step] = row
    return out


def _chain_total(result: dict[str, Any], step: str, clock: str) -> float:
    names = CHAIN if step == "chain" else (step,)
    return float(sum(result["steps"][name][clock] for name in names))


def projection(results: list[dict[str, Any]], exponents: dict[str, Any]) -> dict[str, Any]:
    """5.2 million employees from the largest measured size along the chain's CPU exponent,
    spread over N workers (the tasks are independent; the fit stays on one node)."""
    last = results[-1]
    b = exponents["chain"]["cpu_seconds"]["exponent"] or 1.0
    factor = (NATIONAL_EMPLOYEES / last["employees"]) ** b
    cpu = {step: last["steps"][step]["cpu_seconds"] * factor for step in CHAIN}
    parallel = sum(v for k, v in cpu.items() if k != "train")
    return {
        "from_employees": last["employees"],
        "exponent": b,
        "factor": factor,
        "cpu_hours": {k: v / 3600 for k, v in cpu.items()},
        "wall_hours_on_workers": {
            str(n): (parallel / n + cpu["train"]) / 3600 for n in (2, 8, 32, 128)
        },
    }


def table(results: list[dict[str, Any]], exponents: dict[str, Any]) -> str:
    head = f"{'step':<10}" + "".join(f"{r['employees']:>22,}" for r in results)
    lines = ["CPU s (wall s) [peak MiB per worker] at each size; serve: RSS/own MiB", head]
    for step in (*CHAIN, "serve"):
        cells = []
        for r in results:
            s = r["steps"][step]
            if step == "serve":
                own = s.get("worker_anonymous_mib")  # None: measured before it was recorded
                memory = f"{s['worker_rss_mib']:.0f}" + ("" if own is None else f"/{own:.0f}")
                cells.append(f"p50 {s['p50_ms']:.0f} ms, {memory} MiB")
                continue
            peak = s.get("peak_mib_per_worker", s.get("peak_mib_driver", 0.0))
            cells.append(f"{s['cpu_seconds']:.0f} ({s['seconds']:.0f}) [{peak:.0f}]")
        lines.append(f"{step:<10}" + "".join(f"{c:>22}" for c in cells))
    lines.append("exponent b of time ~ employees^b (CPU; wall), first to last size")
    for step, row in exponents.items():
        cpu, wall = row["cpu_seconds"], row["seconds"]
        lines.append(
            f"  {step:<10} {_num(cpu['exponent'])}; {_num(wall['exponent'])}"
            f"   CPU per employee x{cpu['per_employee_growth']:.2f}"
        )
    return "\n".join(lines)


def _num(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def run_child(employees: int, workdir: Path, seed: int) -> dict[str, Any]:
    out = workdir / "result.json"
    command = [sys.executable, "-m", "bench.scale_curve", "--one", str(employees),
               "--workdir", str(workdir), "--seed", str(seed), "--out", str(out)]  # fmt: skip
    subprocess.run(command, cwd=ROOT, check=True)
    return json.loads(out.read_text())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scale_curve", description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--one", type=int, default=None, help="(child) run one size")
    parser.add_argument("--seed", type=int, default=20261128)
    parser.add_argument("--workdir", default=None, help="kept when given (default: a temp dir)")
    parser.add_argument("--out", default="bench/scale_curve_results.json")
    parser.add_argument(
        "--reuse", action="store_true", help="keep sizes already measured into --workdir"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S")
    logging.getLogger("distributed").setLevel(logging.WARNING)  # its INFO is per connection
    if args.one is not None:
        result = one_size(args.one, Path(args.workdir), args.seed)
        Path(args.out).write_text(json.dumps(result, indent=2, default=float) + "\n")
        return 0
    root = Path(args.workdir or tempfile.mkdtemp(prefix="bench-scale-curve-"))
    results = []
    for employees in sorted(args.sizes):
        workdir = root / str(employees)
        done = workdir / "result.json"
        if args.reuse and done.exists():  # measured by an earlier run into this --workdir
            results.append(json.loads(done.read_text()))
            continue
        shutil.rmtree(workdir, ignore_errors=True)
        workdir.mkdir(parents=True)
        results.append(run_child(employees, workdir, args.seed))
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
        else:  # the result stays; the world, the bundle and the truth do not
            for name in ("data", "truth", "artifacts"):
                shutil.rmtree(workdir / name, ignore_errors=True)
        partial = {"sizes": results, "load_average": os.getloadavg()}
        Path(args.out).write_text(json.dumps(partial, indent=2, default=float) + "\n")
    if len(results) < 2:
        print(json.dumps(results, indent=2, default=float))
        return 0
    exponents = curve(results)
    out = {"sizes": results, "curve": exponents, "projection": projection(results, exponents),
           "load_average": os.getloadavg()}  # fmt: skip
    print(table(results, exponents))
    print(json.dumps(out["projection"], indent=2))
    Path(args.out).write_text(json.dumps(out, indent=2, default=float) + "\n")
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
