"""A plan's approval chain in the store: one step forward at a time, each step audited,
never back; the state survives as a column (migration 0006_plan_states)."""

from __future__ import annotations

import pytest

from store import (
    PlanStateError,
    RecordNotFoundError,
    audit_page,
    get_plan,
    move_plan,
    plan_states,
    require_set,
    save_plan,
)


def _plan(db) -> str:
    return save_plan(db, {"budget": 1.0}, {"status": "optimal"}, "ani", "v1")["plan_id"]


def test_a_plan_moves_draft_to_set_one_step_at_a_time_and_each_step_is_audited(db):
    plan_id = _plan(db)
    assert get_plan(db, plan_id)["state"] == "draft"
    assert plan_states(db, plan_id)["next_state"] == "verified"
    for to, actor in (("verified", "ani"), ("validated", "budi"), ("set", "kepala")):
        moved = move_plan(db, plan_id, to, actor)
        assert moved["state"] == to
    history = plan_states(db, plan_id)["history"]
    assert [(h["state"], h["by"]) for h in history] == [
        ("draft", "ani"), ("verified", "ani"), ("validated", "budi"), ("set", "kepala")
    ]  # fmt: skip
    assert all(h["at"].tzinfo is not None for h in history)
    assert plan_states(db, plan_id)["next_state"] is None
    steps = [i for i in audit_page(db)["items"] if i["action"] == "plan.state"]
    assert [(s["actor"], s["before"], s["after"]) for s in steps] == [
        ("kepala", {"state": "validated"}, {"state": "set"}),
        ("budi", {"state": "verified"}, {"state": "validated"}),
        ("ani", {"state": "draft"}, {"state": "verified"}),
    ]  # fmt: skip
    require_set(get_plan(db, plan_id))  # a set plan may be applied


@pytest.mark.parametrize("to", ["validated", "set", "draft", "verified-ish"])
def test_a_step_that_is_not_the_next_one_is_refused_and_changes_nothing(db, to):
    plan_id = _plan(db)
    with pytest.raises(PlanStateError) as refused:
        move_plan(db, plan_id, to, "ani")
    assert refused.value.code == "plan_state_step" and refused.value.details["state"] == ["draft"]
    assert get_plan(db, plan_id)["state"] == "draft"
    assert not [i for i in audit_page(db)["items"] if i["action"] == "plan.state"]


def test_a_set_plan_takes_no_step_back(db):
    plan_id = _plan(db)
    for to in ("verified", "validated", "set"):
        move_plan(db, plan_id, to, "admin")
    for to in ("draft", "validated", "set"):
        with pytest.raises(PlanStateError, match="make a new plan"):
            move_plan(db, plan_id, to, "admin")


def test_only_a_set_plan_may_be_applied(db):
    plan_id = _plan(db)
    for to in (None, "verified", "validated"):
        if to:
            move_plan(db, plan_id, to, "ani")
        with pytest.raises(PlanStateError) as refused:
            require_set(get_plan(db, plan_id))
        assert refused.value.code == "plan_not_set"


def test_each_refusal_carries_its_code_and_values_beside_the_english(db):
    """The sentences the API shows, unchanged; a page says them from `reason.code`."""
    plan_id = _plan(db)
    with pytest.raises(PlanStateError) as refused:
        move_plan(db, plan_id, "set", "ani")
    reason = refused.value.reason
    assert (reason.code, reason.values) == (
        "plan_not_next_state", {"state": "draft", "next": "verified", "to": "set"}
    )  # fmt: skip
    assert str(refused.value) == reason == "a draft plan can only become verified, not set"
    with pytest.raises(PlanStateError) as refused:
        require_set(get_plan(db, plan_id))
    assert (refused.value.reason.code, refused.value.reason.values) == (
        "plan_not_set", {"state": "draft"}
    )  # fmt: skip
    assert str(refused.value).startswith("only a set plan can be applied; this plan is draft (")
    for to in ("verified", "validated", "set"):
        move_plan(db, plan_id, to, "admin")
    with pytest.raises(PlanStateError) as refused:
        move_plan(db, plan_id, "set", "admin")
    assert refused.value.reason.code == "plan_is_set" and refused.value.code == "plan_state_step"


def test_an_unknown_plan_is_not_found(db):
    with pytest.raises(RecordNotFoundError):
        move_plan(db, "nope", "verified", "ani")
    with pytest.raises(RecordNotFoundError):
        plan_states(db, "nope")
