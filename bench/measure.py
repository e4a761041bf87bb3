"""Timings (median, min, max over repeated runs), percentiles, targets and result figures."""

from __future__ import annotations

import math
import resource
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

GIB = 1024**3


@dataclass(frozen=True)
class Timing:
    """Wall-clock seconds of each run of one step."""

    runs: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.runs)

    def as_dict(self, scale: float = 1.0) -> dict[str, float | int]:
        return {
            "value": self.median * scale,
            "min": min(self.runs) * scale,
            "max": max(self.runs) * scale,
            "runs": len(self.runs),
        }


def runs_for(seconds: float, max_runs: int = 5) -> int:
    """How many runs a step gets, from its first run: many for quick steps, one for big ones."""
    wanted = 5 if seconds < 2 else 3 if seconds < 60 else 1
    return max(1, min(wanted, max_runs))


def timed(step: Callable[[], object], max_runs: int = 5, runs: int | None = None) -> Timing:
    """Run `step` repeatedly (`runs` times, or as many as `runs_for` its first run allows)."""
    times = [_once(step)]
    total = runs if runs is not None else runs_for(times[0], max_runs)
    times += [_once(step) for _ in range(total - 1)]
    return Timing(tuple(times))


def _once(step: Callable[[], object]) -> float:
    start = time.perf_counter()
    step()
    return time.perf_counter() - start


def percentiles(values: Sequence[float], qs: Sequence[int] = (50, 95, 99)) -> dict[str, float]:
    """Nearest-rank percentiles: p99 of 200 values is the second largest."""
    ordered = sorted(values)
    if not ordered:
        return {f"p{q}": math.nan for q in qs}
    return {f"p{q}": ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)] for q in qs}


def peak_rss_bytes() -> int:
    """Peak resident set size of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


@dataclass(frozen=True)
class Target:
    """A target from the issues: `op` in <, <=, >=, ==, applied to the value or the ratio."""

    op: str
    threshold: float
    unit: str = ""
    on: str = "value"

    def met(self, value: float, ratio: float | None) -> bool:
        x = ratio if self.on == "ratio" else value
        if x is None or not math.isfinite(x):
            return False
        checks = {
            "<": x < self.threshold,
            "<=": x <= self.threshold,
            ">=": x >= self.threshold,
            "==": x == self.threshold,
        }
        return checks[self.op]

    def text(self) -> str:
        subject = "ratio " if self.on == "ratio" else ""
        unit = f" {self.unit}" if self.unit else ""
        return f"{subject}{self.op} {self.threshold:g}{unit}"


def figure(
    value: float | dict[str, Any],
    unit: str,
    baseline: float | dict[str, Any] | None = None,
    baseline_name: str | None = None,
    target: Target | Sequence[Target] | None = None,
) -> dict[str, Any]:
    """One result figure: value (or a timing dict), baseline, ratio, targets and whether met."""
    out: dict[str, Any] = dict(value) if isinstance(value, dict) else {"value": value}
    out["unit"] = unit
    ratio = None
    if baseline is not None:
        base = dict(baseline) if isinstance(baseline, dict) else {"value": baseline}
        out["baseline"] = {"name": baseline_name, **base}
        ratio = out["value"] / base["value"] if base["value"] else math.nan
        out["ratio"] = ratio
    targets = [target] if isinstance(target, Target) else list(target or ())
    if targets:
        out["target"] = "; ".join(t.text() for t in targets)
        out["met"] = all(t.met(out["value"], ratio) for t in targets)
    return out


def timing_figure(
    timing: Timing,
    baseline: Timing | None = None,
    baseline_name: str | None = None,
    target: Target | Sequence[Target] | None = None,
) -> dict[str, Any]:
    """A wall-clock figure in seconds, with its baseline timed in the same run."""
    base = baseline.as_dict() if baseline is not None else None
    return figure(timing.as_dict(), "s", base, baseline_name, target)


def child_time_figure(
    result: dict[str, Any],
    baseline_name: str,
    target: Target | Sequence[Target] | None = None,
) -> dict[str, Any]:
    """`timing_figure` of a child process's result: its "time" and "baseline" runs."""
    return timing_figure(
        Timing(tuple(result["time"])), Timing(tuple(result["baseline"])), baseline_name, target
    )


def memory_figure(peak_bytes: int, target_gib: float | None = None) -> dict[str, Any]:
    target = Target("<", target_gib, "GiB") if target_gib is not None else None
    return figure(peak_bytes / GIB, "GiB", target=target)
