"""The semester-shaped world: what a learning-system export looks like."""

from __future__ import annotations

import pandas as pd
import pytest

from features import columns as col
from features.check import main as check
from features.demo import World, generate_world, write_world
from features.demo.__main__ import main

SEED = 5


@pytest.fixture(scope="module")
def world() -> World:
    return generate_world(1500, seed=SEED, shape="semester")


def test_only_e_learning_free_sessions_starting_in_february_or_october(world):
    programs = world.tables[col.PROGRAMS]
    assert set(programs[col.METHOD]) == {"e_learning"}
    assert set(programs[col.START_DATE].dt.month) == {2, 10}
    assert (programs[col.COST] == 0).all()


def test_one_role_no_performance_and_only_post_tests(world):
    tables = world.tables
    assert len(tables[col.JOB_ROLES]) == 1
    assert tables[col.EMPLOYEES][col.ROLE_ID].nunique() == 1
    assert tables[col.PERFORMANCE].empty
    assert list(tables[col.PERFORMANCE].columns) == [col.EMPLOYEE_ID, col.YEAR, col.RATING]
    assert set(tables[col.EVALUATIONS][col.SOURCE]) == {"post_test"}
    assert "assignments" not in tables


def test_there_is_history_and_something_to_recommend(world):
    programs, enrolments = world.tables[col.PROGRAMS], world.tables[col.ENROLLMENTS]
    upcoming = programs[programs[col.START_DATE] > pd.Timestamp(world.snapshot_date)]
    assert len(upcoming) >= 3
    assert len(enrolments) >= 1000 and enrolments[col.STATUS].nunique() >= 3
    pairs = world.truth["upcoming_pairs"]
    assert set(pairs[col.PROGRAM_ID].astype("str")) == set(upcoming[col.PROGRAM_ID])
    assert (pairs["true_benefit"] > 0).any()


def test_the_export_passes_the_contract_check(world, tmp_path, capsys):
    write_world(world, tmp_path / "data", tmp_path / "truth")
    assert check([str(tmp_path / "data")]) == 0
    assert "performance" in capsys.readouterr().out


def test_command_line_writes_a_semester_world(tmp_path):
    out, truth = tmp_path / "lms", tmp_path / "truth"
    args = ["--out", str(out), "--truth-out", str(truth), "--employees", "150"]
    assert main([*args, "--shape", "semester"]) == 0
    programs = pd.read_csv(out / "programs.csv", dtype="str")
    assert set(programs[col.METHOD]) == {"e_learning"}
    assert not (out / "assignments.csv").exists()


def test_an_unknown_shape_is_refused():
    with pytest.raises(ValueError, match="shape must be one of"):
        generate_world(100, shape="weekly")
