"""A table as a directory of Parquet files (contract section 5): read as one table, its rows
named by file and row within the file, partition directories filling their column."""

from __future__ import annotations

import pandas as pd
import pytest

from features import columns as col
from features.demo import generate_world, write_world
from features.errors import DataError
from features.loading import load_tables


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    folder = tmp_path_factory.mktemp("export")
    write_world(generate_world(120, seed=4), folder / "data", folder / "truth", fmt="parquet")
    return folder / "data"


def _partitioned(export, tmp_path, by: str, edit=None):
    """The export with `employees` as a dataset partitioned by `by`, the column left out of
    the files (the directory names hold it)."""
    data = tmp_path / "data"
    data.mkdir()
    for path in export.iterdir():
        if path.name != "employees.parquet":
            (data / path.name).write_bytes(path.read_bytes())
    employees = pd.read_parquet(export / "employees.parquet")
    if edit is not None:
        edit(employees)
    for value, part in employees.groupby(by, sort=True):
        folder = data / "employees" / f"{by}={value}"
        folder.mkdir(parents=True)
        part.drop(columns=by).to_parquet(folder / "part-0.parquet", index=False)
    return data


def test_a_partitioned_table_loads_like_one_file(export, tmp_path):
    whole = load_tables(export).employees
    parts = load_tables(_partitioned(export, tmp_path, col.UNIT_ID)).employees
    key = col.EMPLOYEE_ID
    pd.testing.assert_frame_equal(
        whole.sort_values(key).reset_index(drop=True),
        parts[whole.columns].sort_values(key).reset_index(drop=True),
    )


def test_an_error_names_the_file_and_its_row(export, tmp_path):
    def spoil(employees: pd.DataFrame) -> None:
        employees.loc[employees.index[-1], col.EDUCATION] = "sd"

    data = _partitioned(export, tmp_path, col.UNIT_ID, spoil)
    employees = pd.read_parquet(export / "employees.parquet")
    unit = employees[col.UNIT_ID].iloc[-1]
    in_part = employees[employees[col.UNIT_ID] == unit]
    row = in_part.index.get_loc(employees.index[-1]) + 1
    with pytest.raises(DataError) as caught:
        load_tables(data)
    assert str(caught.value).startswith(
        f"employees/unit_id={unit}/part-0.parquet, column 'education', row {row}:"
    )


def test_a_directory_without_parquet_files_and_two_forms_of_one_table(export, tmp_path):
    data = _partitioned(export, tmp_path, col.UNIT_ID)
    (data / "employees.parquet").write_bytes((export / "employees.parquet").read_bytes())
    with pytest.raises(DataError, match="both"):
        load_tables(data)
    (data / "employees.parquet").unlink()
    for path in sorted((data / "employees").rglob("*.parquet")):
        path.unlink()
    with pytest.raises(DataError, match=r"a table directory without any \.parquet file"):
        load_tables(data)
