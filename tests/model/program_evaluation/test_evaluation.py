"""Program evaluation on hand-made worlds whose answers are known."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from features import columns as col
from model.errors import NotFoundError
from model.program_evaluation import evaluate_programs
from model.program_evaluation.ranking import rank_courses
from model.program_evaluation.views import course_ranking, program_evaluation
from tests.model.program_evaluation import hand_world as hw

PARTICIPANTS = [f"P{i:02d}" for i in range(12)]
CONTROLS = [f"N{i:02d}" for i in range(24)]
LEFT = ["D1", "D2", "D3"]  # enrolled in course A without completing
ALONE = ["Q1", "Q2", "Q3"]  # the only holders of role R2, all trained in course C
EFFECTS = np.array([1.0, 2.0] * 6)  # each participant's own effect: the course's is 1.5
DRIFT = 0.2  # everyone's rating rises this much anyway


@pytest.fixture(scope="module")
def world():
    prior = np.tile([2.0, 2.5, 3.0], 4)
    control_prior = np.tile([2.0, 2.5, 3.0], 8)
    evaluations = pd.concat(
        [
            hw.ratings(PARTICIPANTS, "C1", prior, prior + DRIFT + EFFECTS),
            hw.ratings(CONTROLS, "C1", control_prior, control_prior + DRIFT),
            hw.ratings(ALONE, "C1", np.full(3, 2.0), np.full(3, 3.0)),
        ],
        ignore_index=True,
    )
    programs = hw.programs_frame(
        [
            hw.program("A-1", "Kursus A Angkatan 1 Tahun 2024"),
            hw.program("A-2", "Kursus A Angkatan 1 Tahun 2026")
            | {col.START_DATE: pd.Timestamp("2026-02-01")},
            hw.program("B-1", "Kursus B Angkatan 1 Tahun 2024"),
            hw.program("C-1", "Kursus C Angkatan 1 Tahun 2024"),
            hw.program("E-1", "Kursus E") | {col.START_DATE: pd.Timestamp("2025-06-01")},
        ]
    )
    scored = [
        hw.enrolment(p, "A-1", pre=50.0, post=75.0, reaction=4.0 + i % 2)
        for i, p in enumerate(PARTICIPANTS)
    ]
    left = [hw.enrolment(e, "A-1", s) for e, s in zip(LEFT, col.NOT_COMPLETED, strict=True)]
    others = [hw.enrolment(p, "B-1") for p in PARTICIPANTS[:3]]
    others += [hw.enrolment(q, "C-1") for q in ALONE]
    others += [hw.enrolment(CONTROLS[0], "E-1", col.IN_PROGRESS)]
    employees = pd.concat(
        [hw.employees_frame(PARTICIPANTS + CONTROLS + LEFT), hw.employees_frame(ALONE, "R2")],
        ignore_index=True,
    )
    tables = hw.tables_of(
        employees,
        evaluations,
        programs,
        hw.targets([("A-1", "C1"), ("A-2", "C1"), ("B-1", "C2"), ("C-1", "C1"), ("E-1", "C2")]),
        hw.enrollments_frame(scored + left + others),
    )
    return evaluate_programs(tables, hw.AS_OF)


def test_known_effect_is_recovered_with_its_t_interval(world):
    answer = world.program("A-1")
    change = answer["behavior_change"]
    half = stats.t.ppf(0.975, 11) * np.std(EFFECTS, ddof=1) / np.sqrt(12)
    assert change["effect"] == pytest.approx(1.5)
    assert change["ci_low"] == pytest.approx(1.5 - half)
    assert change["ci_high"] == pytest.approx(1.5 + half)
    assert change["n_participants"] == 12
    assert 10 <= change["n_comparison"] <= len(CONTROLS)
    # the naive before/after counts everyone's drift as the course's doing
    assert change["naive_before_after"]["mean"] == pytest.approx(1.5 + DRIFT)
    assert answer["evidence"]["status"] == "sufficient"


def test_levels_one_two_completion_and_cost_by_hand(world):
    answer = world.program("A-2")  # an upcoming session: its course's past is shown
    assert answer["course"] == "kursus a"
    assert answer["completion"] == {
        "rate": pytest.approx(12 / 15),
        "n": 15,
        "n_enrolled": 15,
        "n_completed": 12,
        "reasons": {"dropped": 1, "failed": 1, "no_show": 1},
    }
    assert answer["reaction"]["mean"] == pytest.approx(4.5)
    assert answer["reaction"]["response_rate"] == pytest.approx(12 / 14)  # no-shows not asked
    gain = answer["learning_gain"]
    assert (gain["mean"], gain["ci_low"], gain["ci_high"], gain["n"]) == (0.5, 0.5, 0.5, 12)
    cost = answer["cost"]
    assert cost["per_participant"] == hw.COST
    assert cost["per_unit_effect"] == pytest.approx(hw.COST / 1.5)
    assert cost["effect_per_million"] == pytest.approx(1.5)
    assert [m["method"] for m in answer["by_method"]] == ["classroom"]
    assert answer["results"] is None  # no unit indicators


def test_course_without_evaluations_is_not_enough_evidence(world):
    answer = world.program("B-1")
    assert answer["evidence"]["status"] == "insufficient"
    assert "rated by a supervisor or peer" in answer["evidence"]["reason"]
    change = answer["behavior_change"]
    assert change["effect"] is None and change["ci_low"] is None
    assert change["n_participants"] == 0
    assert answer["learning_gain"]["mean"] is None  # no tests taken: null, not 0


def test_course_without_comparison_group_is_not_enough_evidence(world):
    answer = world.program("C-1")
    assert answer["evidence"]["status"] == "insufficient"
    assert answer["evidence"]["reason"].startswith("no comparison group")
    assert answer["behavior_change"]["effect"] is None
    assert answer["behavior_change"]["naive_before_after"]["mean"] == pytest.approx(1.0)


def test_course_still_running_has_nothing_to_show_yet(world):
    answer = world.program("E-1")
    assert answer["completion"]["rate"] is None and answer["completion"]["n_enrolled"] == 1
    assert answer["reaction"] == {"mean": None, "sd": None, "n": 0, "response_rate": None}
    assert answer["evidence"] == {"status": "insufficient", "reason": "nobody has completed it yet"}


def test_ranking_never_ranks_insufficient_evidence(world):
    items = rank_courses(world)
    assert (items[0]["course"], items[0]["rank"]) == ("kursus a", 1)
    unranked = {i["course"]: i["rank"] for i in items[1:]}
    assert unranked == {"kursus b": None, "kursus c": None, "kursus e": None}
    assert rank_courses(world, method="e_learning") == []
    assert course_ranking(world, provider="LAN")["items"][0]["provider"] == "LAN"


def test_unknown_program_is_not_found(world):
    with pytest.raises(NotFoundError):
        program_evaluation(world, "NOPE")


def test_matching_removes_regression_to_the_mean():
    """People sent because a noisy rating was low look better next time anyway; a comparison
    group matched on that rating does too, so the course (worth nothing here) gets ~0."""
    rng = np.random.default_rng(5)
    ids = [f"E{i:03d}" for i in range(600)]
    before = 3.0 + rng.normal(0.0, 0.5, 600)
    after = 3.0 + rng.normal(0.0, 0.5, 600)
    sent = (before < 2.8) & (rng.random(600) < 0.5)
    chosen = [e for e, s in zip(ids, sent, strict=True) if s]
    tables = hw.tables_of(
        hw.employees_frame(ids),
        hw.ratings(ids, "C1", before, after),
        hw.programs_frame([hw.program("W-1", "Kursus W")]),
        hw.targets([("W-1", "C1")]),
        hw.enrollments_frame([hw.enrolment(e, "W-1") for e in chosen]),
    )
    change = evaluate_programs(tables, hw.AS_OF).program("W-1")["behavior_change"]
    naive = change["naive_before_after"]
    assert naive["ci_low"] > 0.2  # a spurious "effect" from regression to the mean
    assert change["ci_low"] < 0 < change["ci_high"]
    assert abs(change["effect"]) < 0.15
