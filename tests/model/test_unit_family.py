"""Asking for a unit includes its sub-units (`units.parent_unit_id`): members, unit needs,
participant selection."""

from __future__ import annotations

import numpy as np
import pytest

from model.bundles.serving import load_serving_bundle
from model.engine import Engine
from model.errors import NotFoundError
from model.participants import eligible_employees
from model.unit_needs import unit_needs


@pytest.fixture(scope="module")
def engine(trained) -> Engine:
    return Engine(load_serving_bundle(trained.path))


@pytest.fixture(scope="module")
def parent(engine) -> str:
    """A dinas of the demo world whose suku dinas have staff."""
    directory = engine.directory
    staffed = set(directory.unit_of)
    for unit in sorted(directory.units):
        subs = directory.sub_units(unit)
        if subs and staffed & set(subs):
            return unit
    raise AssertionError("the demo world has no staffed suku dinas")


def test_members_of_a_unit_include_its_sub_units(engine, parent):
    directory = engine.directory
    family = directory.unit_family(parent)
    members = directory.unit_members([parent])
    expected = np.flatnonzero(np.isin(directory.unit_of, family))
    np.testing.assert_array_equal(members, expected)
    assert len(family) > 1 and set(directory.unit_of[members]) - {parent}
    subs = directory.sub_units(parent)
    assert all(directory.unit_family(s)[0] == s for s in subs)
    assert np.isin(directory.unit_members(subs[:1]), members).all()


def test_an_unknown_unit_is_not_found(engine):
    with pytest.raises(NotFoundError, match="NO-SUCH"):
        engine.directory.unit_members(["NO-SUCH"])
    with pytest.raises(NotFoundError, match="NO-SUCH"):
        engine.directory.sub_units("NO-SUCH")


def test_unit_needs_count_sub_units(engine, parent):
    directory = engine.directory
    needs = unit_needs(engine, parent)
    assert needs["employees"] == len(directory.unit_members([parent]))
    own = int((directory.unit_of == parent).sum())
    listed = needs["sub_units"]
    assert [s["unit_id"] for s in listed] == directory.sub_units(parent)
    assert own + sum(s["employees"] for s in listed) == needs["employees"]
    assert needs["parent_unit"] is None  # a dinas is a top unit
    below = unit_needs(engine, listed[0]["unit_id"])["parent_unit"]
    assert below == {"unit_id": parent, "name": str(directory.unit_names[parent])}
    short = {row["unit_id"] for row in needs["employees_under_jp"]}
    assert short <= set(directory.unit_family(parent))


def test_gaps_by_position_average_the_members_profile_rows(engine, parent):
    directory = engine.directory
    members = directory.employee_ids[directory.unit_members([parent])]
    rows = directory.profile_rows(members)
    cells = unit_needs(engine, parent)["gaps_by_position"]
    assert sum(c["employees"] for c in cells) == len(rows)
    total = sum(c["mean_weighted_gap"] * c["employees"] for c in cells)
    assert total == pytest.approx(rows["weighted_gap"].sum())
    roles = set(directory.needs["role_id"].reindex(members))
    assert {c["role_id"] for c in cells} == roles


def test_selection_within_a_unit_includes_its_sub_units(engine, parent):
    directory = engine.directory
    p = int(engine.eligibility.upcoming[0])
    chosen, _ = eligible_employees(engine, p, [parent], (), include_outside_audience=True)
    family = directory.unit_family(parent)
    everyone, _ = eligible_employees(engine, p, None, (), include_outside_audience=True)
    np.testing.assert_array_equal(chosen, everyone[np.isin(directory.unit_of[everyone], family)])
    assert set(directory.unit_of[chosen]) - {parent}


def test_programs_carry_their_gain_per_million_rupiah(engine, parent):
    programs = unit_needs(engine, parent)["programs"]
    assert programs
    for p in programs:
        spent = p["cost"] * p["employees_helped"]
        expected = p["expected_gain"] / spent * 1e6 if spent > 0 else None
        assert p["gain_per_million_rupiah"] == pytest.approx(expected)
