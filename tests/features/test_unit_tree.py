"""`units.parent_unit_id`: a suku dinas under its dinas; a known parent, no cycle."""

from __future__ import annotations

import pandas as pd
import pytest

from features import columns as col
from features.unit_tree import in_cycles
from tests.features import tiny_tables as tiny
from tests.features.tiny_tables import load, load_error


def with_parents(*parents: str) -> dict[str, tiny.Rows]:
    """The tiny world with units 001, 002, 003 under the given parents ("" = top unit)."""
    world = tiny.world()
    world["units"] = [
        ["unit_id", "name", "region", "parent_unit_id"],
        ["001", "Dinas Kesehatan", "DKI Jakarta", parents[0]],
        ["002", "Suku Dinas Kesehatan Jakarta Pusat", "", parents[1]],
        ["003", "Puskesmas Gambir", "", parents[2]],
    ]
    return world


def test_parents_load_as_ids_and_empty_means_top(tmp_path):
    units = load(tmp_path, with_parents("", "001", "002")).units
    assert units[col.PARENT_UNIT_ID].tolist()[1:] == ["001", "002"]
    assert pd.isna(units[col.PARENT_UNIT_ID].iloc[0])


def test_the_column_is_optional(tmp_path):
    units = load(tmp_path, tiny.world()).units
    assert units[col.PARENT_UNIT_ID].isna().all()


def test_units_built_from_employees_have_no_parent(tmp_path):
    world = tiny.world()
    del world["units"]
    assert load(tmp_path, world).units[col.PARENT_UNIT_ID].isna().all()


def test_unknown_parent_is_one_error_naming_file_row_and_column(tmp_path):
    error = load_error(tmp_path, with_parents("", "009", "001"))
    assert (error.file, error.column, error.rows) == ("units.csv", col.PARENT_UNIT_ID, [3])
    assert "unknown unit_id" in str(error) and "'009'" in str(error)


@pytest.mark.parametrize(
    ("parents", "rows"),
    [
        (("001", "", ""), [2]),  # its own parent
        (("002", "001", ""), [2, 3]),  # two units under each other
        (("003", "001", "002"), [2, 3, 4]),  # a longer loop
        (("", "003", "003"), [3, 4]),  # 003 loops on itself, 002 lies under it
    ],
)
def test_cycles_are_refused_naming_their_rows(tmp_path, parents, rows):
    error = load_error(tmp_path, with_parents(*parents))
    assert (error.file, error.column, error.rows) == ("units.csv", col.PARENT_UNIT_ID, rows)
    assert "cycle" in str(error)


def test_a_deep_chain_is_no_cycle():
    n = 1000  # unit i under unit i-1: a chain as deep as the table is long
    ids = [f"U{i}" for i in range(n)]
    units = pd.DataFrame({col.UNIT_ID: ids, col.PARENT_UNIT_ID: [None, *ids[:-1]]})
    assert not in_cycles(units).any()
    looped = units.assign(**{col.PARENT_UNIT_ID: [ids[-1], *ids[:-1]]})
    assert in_cycles(looped).all()
