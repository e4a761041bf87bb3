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
    (members holding a course in the `live` state are left out of its gain)."""
    directory = engine.directory
    members = directory.unit_members([unit_id])
    member_ids = directory.employee_ids[members]
    return {
        "unit_id": unit_id,
        "name": str(directory.unit_names.get(unit_id, unit_id)),
        "as_of": engine.state.as_of.date(),
        "employees": len(members),
        "competencies": _competency_gaps(engine, member_ids),
        "employees_under_jp": _under_jp(engine, members),
        "programs": _programs(engine, members, live),
    }


def _competency_gaps(engine: Engine, member_ids: pd.Index) -> list[dict[str, Any]]:
    rows = engine.directory.profile_rows(member_ids)
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
    needs = engine.directory.needs.iloc[members]
    short = needs[needs[col.JP_REMAINING] > 0].sort_values(col.JP_THIS_YEAR)
    return [
        {
            "employee_id": employee_id,
            "jp_this_year": int(row[col.JP_THIS_YEAR]),
            "jp_remaining": int(row[col.JP_REMAINING]),
        }
        for employee_id, row in short.iterrows()
    ]


def _programs(engine: Engine, members: np.ndarray, live: LiveState | None) -> list[dict[str, Any]]:
    """Upcoming programs by the unit's summed expected gain (members who completed the course,
    are enrolled already or hold a position the program is not for are left out)."""
    p = engine.eligibility.upcoming
    if len(members) == 0 or len(p) == 0:
        return []
    e = np.repeat(members, len(p))
    pp = np.tile(p, len(members))
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
        }
        for code, row in total.iterrows()
    ]
