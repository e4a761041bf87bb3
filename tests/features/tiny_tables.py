"""A tiny, valid, hand-written HR export, and ways to break it one cell at a time."""

from __future__ import annotations

import copy
import csv
from pathlib import Path

import pandas as pd
import pytest

from features.errors import DataError
from features.loading import load_tables
from features.tables import Tables

Rows = list[list[str]]

# 18-digit NIPs; the first starts with a zero, which must survive loading.
NIP_A = "012345678901234567"
NIP_B = "198001012005011001"
NIP_C = "199002022015022002"

WORLD: dict[str, Rows] = {
    "competencies": [
        ["competency_id", "name", "category"],
        ["C01", "Integritas", "managerial"],
        ["C02", "Analisis Kebijakan", "technical"],
        ["C03", "Perekat Bangsa", "socio_cultural"],
    ],
    "job_roles": [
        ["role_id", "title", "tier", "job_family"],
        ["R1", "Analis Kebijakan", "fungsional_ahli", "policy"],
        ["R2", "Kepala Bagian", "administrator", ""],
    ],
    "units": [
        ["unit_id", "name", "region"],
        ["001", "Biro Umum", "DKI Jakarta"],
        ["002", "Biro Keuangan", ""],
    ],
    "role_requirements": [
        ["role_id", "competency_id", "required_level", "weight"],
        ["R1", "C01", "3", "1.0"],
        ["R1", "C02", "4", ""],
        ["R2", "C01", "4", "2"],
        ["R2", "C03", "3", "0.5"],
    ],
    "employees": [
        ["employee_id", "role_id", "unit_id", "hire_date", "birth_date", "education", "gender"],
        [NIP_A, "R1", "001", "2015-01-01", "1990-02-02", "s1", "f"],
        [NIP_B, "R2", "002", "2005-01-01", "", "s2", "m"],
        [NIP_C, "R1", "001", "2015-02-01", "1990-02-02", "", ""],
    ],
    # NIP_B was promoted and moved in 2020; NIP_C has no recorded history (allowed).
    "assignments": [
        ["employee_id", "role_id", "unit_id", "start_date"],
        [NIP_A, "R1", "001", "2015-01-01"],
        [NIP_B, "R1", "001", "2005-01-01"],
        [NIP_B, "R2", "002", "2020-07-01"],
    ],
    "evaluations": [
        ["employee_id", "competency_id", "level", "source", "evaluated_at"],
        [NIP_A, "C01", "3", "self", "2023-03-01"],
        [NIP_A, "C02", "2.5", "supervisor", "2023-03-01"],
        [NIP_B, "C01", "4", "assessment_center", "2022-06-15"],
        [NIP_C, "C02", "3", "peer", "2024-01-10"],
        [NIP_C, "C02", "3.5", "post_test", "2024-05-20"],
    ],
    "performance": [
        ["employee_id", "year", "rating"],
        [NIP_A, "2023", "baik"],
        [NIP_B, "2023", "sangat_baik"],
        [NIP_C, "2022", "butuh_perbaikan"],
    ],
    "programs": [
        ["program_id", "title", "method", "duration_jp", "cost", "capacity", "start_date"],
        ["P1", "Pelatihan Analisis Kebijakan", "classroom", "40", "3500000", "30", "2024-04-01"],
        ["P2", "Kepemimpinan Pengawas", "blended", "24", "0", "25", "2024-09-01"],
    ],
    "program_competencies": [
        ["program_id", "competency_id", "target_level", "weight"],
        ["P1", "C02", "4", ""],
        ["P2", "C01", "4", "1.5"],
    ],
    "enrollments": [
        ["employee_id", "program_id", "enrolled_at", "status", "pre_score", "post_score"],
        [NIP_C, "P1", "2024-03-15", "completed", "55", "80"],
        [NIP_A, "P1", "2024-03-16", "dropped", "", ""],
        [NIP_B, "P2", "2024-06-30", "in_progress", "", ""],
    ],
}


def world() -> dict[str, Rows]:
    """A fresh copy of the tiny world, safe to break."""
    return copy.deepcopy(WORLD)


def set_cell(tables: dict[str, Rows], table: str, data_row: int, column: str, value: str) -> None:
    """Overwrite one cell; `data_row` is 0-based (its CSV line is data_row + 2)."""
    rows = tables[table]
    rows[data_row + 1][rows[0].index(column)] = value


def drop_column(tables: dict[str, Rows], table: str, column: str) -> None:
    index = tables[table][0].index(column)
    tables[table] = [row[:index] + row[index + 1 :] for row in tables[table]]


def write_csv(directory: Path, tables: dict[str, Rows], encoding: str = "utf-8") -> Path:
    """Write every table as `<table>.csv` under `directory`; returns the directory."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        with (directory / f"{name}.csv").open("w", encoding=encoding, newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerows(rows)
    return directory


def to_parquet(directory: Path, table: str, frame: pd.DataFrame | None = None) -> Path:
    """Replace `<table>.csv` by a Parquet file (of `frame`, or of the CSV's text cells)."""
    csv_path = directory / f"{table}.csv"
    if frame is None:
        frame = pd.read_csv(csv_path, dtype=str, keep_default_na=False)
    csv_path.unlink()
    path = directory / f"{table}.parquet"
    frame.to_parquet(path, index=False)
    return path


def load(directory: Path, tables: dict[str, Rows]) -> Tables:
    """Write `tables` as CSV under `directory` and load them."""
    return load_tables(write_csv(directory, tables))


def load_error(directory: Path, tables: dict[str, Rows]) -> DataError:
    """The DataError loading `tables` raises (the test fails if none is raised)."""
    with pytest.raises(DataError) as info:
        load(directory, tables)
    return info.value
