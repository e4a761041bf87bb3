"""Every generated session gives its last day (`programs.end_date`), as a SIMDIKLAT export
does: the day the simulation ends it, so that the engine reads a session's length instead of
estimating it from the JP, on every shape, world family and rating regime of the generator."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from features import columns as col
from features.courses import course_names
from features.demo import World, generate_world, write_world
from features.demo.catalogue import calendar_days
from features.demo.families import WORLD_FAMILIES
from features.demo.mechanisms import METHOD
from features.demo.national import write_national
from features.demo.rating_regimes import REGIMES
from features.demo.shapes import DAYS_PER_MONTH, SHAPES
from features.history import program_end_dates
from features.loading import load_tables

SMALL, SEED = 150, 5
WORLDS = [
    *[{"shape": s} for s in SHAPES],
    *[{"family": f} for f in WORLD_FAMILIES if f != "jakarta"],
    *[{"regime": r} for r in REGIMES if r != "default"],
]


def _label(options: dict[str, str]) -> str:
    return "-".join(itertools.chain.from_iterable(options.items()))


@pytest.fixture(scope="module", params=WORLDS, ids=_label)
def world(request) -> World:
    return generate_world(SMALL, seed=SEED, **request.param)


def test_every_session_ends_on_or_after_its_start(world):
    programs = world.tables[col.PROGRAMS]
    assert programs[col.END_DATE].notna().all()
    assert (programs[col.END_DATE] >= programs[col.START_DATE]).all()
    assert list(programs.columns)[-1] == col.END_DATE  # the contract's order


def test_a_session_lasts_as_long_as_its_course_at_its_pace(world):
    """Every session of a course lasts the same; the classroom and e-learning shapes at the
    pace of their method, the long courses six to nine months."""
    programs = world.tables[col.PROGRAMS]
    days = (programs[col.END_DATE] - programs[col.START_DATE]).dt.days
    per_course = days.groupby(course_names(programs[col.TITLE]).to_numpy()).nunique()
    assert (per_course == 1).all()
    if world.meta["shape"] == "long":
        assert days.between(6 * DAYS_PER_MONTH - 1, 9 * DAYS_PER_MONTH + 1).all()
        return
    method = programs[col.METHOD].map(METHOD).to_numpy()
    paced = calendar_days(programs[col.DURATION_JP].to_numpy(), method)
    assert (days.to_numpy() == paced - 1).all()  # the last day, not the day after it


def test_an_outcome_is_known_exactly_when_its_session_has_ended(world):
    """The generator's own truth: an enrolment is still running at the snapshot exactly when
    its session's last day is not before it (its outcome is known the day after)."""
    tables = world.tables
    enrolments = tables[col.ENROLLMENTS].merge(tables[col.PROGRAMS], on=col.PROGRAM_ID)
    running = enrolments[col.STATUS] == col.IN_PROGRESS
    ends_later = enrolments[col.END_DATE] >= pd.Timestamp(world.snapshot_date)
    assert (running == ends_later).all()


def test_written_as_iso_dates_and_read_back_as_the_sessions_ends(world, tmp_path):
    write_world(world, tmp_path / "data", tmp_path / "truth", fmt="csv")
    raw = pd.read_csv(tmp_path / "data" / "programs.csv", dtype="str")
    assert raw[col.END_DATE].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
    loaded = load_tables(tmp_path / "data").programs
    given = world.tables[col.PROGRAMS][col.END_DATE].to_numpy()
    assert (program_end_dates(loaded).to_numpy() == given).all()


def test_the_national_world_gives_every_session_its_end(tmp_path):
    write_national(tmp_path / "data", tmp_path / "truth", 200, 2, seed=SEED)
    programs = load_tables(tmp_path / "data").programs
    assert programs[col.END_DATE].notna().all()
    assert np.all(programs[col.END_DATE] >= programs[col.START_DATE])
