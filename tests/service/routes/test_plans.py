"""POST /v1/plans over the tiny world: the contract's fields, every plan through the checker,
infeasible and absurd requests, auth."""

from __future__ import annotations

from io import BytesIO

import pandas as pd
import pytest
from openpyxl import load_workbook

from model.planning.checker import plan_violations
from model.planning.inputs import LiveInputs, PlanRequest, period_sessions, plan_instance

pytestmark = pytest.mark.usefixtures("module_jobs_worker")

CONTRACT_FIELDS = {
    "plan_id", "status", "objective", "bound", "gap", "greedy_objective", "programs", "units",
    "budget_used", "employees_reaching_jp_target", "model_version",
}  # fmt: skip


@pytest.fixture(scope="module")
def period(engine) -> tuple[str, str]:
    starts = engine.programs["start_date"].iloc[engine.upcoming]
    return str(starts.min().date()), str(starts.max().date())


def body(period, **extra) -> dict:
    return {"period_start": period[0], "period_end": period[1], "budget": 50e6, **extra}


def assert_checked(engine, answer: dict, request_body: dict) -> None:
    """The answer's participants pass the independent checker on the same instance."""
    request = PlanRequest(
        period_start=pd.Timestamp(request_body["period_start"]),
        period_end=pd.Timestamp(request_body["period_end"]),
        budget=min(request_body["budget"], answer.get("budget_effective", 0) or 1e18),
        unit_budgets=request_body.get("unit_budgets", {}),
        max_programs_per_employee=request_body.get("max_programs_per_employee"),
        min_completion_probability=request_body.get("min_completion_probability"),
    )
    instance = plan_instance(engine, request, period_sessions(engine, request), LiveInputs())
    plan = pd.DataFrame(
        [
            {"employee_id": p["employee_id"], "program_id": program["program_id"]}
            for program in answer["programs"]
            for p in program["participants"]
        ],
        columns=["employee_id", "program_id"],
    )
    floor = request_body.get("min_completion_probability")
    assert plan_violations(instance, plan, floor) == []


def test_a_plan_answers_the_contract_fields_and_passes_the_checker(
    client, engine, period, auth, finished_job
):
    sent = body(period, max_programs_per_employee=2, min_completion_probability=0.5)
    response = client.post("/v1/plans", json=sent, headers=auth())
    assert response.status_code == 202
    assert set(response.get_json()) >= {"job_id", "status"}
    assert response.headers["Location"] == f"/v1/jobs/{response.get_json()['job_id']}"
    job = finished_job(client, response)
    assert job["status"] == "succeeded" and job["kind"] == "plan" and job["progress"] == 1.0
    answer = job["result"]
    assert set(answer) >= CONTRACT_FIELDS
    assert answer["status"] in {"optimal", "feasible"}
    assert answer["budget_used"] <= 50e6
    assert answer["objective"] >= answer["greedy_objective"] - 1e-9
    assert answer["bound"] >= answer["objective"] - 1e-9
    assert answer["model_version"] == engine.version
    participants = [p for program in answer["programs"] for p in program["participants"]]
    assert participants and set(participants[0]) >= {
        "employee_id", "expected_gain", "completion_probability", "cost"
    }  # fmt: skip
    assert sum(u["seats"] for u in answer["units"]) == len(participants)
    assert_checked(engine, answer, sent)


def test_unit_budgets_bind(client, engine, period, auth, plan_result):
    unit = str(engine.unit_of[0])
    sent = body(period, unit_budgets={unit: 0.0})
    answer = plan_result(client, sent)
    assert all(u["unit_id"] != unit or u["cost"] == 0 for u in answer["units"])
    assert_checked(engine, answer, sent)


def test_a_dinas_budget_caps_its_suku_dinas(client, engine, period, auth, plan_result):
    """A suku dinas the plan pays for without unit budgets gets nothing paid once its dinas
    has a budget of 0 (nor does any other unit under that dinas)."""
    directory = engine.directory
    free = plan_result(client, body(period, time_limit_s=30))
    paid = [u["unit_id"] for u in free["units"] if u["cost"] > 0]
    suku = next(u for u in paid if directory.parent_unit(u) is not None)
    dinas = directory.parent_unit(suku)
    family = set(directory.unit_family(dinas))
    sent = body(period, unit_budgets={dinas: 0.0}, time_limit_s=30)
    answer = plan_result(client, sent)
    assert answer["status"] in {"optimal", "feasible"} and answer["budget_used"] > 0
    assert not [u for u in answer["units"] if u["unit_id"] in family and u["cost"]]
    assert_checked(engine, answer, sent)


