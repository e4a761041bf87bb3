"""A session's given last day (`programs.end_date`): read by the loader, refused before the
start, and the end every rule uses (outcomes known, session days); absent, the JP estimate."""

from __future__ import annotations

import numpy as np
import pandas as pd

from features import columns as col
from features.check import EXIT_DATA_ERROR, main
from features.history import enrollment_end_dates, outcomes_known_by
from features.sessions import program_session_days, session_days
from tests.features import tiny_tables as tiny

# A nine-month e-learning programme: 40 JP would be five days by the estimate.
LONG = ["P3", "Literasi Digital (e-learning)", "e_learning", "40", "0", "500", "2024-01-08"]
LONG_END = "2024-09-29"  # a Sunday: its last working day is Friday 27 September


def _with_ends(ends: list[str], long: bool = True) -> dict:
    """The tiny world with an `end_date` per program (P1, P2, then the long P3)."""
    tables = tiny.world()
    if long:
        tables["programs"].append(list(LONG))
        tables["enrollments"].append([tiny.NIP_A, "P3", "2024-01-02", "completed", "40", "85"])
    tables["programs"][0].append(col.END_DATE)
    for row, end in zip(tables["programs"][1:], ends, strict=True):
        row.append(end)
    return tables


def test_the_loader_reads_the_column_and_empty_or_missing_means_estimated(tmp_path):
    loaded = tiny.load(tmp_path / "ok", _with_ends(["2024-04-05", "", LONG_END]))
    ends = loaded.programs[col.END_DATE]
    assert ends.iloc[0] == pd.Timestamp("2024-04-05") and pd.isna(ends.iloc[1])
    assert ends.iloc[2] == pd.Timestamp(LONG_END)
    plain = tiny.load(tmp_path / "plain", tiny.world())  # no column: today's behaviour
    assert plain.programs[col.END_DATE].isna().all()
    # P1: 40 JP from 2024-04-01 is five days by the estimate; P2's is estimated
    known = enrollment_end_dates(loaded.enrollments, loaded.programs).tolist()
    assert known == [pd.Timestamp("2024-04-05"), pd.Timestamp("2024-04-05"),
                     pd.Timestamp("2024-09-03"), pd.Timestamp(LONG_END)]  # fmt: skip


def test_an_end_before_the_start_is_one_clear_error_naming_file_rows_and_column(tmp_path, capsys):
    error = tiny.load_error(
        tmp_path / "bad", _with_ends(["2024-04-05", "2024-08-31", "2023-12-31"])
    )
    assert error.column == col.END_DATE
    assert "programs.csv" in str(error) and "rows 3, 4" in str(error)
    assert "before the session's start_date" in str(error) and "2024-08-31" in str(error)
    same_day = tiny.load(tmp_path / "same", _with_ends(["2024-04-01", "", ""]))  # one-day: fine
    assert same_day.programs[col.END_DATE].iloc[0] == pd.Timestamp("2024-04-01")
    bad = tiny.write_csv(tmp_path / "check", _with_ends(["", "", "2024-01-07"]))
    assert main([str(bad)]) == EXIT_DATA_ERROR
    assert capsys.readouterr().err.startswith(
        "error: programs.csv, column 'end_date', row 4: before the session's start_date"
    )


def test_a_nine_month_outcome_is_not_known_in_month_three(tmp_path):
    loaded = tiny.load(tmp_path / "long", _with_ends(["", "", LONG_END]))
    month_three = pd.Timestamp("2024-04-01")
    known = outcomes_known_by(loaded.enrollments, loaded.programs, month_three, lag_days=0)
    assert "P3" not in set(known[col.PROGRAM_ID])
    after = outcomes_known_by(loaded.enrollments, loaded.programs, pd.Timestamp(LONG_END), 0)
    assert "P3" in set(after[col.PROGRAM_ID])
    # without the column the end is estimated as before: known five days after the start
    estimated = loaded.programs.drop(columns=col.END_DATE)
    assert "P3" in set(outcomes_known_by(loaded.enrollments, estimated, month_three, 0)[
        col.PROGRAM_ID])  # fmt: skip


def test_session_days_end_on_the_given_last_working_day(tmp_path):
    loaded = tiny.load(tmp_path / "long", _with_ends(["", "", LONG_END]))
    first, last = program_session_days(loaded.programs)
    assert first[2] == np.datetime64("2024-01-08") and last[2] == np.datetime64("2024-09-27")
    # no end given: ceil(JP / 8) working days, exactly as without the column
    plain_first, plain_last = program_session_days(loaded.programs.drop(columns=col.END_DATE))
    assert (first[:2] == plain_first[:2]).all() and (last[:2] == plain_last[:2]).all()
    assert plain_last[2] == np.datetime64("2024-01-12")


def test_a_given_end_never_falls_before_the_first_day():
    # a Saturday-to-Sunday session: it starts on Monday, and its last day is that Monday
    first, last = session_days(
        np.array(["2026-11-28"], dtype="datetime64[D]"),
        np.array([16]),
        np.array(["2026-11-29"], dtype="datetime64[D]"),
    )
    assert first[0] == last[0] == np.datetime64("2026-11-30")
