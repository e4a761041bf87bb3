"""The temporal split by decisions, on hand-built histories with a few decision dates a year."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from model.training.errors import TrainingDataError
from model.training.examples import Examples
from model.training.split import by_decisions, by_months, temporal_split

SNAPSHOT = pd.Timestamp("2026-07-31")


def _history(dates: dict[str, int], known_after_days: int = 160, seed: int = 0) -> Examples:
    """`n` one-enrolment decisions on each date, every fifth not completed, each outcome known
    `known_after_days` later (a semester's e-learning session and the reporting lag)."""
    day = np.repeat(pd.to_datetime(list(dates)).to_numpy(), list(dates.values()))
    n = len(day)
    rng = np.random.default_rng(seed)
    return Examples(
        features=pd.DataFrame({"x": rng.random(n)}),
        query=np.arange(n),
        relevance=np.full(n, 2, dtype=np.int32),
        not_completed=(np.arange(n) % 5 == 0).astype(float),
        efficacy=np.full(n, np.nan),
        decided_at=day,
        outcome_known_at=day + np.timedelta64(known_after_days, "D"),
        employee_id=np.array([f"E{i}" for i in range(n)], dtype=object),
        program_id=np.full(n, "P", dtype=object),
    )


# Sessions start in February and October; people enrol in the weeks before.
SEMESTERS = {
    "2023-09-04": 300, "2023-09-18": 300, "2024-01-08": 300, "2024-01-22": 300,
    "2024-09-02": 300, "2024-09-16": 300, "2025-01-06": 300, "2025-01-20": 300,
    "2025-09-01": 300, "2025-09-15": 300, "2026-01-05": 300, "2026-01-19": 300,
}  # fmt: skip


def test_calendar_months_leave_a_semester_history_without_a_validation_period():
    with pytest.raises(TrainingDataError, match="validation") as error:
        by_months(_history(SEMESTERS), SNAPSHOT, 6)
    # one message naming every period with its counts
    message = str(error.value)
    for period in ("train", "validation", "test"):
        assert period in message
    assert "0 decisions on    0 dates" in message


def test_decisions_split_a_semester_history_between_decision_dates():
    examples = _history(SEMESTERS)
    split = by_decisions(examples, SNAPSHOT, share=0.15)
    total = len(examples.query)
    for name in ("train", "validation", "test"):
        part = getattr(split, name)
        assert split.counts[name]["completed"] > 0 and split.counts[name]["not_completed"] > 0
        assert split.counts[name]["decisions"] == len(part.query)
    # the test period is the last 2 of 12 equal dates, the nearest to 15%
    assert split.cut_2 == pd.Timestamp("2026-01-05")
    assert split.counts["test"]["decisions"] == pytest.approx(0.15 * total, rel=0.2)
    # validation: the decisions before cut_2 whose outcome is known by it (September 2025's
    # are known only in February), as many as the test period holds
    assert split.cut_1 == pd.Timestamp("2025-01-06")
    assert split.validation.outcome_known_at.max() <= split.cut_2.to_datetime64()
    assert split.train.outcome_known_at.max() <= split.cut_1.to_datetime64()
    # every decision date lies wholly on one side of each cut
    for cut in (split.cut_1, split.cut_2):
        assert cut.to_datetime64() in examples.decided_at
    assert split.unassigned == 600 + 600  # September 2024 and September 2025


def test_a_date_is_never_cut_through():
    # one huge last date: the test period takes it whole rather than a part of it
    dates = {"2024-01-08": 100, "2024-06-03": 100, "2025-01-06": 100, "2025-06-02": 700}
    examples = _history(dates, known_after_days=30)
    split = by_decisions(examples, SNAPSHOT, share=0.15)
    assert split.cut_2 == pd.Timestamp("2025-06-02")
    assert split.counts["test"]["decisions"] == 700


def test_too_few_decision_dates_is_one_clear_error():
    with pytest.raises(TrainingDataError, match=r"200 decisions on 2 dates") as error:
        by_decisions(_history({"2025-01-06": 100, "2025-09-01": 100}), SNAPSHOT)
    assert "validation       0 decisions on    0 dates" in str(error.value)


def test_a_period_without_both_outcomes_names_every_period_and_its_counts():
    dates = {"2024-01-08": 100, "2024-09-02": 100, "2025-01-06": 100}
    examples = _history(dates, known_after_days=30)
    all_completed = Examples(**{**examples.__dict__, "not_completed": np.zeros(300)})
    with pytest.raises(TrainingDataError) as error:
        by_decisions(all_completed, SNAPSHOT, share=0.3)
    message = str(error.value)
    assert "train, validation and test" in message
    assert "train          100 decisions on    1 dates (2024-01-08 to 2024-01-08)" in message
    assert "100 enrolments: 100 completed, 0 not" in message


def test_validation_months_keeps_the_calendar_cuts():
    examples = _history(
        {f"2024-{m:02d}-01": 50 for m in range(1, 13)} | {"2025-01-06": 50, "2025-02-03": 50},
        known_after_days=20,
    )
    split = temporal_split(examples, pd.Timestamp("2025-03-31"), months=4)
    # as before: snapshot - 4 months, then 4 months earlier again
    assert (split.cut_1, split.cut_2) == (pd.Timestamp("2024-07-30"), pd.Timestamp("2024-11-30"))
    assert split.method == "4 calendar months each"
