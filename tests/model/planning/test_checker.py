"""The checker names every broken constraint."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from model.planning.checker import plan_violations
from model.planning.instance import PlanInstance


def instance(**changes) -> PlanInstance:
    """Three sessions: A and B of one course; C overlaps A. Two employees in units U1, U2."""
    days = np.array(["2027-01-04", "2027-02-01", "2027-01-05"], dtype="datetime64[D]")
    base = PlanInstance(
        program_ids=np.array(["A", "B", "C"], dtype=object),
        course=np.array([0, 0, 1]),
        first_day=days,
        last_day=days + np.array([2, 0, 0]).astype("timedelta64[D]"),
        duration_jp=np.array([24, 8, 8]),
        cost=np.array([1e6, 1e6, 2e6]),
        seats=np.array([1, 2, 2]),
        employee_ids=np.array(["E1", "E2"], dtype=object),
        unit_ids=np.array(["U1", "U2"], dtype=object),
        jp_short=np.array([20.0, 0.0]),
        pair_e=np.array([0, 0, 0, 1, 1, 1]),
        pair_s=np.array([0, 1, 2, 0, 1, 2]),
        gain=np.full(6, 0.5),
        probability=np.array([0.9, 0.9, 0.9, 0.9, 0.9, 0.4]),
        budget=10e6,
    )
    return dataclasses.replace(base, **changes)


def plan(*pairs: str) -> pd.DataFrame:
    return pd.DataFrame([p.split(":") for p in pairs], columns=["employee_id", "program_id"])


def test_a_valid_plan_has_no_violation():
    assert plan_violations(instance(), plan("E1:A", "E2:B", "E2:C")) == []


def test_every_constraint_is_named():
    cases = {
        "more participants than free seats": (instance(), plan("E1:A", "E2:A")),
        "above the budget": (instance(budget=1.5e6), plan("E1:A", "E2:B")),
        "unit U1": (instance(unit_budgets={"U1": 0.5e6}), plan("E1:A")),
        "two sessions of one course": (instance(), plan("E1:A", "E1:B")),
        "overlapping": (instance(), plan("E1:A", "E1:C")),
        "max_programs": (instance(max_programs=1), plan("E2:B", "E2:C")),
        "not eligible": (instance(), plan("E9:A")),
        "twice": (instance(), plan("E1:A", "E1:A")),
    }
    for words, (problem, chosen) in cases.items():
        found = plan_violations(problem, chosen)
        assert any(words in f for f in found), (words, found)


def test_the_completion_floor_is_checked():
    found = plan_violations(instance(), plan("E2:C"), min_completion_probability=0.5)
    assert any("min_completion_probability" in f for f in found)
