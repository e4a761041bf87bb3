"""The demo world announces low-cost non-classical learning (coaching, mentoring, self-study:
`features.demo.catalog_non_classical`) among its upcoming sessions, as the contract states
them (`kind`, `path`), cheap and with many seats; a learning-system export has none."""

from __future__ import annotations

import pandas as pd
import pytest

from features import columns as col
from features.demo import generate_world
from model.low_cost import LOW_COST_KINDS, LOW_COST_MAX


@pytest.fixture(scope="module")
def world():
    return generate_world(300, seed=11)


def _upcoming(world) -> pd.DataFrame:
    programs = world.tables[col.PROGRAMS]
    return programs[programs[col.START_DATE] > pd.Timestamp(world.snapshot_date)]


def test_every_low_cost_kind_is_announced_cheap_with_many_seats(world):
    upcoming = _upcoming(world)
    cheap = upcoming[upcoming[col.KIND].isin(LOW_COST_KINDS)]
    assert set(cheap[col.KIND]) == set(LOW_COST_KINDS)
    assert (cheap[col.PATH] == "non_classical").all()
    assert (cheap[col.COST] <= LOW_COST_MAX).all()
    assert (cheap[col.DURATION_JP] <= 12).all()
    in_person = upcoming[
        (upcoming[col.PATH] == "classical") & (upcoming[col.METHOD] != "e_learning")
    ]
    assert cheap[col.COST].max() < in_person[col.COST].min() / 5  # a fraction of a seat
    assert (cheap[col.CAPACITY] >= 30).all()
    assert cheap[col.LOCATION].isna().all()  # at the workplace or online: no venue


def test_they_have_competencies_truth_and_no_history(world):
    upcoming = _upcoming(world)
    cheap = upcoming.loc[upcoming[col.KIND].isin(LOW_COST_KINDS), col.PROGRAM_ID]
    targets = world.tables[col.PROGRAM_COMPETENCIES]
    assert set(cheap) <= set(targets[col.PROGRAM_ID])
    assert set(cheap) <= set(world.truth["upcoming_pairs"][col.PROGRAM_ID].astype(str))
    programs = world.tables[col.PROGRAMS]
    past = programs[programs[col.START_DATE] <= pd.Timestamp(world.snapshot_date)]
    assert not past[col.KIND].isin(LOW_COST_KINDS).any()
    assert not world.tables[col.ENROLLMENTS][col.PROGRAM_ID].isin(cheap).any()


def test_a_learning_system_export_has_none():
    semester = generate_world(100, seed=11, shape="semester")
    kinds = semester.tables[col.PROGRAMS][col.KIND]
    assert not kinds.isin(LOW_COST_KINDS).any()
