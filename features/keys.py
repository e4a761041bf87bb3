"""Integer codes for ids, so that joins over millions of rows hash one int64 instead of strings."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from features import columns as col
from features.tables import Tables


@dataclass(frozen=True)
class Codes:
    """Positions of employee and competency ids in their tables."""

    employees: pd.Index
    competencies: pd.Index

    @classmethod
    def of(cls, tables: Tables) -> Codes:
        return cls(
            employees=pd.Index(tables.employees[col.EMPLOYEE_ID]),
            competencies=pd.Index(tables.competencies[col.COMPETENCY_ID]),
        )

    def pair_key(self, employee_ids: pd.Series, competency_ids: pd.Series) -> np.ndarray:
        """One int64 per (employee, competency) pair; -1 codes give negative keys."""
        e = self.employees.get_indexer(employee_ids).astype(np.int64)
        c = self.competencies.get_indexer(competency_ids).astype(np.int64)
        return e * len(self.competencies) + c
