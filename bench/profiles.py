"""Benchmark 2: gap_profiles, against a bare pandas groupby mean of the evaluations."""

from __future__ import annotations

from typing import Any

import pandas as pd

from bench.measure import (
    GIB,
    Target,
    child_time_figure,
    figure,
    peak_rss_bytes,
    timed,
)
from bench.settings import LARGE, Settings
from features import columns as col
from features.gaps import gap_profiles
from features.loading import load_tables

TARGETS = {LARGE: (15.0, 3.0)}  # employees: (seconds, GiB)


def run(data_dir: str, max_runs: int) -> dict[str, Any]:
    """Child side: load once, then time gap_profiles and the groupby baseline."""
    tables = load_tables(data_dir)
    as_of = pd.Timestamp(tables.snapshot_date())
    loaded_peak = peak_rss_bytes()
    evaluations = tables.evaluations
    keys = [col.EMPLOYEE_ID, col.COMPETENCY_ID]
    timing = timed(lambda: gap_profiles(tables, as_of), max_runs)
    baseline = timed(lambda: evaluations.groupby(keys)[col.LEVEL].mean(), max_runs)
    return {
        "time": timing.runs,
        "baseline": baseline.runs,
        "loaded_peak_bytes": loaded_peak,
        "evaluations": len(evaluations),
        "profile_rows": len(gap_profiles(tables, as_of)),
    }


def records(result: dict[str, Any], employees: int, settings: Settings) -> list[dict[str, Any]]:
    """Parent side: the result record of one world size."""
    seconds, gib = TARGETS.get(employees, (None, None))
    figures = {
        "time": child_time_figure(
            result,
            "pandas groupby mean of evaluations by (employee, competency)",
            Target("<", seconds, "s") if seconds else None,
        ),
        "peak memory": figure(
            result["peak_rss_bytes"] / GIB,
            "GiB",
            result["loaded_peak_bytes"] / GIB,
            "peak after load_tables, before the step",
            Target("<", gib, "GiB") if gib else None,
        ),
    }
    parameters = {
        "employees": employees,
        "evaluations": result["evaluations"],
        "profile_rows": result["profile_rows"],
        "memory": "peak RSS of the child process (load_tables included)",
    }
    return [{"name": "gap_profiles", "parameters": parameters, "figures": figures}]
