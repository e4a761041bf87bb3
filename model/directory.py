"""Who and what the bundle's snapshot knows: ids to codes, and the rows that describe
employees (needs, gap profiles), programs, units and competencies.

A code is a position in `state.employee_ids` or `state.program_ids`: every array of the
engine is indexed by them. The indexes are built once per bundle, so that a request costs
lookups, never a scan of a table. Unknown ids raise `model.errors.NotFoundError`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from features import columns as col
from model.errors import NotFoundError
from model.serving_bundle import ServingBundle


class Directory:
    """Lookups over one serving bundle's snapshot.

    `programs` and `needs` are indexed by id and ordered by code (row p describes program
    code p); `unit_of[e]` is employee e's unit.
    """

    def __init__(self, bundle: ServingBundle) -> None:
        state = bundle.state
        self.employee_ids: pd.Index = state.employee_ids
        self.program_ids: pd.Index = state.program_ids
        self.programs = bundle.programs.set_index(col.PROGRAM_ID).reindex(state.program_ids)
        self.needs = bundle.needs.set_index(col.EMPLOYEE_ID).reindex(state.employee_ids)
        self.unit_of = self.needs[col.UNIT_ID].to_numpy(dtype=object)
        self.units = set(bundle.units[col.UNIT_ID]) | set(self.unit_of)
        self.unit_names = bundle.units.set_index(col.UNIT_ID)[col.NAME]
        self.competency_names = bundle.competencies.set_index(col.COMPETENCY_ID)[col.NAME]
        self._profiles = bundle.profiles.sort_values(col.EMPLOYEE_ID, kind="stable")
        self._profile_rows = self._profiles.groupby(col.EMPLOYEE_ID, sort=False).indices

    def employee_code(self, employee_id: str) -> int:
        try:
            return int(self.employee_ids.get_loc(employee_id))
        except KeyError:
            raise NotFoundError("employee", employee_id) from None

    def program_code(self, program_id: str) -> int:
        try:
            return int(self.program_ids.get_loc(program_id))
        except KeyError:
            raise NotFoundError("program", program_id) from None

    def pair_codes(
        self, employee_ids: Sequence[str], program_ids: Sequence[str]
    ) -> tuple[np.ndarray, np.ndarray]:
        """Codes of many pairs at once; -1 where an id is unknown (no error)."""
        e = self.employee_ids.get_indexer(pd.Index(employee_ids))
        p = self.program_ids.get_indexer(pd.Index(program_ids))
        return e, p

    def unit_members(self, unit_ids: Sequence[str]) -> np.ndarray:
        """Codes of the employees of these units; NotFoundError names the first unknown unit."""
        unknown = [u for u in unit_ids if u not in self.units]
        if unknown:
            raise NotFoundError("unit", unknown[0])
        return np.flatnonzero(np.isin(self.unit_of, list(unit_ids)))

    def profile_rows(self, employee_ids: Iterable[str]) -> pd.DataFrame:
        """The gap-profile rows of these employees, by a precomputed index (no table scan)."""
        found = [self._profile_rows[i] for i in employee_ids if i in self._profile_rows]
        rows = np.concatenate(found) if found else np.zeros(0, dtype=np.int64)
        return self._profiles.iloc[rows]

    def program_summary(self, p: int) -> dict[str, Any]:
        """What a list of programs shows of program code p."""
        row = self.programs.iloc[p]
        return {
            "program_id": self.program_ids[p],
            "title": row[col.TITLE],
            "method": row[col.METHOD],
            "start_date": row[col.START_DATE].date(),
            "duration_jp": int(row[col.DURATION_JP]),
            "cost": float(row[col.COST]),
        }
