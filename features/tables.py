"""The checked input tables, held together."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

import pandas as pd

from features import columns as col


@dataclass(frozen=True)
class Tables:
    """The contract's tables as typed frames, as returned by `features.loading.load_tables`.

    Ids are strings, dates are ``datetime64[ns]`` (midnight), enums are validated strings,
    optional columns are always present (empty cells as NA, ``weight`` defaulted to 1.0).
    `units` is built from the employees' unit ids when the optional file is absent.
    """

    competencies: pd.DataFrame
    job_roles: pd.DataFrame
    role_requirements: pd.DataFrame
    employees: pd.DataFrame
    evaluations: pd.DataFrame
    performance: pd.DataFrame
    programs: pd.DataFrame
    program_competencies: pd.DataFrame
    enrollments: pd.DataFrame
    units: pd.DataFrame

    def as_dict(self) -> dict[str, pd.DataFrame]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def snapshot_date(self) -> date:
        """The latest `enrolled_at` or `evaluated_at` in the data (the contract's default)."""
        dates = [self.enrollments[col.ENROLLED_AT].max(), self.evaluations[col.EVALUATED_AT].max()]
        latest = max((d for d in dates if pd.notna(d)), default=None)
        if latest is None:
            raise ValueError("no enrolment or evaluation dates: give the snapshot date explicitly")
        return pd.Timestamp(latest).date()
