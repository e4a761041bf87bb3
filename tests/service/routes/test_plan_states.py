"""POST /v1/plans/<plan_id>/state: the approval chain with who may take each step, the
history GET /v1/plans/<plan_id> shows, the audit log, and apply refused unless set."""

from __future__ import annotations

import pytest

from service.actions.plan_states import STEP_RIGHTS, may_take

pytestmark = pytest.mark.usefixtures("module_jobs_worker")
STEPS = ("verified", "validated", "set")


@pytest.fixture(scope="module")
def period(engine) -> tuple[str, str]:
    starts = engine.programs["start_date"].iloc[engine.upcoming]
    return str(starts.min().date()), str(starts.max().date())


def _plan(client, period, *, plan_result) -> str:
    body = {"period_start": period[0], "period_end": period[1], "budget": 50e6}
    return plan_result(client, body)["plan_id"]


def _move(client, plan_id: str, to: str, role: str = "admin", *, auth):
    return client.post(f"/v1/plans/{plan_id}/state", json={"to": to}, headers=auth(role))


def test_a_plan_goes_draft_to_set_each_step_by_a_role_with_its_right(
    client, period, actor_of, auth, plan_result
):
    plan_id = _plan(client, period, plan_result=plan_result)
    plan = client.get(f"/v1/plans/{plan_id}", headers=auth()).get_json()
    assert plan["state"] == "draft" and [s["state"] for s in plan["state_history"]] == ["draft"]
    for to, role in (("verified", "ani"), ("validated", "budi"), ("set", "admin")):
        moved = _move(client, plan_id, to, role, auth=auth)
        assert moved.status_code == 200, moved.get_json()
        assert moved.get_json()["state"] == to
    plan = client.get(f"/v1/plans/{plan_id}", headers=auth()).get_json()
    assert plan["state"] == "set"
    assert [(s["state"], s["by"]) for s in plan["state_history"][1:]] == [
        ("verified", "ani"), ("validated", "budi"), ("set", actor_of("admin"))
    ]  # fmt: skip
    audit = client.get("/v1/audit", headers=auth("admin")).get_json()["items"]
    steps = [e for e in audit if e["action"] == "plan.state" and e["entity_id"] == plan_id]
    assert [(e["actor"], e["after"]["state"]) for e in steps] == [
        (actor_of("admin"), "set"), ("budi", "validated"), ("ani", "verified")
    ]  # fmt: skip


def test_a_planner_may_not_set_a_plan_and_a_system_key_may_take_no_step(
    client, period, auth, plan_result
):
    plan_id = _plan(client, period, plan_result=plan_result)
    assert (
        _move(client, plan_id, "verified", "system", auth=auth).status_code == 403
    )  # the blueprint's
    for to in ("verified", "validated"):
        assert _move(client, plan_id, to, "planner", auth=auth).status_code == 200
    refused = _move(client, plan_id, "set", "planner", auth=auth)
    assert refused.status_code == 403
    error = refused.get_json()["error"]
    assert error["code"] == "plan_step_forbidden" and "admin" in error["message"]
    assert error["details"]["reason"] == {
        "code": "plan_step_forbidden",
        "values": {"role": "planner", "to": "set", "who": "admin", "scope": ""},
    }
    assert client.get(f"/v1/plans/{plan_id}", headers=auth()).get_json()["state"] == "validated"


def test_steps_cannot_be_skipped_repeated_or_taken_back(client, period, auth, plan_result):
    plan_id = _plan(client, period, plan_result=plan_result)
    for to in ("validated", "set", "draft"):
        refused = _move(client, plan_id, to, auth=auth)
        assert refused.status_code == 409, to
        assert refused.get_json()["error"]["code"] == "plan_state_step"
        assert refused.get_json()["error"]["details"]["state"] == ["draft"]
        reason = refused.get_json()["error"]["details"]["reason"]
        assert reason["code"] == "plan_not_next_state" and reason["values"]["to"] == to
    assert _move(client, plan_id, "verified", auth=auth).status_code == 200
    assert _move(client, plan_id, "verified", auth=auth).status_code == 409  # the same step again


def test_bad_bodies_unknown_plans_and_no_token(client, period, auth, plan_result):
    plan_id = _plan(client, period, plan_result=plan_result)
    assert _move(client, plan_id, "approved", auth=auth).status_code == 422
    bad = client.post(f"/v1/plans/{plan_id}/state", json={}, headers=auth("admin"))
    assert bad.status_code == 422 and "to" in bad.get_json()["error"]["details"]
    assert _move(client, "no-such-plan", "verified", auth=auth).status_code == 404
    assert client.post(f"/v1/plans/{plan_id}/state", json={"to": "verified"}).status_code == 401


def test_only_a_set_plan_is_applied(client, period, auth, plan_result):
    plan_id = _plan(client, period, plan_result=plan_result)
    for to in (None, *STEPS[:-1]):
        if to:
            assert _move(client, plan_id, to, auth=auth).status_code == 200
        refused = client.post(f"/v1/plans/{plan_id}/apply", headers=auth())
        assert refused.status_code == 409
        assert refused.get_json()["error"]["code"] == "plan_not_set"
        reason = refused.get_json()["error"]["details"]["reason"]
        assert reason == {"code": "plan_not_set", "values": {"state": to or "draft"}}
    assert _move(client, plan_id, "set", auth=auth).status_code == 200
    assert client.post(f"/v1/plans/{plan_id}/apply", headers=auth()).status_code == 201


def test_the_rights_map_onto_scoped_accounts():
    """Issue 21's scoped planners: one scoped to units may verify, not validate; only an
    admin (the head of the agency) sets."""
    assert may_take("verified", "planner", ["U1"])
    assert not may_take("validated", "planner", ["U1"]) and may_take("validated", "planner")
    assert not may_take("set", "planner") and may_take("set", "admin")
    assert not any(may_take(to, "system") for to in STEP_RIGHTS)
    assert not may_take("draft", "admin")


def test_the_openapi_document_names_the_rights_and_codes(client):
    paths = client.get("/openapi.json").get_json()["paths"]
    state = paths["/v1/plans/{plan_id}/state"]["post"]
    assert {"200", "403", "409", "422"} <= set(state["responses"])
    assert "head of the agency" in state.get("summary", "") + state.get("description", "")
    assert (
        "plan_not_set"
        in paths["/v1/plans/{plan_id}/apply"]["post"]["responses"]["409"]["description"]
    )
