"""The talent pool and the sanctions read from an export: a pool entry dated after the date
is not known yet, one for the position already held is spent; the next position's gaps are
measured like today's against its standard; `min_grade` is a rank as written."""

from __future__ import annotations

import pandas as pd

from features import columns as col
from features.next_position import next_position_profiles, next_positions
from tests.features.tiny_tables import NIP_A, NIP_B, NIP_C, load, load_error, world

POOL = [
    ["employee_id", "target_role_id", "box", "since"],
    [NIP_A, "R2", "8", "2023-01-01"],
    [NIP_C, "R2", "", "2025-01-01"],  # after the date asked: not known then
    [NIP_B, "R2", "9", "2019-01-01"],  # promoted into it on 2020-07-01: spent since
]


def test_the_pool_as_of_a_date_knows_no_later_entry_and_drops_spent_ones(tmp_path):
    tables = load(tmp_path, {**world(), "talent_pool": POOL})
    now = next_positions(tables, pd.Timestamp("2024-06-30"))
    assert now[[col.EMPLOYEE_ID, col.TARGET_ROLE_ID]].values.tolist() == [[NIP_A, "R2"]]
    assert int(now[col.BOX].iloc[0]) == 8
    before = next_positions(tables, pd.Timestamp("2019-06-30"))
    assert before[col.EMPLOYEE_ID].tolist() == [NIP_B]  # NIP_B held R1 then


def test_the_next_positions_gaps_follow_its_standard(tmp_path):
    tables = load(tmp_path, {**world(), "talent_pool": POOL})
    rows = next_position_profiles(tables, pd.Timestamp("2024-06-30"))
    assert set(rows[col.EMPLOYEE_ID]) == {NIP_A}
    standard = dict(zip(rows[col.COMPETENCY_ID], rows[col.REQUIRED_LEVEL], strict=True))
    assert standard == {"C01": 4, "C03": 3}  # R2's, not R1's
    gap = (rows[col.REQUIRED_LEVEL] - rows[col.CURRENT_LEVEL]).clip(lower=0)
    assert (rows[col.GAP] - gap).abs().max() < 1e-9
    assert (rows[col.TARGET_ROLE_ID] == "R2").all()


def test_without_a_pool_nobody_has_a_next_position(tmp_path):
    tables = load(tmp_path, world())
    assert next_position_profiles(tables, pd.Timestamp("2024-06-30")).empty
    assert tables.sanctions.empty and tables.talent_pool.empty


def test_sanctions_and_min_grade_load_as_written(tmp_path):
    tables = world()
    tables["programs"][0].append("min_grade")
    tables["programs"][1].append("III/a")
    tables["programs"][2].append("")
    tables["sanctions"] = [
        ["employee_id", "start_date", "end_date"],
        [NIP_A, "2024-01-01", ""],
        [NIP_B, "2023-01-01", "2023-07-01"],
    ]
    loaded = load(tmp_path / "ok", tables)
    assert loaded.programs[col.MIN_GRADE].tolist()[0] == "III/a"
    assert pd.isna(loaded.programs[col.MIN_GRADE].tolist()[1])
    assert loaded.sanctions[col.END_DATE].isna().tolist() == [True, False]
    tables["programs"][1][-1] = "IX"  # a PPPK golongan is no minimum rank
    error = load_error(tmp_path / "bad", tables)
    assert error.column == "min_grade" and "III/a" in str(error)
