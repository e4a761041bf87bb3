"""Participant selection: hand-checkable cases, and the greedy against brute force."""

from __future__ import annotations

import time
from collections import Counter
from itertools import combinations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model.errors import SelectionError
from model.selection import (
    BELOW_PROBABILITY_FLOOR,
    JP_PRIORITY,
    NO_GAIN,
    RANK,
    SEAT_LIMIT,
    UNIT_CAP,
    Selection,
    select_participants,
)

COLUMNS = ["employee_id", "unit_id", "expected_gain", "completion_probability", "score"]


def frame(rows: list[tuple], jp: list[int] | None = None) -> pd.DataFrame:
    """Candidates from (employee_id, unit_id, expected_gain, completion_probability, score)."""
    out = pd.DataFrame(rows, columns=COLUMNS)
    out["jp_remaining"] = jp if jp is not None else [0] * len(rows)
    return out.astype({"expected_gain": float, "completion_probability": float, "score": float})


def ids(table: pd.DataFrame) -> list[str]:
    return table["employee_id"].tolist()


def test_quota_binds():
    cands = frame(
        [("a1", "A", 9, 1, 0), ("a2", "A", 8, 1, 0), ("a3", "A", 7, 1, 0), ("b1", "B", 1, 1, 0)]
    )
    result = select_participants(cands, seats=3, cost_per_seat=10, max_per_unit=2)
    assert ids(result.selected) == ["a1", "a2", "b1"]
    assert result.selected[RANK].tolist() == [1, 2, 3]
    assert result.summary["count_by_unit"] == {"A": 2, "B": 1}
    assert ids(result.waitlist) == []  # unit A is full, nobody else is eligible


def test_budget_binds():
    cands = frame([(f"e{i}", "A", 10 - i, 1, 0) for i in range(5)])
    result = select_participants(cands, seats=5, cost_per_seat=100, budget=250)
    assert ids(result.selected) == ["e0", "e1"]
    assert ids(result.waitlist) == ["e2", "e3", "e4"]
    summary = result.summary
    assert (summary["seats_available"], summary["seats_filled"]) == (2, 2)
    assert summary["total_cost"] == 200 <= summary["constraints"]["budget"]
    assert summary["expected_gain"] == 19


def test_budget_rounding_never_overspends():
    cands = frame([(f"e{i}", "A", 1, 1, 0) for i in range(5)])
    result = select_participants(cands, seats=5, cost_per_seat=0.1, budget=0.3)
    assert result.summary["total_cost"] <= 0.3


def test_free_program_is_bound_by_seats_only():
    cands = frame([(f"e{i}", "A", 1, 1, 0) for i in range(5)])
    result = select_participants(cands, seats=3, cost_per_seat=0, budget=0)
    assert result.summary["seats_filled"] == 3 and result.summary["total_cost"] == 0


def test_probability_floor_excludes_from_seats_and_waitlist():
    cands = frame(
        [("risky", "A", 9, 0.4, 0), ("safe", "A", 1, 0.5, 0), ("safer", "B", 0.5, 0.9, 0)]
    )
    result = select_participants(cands, seats=1, cost_per_seat=1, min_completion_probability=0.5)
    assert ids(result.selected) == ["safe"]
    assert ids(result.waitlist) == ["safer"]


@pytest.mark.parametrize(("rival_gain", "winner"), [(1.04, "short"), (1.06, "rival")])
def test_jp_preference_within_five_percent_only(rival_gain, winner):
    cands = frame([("short", "A", 1.0, 1, 0), ("rival", "B", rival_gain, 1, 5)], jp=[4, 0])
    result = select_participants(cands, seats=1, cost_per_seat=1)
    assert ids(result.selected) == [winner]
    assert JP_PRIORITY == 0.05


def test_ties_broken_by_score_then_employee_id():
    cands = frame(
        [("c", "A", 1, 1, 0), ("b", "A", 1, 1, 0), ("a", "A", 1, 1, -1), ("d", "A", 1, 1, 2)]
    )
    result = select_participants(cands, seats=4, cost_per_seat=1)
    assert ids(result.selected) == ["d", "b", "c", "a"]


def test_seats_without_a_measured_need_stay_open_unless_asked_to_fill():
    cands = frame([("z1", "A", 0, 1, 1), ("pos", "A", 0.1, 1, -5), ("z2", "A", 0, 1, 3)])
    result = select_participants(cands, seats=2, cost_per_seat=1)
    assert ids(result.selected) == ["pos"] and ids(result.waitlist) == ["z2", "z1"]
    assert result.summary["seats_filled"] == 1 and result.summary["seats_available"] == 2
    filled = select_participants(cands, seats=2, cost_per_seat=1, fill_without_gain=True)
    assert ids(filled.selected) == ["pos", "z2"] and ids(filled.waitlist) == ["z1"]
    assert filled.summary["constraints"]["fill_without_gain"] is True


def test_empty_candidates():
    result = select_participants(frame([]), seats=5, cost_per_seat=1, budget=10, max_per_unit=1)
    assert result.selected.empty and result.waitlist.empty
    assert RANK in result.selected.columns
    assert result.summary["seats_filled"] == 0 and result.summary["count_by_unit"] == {}
    assert result.summary["expected_gain"] == 0 and result.summary["total_cost"] == 0


