"""Benchmark 1: generating and writing the demo world, against writing its tables alone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bench.measure import Target, child_time_figure, memory_figure, timed
from bench.settings import LARGE, Settings
from features.demo import World, generate_world, write_world

TARGET_SECONDS = {LARGE: 180.0}


def run(
    employees: int, seed: int, data_dir: str, truth_dir: str, scratch: str, max_runs: int
) -> dict[str, Any]:
    """Child side: time generate_world + write_world (CSV), then to_csv of the same tables."""
    last: dict[str, World] = {}

    def generate_and_write() -> None:
        last.clear()  # never hold two worlds at once: the peak would double
        last["world"] = generate_world(employees, seed)
        write_world(last["world"], data_dir, truth_dir, fmt="csv")

    timing = timed(generate_and_write, max_runs)
    tables = last["world"].tables
    out = Path(scratch)
    out.mkdir(parents=True, exist_ok=True)

    def to_csv() -> None:
        for name, frame in tables.items():
            frame.to_csv(out / f"{name}.csv", index=False)

    baseline = timed(to_csv, max_runs, runs=len(timing.runs))
    return {
        "time": timing.runs,
        "baseline": baseline.runs,
        "rows": {name: len(frame) for name, frame in tables.items()},
    }


def records(result: dict[str, Any], employees: int, settings: Settings) -> list[dict[str, Any]]:
    """Parent side: the result record of one world size."""
    seconds = TARGET_SECONDS.get(employees)
    target = Target("<", seconds, "s") if seconds else None
    figures = {
        "time": child_time_figure(
            result,
            "pandas to_csv of the same tables",
            target,
        ),
        "peak memory": memory_figure(result["peak_rss_bytes"]),
    }
    parameters = {
        "employees": employees,
        "seed": settings.seed,
        "format": "csv",
        "evaluations": result["rows"]["evaluations"],
        "step": "generate_world + write_world (tables and truth)",
    }
    return [{"name": "data generation", "parameters": parameters, "figures": figures}]
