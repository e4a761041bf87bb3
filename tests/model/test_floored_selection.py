"""Selection under a fairness floor: hand-checked cases, and the MILP against brute force."""

from __future__ import annotations

from collections import Counter
from itertools import combinations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model.errors import FairnessFloorError
from model.fairness_floor import FairnessFloor, age_groups, floor_violations, group_report
from model.floored_selection import FAIRNESS_FLOOR, select_with_floor
from model.selection import JP_PRIORITY, select_participants
from tests.model.test_selection import frame, ids

FLOOR = FairnessFloor("gender", 0.8)


def test_floor_swaps_the_weakest_majority_seat_for_the_best_minority_candidate():
    # 3 seats, 4 m and 2 f eligible: f expect 2 x 3/6 = 1 seat, m 2; at 0.8, f need 1, m 2
    cands = frame([(f"m{i}", "A", 10 - i, 1, 0) for i in range(1, 5)] + [
        ("f1", "B", 2, 1, 0), ("f2", "B", 1, 1, 0),
    ])  # fmt: skip
    labels = np.array(["m"] * 4 + ["f"] * 2, dtype=object)
    plain = select_participants(cands, seats=3, cost_per_seat=1)
    assert ids(plain.selected) == ["m1", "m2", "m3"]
    result = select_with_floor(cands, labels, FLOOR, seats=3, cost_per_seat=1)
    assert ids(result.selected) == ["m1", "m2", "f1"]
    fairness = result.summary["fairness"]
    assert fairness["expected_gain"] == 9 + 8 + 2
    assert fairness["expected_gain_without_floor"] == 9 + 8 + 7
    assert fairness["groups"] == [
        {"group": "m", "eligible": 4, "selected": 2, "ratio": 1.0},
        {"group": "f", "eligible": 2, "selected": 1, "ratio": 1.0},
    ]
    assert result.left_out.tolist() == ["", "", FAIRNESS_FLOOR, "seat_limit", "", "seat_limit"]
    assert result.summary["left_out"][FAIRNESS_FLOOR] == 1
    assert ids(result.waitlist) == ["m3", "m4", "f2"]


def test_a_floor_already_met_changes_nothing():
    cands = frame([("m1", "A", 3, 1, 0), ("f1", "A", 2, 1, 0)])
    labels = np.array(["m", "f"], dtype=object)
    result = select_with_floor(cands, labels, FLOOR, seats=2, cost_per_seat=1)
    assert ids(result.selected) == ["m1", "f1"]
    fairness = result.summary["fairness"]
    assert fairness["expected_gain"] == fairness["expected_gain_without_floor"] == 5


def test_a_floor_no_selection_meets_names_its_reason():
    # one seat, two groups: whoever takes it, the other group gets 0 of an expected 0.5
    cands = frame([("m1", "A", 3, 1, 0), ("f1", "A", 2, 1, 0)])
    labels = np.array(["m", "f"], dtype=object)
    with pytest.raises(FairnessFloorError) as caught:
        select_with_floor(cands, labels, FLOOR, seats=1, cost_per_seat=1)
    assert caught.value.code == "fairness_floor_unmet"
    assert caught.value.values["seats_available"] == 1
    assert caught.value.values["groups"] == [
        {"group": "m", "eligible": 1, "selectable": 1},
        {"group": "f", "eligible": 1, "selectable": 1},
    ]
    # the sentence the API shows, unchanged, carries its own code and values for a page
    message = caught.value.message
    assert message == (
        "fairness: no selection of at least one participant gives every gender group 0.8 of its"
        " expected seats (1 seats; selectable per group: m 1, f 1)"
    )
    assert message.code == "selection_floor_unmet"
    assert message.values["by_group"] == [["m", 1], ["f", 1]]


def test_age_groups_by_age_at_the_start():
    start = pd.Timestamp("2025-07-01")
    births = pd.Series(pd.to_datetime(["1995-07-02", "1995-07-01", "1975-07-01", None]))
    assert age_groups(births, start).tolist() == ["under 30", "30-39", "50 and over", None]


def test_unknown_attribute_counts_as_eligible_but_has_no_floor():
    report = group_report("gender", [(np.array(["m", "f", None]), np.array([True, True, True]))])
    assert [g["ratio"] for g in report] == [1.0, 1.0]
    assert floor_violations(report, 0.8) == []


