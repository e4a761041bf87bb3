"""The optional `unit_indicators` table (CONTRACT section 4): loaded and checked like the rest."""

from __future__ import annotations

import pandas as pd

from features import columns as col
from tests.features.tiny_tables import load, load_error, to_parquet, world

HEADER = ["unit_id", "period_start", "indicator", "value", "higher_is_better"]


def with_indicators(rows: list[list[str]]) -> dict:
    tables = world()
    tables[col.UNIT_INDICATORS] = [HEADER, *rows]
    return tables


def test_absent_table_is_empty_and_typed(tmp_path):
    tables = load(tmp_path, world())
    assert tables.unit_indicators.empty
    assert list(tables.unit_indicators.columns) == HEADER


def test_rows_are_typed_with_a_checked_direction(tmp_path):
    rows = [["001", "2025-01-01", "IKM", "81.5", "True"], ["002", "2025-01-01", "days", "9", "0"]]
    frame = load(tmp_path, with_indicators(rows)).unit_indicators
    assert frame[col.HIGHER_IS_BETTER].tolist() == ["true", "0"]
    assert frame[col.HIGHER_IS_BETTER].isin(col.TRUE_VALUES).tolist() == [True, False]
    assert frame[col.PERIOD_START].tolist() == [pd.Timestamp("2025-01-01")] * 2
    assert frame[col.VALUE].tolist() == [81.5, 9.0]


def test_parquet_bools_are_read(tmp_path):
    tables = with_indicators([["001", "2025-01-01", "IKM", "81.5", "true"]])
    load(tmp_path, tables)
    frame = pd.DataFrame(
        {
            "unit_id": ["001"],
            "period_start": [pd.Timestamp("2025-01-01")],
            "indicator": ["IKM"],
            "value": [81.5],
            "higher_is_better": [False],
        }
    )
    to_parquet(tmp_path, col.UNIT_INDICATORS, frame)
    from features.loading import load_tables

    assert load_tables(tmp_path).unit_indicators[col.HIGHER_IS_BETTER].tolist() == ["false"]


def test_an_unknown_unit_is_one_clear_error(tmp_path):
    error = load_error(tmp_path, with_indicators([["999", "2025-01-01", "IKM", "80", "true"]]))
    assert error.file == "unit_indicators.csv" and error.column == "unit_id"


def test_a_bad_direction_is_refused(tmp_path):
    error = load_error(tmp_path, with_indicators([["001", "2025-01-01", "IKM", "80", "maybe"]]))
    assert error.column == "higher_is_better"
