"""Child entry point: `python -m bench.worker TASK PARAMS_JSON OUT_JSON` runs one step."""

from __future__ import annotations

import importlib
import json
import logging
import math
import sys
from pathlib import Path
from typing import Any

TASKS = {
    "generation": "bench.generation",
    "gap_profiles": "bench.profiles",
    "train": "bench.training",
    "family_quality": "bench.families",
    "backtest": "bench.backtest",
    "engine": "bench.inprocess",
    "selection": "bench.selection",
    "live_state": "bench.live_state",
    "plans": "bench.plans",
    "fairness_cost": "bench.fairness_cost",
    "http_baseline": "bench.http_goals",
    "program_page": "bench.pages",
    "program_evaluation": "bench.program_evaluation",
}


def main(argv: list[str] | None = None) -> int:
    task, params, out = argv if argv is not None else sys.argv[1:]
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    result = importlib.import_module(TASKS[task]).run(**json.loads(params))
    Path(out).write_text(json.dumps(plain(result)))
    return 0


def plain(value: Any) -> Any:
    """JSON-safe: numpy scalars to Python numbers, NaN and infinities to None."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


if __name__ == "__main__":
    raise SystemExit(main())