# --- the MILP against brute force ----------------------------------------------------------


@st.composite
def instances(draw) -> tuple[pd.DataFrame, np.ndarray, dict, float]:
    n = draw(st.integers(1, 9))
    units = [f"u{i}" for i in range(draw(st.integers(1, 3)))]
    rows = [
        (
            f"e{i}",
            draw(st.sampled_from(units)),
            draw(st.sampled_from([0.0, 0.5, 1.0, 1.02, 2.0, 3.3])),
            draw(st.sampled_from([0.2, 0.5, 1.0])),
            draw(st.sampled_from([-1.0, 0.0, 1.0])),
        )
        for i in range(n)
    ]
    jp = draw(st.lists(st.sampled_from([0, 6]), min_size=n, max_size=n))
    labels = np.array(
        draw(st.lists(st.sampled_from(["m", "f", None]), min_size=n, max_size=n)), dtype=object
    )
    params = {
        "seats": draw(st.integers(0, 8)),
        "cost_per_seat": draw(st.sampled_from([0.0, 1.0, 2.5])),
        "budget": draw(st.none() | st.sampled_from([2.0, 12.5])),
        "max_per_unit": draw(st.none() | st.integers(1, 3)),
        "min_completion_probability": draw(st.none() | st.sampled_from([0.5, 1.0])),
        "waitlist_size": draw(st.integers(0, 3)),
        "fill_without_gain": draw(st.booleans()),
    }
    return frame(rows, jp), labels, params, draw(st.sampled_from([0.5, 0.8, 1.0]))


def brute_force(cands, labels, k, params, r) -> tuple[float, int] | None:
    """(best priority, most seats at that priority) over every non-empty subset meeting every
    rule and the floor, written from the definitions; None when only the empty set does."""
    floor, quota = params["min_completion_probability"], params["max_per_unit"]
    short = cands["jp_remaining"].to_numpy() > 0
    w = cands["expected_gain"].to_numpy() * np.where(short, 1 + JP_PRIORITY, 1.0)
    ok = [
        i
        for i, p in enumerate(cands["completion_probability"])
        if (floor is None or p >= floor) and (params["fill_without_gain"] or w[i] > 0)
    ]
    units, n_all = cands["unit_id"].tolist(), len(cands)
    best = None
    for size in range(1, min(k, len(ok)) + 1):
        for subset in combinations(ok, size):
            if quota is not None and max(Counter(units[i] for i in subset).values()) > quota:
                continue
            fair = all(
                sum(labels[i] == g for i in subset) >= r * (labels == g).sum() * size / n_all - 1e-9
                for g in ("m", "f")
            )
            if fair:
                value = (round(sum(w[i] for i in subset), 9), size)
                best = value if best is None or value > best else best
    return best


@settings(max_examples=300, deadline=None)
@given(instances())
def test_floored_selection_matches_brute_force(instance):
    cands, labels, params, r = instance
    fairness = FairnessFloor("gender", r)
    k = select_participants(cands, **params).summary["seats_available"]
    best = brute_force(cands, labels, k, params, r)
    if best is None and k > 0 and _someone_selectable(cands, params):
        with pytest.raises(FairnessFloorError):
            select_with_floor(cands, labels, fairness, **params)
        return
    result = select_with_floor(cands, labels, fairness, **params)
    chosen = result.selected
    assert len(chosen) <= k
    groups = result.summary["fairness"]["groups"]
    assert floor_violations(groups, r) == []
    if best is None:
        assert chosen.empty
        return
    short = chosen["jp_remaining"].to_numpy() > 0
    value = (chosen["expected_gain"] * np.where(short, 1 + JP_PRIORITY, 1.0)).sum()
    assert value == pytest.approx(best[0], abs=1e-9)
    if params["fill_without_gain"]:
        assert len(chosen) == best[1]
    quota = params["max_per_unit"]
    if quota is not None:
        assert max(Counter(chosen["unit_id"]).values()) <= quota
    assert not set(ids(chosen)) & set(ids(result.waitlist))


def _someone_selectable(cands: pd.DataFrame, params: dict) -> bool:
    floor = params["min_completion_probability"]
    ok = cands["completion_probability"] >= (floor or 0)
    if not params["fill_without_gain"]:
        ok &= cands["expected_gain"] > 0
    return bool(ok.any())
