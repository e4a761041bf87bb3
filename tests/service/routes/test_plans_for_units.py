"""POST /v1/plans with `unit_ids` (a plan for chosen units), end to end through the plan job:
only those units' employees are seated, their budgets bind, the fairness floor counts its
groups among them, the saved plan keeps the request, and unknown ids are refused at once."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from model.participants import eligible_employees
from model.planning.checker import plan_violations
from model.planning.inputs import LiveInputs, PlanRequest, period_sessions, plan_instance

pytestmark = pytest.mark.usefixtures("module_jobs_worker")


@pytest.fixture(scope="module")
def period(engine) -> tuple[str, str]:
    starts = engine.programs["start_date"].iloc[engine.upcoming]
    return str(starts.min().date()), str(starts.max().date())


@pytest.fixture(scope="module")
def dinas(engine) -> tuple[str, set[str]]:
    """(a unit with units under it, the unit and every unit under it)."""
    directory = engine.directory
    for unit in sorted(directory.units):
        family = set(directory.unit_family(unit))
        if len(family) > 1 and len(directory.unit_members([unit])) >= 50:
            return unit, family
    raise AssertionError("the tiny world has no unit with units under it")


def body(period, **extra) -> dict:
    return {"period_start": period[0], "period_end": period[1], "budget": 50e6,
            "time_limit_s": 30, **extra}  # fmt: skip


def seated(answer: dict) -> list[dict]:
    return [p for program in answer["programs"] for p in program["participants"]]


def assert_checked(engine, answer: dict, sent: dict) -> None:
    """The plan passes the independent checker on the instance of the same chosen units."""
    request = PlanRequest(
        period_start=pd.Timestamp(sent["period_start"]),
        period_end=pd.Timestamp(sent["period_end"]),
        budget=min(sent["budget"], answer.get("budget_effective") or 1e18),
        unit_budgets=sent.get("unit_budgets", {}),
        unit_ids=sent["unit_ids"],
    )
    instance = plan_instance(engine, request, period_sessions(engine, request), LiveInputs())
    rows = [{"employee_id": p["employee_id"], "program_id": program["program_id"]}
            for program in answer["programs"] for p in program["participants"]]  # fmt: skip
    plan = pd.DataFrame(rows, columns=["employee_id", "program_id"])
    assert plan_violations(instance, plan, None) == []


def test_a_plan_for_chosen_units_seats_only_their_employees(
    client, engine, period, dinas, auth, plan_result
):
    unit, family = dinas
    everyone = plan_result(client, body(period))
    assert {p["unit_id"] for p in seated(everyone)} - family, "the whole plan reaches beyond it"
    sent = body(period, unit_ids=[unit])
    answer = plan_result(client, sent)
    assert answer["status"] in {"optimal", "feasible"} and seated(answer)
    members = set(engine.directory.employee_ids[engine.directory.unit_members([unit])])
    assert {p["employee_id"] for p in seated(answer)} <= members
    assert {p["unit_id"] for p in seated(answer)} <= family
    assert {u["unit_id"] for u in answer["units"]} <= family
    assert answer["budget_used"] <= 50e6
    assert_checked(engine, answer, sent)
    saved = client.get(f"/v1/plans/{answer['plan_id']}", headers=auth()).get_json()
    assert saved["plan_id"] == answer["plan_id"]
    listed = client.get("/v1/plans", headers=auth()).get_json()["items"]
    mine = next(item for item in listed if item["plan_id"] == answer["plan_id"])
    assert mine["inputs"]["unit_ids"] == [unit]


def test_a_unit_budget_binds_inside_the_chosen_units(
    client, engine, period, dinas, auth, plan_result
):
    unit, family = dinas
    free = plan_result(client, body(period, unit_ids=[unit]))
    paid = sorted(u["unit_id"] for u in free["units"] if u["cost"] > 0 and u["unit_id"] != unit)
    assert paid, "no unit under the chosen one is paid for"
    sent = body(period, unit_ids=[unit], unit_budgets={paid[0]: 0.0})
    answer = plan_result(client, sent)
    assert {p["unit_id"] for p in seated(answer)} <= family
    assert not [u for u in answer["units"] if u["unit_id"] == paid[0] and u["cost"]]
    assert_checked(engine, answer, sent)


def test_the_fairness_floor_of_a_unit_plan_counts_the_units_employees(
    client, engine, period, dinas, auth, plan_result
):
    unit, _family = dinas
    sent = body(period, unit_ids=[unit], fairness={"attribute": "gender", "min_ratio": 0.5})
    answer = plan_result(client, sent)
    request = PlanRequest(period_start=pd.Timestamp(period[0]),
                          period_end=pd.Timestamp(period[1]), budget=50e6)  # fmt: skip
    eligible = sum(
        len(eligible_employees(engine, int(p), [unit], ())[0])
        for p in period_sessions(engine, request)
    )
    groups = answer["summary"]["fairness"]["groups"]
    # every eligible employee of the units has a gender in the tiny world
    assert sum(g["eligible"] for g in groups) == eligible
    assert np.isclose(sum(g["selected"] for g in groups), len(seated(answer)))


def test_unknown_units_are_422_naming_each_and_no_job_is_queued(client, engine, period, auth):
    known = str(engine.unit_of[0])
    newest = client.get("/v1/jobs?limit=1", headers=auth()).get_json()["items"]
    sent = body(period, unit_ids=[known, "NO-SUCH-UNIT", "NOR-THIS"])
    answer = client.post("/v1/plans", json=sent, headers=auth())
    assert answer.status_code == 422
    error = answer.get_json()["error"]
    assert "NO-SUCH-UNIT" in error["message"] and "NOR-THIS" in error["message"]
    assert error["details"]["unit_ids"] == ["unknown unit: NO-SUCH-UNIT", "unknown unit: NOR-THIS"]
    assert client.get("/v1/jobs?limit=1", headers=auth()).get_json()["items"] == newest
    empty = client.post("/v1/plans", json=body(period, unit_ids=[]), headers=auth())
    assert empty.status_code == 422 and "unit_ids" in empty.get_json()["error"]["details"]
