"""Next-position gaps in the demo world's engine: someone in the talent pool is recommended a
program for their next position, with the reason naming it; with weight 0 the reason and the
next position's part of the score disappear."""

from __future__ import annotations

import numpy as np
import pytest

from model.bundles.serving import load_serving_bundle
from model.engine import Engine
from model.next_position import DEFAULT_WEIGHT, NEXT_POSITION_REASON


@pytest.fixture(scope="module")
def engine(trained) -> Engine:
    return Engine(load_serving_bundle(trained.path))


@pytest.fixture(scope="module")
def member(engine) -> str:
    """A talent-pool member whose recommendations name their next position."""
    codes = np.flatnonzero([engine.next_positions.has_next(e) for e in range(len(engine.needs))])
    assert len(codes) > 0, "the demo world's talent pool prepares nobody"
    for e in codes:
        employee_id = str(engine.state.employee_ids[e])
        if any(item["next_position"] for item in engine.recommend(employee_id, k=10)):
            return employee_id
    pytest.fail("no talent-pool member is recommended a program for their next position")


def test_a_pool_member_is_recommended_a_program_for_the_next_position(engine, member):
    items = engine.recommend(member, k=10)
    target = engine.next_positions.targets[member]
    title = engine.directory.role_titles.get(target, target)
    prepared = [item for item in items if item["next_position"]]
    assert prepared
    for item in prepared:
        assert item["next_position"]["role_id"] == target
        assert item["next_position"]["weight"] == DEFAULT_WEIGHT
        coded = [r for r in item["reasons"] if r.code == NEXT_POSITION_REASON]
        assert len(coded) == 1 and title in coded[0]
    scores = [item["score"] for item in items]
    assert scores == sorted(scores, reverse=True)


def test_with_weight_zero_the_reason_and_its_score_disappear(engine, member):
    off = engine.recommend(member, k=10, next_position_weight=0.0)
    assert all(item["next_position"] is None for item in off)
    assert not any(r.code == NEXT_POSITION_REASON for item in off for r in item["reasons"])
    e = engine.directory.employee_code(member)
    p = np.array([engine.directory.program_code(item["program_id"]) for item in off])
    _, pred = engine.predict(np.full(len(p), e), p)
    assert [item["score"] for item in off] == pytest.approx(pred["score"].tolist())
    on = engine.recommend(member, k=10, next_position_weight=1.0)
    by_id = {item["program_id"]: item for item in off}
    raised = [i for i in on if i["next_position"] and i["program_id"] in by_id]
    assert all(i["score"] > by_id[i["program_id"]]["score"] for i in raised)


def test_the_gap_answer_shows_the_next_position_beside_todays(engine, member):
    answer = engine.gaps(member)
    nxt = answer["next_position"]
    assert nxt["role_id"] == engine.next_positions.targets[member] != answer["role_id"]
    assert nxt["competencies"] and 1 <= (nxt["box"] or 1) <= 9
    assert nxt["since"] <= answer["as_of"]
    outside = next(
        str(i) for e, i in enumerate(engine.state.employee_ids)
        if not engine.next_positions.has_next(e)
    )  # fmt: skip
    assert engine.gaps(outside)["next_position"] is None
