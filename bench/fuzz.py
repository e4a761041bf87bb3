"""A longer schemathesis run than `make test`'s: every route, many generated requests each."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from typing import Any

from bench.measure import Target, figure

EXAMPLES_PER_ROUTE = {True: 30, False: 300}  # quick run, standard run
NO_FAILURES = Target("==", 0)


def records(quick: bool) -> list[dict[str, Any]]:
    """Run tests/service/test_fuzz.py with many more examples; count failing routes."""
    examples = EXAMPLES_PER_ROUTE[quick]
    env = {**os.environ, "FUZZ_EXAMPLES": str(examples)}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    command.append("tests/service/test_fuzz.py")
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=3 * 3600)
    seconds = time.perf_counter() - started
    summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr[-300:]
    passed = _count(r"(\d+) passed", summary)
    failed = _count(r"(\d+) failed", summary) + _count(r"(\d+) error", summary)
    figures = {
        "routes without a failure": figure(passed, "routes"),
        "routes failing": figure(failed, "routes", target=NO_FAILURES),
    }
    parameters = {"examples_per_route": examples, "seconds": round(seconds, 1), "summary": summary}
    return [{"name": "API fuzzing (schemathesis)", "parameters": parameters, "figures": figures}]


def _count(pattern: str, text: str) -> int:
    found = re.search(pattern, text)
    return int(found.group(1)) if found else 0
