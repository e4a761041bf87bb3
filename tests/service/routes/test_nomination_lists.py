"""Explicit lists (`employee_ids`, the program page's form, an applied plan) pass the checks a
selection makes: refused with each employee and why (the why-not codes), and again at approval.
"""

from __future__ import annotations

import numpy as np
import pytest

import store
from service.decision_store import store_db

UNKNOWN = "NOT-IN-THE-BUNDLE"


@pytest.fixture(scope="module")
def case(engine) -> dict[str, str]:
    """An upcoming program with a declared audience, and for it: an employee who may take it,
    one who completed its course (the export), one outside its audience (and course open)."""
    rules, n = engine.eligibility, len(engine.state.employee_ids)
    e = np.arange(n)
    for p in engine.upcoming:
        at = np.full(n, p)
        completed = rules.has_completed_course(e, at)
        inside = rules.in_audience(e, at)
        ok = rules.offerable(e, at)
        outside = ~inside & rules.not_taken(e, at)
        if completed.any() and ok.any() and outside.any():
            ids = engine.state.employee_ids
            return {
                "program": str(engine.state.program_ids[p]),
                "ok": str(ids[np.flatnonzero(ok)[0]]),
                "completed": str(ids[np.flatnonzero(completed)[0]]),
                "outside": str(ids[np.flatnonzero(outside)[0]]),
            }
    pytest.skip("the tiny world has no program with all three cases")


def nominate(client, program_id, *, auth, **body):
    url = f"/v1/programs/{program_id}/nominations"
    return client.post(url, json=body, headers=auth("ani"))


def listed(client, program_id, *, auth) -> list:
    url = f"/v1/programs/{program_id}/nominations"
    return client.get(url, headers=auth()).get_json()["items"]


def test_an_explicit_list_is_refused_with_each_employee_and_why(store_client, case, auth):
    ids = [case["ok"], case["completed"], case["outside"], UNKNOWN]
    refused = nominate(store_client, case["program"], employee_ids=ids, auth=auth)
    assert refused.status_code == 422, refused.get_json()
    error = refused.get_json()["error"]
    assert error["code"] == "not_eligible"
    details = error["details"]
    assert set(details) == {case["completed"], case["outside"], UNKNOWN}
    assert "course_completed" in details[case["completed"]]
    assert details[case["outside"]] == ["outside_audience"]
    assert details[UNKNOWN] == ["not_in_bundle"]
    assert listed(store_client, case["program"], auth=auth) == []  # nothing was created
    for who in (case["completed"], case["outside"]):  # the reasons why-not gives
        body = {"employee_id": who}
        why = store_client.post(
            f"/v1/programs/{case['program']}/why-not", json=body, headers=auth()
        ).get_json()
        assert set(details[who]) <= set(why["not_eligible_because"])


def test_outside_the_audience_on_purpose_and_approved(store_client, case, auth):
    ids = [case["ok"], case["outside"]]
    made = nominate(
        store_client, case["program"], employee_ids=ids, include_outside_audience=True, auth=auth
    )
    assert made.status_code == 201, made.get_json()
    assert made.get_json()["include_outside_audience"] is True
    url = f"/v1/nominations/{made.get_json()['nomination_id']}/decisions"
    body = {"decisions": [{"employee_id": case["outside"], "decision": "approved"}]}
    assert store_client.post(url, json=body, headers=auth("budi")).status_code == 200


def test_approval_checks_again(store_app, store_client, case, engine, auth):
    """A draft made under an earlier bundle (here straight in the store, as the old code
    allowed) naming someone the serving export says completed the course: approval is 409,
    each employee and why, and nothing is recorded."""
    with store_app.app_context():
        items = [{"employee_id": case["ok"]}, {"employee_id": case["completed"]},
                 {"employee_id": case["outside"]}]  # fmt: skip
        draft = store.create_nomination(store_db(), case["program"], items, "ani", engine.version)
    url = f"/v1/nominations/{draft['nomination_id']}/decisions"
    decisions = [{"employee_id": e, "decision": "approved"} for e in (case["ok"], case["completed"],
                 case["outside"])]  # fmt: skip
    refused = store_client.post(url, json={"decisions": decisions}, headers=auth("budi"))
    assert refused.status_code == 409, refused.get_json()
    details = refused.get_json()["error"]["details"]
    assert set(details) == {case["completed"], case["outside"]}
    assert "course_completed" in details[case["completed"]]
    assert details[case["outside"]] == ["outside_audience"]
    after = store_client.get(f"/v1/nominations/{draft['nomination_id']}", headers=auth())
    assert all(i["decision"] is None for i in after.get_json()["items"])
    rejected = [{"employee_id": case["completed"], "decision": "rejected"}]
    assert store_client.post(url, json={"decisions": rejected}, headers=auth()).status_code == 200


def test_the_program_page_form_refuses_in_the_page_language(
    store_client, case, auth, csrf_of, sign_in
):
    planner = sign_in(store_client)
    page = planner.get(f"/app/programs/{case['program']}")
    form = {"employee_ids": [case["ok"], case["completed"]], "csrf_token": csrf_of(page.data),
            "key": "form-key-1"}  # fmt: skip
    refused = planner.post(f"/app/programs/{case['program']}/nominations", data=form)
    assert refused.status_code == 422
    text = refused.get_data(as_text=True)
    assert '<html lang="id"' in text and case["completed"] in text
    assert "sudah lulus Diklat ini" in text  # "has already completed this course"
    assert listed(store_client, case["program"], auth=auth) == []
    planner.get("/app/?lang=en")
    form["csrf_token"] = csrf_of(planner.get(f"/app/programs/{case['program']}").data)
    again = planner.post(f"/app/programs/{case['program']}/nominations", data=form)
    assert "has already completed this course" in again.get_data(as_text=True)


def test_applying_a_plan_after_a_retraining_refuses_who_it_may_not_nominate(
    store_app, store_client, case, engine, auth
):
    """A saved plan naming someone the serving model refuses (as after a retraining): 422
    naming them, and no draft is made for any program of the plan."""
    people = [{"employee_id": e} for e in (case["ok"], case["completed"])]
    result = {"plan_id": "plan-x", "programs": [{"program_id": case["program"],
              "participants": people}]}  # fmt: skip
    with store_app.app_context():
        store.save_plan(store_db(), {}, result, "ani", engine.version, plan_id="plan-x")
        for to in ("verified", "validated", "set"):  # only a set plan is applied
            store.move_plan(store_db(), "plan-x", to, "ani")
    refused = store_client.post("/v1/plans/plan-x/apply", headers=auth())
    assert refused.status_code == 422, refused.get_json()
    error = refused.get_json()["error"]
    assert error["code"] == "not_eligible" and case["program"] in error["message"]
    assert list(error["details"]) == [case["completed"]]
    assert "course_completed" in error["details"][case["completed"]]
    assert listed(store_client, case["program"], auth=auth) == []
