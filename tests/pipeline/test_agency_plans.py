"""Plans per agency: a plan restricted to one unit tree (`PlanRequest.unit_ids`), and the
plans of several agencies summed into a national total."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from features import columns as col
from model.bundles.serving import load_serving_bundle
from model.engine import Engine
from model.planning.inputs import PlanRequest
from model.planning.plan import MAX_TIME_LIMIT_S, make_plan
from pipeline.plans import (
    MIN_PLAN_SECONDS,
    AgencyBudget,
    agency_plan,
    agency_plans,
    plan_seconds,
)

BUDGET = 300_000_000.0


def _roots(engine: Engine, n: int) -> list[str]:
    """The `n` top units (no parent) with most employees below them."""
    units = engine.directory.units
    tops = [u for u in units if engine.directory.parent_unit(u) is None]
    sizes = {u: len(engine.directory.unit_members([u])) for u in tops}
    return sorted(tops, key=lambda u: -sizes[u])[:n]


def _period(engine: Engine) -> tuple[pd.Timestamp, pd.Timestamp]:
    starts = engine.programs[col.START_DATE].iloc[engine.upcoming]
    return starts.min(), starts.min() + pd.Timedelta(days=60)


def test_a_plan_for_one_unit_tree_seats_only_its_employees(trained):
    engine = Engine(load_serving_bundle(trained.path))
    root = _roots(engine, 1)[0]
    members = set(engine.directory.employee_ids[engine.directory.unit_members([root])])
    start, end = _period(engine)
    plan = make_plan(engine, PlanRequest(start, end, BUDGET, unit_ids=[root]), time_limit_s=20)
    seated = {p["employee_id"] for s in plan["programs"] for p in s["participants"]}
    assert seated and seated <= members
    everyone = make_plan(engine, PlanRequest(start, end, BUDGET), time_limit_s=20)
    seated_all = {p["employee_id"] for s in everyone["programs"] for p in s["participants"]}
    assert not seated_all <= members  # without the filter, other units take seats too


def test_agency_plans_add_up_to_the_national_total(trained):
    engine = Engine(load_serving_bundle(trained.path))
    start, end = _period(engine)
    sessions = engine.state.program_ids[engine.upcoming].to_numpy()
    halves = np.array_split(sessions, 2)  # each agency plans its own sessions
    agencies = [
        AgencyBudget(root, BUDGET / 2, tuple(half))
        for root, half in zip(_roots(engine, 2), halves, strict=True)
    ]
    result = agency_plans(trained.path, agencies, (start, end), 20, mode="in_process")
    plans, total = result["agencies"], result["national"]
    assert [p["unit_id"] for p in plans] == [a.unit_id for a in agencies]
    assert total["objective"] == sum(p["objective"] for p in plans) > 0
    assert total["bound"] >= total["objective"]
    assert all(p["budget_used"] <= BUDGET / 2 + 1e-6 for p in plans)


def test_an_agency_plan_takes_time_by_its_size():
    assert plan_seconds(200) == MIN_PLAN_SECONDS  # a small agency: the floor
    assert plan_seconds(65_000) == pytest.approx(120.0)  # the Jakarta province
    assert plan_seconds(30_000) < plan_seconds(65_000)
    assert plan_seconds(2_000_000) == MAX_TIME_LIMIT_S  # never above the API's limit


def test_without_a_time_limit_the_agency_plan_uses_its_size(trained):
    engine = Engine(load_serving_bundle(trained.path))
    root = _roots(engine, 1)[0]
    start, end = _period(engine)
    sessions = tuple(engine.state.program_ids[engine.upcoming].to_numpy())
    plan = agency_plan(AgencyBudget(root, BUDGET, sessions), str(trained.path), start, end)
    assert plan["employees"] == len(engine.directory.unit_members([root])) > 0
    assert plan["time_limit_s"] == plan_seconds(plan["employees"])
    assert plan["seconds"] <= plan["time_limit_s"] + 30  # its limit held (and the greedy's grace)
