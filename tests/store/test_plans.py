"""Saved plans: kept as answered, found by id, audited."""

from __future__ import annotations

from datetime import date

import pytest

from store import NotFoundError, audit_page, get_plan, save_plan


def test_save_and_get(engine):
    inputs = {"period_start": date(2027, 1, 1), "budget": 1e9}
    result = {"status": "optimal", "programs": [{"program_id": "P1", "participants": []}]}
    saved = save_plan(engine, inputs, result, "ani", "v1")
    found = get_plan(engine, saved["plan_id"])
    assert found == saved
    assert found["inputs"]["period_start"] == "2027-01-01" and found["result"] == result
    assert audit_page(engine)["items"][0]["action"] == "plan.created"
    with pytest.raises(NotFoundError):
        get_plan(engine, "nope")