def test_an_unknown_unit_in_unit_budgets_is_422_naming_it(client, engine, period, auth):
    known = str(engine.unit_of[0])
    sent = body(period, unit_budgets={known: 1e6, "NO-SUCH-UNIT": 1e6, "NOR-THIS": 0.0})
    answer = client.post("/v1/plans", json=sent, headers=auth())
    assert answer.status_code == 422
    error = answer.get_json()["error"]
    assert "NO-SUCH-UNIT" in error["message"] and "NOR-THIS" in error["message"]
    assert error["details"]["unit_budgets"] == [
        "unknown unit: NO-SUCH-UNIT",
        "unknown unit: NOR-THIS",
    ]


def test_a_period_without_sessions_is_an_infeasible_plan(client, auth, plan_result):
    sent = {"period_start": "2001-01-01", "period_end": "2001-12-31", "budget": 1e9}
    answer = plan_result(client, sent)
    assert answer["status"] == "infeasible"
    assert "no upcoming program" in answer["reason"]
    assert answer["refusal"] == {"code": "no_session_in_period", "values": {}}  # for a page
    assert answer["programs"] == []


def test_a_budget_below_any_seat_is_an_infeasible_plan(client, engine, period, auth, plan_result):
    programs = engine.programs.iloc[engine.upcoming]
    paid = [str(p) for p in programs.index[programs["cost"] > 0]]
    sent = body(period, budget=1.0, program_ids=paid)
    answer = plan_result(client, sent)
    assert answer["status"] == "infeasible"
    assert "below the cheapest seat" in answer["reason"]
    assert answer["refusal"]["code"] == "budget_below_cheapest_seat"
    assert answer["refusal"]["values"]["budget"] == 1.0


def test_a_huge_budget_is_clamped_to_what_every_seat_costs(
    client, engine, period, auth, plan_result
):
    sent = body(period, budget=1e12, time_limit_s=20)
    answer = plan_result(client, sent)
    assert answer["budget_effective"] < 1e12
    assert answer["budget_used"] <= answer["budget_effective"]
    assert any("above what every free seat costs" in note for note in answer["notes"])
    assert_checked(engine, answer, sent)


@pytest.mark.parametrize(
    "change, field",
    [
        ({"budget": 1e20}, "budget"),
        ({"time_limit_s": 3600}, "time_limit_s"),
        ({"budget": -1}, "budget"),
        ({"surprise": 1}, "surprise"),
    ],
)
def test_absurd_requests_are_422_naming_the_field(client, period, change, field, auth):
    response = client.post("/v1/plans", json={**body(period), **change}, headers=auth())
    assert response.status_code == 422
    assert field in response.get_json()["error"]["details"]


def test_a_ten_year_period_is_cut_to_two_years_and_says_so(client, period, auth, plan_result):
    sent = body(period, period_end="2036-12-31", time_limit_s=20)
    answer = plan_result(client, sent)
    assert answer["status"] in {"optimal", "feasible"}
    assert any("period is cut" in note for note in answer["notes"])
    assert len(answer["note_codes"]) == len(answer["notes"])  # each note's code, in order
    cut = next(c for n, c in zip(answer["notes"], answer["note_codes"], strict=True) if "cut" in n)
    assert cut["code"] == "period_cut" and cut["values"]["days"] == 731


def test_a_period_ending_before_it_starts_is_an_infeasible_plan(client, period, auth, plan_result):
    sent = body(period, period_end="2001-01-01")
    answer = plan_result(client, sent)
    assert answer["status"] == "infeasible"
    assert "before period_start" in answer["reason"]


def test_a_missing_budget_is_422(client, period, auth):
    sent = {"period_start": period[0], "period_end": period[1]}
    response = client.post("/v1/plans", json=sent, headers=auth())
    assert response.status_code == 422


def test_plans_need_a_planner(client, period, auth):
    assert client.post("/v1/plans", json=body(period)).status_code == 401
    assert client.post("/v1/plans", json=body(period), headers=auth("system")).status_code == 403


def test_a_plan_is_saved_and_read_back(client, period, auth, plan_result):
    sent = body(period)
    made = plan_result(client, sent)
    read = client.get(f"/v1/plans/{made['plan_id']}", headers=auth())
    assert read.status_code == 200
    saved = read.get_json()
    # the answer as made, and its place in the approval chain (test_plan_states.py)
    assert saved.pop("state") == "draft" and len(saved.pop("state_history")) == 1
    assert saved == made
    assert client.get("/v1/plans/no-such-plan", headers=auth()).status_code == 404


def test_a_plan_leaves_out_what_the_store_already_holds(client, period, auth, plan_result):
    """An employee approved for a program in the decision store is not planned into it."""
    sent = body(period)
    first = plan_result(client, sent)
    program = next(p for p in first["programs"] if p["participants"])
    employee = program["participants"][0]["employee_id"]
    nomination = client.post(
        f"/v1/programs/{program['program_id']}/nominations",
        json={"employee_ids": [employee]},
        headers=auth(),
    ).get_json()
    decided = client.post(
        f"/v1/nominations/{nomination['nomination_id']}/decisions",
        json={"decisions": [{"employee_id": employee, "decision": "approved"}]},
        headers=auth(),
    )
    assert decided.status_code == 200
    again = plan_result(client, sent)
    pairs = {
        (p["program_id"], person["employee_id"])
        for p in again["programs"]
        for person in p["participants"]
    }
    assert (program["program_id"], employee) not in pairs


