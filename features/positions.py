"""Who held which position when: the role, unit and location of an employee on a date.

With the optional `assignments` table (riwayat jabatan), an employee holds on date t the role
and unit of their latest assignment starting on or before t; before their first recorded
assignment, that first one (the earliest position known). Without the table, today's role and
unit (the `employees` row) are all that is known, for every date.

The export has no history of locations (nor of education or employment type): the location is
today's for every date. Guessing it from the unit held then would read today's table for the
past all the same (where that unit's staff sit now, who moved since), so it is not done; the
training report says which attributes are today's.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
import pandas as pd

from features import columns as col
from features.tables import Tables

POSITION_COLUMNS = [col.ROLE_ID, col.UNIT_ID, col.LOCATION]


def positions_at(tables: Tables, as_of: date | pd.Timestamp) -> pd.DataFrame:
    """One row per employee hired by `as_of`: `employee_id`, and the role, unit and location
    held on `as_of`, in the order of the employees table."""
    as_of = pd.Timestamp(as_of)
    hired = tables.employees.loc[tables.employees[col.HIRE_DATE] <= as_of, col.EMPLOYEE_ID]
    held = positions_on(tables, hired.to_numpy(), np.full(len(hired), as_of.to_datetime64()))
    return held.assign(**{col.EMPLOYEE_ID: hired.to_numpy()})[[col.EMPLOYEE_ID, *POSITION_COLUMNS]]


def positions_on(
    tables: Tables, employee_ids: Sequence[str] | np.ndarray, dates: np.ndarray
) -> pd.DataFrame:
    """The role, unit and location each `employee_ids[i]` held on `dates[i]` (rows aligned
    with the input, a fresh RangeIndex). Unknown employees get NA."""
    ids = pd.Index(employee_ids, dtype="str")
    today = tables.employees.set_index(col.EMPLOYEE_ID)[POSITION_COLUMNS].reindex(ids)
    today = today.reset_index(drop=True)
    if not tables.has_position_history or len(ids) == 0:
        return today
    held = _assignment_on(tables.assignments, ids, np.asarray(dates, dtype="datetime64[ns]"))
    role = held[col.ROLE_ID].fillna(today[col.ROLE_ID])
    unit = held[col.UNIT_ID].fillna(today[col.UNIT_ID])
    return pd.DataFrame({col.ROLE_ID: role, col.UNIT_ID: unit, col.LOCATION: today[col.LOCATION]})


def _assignment_on(assignments: pd.DataFrame, ids: pd.Index, dates: np.ndarray) -> pd.DataFrame:
    """Role and unit of the latest assignment starting by each date, else of the earliest."""
    rows = np.arange(len(ids))
    query = pd.DataFrame({col.EMPLOYEE_ID: ids.to_numpy(), "_at": dates, "_row": rows})
    history = assignments.rename(columns={col.START_DATE: "_at"}).sort_values("_at", kind="stable")
    latest = pd.merge_asof(
        query.sort_values("_at", kind="stable"),
        history,
        on="_at",
        by=col.EMPLOYEE_ID,
        direction="backward",
    ).sort_values("_row")
    first = history.drop_duplicates(col.EMPLOYEE_ID, keep="first").set_index(col.EMPLOYEE_ID)
    out = {}
    for column in (col.ROLE_ID, col.UNIT_ID):
        earliest = ids.map(first[column]).to_numpy()
        out[column] = latest[column].fillna(pd.Series(earliest, index=latest.index)).to_numpy()
    return pd.DataFrame(out, dtype="str")


def tiers_on(
    tables: Tables, employee_ids: Sequence[str] | np.ndarray, dates: np.ndarray
) -> pd.Series:
    """The tier of the role each `employee_ids[i]` held on `dates[i]` (NA where unknown)."""
    roles = positions_on(tables, employee_ids, dates)[col.ROLE_ID]
    return roles.map(tables.job_roles.set_index(col.ROLE_ID)[col.TIER])


# Attributes an export holds only as of today: the same value is used for every past date.
AS_OF_TODAY = (col.EDUCATION, col.EMPLOYMENT_TYPE, col.LOCATION)


def history_notes(tables: Tables) -> dict[str, object]:
    """What the features of past decisions could know of positions, for the training report."""
    if tables.has_position_history:
        changed = tables.assignments.groupby(col.EMPLOYEE_ID, sort=False).size()
        note = (
            "roles and units of past decisions come from the assignments table"
            f" ({int((changed > 1).sum())} employees changed position);"
            f" {', '.join(AS_OF_TODAY)} are today's"
        )
    else:
        note = (
            "no assignments table: past decisions use today's role and unit of every employee,"
            " so a promotion or transfer that followed a course shows in the features of the"
            f" decision to send someone on it; {', '.join(AS_OF_TODAY)} are today's too"
        )
    return {
        "position_history": tables.has_position_history,
        "as_of_today": list(AS_OF_TODAY),
        "note": note,
    }
