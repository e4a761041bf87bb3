"""A date of a past event after the day the export is read is a data error (one message naming
file, rows and column), so a typo (2062 for 2026) never moves the snapshot date."""

from __future__ import annotations

import datetime as dt

import pytest

from features import columns as col
from features.errors import DataError
from features.loading import CLOCK_SLACK, load_tables
from tests.features import tiny_tables as tiny
from tests.features.tiny_tables import load_error, set_cell, write_csv

SNAPSHOT = dt.date(2024, 6, 30)  # the tiny world's own snapshot date


def test_an_enrolment_far_in_the_future_is_one_data_error(tmp_path):
    world = tiny.world()
    set_cell(world, col.ENROLLMENTS, 1, col.ENROLLED_AT, "2062-06-30")
    error = load_error(tmp_path, world)
    assert (error.file, error.column, error.rows) == ("enrollments.csv", col.ENROLLED_AT, [3])
    assert "2062-06-30" in str(error) and "cannot lie in the future" in str(error)


@pytest.mark.parametrize(
    "table, column", [(col.EVALUATIONS, col.EVALUATED_AT), (col.EMPLOYEES, col.HIRE_DATE)]
)
def test_every_date_of_a_past_event_is_checked(tmp_path, table, column):
    world = tiny.world()
    set_cell(world, table, 0, column, "2099-01-01")
    assert load_error(tmp_path, world).column == column


def test_the_bound_is_the_day_the_export_is_read(tmp_path):
    """Tomorrow passes (an export made further east), the day after is refused; the snapshot
    date stays the latest date that passed."""
    world = tiny.world()
    set_cell(world, col.ENROLLMENTS, 1, col.ENROLLED_AT, "2024-07-02")
    data = write_csv(tmp_path / "data", world)
    today = dt.date(2024, 7, 2) - CLOCK_SLACK
    assert load_tables(data, today=today).snapshot_date() == dt.date(2024, 7, 2)
    with pytest.raises(DataError, match="read \\(2024-06-30\\)"):
        load_tables(data, today=today - dt.timedelta(days=1))


def test_the_snapshot_date_does_not_move(tmp_path):
    """The clean export's snapshot; the same export with one typo is refused, not re-dated."""
    world = tiny.world()
    assert load_tables(write_csv(tmp_path / "clean", world)).snapshot_date() == SNAPSHOT
    set_cell(world, col.ENROLLMENTS, 0, col.ENROLLED_AT, "2202-06-30")
    with pytest.raises(DataError):
        load_tables(write_csv(tmp_path / "typo", world))
