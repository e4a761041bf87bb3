"""`python -m bench`: run every benchmark, print the table, write bench/results.json."""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.measure import figure
from bench.report import table, write_results
from bench.settings import Settings
from bench.suite import Runner, run_all

RESULTS = Path(__file__).resolve().parent / "results.json"
log = logging.getLogger("bench")


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S")
    settings = Settings.from_env()
    log.info("%s", settings.describe())
    started = time.perf_counter()
    load_before = os.getloadavg()
    results: list[dict[str, Any]] = []
    status = 0
    with tempfile.TemporaryDirectory(prefix="tna-bench-") as tmp:
        try:
            run_all(Runner(settings, Path(tmp)), results)
        except Exception as error:  # keep and print what was measured before the failure
            log.exception("benchmark failed")
            results.append({"name": "failed", "parameters": {}, "figures": {}, "error": str(error)})
            status = 1
    results.append(_run_record(settings, time.perf_counter() - started, load_before))
    write_results(results, RESULTS)
    print(table(results))
    print(f"\n{settings.describe()}; total {time.perf_counter() - started:.0f} s; wrote {RESULTS}")
    return status


def _run_record(
    settings: Settings, seconds: float, load_before: tuple[float, ...]
) -> dict[str, Any]:
    """The run itself: settings, total time, and the machine's load (other work skews timings)."""
    parameters = {
        "quick": settings.quick,
        "full": settings.full,
        "small": settings.small,
        "large": settings.large,
        "http_seconds": settings.http_seconds,
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
        "load_average_1_5_15_min_before": [round(x, 2) for x in load_before],
        "load_average_1_5_15_min_after": [round(x, 2) for x in os.getloadavg()],
    }
    return {
        "name": "bench run",
        "parameters": parameters,
        "figures": {"total": figure(seconds, "s")},
    }


if __name__ == "__main__":
    raise SystemExit(main())
