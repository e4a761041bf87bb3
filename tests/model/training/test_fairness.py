"""The fairness audit: hand-computed selection rates, and the audit of a trained bundle."""

from __future__ import annotations

import math

import pandas as pd

from features.pairs import FEATURE_NAMES
from model.bundles.serving import SNAPSHOT_PARTS, load_serving_bundle, serving_bundle
from model.engine import Engine
from model.training.fairness import FOUR_FIFTHS, _rates, audited_groups, selection_by_group


def test_the_disparate_impact_ratio_compares_selections_with_equal_chances():
    counts = {
        # f: 200 eligible, 30 selected where equal chances within programs gave 40
        "f": {"eligible": 200, "selected": 30, "expected": 40.0, "gain_sum": 4.0},
        "m": {"eligible": 100, "selected": 20, "expected": 20.0, "gain_sum": 1.0},
        "x": {"eligible": 10, "selected": 0, "expected": 2.0, "gain_sum": 0.0},  # too small
    }
    out = _rates(counts, programs=3)
    assert out["groups"]["f"]["selection_rate"] == 0.15
    assert out["groups"]["f"]["selected_vs_expected"] == 0.75
    assert out["groups"]["m"]["mean_expected_gain"] == 0.01
    assert math.isclose(out["disparate_impact_ratio"], 0.75 / 1.0)
    assert out["four_fifths_met"] is False  # 0.75 < 0.8
    alone = _rates({"f": counts["f"]}, programs=1)
    assert alone["disparate_impact_ratio"] is None and alone["four_fifths_met"] is None
    assert FOUR_FIFTHS == 0.8


def test_a_trained_bundle_is_audited_by_gender_which_is_no_feature_and_by_age(trained):
    assert not any("gender" in name for name in FEATURE_NAMES)
    gender, age = trained.metrics["fairness"]["gender"], trained.metrics["fairness"]["age_group"]
    assert gender["available"] and set(gender["selection"]["groups"]) == {"f", "m"}
    assert set(age["selection"]["groups"]) <= {"under 30", "30-39", "40-49", "50 and over"}
    for audit in (gender, age):
        for name, group in audit["selection"]["groups"].items():
            assert 0 <= group["selected"] <= group["eligible"]
            assert 0 <= audit["risk"].get(name, {"mean_predicted": 0})["mean_predicted"] <= 1
        assert 0 < audit["selection"]["disparate_impact_ratio"] <= 1
    assert gender["selection"]["programs"] == age["selection"]["programs"] > 0


def test_the_floored_selection_stands_beside_todays(trained):
    """Each program refilled under a 0.8 floor: every group at 0.8 of its expected seats
    over the programs the floor fits, and no more priority than today's selection."""
    for audit in trained.metrics["fairness"].values():
        selection = audit["selection"]
        assert selection["floor"]["min_ratio"] == 0.8
        groups = selection["groups"].values()
        today = sum(g["selected_gain"] for g in groups)
        # selection maximises priority (gain, 5 % more for those short of JP), not gain alone
        assert sum(g["floor_selected_gain"] for g in groups) <= today * 1.05 + 1e-9
        if selection["floor"]["programs_unmet"] == 0:
            for group in groups:
                ratio = group["floor_selected_vs_expected"]
                assert math.isnan(ratio) or ratio >= 0.8 - 1e-9


def test_age_groups_by_hand():
    employees = pd.DataFrame(
        {
            "employee_id": ["a", "b", "c", "d"],
            "birth_date": pd.to_datetime(["2000-01-01", "1990-06-30", "1970-01-01", None]),
            "gender": ["f", None, "m", "f"],
        }
    )
    groups = audited_groups(employees, pd.Timestamp("2026-06-30"))
    assert groups["age_group"].iloc[:3].tolist() == ["under 30", "30-39", "50 and over"]
    assert pd.isna(groups["age_group"].iloc[3]) and pd.isna(groups["gender"].iloc[1])


def test_without_upcoming_programs_there_is_no_selection_to_audit(trained):
    bundle = load_serving_bundle(trained.path)
    as_of = bundle.state.as_of
    past = bundle.programs.assign(start_date=bundle.programs["start_date"].clip(upper=as_of))
    snapshot = {name: getattr(bundle, name) for name in SNAPSHOT_PARTS} | {"programs": past}
    engine = Engine(serving_bundle("past-only", {}, bundle.predictor, snapshot))
    assert len(engine.upcoming) == 0
    employees = pd.DataFrame({"employee_id": bundle.state.employee_ids, "gender": "f"})
    audit = selection_by_group(engine, {"gender": employees.set_index("employee_id")["gender"]})
    assert audit["gender"]["programs"] == 0 and audit["gender"]["disparate_impact_ratio"] is None
