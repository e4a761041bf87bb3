"""The fairness audit: hand-computed selection rates, and the audit of a trained bundle."""

from __future__ import annotations

import math

import pandas as pd

from features.pairs import FEATURE_NAMES
from model.engine import Engine
from model.serving import SNAPSHOT_PARTS, load_serving_bundle, serving_bundle
from model.training.fairness import FOUR_FIFTHS, _rates, selection_by_group


def test_the_disparate_impact_ratio_compares_the_lowest_rate_with_the_highest():
    counts = {
        "f": {"eligible": 200, "selected": 30, "gain_sum": 4.0},
        "m": {"eligible": 100, "selected": 20, "gain_sum": 1.0},
        "x": {"eligible": 10, "selected": 0, "gain_sum": 0.0},  # too small to compare
    }
    out = _rates(counts, programs=3)
    assert out["groups"]["f"]["selection_rate"] == 0.15
    assert out["groups"]["m"]["mean_expected_gain"] == 0.01
    assert math.isclose(out["disparate_impact_ratio"], 0.15 / 0.20)
    assert out["four_fifths_met"] is (FOUR_FIFTHS <= 0.75)  # False: 0.75 < 0.8
    alone = _rates({"f": counts["f"]}, programs=1)
    assert alone["disparate_impact_ratio"] is None and alone["four_fifths_met"] is None


def test_a_trained_bundle_is_audited_by_gender_which_is_no_feature(trained):
    assert not any("gender" in name for name in FEATURE_NAMES)
    fairness = trained.metrics["fairness"]
    assert fairness["available"] and set(fairness["selection"]["groups"]) == {"f", "m"}
    for name, group in fairness["selection"]["groups"].items():
        assert 0 < group["selected"] <= group["eligible"]
        risk = fairness["risk"][name]
        assert risk["n"] > 0 and 0 <= risk["mean_predicted"] <= 1
    assert 0 < fairness["selection"]["disparate_impact_ratio"] <= 1


def test_without_upcoming_programs_there_is_no_selection_to_audit(trained):
    bundle = load_serving_bundle(trained.path)
    as_of = bundle.state.as_of
    past = bundle.programs.assign(start_date=bundle.programs["start_date"].clip(upper=as_of))
    snapshot = {name: getattr(bundle, name) for name in SNAPSHOT_PARTS} | {"programs": past}
    engine = Engine(serving_bundle("past-only", {}, bundle.predictor, snapshot))
    assert len(engine.upcoming) == 0
    employees = pd.DataFrame({"employee_id": bundle.state.employee_ids, "gender": "f"})
    audit = selection_by_group(engine, employees.set_index("employee_id")["gender"])
    assert audit["programs"] == 0 and audit["disparate_impact_ratio"] is None
