"""The demo world's careers: promotions and transfers, recorded as `assignments`."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from features import columns as col
from features.demo import World, generate_world
from features.demo import positions as careers
from features.demo.__main__ import main
from features.demo.organisation import build_organisation

SEED = 11
ASSIGNMENTS = "assignments"
STRUCTURAL = ("pelaksana", "pengawas", "administrator", "jpt_pratama")
FUNCTIONAL = ("fungsional_terampil", "fungsional_ahli")


@pytest.fixture(scope="module")
def world() -> World:
    return generate_world(1500, seed=SEED)


@pytest.fixture(scope="module")
def changes(world) -> pd.DataFrame:
    """Every assignment after an employee's first, beside the one before it."""
    a = world.tables[ASSIGNMENTS]
    before = a.groupby(col.EMPLOYEE_ID)[[col.ROLE_ID, col.UNIT_ID]].shift()
    tiers = world.tables[col.JOB_ROLES].set_index(col.ROLE_ID)
    out = a.assign(prev_role=before[col.ROLE_ID], prev_unit=before[col.UNIT_ID])
    out = out[out["prev_role"].notna()].copy()
    for side, role in (("new", col.ROLE_ID), ("old", "prev_role")):
        out[f"{side}_tier"] = out[role].map(tiers[col.TIER]).to_numpy()
        out[f"{side}_family"] = out[role].map(tiers[col.JOB_FAMILY]).to_numpy()
    return out


def test_every_employee_has_a_first_assignment_on_the_hire_date(world):
    a, employees = world.tables[ASSIGNMENTS], world.tables[col.EMPLOYEES]
    first = a.groupby(col.EMPLOYEE_ID).head(1).set_index(col.EMPLOYEE_ID)
    hired = employees.set_index(col.EMPLOYEE_ID)[col.HIRE_DATE]
    assert set(first.index) == set(hired.index)
    assert (first[col.START_DATE].reindex(hired.index) == hired).all()
    assert not a.duplicated([col.EMPLOYEE_ID, col.START_DATE]).any()
    assert a[col.START_DATE].max() <= pd.Timestamp(world.snapshot_date)
    assert a[col.ROLE_ID].isin(world.tables[col.JOB_ROLES][col.ROLE_ID]).all()
    assert a[col.UNIT_ID].isin(world.tables[col.UNITS][col.UNIT_ID]).all()


def test_employees_hold_their_latest_assignment(world):
    latest = world.tables[ASSIGNMENTS].groupby(col.EMPLOYEE_ID).tail(1).set_index(col.EMPLOYEE_ID)
    today = world.tables[col.EMPLOYEES].set_index(col.EMPLOYEE_ID)
    pd.testing.assert_frame_equal(
        latest.loc[today.index, [col.ROLE_ID, col.UNIT_ID]], today[[col.ROLE_ID, col.UNIT_ID]]
    )


def test_some_are_promoted_and_some_move_units_over_the_history(world, changes):
    n = len(world.tables[col.EMPLOYEES])
    promoted = changes[changes[col.ROLE_ID] != changes["prev_role"]]
    moved = changes[(changes[col.ROLE_ID] == changes["prev_role"])]
    assert (moved[col.UNIT_ID] != moved["prev_unit"]).all()  # no empty change is recorded
    assert 0.03 <= promoted[col.EMPLOYEE_ID].nunique() / n <= 0.15
    assert 0.03 <= moved[col.EMPLOYEE_ID].nunique() / n <= 0.15
    assert changes[col.START_DATE].dt.day.eq(1).all()  # decrees take effect on the 1st


def test_a_promotion_climbs_one_rung_within_the_job_family(world, changes):
    promoted = changes[changes[col.ROLE_ID] != changes["prev_role"]]
    assert (promoted["new_family"] == promoted["old_family"]).all()
    rank = {t: i for ladder in (STRUCTURAL, FUNCTIONAL) for i, t in enumerate(ladder)}
    structural = promoted["old_tier"].isin(STRUCTURAL)
    assert (promoted["new_tier"].isin(STRUCTURAL) == structural).all()
    steps = promoted["new_tier"].map(rank) - promoted["old_tier"].map(rank)
    within = promoted["old_tier"] == "fungsional_ahli"  # pertama -> muda -> madya
    assert steps[~within].eq(1).all() and steps[within].eq(0).all()
    roles = world.tables[col.JOB_ROLES].set_index(col.ROLE_ID)[col.TITLE]
    jenjang = roles.str.split().str[-1].map({"Pertama": 0, "Muda": 1, "Madya": 2})
    grade = promoted.loc[within, [col.ROLE_ID, "prev_role"]].apply(lambda s: s.map(jenjang))
    assert (grade[col.ROLE_ID] - grade["prev_role"]).eq(1).all()
    assert set(promoted["new_tier"]) >= {"pengawas", "administrator", "fungsional_ahli"}


