"""Saved plans: kept as answered, found by id, audited."""

from __future__ import annotations

from datetime import date

import pytest

from store import RecordNotFoundError, audit_page, get_plan, list_plans, save_plan


def test_save_and_get(db):
    inputs = {"period_start": date(2027, 1, 1), "budget": 1e9}
    result = {"status": "optimal", "programs": [{"program_id": "P1", "participants": []}]}
    saved = save_plan(db, inputs, result, "ani", "v1")
    found = get_plan(db, saved["plan_id"])
    assert found == saved
    assert found["inputs"]["period_start"] == "2027-01-01" and found["result"] == result
    assert audit_page(db)["items"][0]["action"] == "plan.created"
    with pytest.raises(RecordNotFoundError):
        get_plan(db, "nope")


def test_list_plans_newest_first_with_their_headline(db):
    headline = {"objective": 2.5, "greedy_objective": 2.0, "budget_used": 5e8, "reason": None}
    first = save_plan(db, {"budget": 1e9}, {"status": "optimal", **headline}, "ani", "v1")
    refused = {"objective": 0.0, "greedy_objective": 0.0, "budget_used": 0.0,
               "reason": "no upcoming program starts in the period"}  # fmt: skip
    second = save_plan(db, {"budget": 1.0}, {"status": "infeasible", **refused}, "budi", "v1")
    found = list_plans(db)
    assert [p["plan_id"] for p in found] == [second["plan_id"], first["plan_id"]]
    assert found[0]["status"] == "infeasible" and "no upcoming" in found[0]["reason"]
    assert found[1]["objective"] == 2.5 and found[1]["budget_used"] == 5e8
    assert found[1]["reason"] is None and found[1]["inputs"] == {"budget": 1e9}
    assert found[1]["created_by"] == "ani"
    assert [p["plan_id"] for p in list_plans(db, limit=1)] == [second["plan_id"]]
