"""The training sample when the decisions outgrow one node (issue 25, docs/national.md).

The training rows are the decisions of the past, about 5 per employee and 12 rows each (the
taken program and a sample of the others): 4 million rows for Jakarta's 65,000 employees,
65 million for a million. The fit stays on one node, so above `TRAIN_EMPLOYEES` employees it
learns from a sample of **employees**, every decision of each sampled employee kept (a query
is never cut, and what an employee took is compared with what they took), drawn in each unit
apart with the same share (proportional allocation; a unit id belongs to one agency, so every
agency and every unit is represented in its proportion). The share is known before any task
runs (employees from the Parquet footers), so each task samples its own employees and only the
sample travels back to the driver. The cost in quality is measured by `bench.sample_cost`.
"""

from __future__ import annotations

import os

import numpy as np
import pandas as pd

from features import columns as col

# A fit on Jakarta's 65,000 employees (about 4 million rows) is what one node is known to do
# in minutes within the memory a worker is given (docs/benchmarks.md).
TRAIN_EMPLOYEES = 65_000
TRAIN_EMPLOYEES_ENV = "TRAIN_SAMPLE_EMPLOYEES"


def sample_share(n_employees: int) -> float:
    """The share of employees whose decisions are learnt from: 1 up to `TRAIN_EMPLOYEES`
    (or its environment override), then `TRAIN_EMPLOYEES / n_employees`."""
    cap = int(os.environ.get(TRAIN_EMPLOYEES_ENV) or TRAIN_EMPLOYEES)
    if cap <= 0:
        raise ValueError(f"{TRAIN_EMPLOYEES_ENV} must be a positive number of employees")
    return 1.0 if n_employees <= cap else cap / n_employees


def sampled_employees(employees: pd.DataFrame, share: float, seed: int) -> np.ndarray:
    """The employee ids of a sample of `share` of `employees`, drawn in each unit apart:
    floor(share x n) of a unit's n employees, and one more with the probability of the
    remainder, so every unit's expected share is `share` (small units included)."""
    rng = np.random.default_rng(seed)
    chosen = []
    for _, ids in employees.groupby(col.UNIT_ID, sort=True)[col.EMPLOYEE_ID]:
        ordered = np.sort(ids.to_numpy().astype(str))
        exact = share * len(ordered)
        k = int(exact) + int(rng.random() < exact - int(exact))
        chosen.append(rng.choice(ordered, size=k, replace=False))
    return np.sort(np.concatenate(chosen)) if chosen else np.array([], dtype=str)
