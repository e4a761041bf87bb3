"""Level 4 on a hand-made world: units that sent many people against units that sent none."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from features import columns as col
from model.program_evaluation import evaluate_programs
from model.program_evaluation.results import LABEL, course_result
from tests.model.program_evaluation import hand_world as hw

UNITS = [f"U{i}" for i in range(1, 7)]
IKM_BEFORE = np.array([70.0, 72, 74, 76, 78, 80])
IKM_AFTER = IKM_BEFORE + np.array([4, 5, 3, 1, 2, 0])  # U1-U3 sent people
DAYS_BEFORE = np.array([10.0, 11, 12, 13, 14, 15])
DAYS_AFTER = DAYS_BEFORE - [2, 2, 2, 0, 0, 0]  # fewer days is better


def indicators(units: list[str]) -> pd.DataFrame:
    rows = []
    for name, higher, before, after in (
        ("ikm", "true", IKM_BEFORE, IKM_AFTER),
        ("days", "false", DAYS_BEFORE, DAYS_AFTER),
    ):
        for day, values in (("2024-01-01", before), ("2025-04-01", after)):
            rows += [
                (u, pd.Timestamp(day), name, v, higher) for u, v in zip(units, values, strict=True)
            ]
    frame = pd.DataFrame(
        rows,
        columns=[col.UNIT_ID, col.PERIOD_START, col.INDICATOR, col.VALUE, col.HIGHER_IS_BETTER],
    )
    return frame.astype({col.UNIT_ID: "str", col.INDICATOR: "str", col.HIGHER_IS_BETTER: "str"})


def world(sent_units: list[str]):
    ids = [f"E{i:02d}" for i in range(12)]
    staff = hw.employees_frame(ids, units=[UNITS[i // 2] for i in range(12)])
    sent = [
        e
        for e, u in zip(ids, staff[col.UNIT_ID], strict=True)
        if u in sent_units and e[-1] in "02468"
    ]
    tables = hw.tables_of(
        staff,
        hw.ratings([], "C1", np.array([]), np.array([])),
        hw.programs_frame([hw.program("A-1", "Kursus A")]),
        hw.targets([("A-1", "C1")]),
        hw.enrollments_frame([hw.enrolment(e, "A-1") for e in sent]),
        unit_indicators=indicators(UNITS),
    )
    return evaluate_programs(tables, hw.AS_OF).program("A-1")["results"]


def test_difference_of_standardised_improvements_with_welch_interval():
    result = world(UNITS[:3])
    ikm = (IKM_AFTER - IKM_BEFORE) / np.std(IKM_BEFORE, ddof=1)
    days = (DAYS_BEFORE - DAYS_AFTER) / np.std(DAYS_BEFORE, ddof=1)
    change = (ikm + days) / 2
    test = stats.ttest_ind(change[:3], change[3:], equal_var=False)
    interval = test.confidence_interval(0.95)
    assert result["label"] == LABEL == "association, not proof"
    assert (result["n_units_sent_many"], result["n_units_sent_none"]) == (3, 3)
    assert result["difference"] == pytest.approx(change[:3].mean() - change[3:].mean())
    assert result["ci_low"] == pytest.approx(interval.low)
    assert result["ci_high"] == pytest.approx(interval.high)
    assert result["indicators"] == ["days", "ikm"]
    assert result["reason"] is None


def test_too_few_units_is_said_not_estimated():
    result = world(UNITS[:2])
    assert result["difference"] is None and result["ci_low"] is None
    assert result["reason"] == "fewer than 3 units in a group"


def test_identical_changes_are_data_not_a_warning():
    frame = indicators(UNITS)
    after = frame[col.PERIOD_START] == pd.Timestamp("2025-04-01")
    before = frame.loc[~after, col.VALUE].to_numpy()
    frame.loc[after, col.VALUE] = before + np.where(frame.loc[~after, col.INDICATOR] == "ikm", 1, 0)
    share = pd.Series([0.5, 0.5, 0.5, 0, 0, 0], index=UNITS)
    result = course_result(frame, share, hw.SESSION_DAY, hw.AS_OF)
    assert result["difference"] == pytest.approx(0.0)
    assert result["ci_low"] in (None, pytest.approx(0.0))  # degenerate, never NaN