def test_applying_a_plan_makes_its_drafts_once(client, period, auth, plan_result, set_plan):
    made = plan_result(client, body(period))
    set_plan(client, made["plan_id"])  # only a set plan is applied (test_plan_states.py)
    applied = client.post(f"/v1/plans/{made['plan_id']}/apply", headers=auth())
    assert applied.status_code == 201
    drafts = applied.get_json()["nominations"]
    planned = {p["program_id"]: [x["employee_id"] for x in p["participants"]]
               for p in made["programs"] if p["participants"]}  # fmt: skip
    assert {d["program_id"]: [i["employee_id"] for i in d["items"]] for d in drafts} == planned
    assert applied.get_json()["skipped"] == []
    assert all(d["status"] == "draft" and d["items"][0]["reasons"] for d in drafts)
    again = client.post(f"/v1/plans/{made['plan_id']}/apply", headers=auth()).get_json()
    assert [d["nomination_id"] for d in again["nominations"]] == [
        d["nomination_id"] for d in drafts
    ]
    assert client.post("/v1/plans/no-such-plan/apply", headers=auth()).status_code == 404


def stale_plan(app, engine, made: dict) -> str:
    """`made` saved again as if made before the snapshot moved: its first program with
    participants is now one that has started. Returns the new plan's id."""
    import uuid

    import numpy as np

    import store

    started = np.setdiff1d(np.arange(len(engine.programs)), engine.upcoming)[0]
    programs = [dict(p) for p in made["programs"] if p["participants"]]
    programs[0]["program_id"] = str(engine.state.program_ids[started])
    plan_id = uuid.uuid4().hex
    result = {**made, "plan_id": plan_id, "programs": programs}
    database = app.extensions["tna_store"]
    inputs = store.get_plan(database, made["plan_id"])["inputs"]
    store.save_plan(database, inputs, result, "test", engine.version, plan_id)
    for to in ("verified", "validated", "set"):  # only a set plan is applied
        store.move_plan(database, plan_id, to, "test")
    return plan_id


def test_applying_a_plan_skips_the_programs_that_have_started(
    app, client, engine, period, auth, plan_result
):
    made = plan_result(client, body(period, time_limit_s=30))
    plan_id = stale_plan(app, engine, made)
    saved = client.get(f"/v1/plans/{plan_id}", headers=auth()).get_json()
    started, *rest = saved["programs"]
    applied = client.post(f"/v1/plans/{plan_id}/apply", headers=auth())
    assert applied.status_code == 201
    answer = applied.get_json()
    assert [d["program_id"] for d in answer["nominations"]] == [p["program_id"] for p in rest]
    assert answer["skipped"] == [
        {"program_id": started["program_id"], "reason": "program_started",
         "participants": len(started["participants"]),
         "message": answer["skipped"][0]["message"]}
    ]  # fmt: skip
    assert "upcoming programs only" in answer["skipped"][0]["message"]


def test_a_plan_exports_as_a_workbook_with_a_sheet_per_program(client, period, auth, plan_result):
    made = plan_result(client, body(period))
    response = client.get(f"/v1/plans/{made['plan_id']}.xlsx", headers=auth())
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    book = load_workbook(BytesIO(response.data), read_only=True)
    with_people = [p for p in made["programs"] if p["participants"]]
    assert len(book.sheetnames) >= 1 + len(with_people)


def test_the_list_of_plans_is_newest_first_without_participants(client, period, auth, plan_result):
    made = plan_result(client, body(period, time_limit_s=3))
    response = client.get("/v1/plans?limit=5", headers=auth())
    assert response.status_code == 200
    items = response.get_json()["items"]
    assert 1 <= len(items) <= 5 and items[0]["plan_id"] == made["plan_id"]
    first = items[0]
    assert first["status"] == made["status"] and first["objective"] == made["objective"]
    assert first["budget_used"] == made["budget_used"]
    assert first["inputs"]["budget"] == 50e6 and first["inputs"]["period_start"] == period[0]
    assert "programs" not in first
    created = [item["created_at"] for item in items]
    assert created == sorted(created, reverse=True)


def test_the_list_of_plans_refuses_bad_queries_and_other_roles(client, auth):
    for query, field in (("limit=0", "limit"), ("limit=101", "limit"), ("colour=red", "colour")):
        response = client.get(f"/v1/plans?{query}", headers=auth())
        assert response.status_code == 422 and field in response.get_json()["error"]["details"]
    assert client.get("/v1/plans").status_code == 401
    assert client.get("/v1/plans", headers=auth("system")).status_code == 403
