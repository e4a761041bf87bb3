"""A history with few decision dates a year (an LMS export): e-learning only, sessions
starting in February and October, one role, zero cost, no SKP. It must train, promote and
serve like the demo world."""

from __future__ import annotations

import pytest

from features import columns as col


@pytest.fixture(scope="module")
def served(served_world):
    return served_world("semester", 1500, seed=5)


def test_it_trains_on_decision_periods_and_promotes(served):
    result, _ = served
    assert result.promoted, result.reason
    periods = result.metrics["periods"]
    assert periods["method"] == "decisions"
    for counts in periods["counts"].values():
        assert counts["completed"] > 0 and counts["not_completed"] > 0
    assert result.metrics["risk"]["model"]["auc"] > 0.5


def test_it_serves_recommendations_selection_and_scores(served, auth):
    _, app = served
    client = app.test_client()
    engine = app.extensions["tna_holder"].engine
    employee = str(engine.needs[col.GAP_INDEX].idxmax())
    program = str(engine.state.program_ids[engine.upcoming[0]])
    recs = client.get(f"/v1/employees/{employee}/recommendations?k=5", headers=auth())
    assert recs.status_code == 200
    assert {item["method"] for item in recs.json["items"]} <= {"e_learning"}
    chosen = client.post(f"/v1/programs/{program}/participants", json={}, headers=auth())
    assert chosen.status_code == 200
    assert chosen.json["summary"]["total_cost"] == 0
    pairs = [{"employee_id": employee, "program_id": program}]
    scored = client.post("/v1/score", json={"pairs": pairs}, headers=auth("system"))
    assert scored.status_code == 200 and "score" in scored.json["results"][0]