def test_zero_seats_still_lists_the_waitlist():
    cands = frame([("a", "A", 2, 1, 0), ("b", "B", 1, 1, 0)])
    result = select_participants(cands, seats=0, cost_per_seat=1, waitlist_size=1)
    assert ids(result.selected) == [] and ids(result.waitlist) == ["a"]


def test_input_is_not_modified():
    cands = frame([("a", "A", 2, 1, 0), ("b", "B", 1, 1, 0)])
    before = cands.copy()
    select_participants(cands, seats=1, cost_per_seat=1)
    pd.testing.assert_frame_equal(cands, before)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"seats": -1}, "seats"),
        ({"seats": 1.5}, "seats"),
        ({"budget": -1.0}, "budget"),
        ({"max_per_unit": 0}, "max_per_unit"),
        ({"min_completion_probability": 1.5}, "min_completion_probability"),
        ({"min_completion_probability": -0.1}, "min_completion_probability"),
        ({"waitlist_size": -1}, "waitlist_size"),
    ],
)
def test_invalid_parameters_name_themselves(kwargs, name):
    params = {"seats": 1, "cost_per_seat": 1.0} | kwargs
    with pytest.raises(SelectionError, match=f"^{name}:") as refused:
        select_participants(frame([]), **params)
    assert list(refused.value.details) == [name]


def test_a_catalogue_cost_no_export_can_hold_is_a_bug_not_a_refusal():
    with pytest.raises(ValueError, match=r"^cost_per_seat:"):
        select_participants(frame([]), seats=1, cost_per_seat=float("nan"))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda f: f.drop(columns="score"), "missing columns"),
        (lambda f: f.assign(expected_gain=-1.0), "expected_gain"),
        (lambda f: f.assign(completion_probability=np.nan), "completion_probability"),
        (lambda f: f.assign(employee_id="same"), "unique"),
    ],
)
def test_invalid_candidates(change, message):
    cands = change(frame([("a", "A", 2, 1, 0), ("b", "B", 1, 1, 0)]))
    with pytest.raises(ValueError, match=message):
        select_participants(cands, seats=1, cost_per_seat=1)


# --- the greedy against brute force -------------------------------------------------------


@st.composite
def instances(draw) -> tuple[pd.DataFrame, dict]:
    """Small instances with many ties: few distinct gains, scores and probabilities."""
    n = draw(st.integers(0, 9))
    units = [f"u{i}" for i in range(draw(st.integers(1, 3)))]
    rows = [
        (
            f"e{i}",
            draw(st.sampled_from(units)),
            draw(st.sampled_from([0.0, 0.5, 1.0, 1.02, 1.04, 1.06, 2.0, 3.3])),
            draw(st.sampled_from([0.2, 0.5, 0.8, 1.0])),
            draw(st.sampled_from([-1.0, 0.0, 1.0])),
        )
        for i in range(n)
    ]
    jp = draw(st.lists(st.sampled_from([0, 6]), min_size=n, max_size=n))
    params = {
        "seats": draw(st.integers(0, 10)),
        "cost_per_seat": draw(st.sampled_from([0.0, 1.0, 2.5])),
        "budget": draw(st.none() | st.sampled_from([0.0, 2.0, 5.0, 12.5])),
        "max_per_unit": draw(st.none() | st.integers(1, 4)),
        "min_completion_probability": draw(st.none() | st.sampled_from([0.0, 0.5, 0.8, 1.0])),
        "waitlist_size": draw(st.integers(0, 4)),
    }
    return frame(rows, jp), params


def weights(cands: pd.DataFrame) -> list[float]:
    """Priority as the spec states it, written independently of the module."""
    short = cands["jp_remaining"] > 0
    return (cands["expected_gain"] * np.where(short, 1 + JP_PRIORITY, 1.0)).tolist()


def brute_force(cands: pd.DataFrame, k: int, params: dict) -> tuple[float, int]:
    """(best total priority, largest feasible size) over every subset of at most k."""
    floor, quota = params["min_completion_probability"], params["max_per_unit"]
    eligible = [
        i for i, p in enumerate(cands["completion_probability"]) if floor is None or p >= floor
    ]
    units, w = cands["unit_id"].tolist(), weights(cands)
    best, largest = 0.0, 0
    for size in range(min(k, len(eligible)) + 1):
        for subset in combinations(eligible, size):
            counts = Counter(units[i] for i in subset).values()
            if quota is None or max(counts, default=0) <= quota:
                best, largest = max(best, sum(w[i] for i in subset)), size
    return best, largest


