"""GET /v1/employees/<id>/history: the enrolments the bundle knows, newest first; and the
names and level uncertainty the gap profile carries for the employee page."""

from __future__ import annotations

import math

import numpy as np
import pytest

from service.response_schemas import GapProfileSchema, TrainingHistorySchema


@pytest.fixture(scope="module")
def trained_employee(engine) -> str:
    """An employee with several enrolments, one of them completed."""
    enr = engine.bundle.enrollments
    counts = enr.groupby("employee_id")["status"].agg(["size", lambda s: (s == "completed").any()])
    return str(counts[counts.iloc[:, 1]].sort_values("size").index[-1])


def test_history_lists_every_enrolment_newest_first(client, engine, trained_employee, auth):
    answer = client.get(f"/v1/employees/{trained_employee}/history", headers=auth())
    assert answer.status_code == 200
    body = answer.get_json()
    assert TrainingHistorySchema().validate(body) == {}
    assert body["model_version"] == engine.version
    enr = engine.bundle.enrollments
    mine = enr[enr["employee_id"] == trained_employee]
    items = body["items"]
    assert sorted(i["program_id"] for i in items) == sorted(mine["program_id"])
    dates = [i["enrolled_at"] for i in items]
    assert dates == sorted(dates, reverse=True)
    programs = engine.programs
    for item in items:
        row = programs.loc[item["program_id"]]
        assert (item["title"], item["duration_jp"]) == (row["title"], int(row["duration_jp"]))
        status = mine.loc[mine["program_id"] == item["program_id"], "status"].iloc[0]
        assert item["status"] == status


def test_jp_this_year_agrees_with_the_gap_profile(client, trained_employee, auth):
    history = client.get(f"/v1/employees/{trained_employee}/history", headers=auth()).get_json()
    gaps = client.get(f"/v1/employees/{trained_employee}/gaps", headers=auth()).get_json()
    assert history["jp_this_year"] == gaps["jp_this_year"]
    assert history["jp_remaining"] == gaps["jp_remaining"]


def test_an_employee_without_enrolments_has_an_empty_history(client, engine, auth):
    enrolled = set(engine.bundle.enrollments["employee_id"])
    fresh = next(e for e in engine.state.employee_ids if e not in enrolled)
    body = client.get(f"/v1/employees/{fresh}/history", headers=auth()).get_json()
    assert body["items"] == []


def test_history_refusals(client, employee_id, auth):
    url = f"/v1/employees/{employee_id}/history"
    assert client.get(url).status_code == 401
    assert client.get(url, headers=auth("system")).status_code == 403
    missing = client.get("/v1/employees/NOPE/history", headers=auth())
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "not_found"
    bad = client.get(f"{url}?limit=3", headers=auth())
    assert bad.status_code == 422 and "limit" in bad.get_json()["error"]["details"]


def test_gap_profile_names_the_employee_and_the_uncertainty_of_levels(
    client, engine, employee_id, auth
):
    body = client.get(f"/v1/employees/{employee_id}/gaps", headers=auth()).get_json()
    assert GapProfileSchema().validate(body) == {}
    described = engine.directory.describe(np.array([engine.directory.employee_code(employee_id)]))
    assert body["role_title"] == described["role_title"].iloc[0]
    assert body["unit_name"] == described["unit_name"].iloc[0]
    spread = engine.state.level_spread
    for item in body["competencies"]:
        expected = spread * math.sqrt(1.0 - item["confidence"])
        assert item["level_uncertainty"] == pytest.approx(expected)
