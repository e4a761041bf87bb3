"""The next position's gaps: PP 17/2020 Pasal 206 measures the competency gap against the
standard of the current position and of the next one.

Who is prepared for which position is the optional `talent_pool` table (Manajemen Talenta):
`employee_id`, `target_role_id`, `box` (the nine-box cell, 1-9) and `since`. As of a date,
an employee's next position is the target of their latest entry dated by then (an entry
whose `since` lies after the date is not known yet, so training never sees the future);
an entry naming the position they already hold is spent (they were promoted into it).

The gap profile against the next position is `features.gaps.gap_profiles` with the target
role standing in for the position held: the same evidence, the same formula. Its shrinkage
target is the typical level among the people prepared for that position, not among its
holders: the candidates are the peers an estimate should lean toward.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from features import columns as col
from features.gaps import PROFILE_COLUMNS, gap_profiles
from features.positions import positions_at
from features.tables import Tables

NEXT_COLUMNS = [col.TARGET_ROLE_ID, col.BOX, col.SINCE]


def next_positions(
    tables: Tables, as_of: date | pd.Timestamp, positions: pd.DataFrame | None = None
) -> pd.DataFrame:
    """One row per employee hired by `as_of` with a next position on `as_of`: `employee_id`,
    the role and unit held, and `target_role_id`, `box`, `since`."""
    as_of = pd.Timestamp(as_of)
    pool = tables.talent_pool
    pool = pool[pool[col.SINCE] <= as_of].sort_values(col.SINCE, kind="stable")
    latest = pool.drop_duplicates(col.EMPLOYEE_ID, keep="last")[[col.EMPLOYEE_ID, *NEXT_COLUMNS]]
    if positions is None:
        positions = positions_at(tables, as_of)
    held = positions[[col.EMPLOYEE_ID, col.ROLE_ID, col.UNIT_ID]].merge(latest, on=col.EMPLOYEE_ID)
    return held[held[col.TARGET_ROLE_ID] != held[col.ROLE_ID]].reset_index(drop=True)


def next_position_profiles(
    tables: Tables,
    as_of: date | pd.Timestamp,
    bias: pd.Series | None = None,
    positions: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per (employee with a next position, competency of that position's standard):
    `PROFILE_COLUMNS` measured against the next position, and `target_role_id`, `box`,
    `since`. `bias` and `positions` as for `gap_profiles`."""
    nexts = next_positions(tables, as_of, positions)
    if nexts.empty:
        return pd.DataFrame(columns=[*PROFILE_COLUMNS, *NEXT_COLUMNS])
    standing_in = nexts.assign(**{col.ROLE_ID: nexts[col.TARGET_ROLE_ID]})
    profiles = gap_profiles(tables, as_of, bias, standing_in)
    return profiles.merge(nexts[[col.EMPLOYEE_ID, *NEXT_COLUMNS]], on=col.EMPLOYEE_ID)
