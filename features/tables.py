"""The checked input tables, held together."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date

import pandas as pd

from features import columns as col
from features.errors import DataError


@dataclass(frozen=True)
class Tables:
    """The contract's tables as typed frames, as returned by `features.loading.load_tables`.

    Ids are strings, dates are ``datetime64[ns]`` (midnight), enums are validated strings,
    optional columns are always present (empty cells as NA, ``weight`` defaulted to 1.0).
    `units` is built from the employees' and assignments' unit ids when the optional file is
    absent. `assignments` (the position history) is empty when its optional file is absent:
    then today's role and unit are all that is known (`has_position_history`).
    `unit_indicators` (level 4 results of units) is empty when its optional file is absent;
    its `higher_is_better` is a checked yes/no text (`columns.TRUE_VALUES` mean yes).
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
    assignments: pd.DataFrame = field(default_factory=lambda: no_assignments())
    unit_indicators: pd.DataFrame = field(default_factory=lambda: no_unit_indicators())
    # optional (docs/rules.md): empty when their files are absent
    sanctions: pd.DataFrame = field(default_factory=lambda: no_sanctions())
    talent_pool: pd.DataFrame = field(default_factory=lambda: no_talent_pool())

    @property
    def has_position_history(self) -> bool:
        """Whether the export holds an `assignments` table, so that roles and units at a past
        date are known rather than assumed to be today's."""
        return not self.assignments.empty

    def as_dict(self) -> dict[str, pd.DataFrame]:
        """Every table; the unit indicators, sanctions and talent pool only when given (so the
        data fingerprint of an export without them is what it was before the tables existed)."""
        tables = {f.name: getattr(self, f.name) for f in fields(self)}
        for name in (col.UNIT_INDICATORS, col.SANCTIONS, col.TALENT_POOL):
            if tables[name].empty:
                del tables[name]
        return tables

    def snapshot_date(self) -> date:
        """The latest `enrolled_at` or `evaluated_at` in the data (the contract's default)."""
        dates = [self.enrollments[col.ENROLLED_AT].max(), self.evaluations[col.EVALUATED_AT].max()]
        latest = max((d for d in dates if pd.notna(d)), default=None)
        if latest is None:
            raise DataError(
                "enrollments.csv",
                "no enrolment or evaluation dates: give the snapshot date explicitly"
                " (SNAPSHOT_DATE)",
            )
        return pd.Timestamp(latest).date()


def no_assignments() -> pd.DataFrame:
    """The `assignments` table of an export without one: no rows, typed columns."""
    return pd.DataFrame(
        {
            col.EMPLOYEE_ID: pd.Series(dtype="str"),
            col.ROLE_ID: pd.Series(dtype="str"),
            col.UNIT_ID: pd.Series(dtype="str"),
            col.START_DATE: pd.Series(dtype="datetime64[ns]"),
        }
    )


def no_unit_indicators() -> pd.DataFrame:
    """The `unit_indicators` table of an export without one: no rows, typed columns."""
    return pd.DataFrame(
        {
            col.UNIT_ID: pd.Series(dtype="str"),
            col.PERIOD_START: pd.Series(dtype="datetime64[ns]"),
            col.INDICATOR: pd.Series(dtype="str"),
            col.VALUE: pd.Series(dtype="float64"),
            col.HIGHER_IS_BETTER: pd.Series(dtype="str"),
        }
    )


def no_sanctions() -> pd.DataFrame:
    """The `sanctions` table of an export without one: no rows, typed columns."""
    return pd.DataFrame(
        {
            col.EMPLOYEE_ID: pd.Series(dtype="str"),
            col.START_DATE: pd.Series(dtype="datetime64[ns]"),
            col.END_DATE: pd.Series(dtype="datetime64[ns]"),
        }
    )


def no_talent_pool() -> pd.DataFrame:
    """The `talent_pool` table of an export without one: no rows, typed columns."""
    return pd.DataFrame(
        {
            col.EMPLOYEE_ID: pd.Series(dtype="str"),
            col.TARGET_ROLE_ID: pd.Series(dtype="str"),
            col.BOX: pd.Series(dtype="Int64"),
            col.SINCE: pd.Series(dtype="datetime64[ns]"),
        }
    )
