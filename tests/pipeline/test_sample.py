"""The training sample above one node's size: employees drawn unit by unit, every decision of a
sampled employee kept whole."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pipeline.examples import partitioned_examples
from pipeline.sample import TRAIN_EMPLOYEES_ENV, sample_share, sampled_employees

UNTIL = pd.Timestamp("2023-10-31")  # as test_cluster: the first months, examples in seconds


def test_the_share_is_one_up_to_the_cap_then_the_cap_over_the_size(monkeypatch):
    monkeypatch.delenv(TRAIN_EMPLOYEES_ENV, raising=False)
    assert sample_share(65_000) == 1.0
    assert sample_share(1_000_000) == pytest.approx(0.065)
    monkeypatch.setenv(TRAIN_EMPLOYEES_ENV, "100")
    assert sample_share(400) == 0.25
    monkeypatch.setenv(TRAIN_EMPLOYEES_ENV, "0")
    with pytest.raises(ValueError, match=TRAIN_EMPLOYEES_ENV):
        sample_share(400)


def test_every_unit_gives_its_share_and_small_units_are_not_lost():
    units = ["big"] * 1_000 + ["mid"] * 100 + [f"tiny{i}" for i in range(400)]
    employees = pd.DataFrame({"employee_id": [f"E{i:05d}" for i in range(len(units))],
                              "unit_id": units})  # fmt: skip
    kept = set(sampled_employees(employees, 0.25, seed=1))
    by_unit = employees.assign(kept=employees["employee_id"].isin(kept)).groupby("unit_id")["kept"]
    assert by_unit.sum()["big"] == 250 and by_unit.sum()["mid"] == 25
    tiny = by_unit.sum()[by_unit.sum().index.str.startswith("tiny")]
    assert 60 <= tiny.sum() <= 140  # 400 units of one: a quarter kept in expectation, not 0
    again = sampled_employees(employees, 0.25, seed=1)
    assert np.array_equal(np.sort(list(kept)), again)  # the same sample wherever it runs


def test_a_sampled_employee_keeps_every_decision_and_no_query_is_cut(national_dir, monkeypatch):
    monkeypatch.delenv(TRAIN_EMPLOYEES_ENV, raising=False)
    whole = partitioned_examples(national_dir, UNTIL, seed=3, task_employees=100)
    monkeypatch.setenv(TRAIN_EMPLOYEES_ENV, "60")  # 240 employees: a quarter
    part = partitioned_examples(national_dir, UNTIL, seed=3, task_employees=100)
    people = set(part.employee_id.astype(str))
    assert 0 < len(people) < len(set(whole.employee_id.astype(str))) * 0.5
    of_people = np.isin(whole.employee_id.astype(str), list(people))
    assert of_people.sum() == len(part.query)  # all their rows, nobody else's
    sizes = pd.Series(part.query).value_counts().sort_index().to_numpy()
    whole_sizes = pd.Series(whole.query[of_people]).value_counts().sort_index().to_numpy()
    assert np.array_equal(sizes, whole_sizes)  # each of their queries whole
