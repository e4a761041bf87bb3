"""A fairness floor: each group of an attribute gets at least a share of its expected seats.

For one program, "expected at equal chances" is what a lottery among the program's eligible
employees would give: a group holding E_g of the N eligible expects E_g x n / N of the n seats
filled. Over several programs (a plan) the expectations add up, program by program (indirect
standardisation, as the training report's audit does). The floor asks, for every group g,

    selected_g / expected_g >= min_ratio,   i.e.   selected_g - min_ratio x expected_g >= 0,

which is linear in the choices because expected_g is linear in n. Employees whose attribute is
not recorded count in N (they are eligible) but form no group and have no floor. Nobody
selected means nothing expected: the floor holds trivially, and ratios are undefined (None).

Age and gender are read here and in the fairness report only: never a feature of a model,
never a reason shown for a choice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from features import columns as col

AGE_GROUP = "age_group"
ATTRIBUTES = (AGE_GROUP, col.GENDER)
# upper bound of the age (exclusive, in years) and the group's name, by age at the start
AGE_BANDS = ((30, "under 30"), (40, "30-39"), (50, "40-49"), (200, "50 and over"))
AGE_GROUPS = tuple(name for _, name in AGE_BANDS)
GENDER_GROUPS = ("m", "f")
FOUR_FIFTHS = 0.8
# slack on ratio >= min_ratio for float sums (min_ratio x E_g / N is rarely a whole number)
TOLERANCE = 1e-9


@dataclass(frozen=True)
class FairnessFloor:
    """`attribute` (`ATTRIBUTES`) and the lowest allowed selected / expected (0 < r <= 1)."""

    attribute: str
    min_ratio: float

    def __post_init__(self) -> None:
        if self.attribute not in ATTRIBUTES:
            raise ValueError(f"attribute: one of {ATTRIBUTES}, got {self.attribute!r}")
        if not 0 < self.min_ratio <= 1:
            raise ValueError(f"min_ratio: between 0 (excluded) and 1, got {self.min_ratio!r}")


def groups_of(attribute: str) -> tuple[str, ...]:
    """The groups of an attribute, in the order answers list them."""
    return AGE_GROUPS if attribute == AGE_GROUP else GENDER_GROUPS


def age_groups(birth_dates: pd.Series | np.ndarray, on: pd.Timestamp) -> np.ndarray:
    """Each birth date's age group on `on` (None where the date is unknown)."""
    births = pd.to_datetime(pd.Series(birth_dates)).to_numpy(dtype="datetime64[ns]")
    age = (np.datetime64(on, "ns") - births).astype("timedelta64[D]").astype(float) / 365.25
    age[np.isnat(births)] = np.nan
    band = np.full(len(age), None, dtype=object)
    for upper, name in reversed(AGE_BANDS):
        band[age < upper] = name
    band[np.isnan(age)] = None
    return band


def genders(values: pd.Series | np.ndarray) -> np.ndarray:
    """Recorded genders, None where unknown or outside `GENDER_GROUPS`."""
    out = pd.Series(values, dtype=object).to_numpy(dtype=object)
    # numpy's stubs read a None third argument as the one-argument form of `where`
    return np.where(np.isin(out, GENDER_GROUPS), out, None)  # type: ignore[return-value]


def expected_share(labels: np.ndarray, attribute: str) -> dict[str, float]:
    """E_g / N of one program's eligible pool `labels` (one group label per eligible)."""
    n = len(labels)
    return {g: float((labels == g).sum()) / n if n else 0.0 for g in groups_of(attribute)}


def group_report(
    attribute: str, pools: Sequence[tuple[np.ndarray, np.ndarray]]
) -> list[dict[str, Any]]:
    """Per group: eligible, selected and selected / expected, summed over programs.

    `pools`: per program, (group label of each eligible, which of them are selected). Written
    apart from any solver: it is the independent check of a floor."""
    out = []
    for g in groups_of(attribute):
        eligible = selected = 0
        expected = 0.0
        for labels, chosen in pools:
            labels, chosen = np.asarray(labels, dtype=object), np.asarray(chosen, dtype=bool)
            in_g = labels == g
            eligible += int(in_g.sum())
            selected += int((in_g & chosen).sum())
            if len(labels):
                expected += in_g.sum() * chosen.sum() / len(labels)
        ratio = selected / expected if expected > 0 else None
        out.append({"group": g, "eligible": eligible, "selected": selected, "ratio": ratio})
    return out


def floor_violations(groups: list[dict[str, Any]], min_ratio: float) -> list[str]:
    """The groups of `group_report` whose ratio is below `min_ratio`, in words."""
    return [
        f"group {g['group']}: selected / expected {g['ratio']:.4f} below {min_ratio}"
        for g in groups
        if g["ratio"] is not None and g["ratio"] < min_ratio - TOLERANCE
    ]


def lowest_ratio(groups: list[dict[str, Any]]) -> float | None:
    """The four-fifths check's figure: the lowest ratio over groups with someone eligible."""
    ratios = [g["ratio"] for g in groups if g["ratio"] is not None]
    return min(ratios) if ratios else None
