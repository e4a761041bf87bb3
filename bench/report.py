"""The printed table and `bench/results.json`."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.worker import plain

HEADERS = ("benchmark", "figure", "value", "baseline", "ratio", "target", "met")


def write_results(results: list[dict[str, Any]], path: Path) -> None:
    path.write_text(json.dumps(plain(results), indent=2) + "\n")


def table(results: Sequence[dict[str, Any]]) -> str:
    """One row per figure: benchmark, figure, value [min-max], baseline, ratio, target, met."""
    rows = [HEADERS]
    for result in results:
        label = _label(result)
        if result.get("error"):
            rows.append((label, "error", result["error"].splitlines()[0], "", "", "", "not met"))
        for name, fig in result["figures"].items():
            rows.append(_row(label, name, fig))
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADERS))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines)


def _row(label: str, name: str, fig: dict[str, Any]) -> tuple[str, ...]:
    unit = fig.get("unit", "")
    value = _quantity(fig["value"], unit)
    if fig.get("runs", 1) > 1:
        value += f" [{_number(fig['min'])}-{_number(fig['max'])}] x{fig['runs']}"
    base = fig.get("baseline")
    ratio = fig.get("ratio")
    met = {True: "met", False: "NOT MET", None: ""}[fig.get("met")]
    return (
        label,
        name,
        value,
        _quantity(base["value"], unit) if base else "",
        f"{ratio:.2f}" if ratio is not None and math.isfinite(ratio) else "",
        fig.get("target", ""),
        met,
    )


def _label(result: dict[str, Any]) -> str:
    p = result.get("parameters", {})
    if "clients" in p:
        return f"{result['name']}, {p['clients']} clients"
    if "pairs" in p:
        return f"{result['name']}, {p['pairs']:,} pairs"
    employees = p.get("world_employees") or p.get("employees") or p.get("employees_in_bundle")
    return f"{result['name']}, {employees:,}" if employees else result["name"]


def _quantity(value: float | None, unit: str) -> str:
    if value is None:
        return "n/a"
    return f"{_number(value)} {unit}".rstrip()


def _number(x: float | None) -> str:
    if x is None or not math.isfinite(x):
        return "n/a"
    if float(x).is_integer() and abs(x) < 1e6:
        return f"{int(x):,}"
    magnitude = abs(x)
    if magnitude >= 100:
        return f"{x:,.0f}"
    if magnitude >= 10:
        return f"{x:.1f}"
    if magnitude >= 0.1:
        return f"{x:.2f}"
    return f"{x:.3g}"
