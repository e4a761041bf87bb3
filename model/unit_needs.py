"""The training needs of a unit: its biggest competency gaps, who is short of JP, what helps."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from features import columns as col
from model.engine import Engine
from model.live import LiveState

TOP_COMPETENCIES = 10
TOP_PROGRAMS = 10


def unit_needs(engine: Engine, unit_id: str, live: LiveState | None = None) -> dict[str, Any]:
    """Competencies ranked by the unit's aggregate weighted gap, employees under 20 JP this
    year, and the upcoming programs whose expected gain summed over the unit is largest
    (members holding a course in the `live` state are left out of its gain).

    The unit includes every unit under it (`units.parent_unit_id`); `sub_units` are the units
    directly under it, `parent_unit` the one above it (None for a top unit), and
    `gaps_by_position` the mean weighted gap of each (competency, position) held in it, for a
    heat map.
    """
    directory = engine.directory
    members = directory.unit_members([unit_id])
    member_ids = directory.employee_ids[members]
    rows = directory.profile_rows(member_ids)
    return {
        "unit_id": unit_id,
        "name": str(directory.unit_names.get(unit_id, unit_id)),
        "as_of": engine.state.as_of.date(),
        "employees": len(members),
        "competencies": _competency_gaps(engine, rows),
        "employees_under_jp": _under_jp(engine, members),
        "programs": _programs(engine, members, live),
        "sub_units": _sub_units(engine, unit_id),
        "parent_unit": _parent(engine, unit_id),
        "gaps_by_position": _gaps_by_position(engine, rows),
    }


def _competency_gaps(engine: Engine, rows: pd.DataFrame) -> list[dict[str, Any]]:
    grouped = rows.assign(has_gap=rows[col.GAP] > 0).groupby(col.COMPETENCY_ID)
    table = pd.DataFrame(
        {
            "total_weighted_gap": grouped[col.WEIGHTED_GAP].sum(),
            "mean_gap": grouped[col.GAP].mean(),
            "employees_with_gap": grouped["has_gap"].sum().astype(int),
            "employees_assessed": grouped[col.GAP].size(),
        }
    ).sort_values("total_weighted_gap", ascending=False)
    table = table[table["total_weighted_gap"] > 0].head(TOP_COMPETENCIES)
    table["name"] = table.index.map(engine.directory.competency_names)
    return table.reset_index().to_dict("records")


def _under_jp(engine: Engine, members: np.ndarray) -> list[dict[str, Any]]:
    """Members still short of the yearly JP, fewest JP first, with what a planner reads."""
    directory = engine.directory
    needs = directory.needs.iloc[members]
    short = np.flatnonzero(needs[col.JP_REMAINING].to_numpy() > 0)
    short = short[np.argsort(needs[col.JP_THIS_YEAR].to_numpy()[short], kind="stable")]
    e = members[short]
    described = directory.describe(e)
    table = pd.DataFrame(
        {
            col.EMPLOYEE_ID: directory.employee_ids.to_numpy()[e],
            col.JP_THIS_YEAR: needs[col.JP_THIS_YEAR].to_numpy()[short].astype(int),
            col.JP_REMAINING: needs[col.JP_REMAINING].to_numpy()[short].astype(int),
            col.NAME: described["name"].to_numpy(),
            "role_title": described["role_title"].to_numpy(),
            col.UNIT_ID: directory.unit_of[e],
            "unit_name": described["unit_name"].to_numpy(),
        }
    )
    return table.to_dict("records")


def _sub_units(engine: Engine, unit_id: str) -> list[dict[str, Any]]:
    """The units directly under this one, each with its headcount (its own sub-units in)."""
    directory = engine.directory
    return [
        {
            col.UNIT_ID: sub,
            col.NAME: str(directory.unit_names.get(sub, sub)),
            "employees": len(directory.unit_members([sub])),
        }
        for sub in directory.sub_units(unit_id)  # a handful of units, not employees
    ]


def _parent(engine: Engine, unit_id: str) -> dict[str, str] | None:
    """The unit directly above this one, by id and name; None for a top unit."""
    parent = engine.directory.parent_unit(unit_id)
    if parent is None:
        return None
    return {col.UNIT_ID: parent, col.NAME: str(engine.directory.unit_names.get(parent, parent))}


def _gaps_by_position(engine: Engine, rows: pd.DataFrame) -> list[dict[str, Any]]:
    """Mean weighted gap of each (competency, position) pair held in the unit, and how many
    of its members hold that position and have that competency in their standard."""
    directory = engine.directory
    roles = directory.needs[col.ROLE_ID].reindex(rows[col.EMPLOYEE_ID]).to_numpy()
    grouped = rows.assign(**{col.ROLE_ID: roles}).groupby([col.COMPETENCY_ID, col.ROLE_ID])
    table = grouped[col.WEIGHTED_GAP].agg(["mean", "size"]).reset_index()
    table.columns = [col.COMPETENCY_ID, col.ROLE_ID, "mean_weighted_gap", "employees"]
    table["competency_name"] = table[col.COMPETENCY_ID].map(directory.competency_names)
    titles = directory.role_titles.reindex(table[col.ROLE_ID]).to_numpy()
    table["role_title"] = np.where(pd.isna(titles), table[col.ROLE_ID], titles)
    return table.to_dict("records")


def _programs(engine: Engine, members: np.ndarray, live: LiveState | None) -> list[dict[str, Any]]:
    """Upcoming programs by the unit's summed expected gain (members who completed the course,
    are enrolled already or hold a position the program is not for are left out)."""
    p = engine.eligibility.upcoming
    if len(members) == 0 or len(p) == 0:
        return []
    e, pp = engine.eligibility.candidate_pairs(members, p)  # the agency rule's pairs only
    keep = engine.eligibility.offerable(e, pp, live=live)
    _, pred = engine.predict(e[keep], pp[keep])
    frame = pd.DataFrame({"p": pp[keep], "gain": pred["expected_gain"].to_numpy()})
    frame["benefits"] = frame["gain"] > 0
    total = frame.groupby("p").agg(
        expected_gain=("gain", "sum"), employees_helped=("benefits", "sum")
    )
    total = total[total["expected_gain"] > 0].nlargest(TOP_PROGRAMS, "expected_gain")
    return [
        {
            **engine.directory.program_summary(int(code)),
            "expected_gain": float(row["expected_gain"]),
            "employees_helped": int(row["employees_helped"]),
            "gain_per_million_rupiah": _per_million(engine, int(code), row),
        }
        for code, row in total.iterrows()
    ]


def _per_million(engine: Engine, p: int, row: pd.Series) -> float | None:
    """Expected gain per Rp 1,000,000 spent sending everyone it helps; None when free."""
    spent = float(engine.directory.programs[col.COST].iloc[p]) * int(row["employees_helped"])
    return float(row["expected_gain"]) / spent * 1e6 if spent > 0 else None
