"""A world of six- to nine-month sessions, two intakes a year and hundreds of participants
per session: an outcome is known only long after the enrolment. It must train, promote and
serve like the demo world."""

from __future__ import annotations

import pytest

from features import columns as col


@pytest.fixture(scope="module")
def served(served_world):
    return served_world("long", 1500, seed=8)


def test_it_trains_and_promotes_with_outcomes_in_every_period(served):
    result, _ = served
    assert result.promoted, result.reason
    for counts in result.metrics["periods"]["counts"].values():
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
    assert {item["method"] for item in recs.json["items"]} <= {"e_learning", "blended"}
    chosen = client.post(f"/v1/programs/{program}/participants", json={}, headers=auth())
    assert chosen.status_code == 200 and chosen.json["selected"]
    pairs = [{"employee_id": employee, "program_id": program}]
    scored = client.post("/v1/score", json={"pairs": pairs}, headers=auth("system"))
    assert scored.status_code == 200 and "score" in scored.json["results"][0]
