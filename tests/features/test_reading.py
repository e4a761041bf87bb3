"""Reading table files: encodings, malformed CSV, line numbers, and Parquet's stored types."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from features import columns as col
from features.errors import DataError
from features.loading import load_tables
from tests.features import tiny_tables as tiny
from tests.features.tiny_tables import load, load_error


@pytest.fixture
def world() -> dict[str, tiny.Rows]:
    return tiny.world()


# --- CSV ----------------------------------------------------------------------------------
def test_utf8_bom_is_accepted(tmp_path, world):
    tiny.write_csv(tmp_path, world, encoding="utf-8-sig")
    assert load_tables(tmp_path).competencies[col.COMPETENCY_ID].tolist() == ["C01", "C02", "C03"]


def test_empty_file(tmp_path, world):
    tiny.write_csv(tmp_path, world)
    (tmp_path / "job_roles.csv").write_text("")
    with pytest.raises(DataError, match="empty file") as info:
        load_tables(tmp_path)
    assert info.value.file == "job_roles.csv"


def test_not_utf8_names_the_line(tmp_path, world):
    tiny.set_cell(world, "competencies", 1, col.NAME, "Analisis Kebijakan Publik é")
    tiny.write_csv(tmp_path, world, encoding="latin-1")
    with pytest.raises(DataError, match="UTF-8") as info:
        load_tables(tmp_path)
    assert (info.value.file, info.value.rows) == ("competencies.csv", [3])


@pytest.mark.parametrize("extra", [[], ["pelaksana", "", "x"]], ids=["short", "long"])
def test_ragged_row_names_the_line(tmp_path, world, extra):
    world["job_roles"].append(["R3", "Staf", *extra])
    world["job_roles"].append(["R4", "Staf", "pelaksana", ""])
    error = load_error(tmp_path, world)
    assert (error.file, error.rows) == ("job_roles.csv", [4])
    assert "expected 4" in error.problem


def test_repeated_header_column(tmp_path, world):
    world["competencies"] = [[*row, row[1]] for row in world["competencies"]]
    assert "name" in load_error(tmp_path, world).problem


def test_line_numbers_count_blank_lines_and_quoted_line_breaks(tmp_path, world):
    tiny.set_cell(world, "competencies", 0, col.NAME, "Integritas\ndan Etika")
    tiny.set_cell(world, "competencies", 2, col.CATEGORY, "spiritual")
    tiny.write_csv(tmp_path, world)
    path = tmp_path / "competencies.csv"
    path.write_text(path.read_text().replace("\nC02", "\n\nC02"))
    with pytest.raises(DataError) as info:
        load_tables(tmp_path)
    assert info.value.rows == [6]  # header 1, C01 2-3, blank 4, C02 5, C03 6


def test_only_empty_cells_are_missing(tmp_path, world):
    tiny.set_cell(world, "job_roles", 1, col.JOB_FAMILY, "NA")
    assert load(tmp_path, world).job_roles[col.JOB_FAMILY].tolist() == ["policy", "NA"]


def test_header_names_are_stripped(tmp_path, world):
    world["competencies"][0] = [" competency_id", "name ", "category"]
    assert len(load(tmp_path, world).competencies) == 3


# --- Parquet ------------------------------------------------------------------------------
def test_parquet_tables_load_like_csv(tmp_path, world):
    tiny.write_csv(tmp_path, world)
    for table in ("employees", "evaluations", "programs"):
        tiny.to_parquet(tmp_path, table)
    from_parquet = load_tables(tmp_path)
    from_csv = load(tmp_path / "csv", world)
    for name, frame in from_csv.as_dict().items():
        pd.testing.assert_frame_equal(from_parquet.as_dict()[name], frame)


def test_parquet_native_types(tmp_path, world):
    tiny.write_csv(tmp_path, world)
    programs = pd.DataFrame(
        {
            col.PROGRAM_ID: [1, 2],  # integer ids become their decimal text
            col.TITLE: ["A", "B"],
            col.METHOD: pd.Categorical(["workshop", "E_Learning"]),
            col.DURATION_JP: [8, 16],
            col.COST: [0, 1_000_000],
            col.CAPACITY: [10.0, 20.0],
            col.START_DATE: [dt.date(2024, 1, 2), dt.date(2025, 1, 2)],
        }
    )
    tiny.to_parquet(tmp_path, "programs", programs)
    (tmp_path / "program_competencies.csv").write_text(
        "program_id,competency_id,target_level\n1,C01,3\n"
    )
    enrollments = (
        f"employee_id,program_id,enrolled_at,status\n{tiny.NIP_A},2,2024-01-02,completed\n"
    )
    (tmp_path / "enrollments.csv").write_text(enrollments)
    tables = load_tables(tmp_path)
    assert tables.programs[col.PROGRAM_ID].tolist() == ["1", "2"]
    assert tables.programs[col.METHOD].tolist() == ["workshop", "e_learning"]
    assert tables.programs[col.CAPACITY].dtype == "int64"
    assert tables.programs[col.START_DATE].dtype == "datetime64[ns]"
    assert tables.snapshot_date() == dt.date(2024, 5, 20)


def test_parquet_error_names_the_one_based_row(tmp_path, world):
    tiny.set_cell(world, "evaluations", 2, col.SOURCE, "boss")
    tiny.write_csv(tmp_path, world)
    tiny.to_parquet(tmp_path, "evaluations")
    with pytest.raises(DataError) as info:
        load_tables(tmp_path)
    assert (info.value.file, info.value.column, info.value.rows) == (
        "evaluations.parquet",
        col.SOURCE,
        [3],
    )


def test_parquet_float_ids_are_refused(tmp_path, world):
    tiny.write_csv(tmp_path, world)
    frame = pd.DataFrame(
        {col.COMPETENCY_ID: [1.0, 2.0], col.NAME: ["a", "b"], col.CATEGORY: ["technical"] * 2}
    )
    tiny.to_parquet(tmp_path, "competencies", frame)
    with pytest.raises(DataError, match="expected text, found Parquet type double") as info:
        load_tables(tmp_path)
    assert info.value.column == col.COMPETENCY_ID


def test_not_a_parquet_file(tmp_path, world):
    tiny.write_csv(tmp_path, world)
    (tmp_path / "units.csv").unlink()
    (tmp_path / "units.parquet").write_bytes(b"unit_id,name\n001,Biro\n")
    with pytest.raises(DataError, match="cannot be read as Parquet") as info:
        load_tables(tmp_path)
    assert info.value.file == "units.parquet"


def test_parquet_timestamps_are_cut_to_the_day(tmp_path, world):
    tiny.write_csv(tmp_path, world)
    frame = pd.read_csv(tmp_path / "enrollments.csv", dtype=str, keep_default_na=False)
    stamps = pd.to_datetime(frame[col.ENROLLED_AT]) + pd.Timedelta(hours=15)
    tiny.to_parquet(tmp_path, "enrollments", frame.assign(enrolled_at=stamps.dt.tz_localize("UTC")))
    enrolled = load_tables(tmp_path).enrollments[col.ENROLLED_AT]
    assert enrolled.dtype == "datetime64[ns]"
    assert enrolled.iloc[0] == pd.Timestamp("2024-03-15")
