"""The long-course world: six- to nine-month sessions of hundreds to thousands, two intakes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from bench.backtest import HORIZON_MONTHS
from features import columns as col
from features.check import main as check
from features.demo import World, generate_world, write_world
from features.demo.__main__ import main
from features.demo.catalogue import course_book
from features.demo.shapes import SHAPES, shaped_book
from features.demo.timeline import HISTORY_YEARS
from features.loading import load_tables
from model.training.examples import build_examples
from model.training.split import temporal_split

SEED = 6


@pytest.fixture(scope="module")
def world() -> World:
    return generate_world(2000, seed=SEED, shape="long")


def test_sessions_last_six_to_nine_months_and_seat_hundreds():
    competencies = generate_world(60, seed=SEED).tables[col.COMPETENCIES][col.COMPETENCY_ID]
    book = shaped_book(course_book(competencies), SHAPES["long"])
    assert book.days(np.arange(book.size)).min() >= 6 * 30
    assert book.days(np.arange(book.size)).max() <= 9 * 31
    assert (book.seats[:, 0] >= 500).all()


def test_two_intakes_a_year_of_long_courses(world):
    programs = world.tables[col.PROGRAMS]
    assert set(programs[col.START_DATE].dt.month) == {2, 8}
    assert set(programs[col.METHOD]) <= {"e_learning", "blended"}
    per_session = world.tables[col.ENROLLMENTS].groupby(col.PROGRAM_ID).size()
    assert per_session.median() >= 100  # hundreds at 2,000 employees, thousands at 26,000


def test_an_outcome_is_known_only_at_the_end(world):
    """Every session that started within six months of the snapshot is still running; every
    one that started more than nine months before has an outcome for everybody."""
    enrolments = world.tables[col.ENROLLMENTS].merge(
        world.tables[col.PROGRAMS][[col.PROGRAM_ID, col.START_DATE]], on=col.PROGRAM_ID
    )
    age = (pd.Timestamp(world.snapshot_date) - enrolments[col.START_DATE]).dt.days
    running = enrolments[col.STATUS] == col.IN_PROGRESS
    assert running[(age >= 0) & (age < 180)].all()
    assert not running[age > 9 * 31].any()
    assert running.any() and not running.all()


def test_the_history_spans_the_shapes_years(world):
    """Five years of enrolments before the snapshot, where the other shapes have three."""
    years = SHAPES["long"].history_years
    assert years > HISTORY_YEARS == SHAPES["default"].history_years
    first = world.tables[col.PROGRAMS][col.START_DATE].min()
    start = pd.Timestamp(world.snapshot_date) + pd.Timedelta(days=1) - pd.DateOffset(years=years)
    assert first >= start and first.year == world.snapshot_date.year - years


def test_a_backtest_15_months_before_the_snapshot_splits_by_decisions(world, tmp_path):
    """The backtest trains at t = snapshot - 15 months (bench.backtest.HORIZON_MONTHS): the
    history before t fills train, validation and test with both outcomes known."""
    write_world(world, tmp_path / "data", tmp_path / "truth", fmt="parquet")
    tables = load_tables(tmp_path / "data")
    t = pd.Timestamp(world.snapshot_date) - pd.DateOffset(months=HORIZON_MONTHS["long"])
    split = temporal_split(build_examples(tables, t), t)
    assert split.cut_1 < split.cut_2 < t
    for counts in split.counts.values():
        assert counts["completed"] > 0 and counts["not_completed"] > 0


def test_the_export_passes_the_contract_check(world, tmp_path):
    write_world(world, tmp_path / "data", tmp_path / "truth")
    assert check([str(tmp_path / "data")]) == 0


def test_command_line_writes_a_long_course_world(tmp_path):
    out, truth = tmp_path / "long", tmp_path / "truth"
    args = ["--out", str(out), "--truth-out", str(truth), "--employees", "150"]
    assert main([*args, "--shape", "long"]) == 0
    programs = pd.read_csv(out / "programs.csv", dtype="str")
    assert set(programs[col.METHOD]) <= {"e_learning", "blended"}
