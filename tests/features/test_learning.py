"""Programs' optional learning path and kind (contract section 5), and the JP ledger by
category: leadership (structural), functional, technical, other."""

from __future__ import annotations

import pandas as pd
import pytest

from features import columns as col
from features.learning import LEDGER_CATEGORIES, jp_by_category, programs_paths
from tests.features import tiny_tables as tiny
from tests.features.tiny_tables import load, load_error


def _with(world: dict[str, tiny.Rows], column: str, first: str, second: str) -> None:
    programs = world["programs"]
    programs[0].append(column)
    programs[1].append(first)
    programs[2].append(second)


def test_path_and_kind_are_optional_and_loaded(tmp_path):
    world = tiny.world()
    tables = load(tmp_path / "absent", world)
    assert tables.programs[col.PATH].isna().all() and tables.programs[col.KIND].isna().all()
    _with(world, col.KIND, " Coaching ", "")
    _with(world, col.PATH, "", "classical")
    programs = load(tmp_path / "given", world).programs
    assert programs[col.KIND].iloc[0] == "coaching" and programs[col.KIND].isna().iloc[1]
    # an empty path follows from the kind: a coaching is non-classical
    assert programs_paths(programs).tolist() == ["non_classical", "classical"]


@pytest.mark.parametrize(("column", "value"), [(col.KIND, "diklat"), (col.PATH, "both")])
def test_a_value_outside_the_contract_lists_is_named(tmp_path, column, value):
    world = tiny.world()
    _with(world, column, "technical" if column == col.KIND else "classical", value)
    error = load_error(tmp_path, world)
    assert (error.file, error.column, error.rows) == ("programs.csv", column, [3])
    assert "unknown value" in error.problem


def test_the_ledger_splits_jp_this_year_by_category():
    programs = pd.DataFrame(
        {
            col.PROGRAM_ID: ["S", "F", "T", "C", "N", "OLD"],
            col.START_DATE: pd.to_datetime(["2024-02-01"] * 5 + ["2023-02-01"]),
            col.DURATION_JP: [40, 12, 8, 2, 3, 30],
            col.METHOD: "classroom",
            col.KIND: ["structural", "functional", "technical", "coaching", None, "technical"],
        }
    )
    enrollments = pd.DataFrame(
        {
            col.EMPLOYEE_ID: ["a", "a", "a", "a", "a", "b", "b"],
            col.PROGRAM_ID: ["S", "F", "T", "C", "N", "T", "OLD"],
            col.ENROLLED_AT: pd.to_datetime(["2024-01-20"] * 6 + ["2023-01-20"]),
            col.STATUS: ["completed"] * 4 + ["completed", "dropped", "completed"],
        }
    )
    ledger = jp_by_category(enrollments, programs, pd.Timestamp("2024-06-30"))
    assert list(ledger.columns) == list(LEDGER_CATEGORIES)
    # a coaching and a program of no kind are "other"; a dropout and last year count nothing
    assert ledger.loc["a"].tolist() == [40, 12, 8, 5]
    assert "b" not in ledger.index


def test_the_ledger_adds_up_to_jp_this_year_on_a_generated_world(tmp_path):
    from features.demo import generate_world, write_world
    from features.gaps import employee_needs
    from features.loading import load_tables

    world = generate_world(300, seed=3)
    write_world(world, tmp_path / "data", tmp_path / "truth", fmt="csv")
    tables = load_tables(tmp_path / "data")
    as_of = pd.Timestamp(world.snapshot_date)
    needs = employee_needs(tables, as_of).set_index(col.EMPLOYEE_ID)[col.JP_THIS_YEAR]
    ledger = jp_by_category(tables.enrollments, tables.programs, as_of).sum(axis=1)
    assert (needs > 0).sum() > 10
    assert ledger.reindex(needs.index, fill_value=0).astype(int).to_dict() == needs.to_dict()
