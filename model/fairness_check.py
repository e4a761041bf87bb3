"""The groups of a program's eligible employees, and the four-fifths check of a chosen list.

Groups come from the bundle's `people` part (birth date and gender as exported): age group by
age at the program's start, gender as recorded. They feed the fairness floor and the check
shown beside a list, nothing else.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from features import columns as col
from model.engine import Engine
from model.errors import FairnessFloorError
from model.fairness_floor import (
    AGE_GROUP,
    ATTRIBUTES,
    FOUR_FIFTHS,
    age_groups,
    genders,
    group_report,
    lowest_ratio,
)
from model.messages import ATTRIBUTE_UNKNOWN, Message


def attribute_known(engine: Engine, attribute: str) -> bool:
    """Whether the bundle records `attribute` for anyone."""
    directory = engine.directory
    values = directory.birth_dates if attribute == AGE_GROUP else directory.genders
    return bool(values.notna().any())


def attribute_labels(engine: Engine, p: int, e: np.ndarray, attribute: str) -> np.ndarray:
    """Each employee's group (`model.fairness_floor`) for program p; None where unknown.
    An attribute the bundle does not record raises `FairnessFloorError`."""
    if not attribute_known(engine, attribute):
        message = Message(ATTRIBUTE_UNKNOWN, attribute=attribute)
        raise FairnessFloorError(
            message, {"fairness": [message]}, ATTRIBUTE_UNKNOWN, {"attribute": attribute}
        )
    directory = engine.directory
    ids = directory.employee_ids.to_numpy()[e]
    if attribute == AGE_GROUP:
        start = directory.programs[col.START_DATE].iloc[p]
        on = engine.state.as_of if pd.isna(start) else start
        return age_groups(directory.birth_dates.reindex(ids).to_numpy(), pd.Timestamp(on))
    return genders(directory.genders.reindex(ids).to_numpy())


def fairness_check(
    engine: Engine, p: int, e: np.ndarray, chosen_rows: np.ndarray | pd.Series
) -> list[dict[str, Any]]:
    """Per recorded attribute: each group's eligible, selected and selected / expected for
    the list `chosen_rows` (positions into `e`), the lowest ratio, and whether every group
    has at least four fifths of its expected seats (None when nobody is selected)."""
    chosen = np.zeros(len(e), dtype=bool)
    chosen[np.asarray(chosen_rows, dtype=np.intp)] = True
    out = []
    for attribute in ATTRIBUTES:
        if not attribute_known(engine, attribute):
            continue
        groups = group_report(attribute, [(attribute_labels(engine, p, e, attribute), chosen)])
        low = lowest_ratio(groups)
        out.append(
            {
                "attribute": attribute,
                "groups": groups,
                "lowest_ratio": low,
                "four_fifths_met": None if low is None else bool(low >= FOUR_FIFTHS - 1e-9),
            }
        )
    return out
