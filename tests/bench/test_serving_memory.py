"""The serving worker's memory bench: its slope and projection (`bench.serving_memory`)."""

from __future__ import annotations

import pytest

from bench.serving_memory import PROJECTED, slope


def _point(employees: int, anonymous_mib: float, mapped: bool = True) -> dict:
    return {"employees": employees, "anonymous_mib": anonymous_mib, "mapped": mapped}


def test_the_slope_runs_through_the_mapped_worlds_and_projects_to_a_million():
    points = [_point(5_000, 130.0), _point(65_000, 250.0), _point(65_000, 600.0, mapped=False)]
    line = slope(points)
    assert line is not None
    assert line["kib_per_employee"] == pytest.approx(120.0 / 60_000 * 1024)
    assert line["fixed_mib"] == pytest.approx(120.0)
    assert line["projected_anonymous_mib"] == pytest.approx(120.0 + 0.002 * PROJECTED)
    assert line["met"] is False  # 2,120 MiB against 1,536


def test_one_size_gives_no_slope():
    assert slope([_point(65_000, 250.0), _point(65_000, 600.0, mapped=False)]) is None
