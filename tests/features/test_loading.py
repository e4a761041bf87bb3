"""Loading and checking the input tables: the happy path, then one test per contract rule."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from features import columns as col
from features import schema
from features.errors import DataError
from features.loading import load_tables, read_table
from tests.features import tiny_tables as tiny
from tests.features.tiny_tables import load, load_error


@pytest.fixture
def world() -> dict[str, tiny.Rows]:
    return tiny.world()


# --- the happy path -----------------------------------------------------------------------
def test_valid_world_loads_with_contract_dtypes(tmp_path, world):
    tables = load(tmp_path, world)
    assert {name: len(frame) for name, frame in tables.as_dict().items()} == {
        name: len(rows) - 1 for name, rows in world.items()
    }
    employees = tables.employees
    assert isinstance(employees[col.EMPLOYEE_ID].dtype, pd.StringDtype)
    assert employees[col.HIRE_DATE].dtype == "datetime64[ns]"
    assert tables.role_requirements[col.REQUIRED_LEVEL].dtype == "int64"
    assert tables.programs[col.COST].dtype == "float64"
    assert tables.performance[col.YEAR].tolist() == [2023, 2023, 2022]
    assert tables.snapshot_date() == dt.date(2024, 6, 30)
    assert list(tables.employees.index) == [0, 1, 2]


def test_ids_keep_leading_zeros(tmp_path, world):
    tables = load(tmp_path, world)
    assert tables.employees[col.EMPLOYEE_ID].iloc[0] == tiny.NIP_A
    assert tables.units[col.UNIT_ID].tolist() == ["001", "002"]


def test_optional_columns_are_present_when_absent_or_empty(tmp_path, world):
    for table, column in [
        ("role_requirements", col.WEIGHT),
        ("job_roles", col.JOB_FAMILY),
        ("employees", col.BIRTH_DATE),
    ]:
        tiny.drop_column(world, table, column)
    tables = load(tmp_path, world)
    assert (tables.role_requirements[col.WEIGHT] == 1.0).all()
    assert tables.job_roles[col.JOB_FAMILY].isna().all()
    assert tables.employees[col.BIRTH_DATE].dtype == "datetime64[ns]"
    assert tables.employees[col.EMPLOYMENT_TYPE].isna().all()  # never in the file
    assert tables.programs[col.PROVIDER].isna().all()
    assert tables.enrollments[col.REACTION_SCORE].isna().all()
    assert tables.program_competencies[col.WEIGHT].tolist() == [1.0, 1.5]  # empty cell -> 1


def test_units_built_from_employees_when_file_absent(tmp_path, world):
    del world["units"]
    tiny.set_cell(world, "employees", 2, col.UNIT_ID, "003")  # not checked without a file
    units = load(tmp_path, world).units
    assert units[col.UNIT_ID].tolist() == ["001", "002", "003"]
    assert units[col.NAME].tolist() == units[col.UNIT_ID].tolist()
    assert units[col.REGION].isna().all()


def test_enums_are_stripped_and_lower_cased(tmp_path, world):
    tiny.set_cell(world, "employees", 0, col.EDUCATION, " S1 ")
    tiny.set_cell(world, "performance", 0, col.RATING, "Baik")
    tables = load(tmp_path, world)
    assert tables.employees[col.EDUCATION].iloc[0] == "s1"
    assert tables.performance[col.RATING].iloc[0] == "baik"


def test_whole_floats_accepted_as_ints_and_extra_columns_dropped(tmp_path, world):
    tiny.set_cell(world, "programs", 0, col.DURATION_JP, "40.0")
    world["programs"] = [[*row, "extra"] for row in world["programs"]]
    programs = load(tmp_path, world).programs
    assert programs[col.DURATION_JP].tolist() == [40, 24]
    assert list(programs.columns) == schema.PROGRAMS.names


def test_read_table_checks_one_file(tmp_path, world):
    tiny.write_csv(tmp_path, world)
    frame = read_table(tmp_path / "programs.csv", schema.PROGRAMS)
    assert frame[col.START_DATE].iloc[1] == pd.Timestamp("2024-09-01")


# --- files --------------------------------------------------------------------------------
def test_missing_required_table(tmp_path, world):
    del world["programs"]
    error = load_error(tmp_path, world)
    assert error.file == "programs.csv"
    assert "programs.parquet" in str(error)


def test_missing_data_directory(tmp_path):
    with pytest.raises(DataError, match="not found"):
        load_tables(tmp_path / "nowhere")


def test_both_csv_and_parquet_is_an_error(tmp_path, world):
    tiny.write_csv(tmp_path, world)
    pd.DataFrame({"x": [1]}).to_parquet(tmp_path / "employees.parquet")
    with pytest.raises(DataError, match=r"employees\.csv and employees\.parquet .*remove one"):
        load_tables(tmp_path)


def test_missing_required_column(tmp_path, world):
    tiny.drop_column(world, "employees", col.HIRE_DATE)
    error = load_error(tmp_path, world)
    assert (error.file, error.column, error.rows) == ("employees.csv", col.HIRE_DATE, [])
    assert "the file has: employee_id, role_id, unit_id, birth_date" in error.problem


def test_file_without_any_contract_column(tmp_path, world):
    world["units"] = [["Unit ID", "Nama"], ["001", "Biro Umum"]]
    error = load_error(tmp_path, world)
    assert (error.file, error.column) == ("units.csv", col.UNIT_ID)
    assert "the file has: Unit ID, Nama" in error.problem


# --- cells --------------------------------------------------------------------------------
CELL_RULES = [
    # table, data row, column, value, words of the problem
    ("employees", 1, col.HIRE_DATE, "", "empty cell"),
    ("competencies", 2, col.NAME, "   ", "empty cell"),
    ("role_requirements", 2, col.REQUIRED_LEVEL, "3.5", "whole number"),
    ("performance", 1, col.YEAR, "2023a", "whole number"),
    ("evaluations", 4, col.LEVEL, "tiga", "a number"),
    ("evaluations", 0, col.LEVEL, "nan", "a number"),
    ("programs", 1, col.COST, "inf", "a number"),
    ("employees", 2, col.HIRE_DATE, "01/02/2015", "ISO date"),
    ("employees", 0, col.BIRTH_DATE, "1990-2-2", "ISO date"),
    ("enrollments", 2, col.ENROLLED_AT, "2024-02-30", "ISO date"),
    ("evaluations", 3, col.SOURCE, "boss", "allowed: self, supervisor, peer"),
    ("employees", 1, col.GENDER, "x", "allowed: m, f"),
    ("role_requirements", 0, col.REQUIRED_LEVEL, "6", "between 1 and 5"),
    ("role_requirements", 3, col.WEIGHT, "0", "> 0"),
    ("evaluations", 2, col.LEVEL, "0.5", "between 1 and 5"),
    ("performance", 2, col.YEAR, "1900", "between 1950 and 2100"),
    ("programs", 0, col.DURATION_JP, "0", "> 0"),
    ("programs", 1, col.COST, "-1", ">= 0"),
    ("programs", 1, col.CAPACITY, "-3", "> 0"),
    ("program_competencies", 1, col.TARGET_LEVEL, "0", "between 1 and 5"),
    ("enrollments", 0, col.POST_SCORE, "101", "between 0 and 100"),
]


@pytest.mark.parametrize(("table", "row", "column", "value", "words"), CELL_RULES)
def test_broken_cell_is_named_by_file_column_and_line(
    tmp_path, world, table, row, column, value, words
):
    tiny.set_cell(world, table, row, column, value)
    error = load_error(tmp_path, world)
    assert (error.file, error.column, error.rows, error.n_bad) == (
        f"{table}.csv",
        column,
        [row + 2],
        1,
    )
    assert words in error.problem


def test_error_counts_every_bad_row_and_shows_the_first(tmp_path, world):
    for row in range(5):
        tiny.set_cell(world, "evaluations", row, col.SOURCE, "atasan")
    error = load_error(tmp_path, world)
    assert (error.rows, error.n_bad) == ([2, 3, 4, 5, 6], 5)
    world["evaluations"] += world["evaluations"][1:]  # 10 bad rows, 5 shown
    error = load_error(tmp_path, world)
    assert error.n_bad == 10
    assert "(and 5 more)" in str(error)
    assert "'atasan'" in str(error)


def test_tables_are_checked_in_dependency_order(tmp_path, world):
    tiny.set_cell(world, "enrollments", 0, col.STATUS, "lulus")
    tiny.set_cell(world, "competencies", 0, col.CATEGORY, "teknis")
    assert load_error(tmp_path, world).file == "competencies.csv"


# --- keys ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("table", "copy_from", "copy_to", "key_column", "rows"),
    [
        ("competencies", 0, 2, col.COMPETENCY_ID, [2, 4]),
        ("performance", 0, 1, "employee_id, year", [2, 3]),
        ("enrollments", 1, 2, "employee_id, program_id", [3, 4]),
    ],
)
def test_duplicate_key_names_every_copy(
    tmp_path, world, table, copy_from, copy_to, key_column, rows
):
    world[table][copy_to + 1] = list(world[table][copy_from + 1])
    error = load_error(tmp_path, world)
    assert (error.file, error.column, error.rows) == (f"{table}.csv", key_column, rows)
    assert "duplicate key" in error.problem
    if col.EMPLOYEE_ID in key_column:  # personal data: shown by its length only
        employee = world[table][copy_from + 1][world[table][0].index(col.EMPLOYEE_ID)]
        assert employee not in str(error) and "characters>" in error.problem


@pytest.mark.parametrize(
    ("table", "row", "column", "value", "target"),
    [
        ("role_requirements", 1, col.COMPETENCY_ID, "C99", "competencies.csv"),
        ("employees", 2, col.ROLE_ID, "R9", "job_roles.csv"),
        ("employees", 0, col.UNIT_ID, "1", "units.csv"),
        ("evaluations", 3, col.EMPLOYEE_ID, "99", "employees.csv"),
        ("performance", 0, col.EMPLOYEE_ID, tiny.NIP_A.lstrip("0"), "employees.csv"),
        ("program_competencies", 0, col.PROGRAM_ID, "P9", "programs.csv"),
        ("enrollments", 1, col.PROGRAM_ID, "P3", "programs.csv"),
    ],
)
def test_dangling_foreign_key(tmp_path, world, table, row, column, value, target):
    tiny.set_cell(world, table, row, column, value)
    error = load_error(tmp_path, world)
    assert (error.file, error.column, error.rows) == (f"{table}.csv", column, [row + 2])
    assert target in error.problem
    if column in col.PERSONAL:  # an NIP is personal data: only its length is shown
        assert value not in str(error) and f"{len(value)} characters" in error.problem
    else:
        assert repr(value) in error.problem


# --- set-valued cells ---------------------------------------------------------------------
def _with_audience(world: dict[str, tiny.Rows], first: str, second: str) -> None:
    programs = world["programs"]
    programs[0].append(col.AUDIENCE)
    programs[1].append(first)
    programs[2].append(second)


def test_an_audience_is_a_normalised_set_of_tiers(tmp_path, world):
    _with_audience(world, "", " Pengawas ;administrator; pengawas;")
    audience = load(tmp_path, world).programs[col.AUDIENCE]
    assert audience.isna().iloc[0]
    assert audience.iloc[1] == "administrator;pengawas"


def test_an_unknown_tier_in_an_audience_is_named(tmp_path, world):
    _with_audience(world, "pelaksana", "pengawas;kepala")
    error = load_error(tmp_path, world)
    assert (error.file, error.column, error.rows) == ("programs.csv", col.AUDIENCE, [3])
    assert "allowed: jpt_utama" in error.problem and "pengawas;kepala" in str(error)
