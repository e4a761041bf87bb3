"""The tree of units (`units.parent_unit_id`: a suku dinas under its dinas), checked on load.

Both checks are masks over the whole table (no walk unit by unit), so the loader can name the
offending rows in one DataError like any other broken rule.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from features import columns as col


def unknown_parents(units: pd.DataFrame) -> np.ndarray:
    """Rows whose `parent_unit_id` is filled but names no unit of the table."""
    parents = units[col.PARENT_UNIT_ID]
    return (parents.notna() & ~parents.isin(units[col.UNIT_ID])).to_numpy(dtype=bool)


def in_cycles(units: pd.DataFrame) -> np.ndarray:
    """Rows whose chain of parents never reaches a top unit (a unit that is its own
    ancestor, or lies under one). Pointer doubling: log2(n) array steps, not a walk per unit."""
    n = len(units)
    parent = pd.Index(units[col.UNIT_ID]).get_indexer(units[col.PARENT_UNIT_ID])  # -1: top
    jump = parent.copy()
    for _ in range(max(1, int(np.ceil(np.log2(n + 1))) + 1)):
        jump = np.where(jump >= 0, jump[np.maximum(jump, 0)], -1)
    return jump >= 0


def units_in_scope(unit_ids: Iterable[str] | None, units: pd.DataFrame | None) -> set[str] | None:
    """The units a scope of `unit_ids` covers: those units and every unit below them (through
    `parent_unit_id`, any depth). None for no scope (the whole organisation). Ids not in the
    table still count (`units` is optional: employees may name units it does not list).

    One mask per level of the tree (a few), not a walk per unit.
    """
    if unit_ids is None:
        return None
    covered = {str(u) for u in unit_ids}
    if units is None or col.PARENT_UNIT_ID not in units.columns or units.empty:
        return covered
    ids = units[col.UNIT_ID].astype(str).to_numpy()
    parents = units[col.PARENT_UNIT_ID].astype("string").fillna("").to_numpy(dtype=object)
    inside = np.isin(ids, list(covered))
    while True:  # at most the tree's depth; a cycle is refused on load (in_cycles)
        grown = inside | np.isin(parents, ids[inside])
        if grown.sum() == inside.sum():
            break
        inside = grown
    return covered | set(ids[inside].tolist())