def test_mandatory_leadership_training_follows_the_position_held_then(world, changes):
    """PKP is for newly appointed pengawas: a promoted pelaksana enrols after the promotion,
    which a generator reading today's roles for the past would not do."""
    programs = world.tables[col.PROGRAMS]
    pkp = programs.loc[programs[col.PROGRAM_ID].str.startswith("PKP-"), col.PROGRAM_ID]
    enrolled = world.tables[col.ENROLLMENTS]
    enrolled = enrolled[enrolled[col.PROGRAM_ID].isin(pkp)]
    up = changes[(changes["old_tier"] == "pelaksana") & (changes["new_tier"] == "pengawas")]
    taken = enrolled.merge(up[[col.EMPLOYEE_ID, col.START_DATE]], on=col.EMPLOYEE_ID)
    assert len(taken) >= 5
    assert (taken[col.ENROLLED_AT] >= taken[col.START_DATE]).all()
    held = pd.merge_asof(
        enrolled.sort_values(col.ENROLLED_AT),
        world.tables[ASSIGNMENTS].sort_values(col.START_DATE),
        left_on=col.ENROLLED_AT,
        right_on=col.START_DATE,
        by=col.EMPLOYEE_ID,
    )
    tiers = world.tables[col.JOB_ROLES].set_index(col.ROLE_ID)[col.TIER]
    assert held[col.ROLE_ID].map(tiers).eq("pengawas").all()


def test_truth_uses_the_standard_of_the_role_held_at_the_snapshot(world):
    levels = world.truth["true_levels"]
    today = world.tables[col.EMPLOYEES][[col.EMPLOYEE_ID, col.ROLE_ID]]
    expected = today.merge(world.tables[col.ROLE_REQUIREMENTS], on=col.ROLE_ID)
    merged = levels.merge(expected, on=[col.EMPLOYEE_ID, col.COMPETENCY_ID], how="outer")
    assert (merged[col.REQUIRED_LEVEL + "_x"] == merged[col.REQUIRED_LEVEL + "_y"]).all()


def test_without_position_changes_everyone_keeps_one_assignment():
    world = generate_world(300, seed=SEED, position_changes=False)
    a, employees = world.tables[ASSIGNMENTS], world.tables[col.EMPLOYEES]
    assert len(a) == len(employees) and a[col.EMPLOYEE_ID].is_unique
    same = employees.merge(a, on=[col.EMPLOYEE_ID, col.ROLE_ID, col.UNIT_ID])
    assert (same[col.START_DATE] == same[col.HIRE_DATE]).all() and len(same) == len(employees)
    assert world.meta["position_changes"] is False


def test_position_changes_are_deterministic_by_seed(world):
    again = generate_world(1500, seed=SEED)
    pd.testing.assert_frame_equal(world.tables[ASSIGNMENTS], again.tables[ASSIGNMENTS])
    other = generate_world(1500, seed=SEED + 1)
    assert not other.tables[ASSIGNMENTS].equals(world.tables[ASSIGNMENTS])


def test_command_line_can_turn_position_changes_off(tmp_path):
    out, truth = tmp_path / "demo", tmp_path / "truth"
    args = ["--out", str(out), "--truth-out", str(truth), "--employees", "120"]
    assert main([*args, "--no-position-changes"]) == 0
    written = pd.read_csv(out / "assignments.csv", dtype="str")
    assert written[col.EMPLOYEE_ID].is_unique and len(written) == 120


# --- the mechanism, on hand-made cases -----------------------------------------------------
def test_merit_rewards_skp_courses_and_the_leadership_course():
    done = np.zeros((4, 3), dtype=bool)
    done[1, :2] = done[2, :2] = done[3, :2] = True
    rating = np.array([1, 1, 1, 0])  # baik, baik, baik, sangat_baik
    strength = careers.merit(rating, done, np.array([False, False, True, True]))
    expected = np.array([1.0, 1.6, 6.4, 16.0])  # (1 + 0.3 x courses) x 4 if led x SKP
    np.testing.assert_allclose(strength, expected)


def test_promotions_go_to_merit_and_keep_the_rung_rate():
    organisation = build_organisation(np.random.default_rng(0))
    paths = careers.career_paths(organisation)
    pelaksana = np.flatnonzero(paths.rung == "pelaksana")[0]
    n = 40_000
    role = np.full(n, pelaksana)
    posts = careers.Posts.hired(role, np.zeros(n, int), np.zeros(n, "datetime64[D]"), role * 0)
    strength = np.where(np.arange(n) < n // 2, 0.0, 1.0)
    emp, new_role = careers.promotions(
        paths, posts, strength, np.ones(n, bool), np.random.default_rng(1)
    )
    assert (emp >= n // 2).all()  # nobody without merit
    assert abs(emp.size / n - careers.PROMOTION_YEARLY["pelaksana"] / 4) < 0.002
    assert set(paths.rung[new_role]) == {"pengawas"}
    assert (organisation.role_family[new_role] == organisation.role_family[pelaksana]).all()
