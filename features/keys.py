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


def in_sorted(keys: np.ndarray, sorted_keys: np.ndarray) -> np.ndarray:
    """`np.isin(keys, sorted_keys)` for an already sorted, unique array: a binary search per
    key instead of hashing both arrays on every call (the request path asks this often)."""
    if len(sorted_keys) == 0:
        return np.zeros(len(keys), dtype=bool)
    at = np.minimum(np.searchsorted(sorted_keys, keys), len(sorted_keys) - 1)
    return sorted_keys[at] == keys


def codes_of(index: pd.Index, values: pd.Series) -> np.ndarray:
    """The position in `index` of each value (-1 where absent); for categories (the
    snapshot's enrolments and profiles), looked up once per category: no string per row."""
    if not isinstance(values.dtype, pd.CategoricalDtype):
        return index.get_indexer(values)
    codes = values.cat.codes.to_numpy()
    found = np.append(index.get_indexer(values.cat.categories), -1)  # code -1: missing
    return found[codes]


def csr_rows(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """The rows `starts[i]` to `starts[i] + counts[i]` of every i, concatenated in order (a CSR
    gather, without a Python loop)."""
    counts = np.asarray(counts, dtype=np.int64)
    first = np.asarray(starts, dtype=np.int64) - np.cumsum(counts) + counts
    return np.repeat(first, counts) + np.arange(counts.sum())
