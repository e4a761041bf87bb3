"""Position history: on date t an employee holds the role and unit of their latest assignment."""

from __future__ import annotations

import pandas as pd

from features import columns as col
from features.gaps import employee_needs, gap_profiles
from features.positions import history_notes, positions_at, positions_on, tiers_on
from tests.features import tiny_tables as tiny
from tests.features.tiny_tables import NIP_A, NIP_B, NIP_C, load, load_error, set_cell


def test_assignments_load_and_tell_the_position_history(tmp_path):
    tables = load(tmp_path, tiny.world())
    assert tables.has_position_history
    assert len(tables.assignments) == 3
    assert tables.assignments[col.START_DATE].dtype == "datetime64[ns]"


def test_an_export_without_assignments_has_no_position_history(tmp_path):
    world = tiny.world()
    del world["assignments"]
    tables = load(tmp_path, world)
    assert not tables.has_position_history
    held = positions_at(tables, "2010-01-01").set_index(col.EMPLOYEE_ID)
    assert held.loc[NIP_B, col.ROLE_ID] == "R2"  # today's, for every date


def test_the_latest_assignment_must_agree_with_today(tmp_path):
    world = tiny.world()
    set_cell(world, "assignments", 2, "role_id", "R1")  # NIP_B's latest: R1, but today R2
    error = load_error(tmp_path, world)
    assert error.file == "assignments.csv"
    assert error.column == col.ROLE_ID
    assert error.rows == [4]


def test_an_assignment_names_known_roles(tmp_path):
    world = tiny.world()
    set_cell(world, "assignments", 0, "role_id", "R9")
    error = load_error(tmp_path, world)
    assert (error.file, error.column, error.rows) == ("assignments.csv", col.ROLE_ID, [2])


def test_role_and_unit_are_those_held_on_the_date(tmp_path):
    tables = load(tmp_path, tiny.world())
    before = positions_at(tables, "2019-12-31").set_index(col.EMPLOYEE_ID)
    after = positions_at(tables, "2020-07-01").set_index(col.EMPLOYEE_ID)
    assert tuple(before.loc[NIP_B, [col.ROLE_ID, col.UNIT_ID]]) == ("R1", "001")
    assert tuple(after.loc[NIP_B, [col.ROLE_ID, col.UNIT_ID]]) == ("R2", "002")
    assert before.loc[NIP_C, col.ROLE_ID] == "R1"  # no history: today's


def test_before_the_first_assignment_the_earliest_position_counts(tmp_path):
    world = tiny.world()
    set_cell(world, "assignments", 0, "start_date", "2016-01-01")  # NIP_A hired 2015
    tables = load(tmp_path, world)
    held = positions_on(tables, [NIP_A, NIP_A], pd.to_datetime(["2015-06-01", "2017-01-01"]))
    assert held[col.ROLE_ID].tolist() == ["R1", "R1"]


def test_gaps_follow_the_standard_of_the_position_then(tmp_path):
    tables = load(tmp_path, tiny.world())
    then = gap_profiles(tables, "2019-01-01")
    now = gap_profiles(tables, "2024-06-30")
    of_b = lambda profiles: set(profiles.loc[profiles[col.EMPLOYEE_ID] == NIP_B, "competency_id"])  # noqa: E731
    assert of_b(then) == {"C01", "C02"}  # R1's standard
    assert of_b(now) == {"C01", "C03"}  # R2's standard
    needs = employee_needs(tables, "2019-01-01").set_index(col.EMPLOYEE_ID)
    assert needs.loc[NIP_B, col.UNIT_ID] == "001"


def test_tiers_on_a_date(tmp_path):
    tables = load(tmp_path, tiny.world())
    dates = pd.to_datetime(["2019-01-01", "2021-01-01"])
    assert tiers_on(tables, [NIP_B, NIP_B], dates).tolist() == ["fungsional_ahli", "administrator"]


def test_the_report_says_what_positions_past_decisions_use(tmp_path):
    with_history = history_notes(load(tmp_path / "a", tiny.world()))
    world = tiny.world()
    del world["assignments"]
    without = history_notes(load(tmp_path / "b", world))
    assert with_history["position_history"] and not without["position_history"]
    assert "1 employees changed position" in with_history["note"]
    assert "use today's role and unit" in without["note"]
    assert "location" in without["as_of_today"]