def assert_constraints_hold(result: Selection, params: dict) -> None:
    chosen, summary = result.selected, result.summary
    k = summary["seats_available"]
    assert len(chosen) == summary["seats_filled"] <= k <= params["seats"]
    assert summary["total_cost"] == len(chosen) * params["cost_per_seat"]
    if params["budget"] is not None:
        assert summary["total_cost"] <= params["budget"]
    if params["max_per_unit"] is not None:
        assert max(summary["count_by_unit"].values(), default=0) <= params["max_per_unit"]
    if params["min_completion_probability"] is not None:
        both = pd.concat([chosen, result.waitlist])
        assert (both["completion_probability"] >= params["min_completion_probability"]).all()
    assert not set(ids(chosen)) & set(ids(result.waitlist))
    assert len(result.waitlist) <= params["waitlist_size"]
    assert summary["expected_gain"] == pytest.approx(chosen["expected_gain"].sum())


@settings(max_examples=400, deadline=None)
@given(instances())
def test_greedy_matches_brute_force(instance):
    cands, params = instance
    result = select_participants(cands, **params)
    assert_constraints_hold(result, params)
    best, largest = brute_force(cands, result.summary["seats_available"], params)
    assert sum(weights(result.selected)) == pytest.approx(best, rel=1e-12, abs=1e-12)
    assert all(w > 0 for w in weights(result.selected))  # nobody without a measured need
    filled = select_participants(cands, **params, fill_without_gain=True)
    assert sum(weights(filled.selected)) == pytest.approx(best, rel=1e-12, abs=1e-12)
    assert len(filled.selected) == largest  # zero-gain candidates fill the seats left over


@settings(max_examples=200, deadline=None)
@given(instances(), st.randoms(use_true_random=False))
def test_deterministic_and_waitlist_continues_the_greedy(instance, random):
    cands, params = instance
    result = select_participants(cands, **params)
    shuffled = cands.sample(frac=1, random_state=random.randrange(2**32))
    again = select_participants(shuffled, **params)
    assert ids(again.selected) == ids(result.selected)
    assert ids(again.waitlist) == ids(result.waitlist)
    more = params | {"seats": result.summary["seats_available"] + params["waitlist_size"]}
    longer = select_participants(cands, **more | {"budget": None}, fill_without_gain=True)
    invited = ids(result.selected) + ids(result.waitlist)
    assert ids(longer.selected)[: len(invited)] == invited


def test_speed_on_65000_candidates():
    rng = np.random.default_rng(0)
    n = 65_000
    cands = pd.DataFrame(
        {
            "employee_id": [f"{i:018d}" for i in rng.permutation(n)],
            "unit_id": [f"u{i:03d}" for i in rng.integers(0, 300, n)],
            "expected_gain": rng.exponential(1.0, n).round(2),
            "completion_probability": rng.random(n),
            "score": rng.normal(size=n).round(1),
            "jp_remaining": rng.integers(0, 21, n),
        }
    )
    params = {"seats": 30, "cost_per_seat": 2.5e6, "budget": 6e7, "max_per_unit": 2}
    timings = []
    for _ in range(3):
        start = time.perf_counter()
        result = select_participants(cands, min_completion_probability=0.5, **params)
        timings.append(time.perf_counter() - start)
    print(f"select_participants on {n:,} candidates: best of 3 = {min(timings) * 1000:.1f} ms")
    assert result.summary["seats_filled"] == 24


def test_left_out_names_the_first_rule_that_kept_each_out():
    cands = frame(
        [
            ("a1", "A", 9, 0.9, 0),  # selected
            ("a2", "A", 8, 0.9, 0),  # unit cap (A holds 1)
            ("b1", "B", 7, 0.2, 0),  # below the floor of 0.5
            ("c1", "C", 6, 0.9, 0),  # selected
            ("d1", "D", 5, 0.9, 0),  # past the 2 seats: waitlisted
            ("e1", "E", 0, 0.1, 0),  # no gain, but below the floor first
            ("f1", "F", 0, 0.9, 0),  # no gain
        ]
    )
    result = select_participants(
        cands, seats=2, cost_per_seat=1, max_per_unit=1, min_completion_probability=0.5
    )
    assert ids(result.selected) == ["a1", "c1"]
    assert result.left_out.tolist() == [
        "",
        UNIT_CAP,
        BELOW_PROBABILITY_FLOOR,
        "",
        SEAT_LIMIT,
        BELOW_PROBABILITY_FLOOR,
        NO_GAIN,
    ]
    assert result.summary["left_out"] == {
        BELOW_PROBABILITY_FLOOR: 2,
        NO_GAIN: 1,
        UNIT_CAP: 1,
        SEAT_LIMIT: 1,
    }
    assert [ids(cands.iloc[result.order])[0]] == ["a1"]


def test_left_out_with_fill_without_gain_is_the_seat_limit():
    cands = frame([("a", "A", 0, 0.9, 2), ("b", "B", 0, 0.9, 1), ("c", "C", 1, 0.9, 0)])
    result = select_participants(cands, seats=2, cost_per_seat=1, fill_without_gain=True)
    assert ids(result.selected) == ["c", "a"]
    assert result.left_out.tolist() == ["", SEAT_LIMIT, ""]
    assert result.order.tolist() == [2, 0, 1]
    empty = select_participants(cands.iloc[:0], seats=2, cost_per_seat=1)
    assert empty.summary["left_out"] == dict.fromkeys(
        (BELOW_PROBABILITY_FLOOR, NO_GAIN, UNIT_CAP, SEAT_LIMIT), 0
    )
