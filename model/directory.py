"""Who and what the bundle's snapshot knows: ids to codes, and the rows that describe
employees (needs, gap profiles), programs, units and competencies.

A code is a position in `state.employee_ids` or `state.program_ids`: every array of the
engine is indexed by them. The indexes are built once per bundle, so that a request costs
lookups, never a scan of a table. Unknown ids raise `model.errors.NotFoundError`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from features import columns as col
from features.keys import codes_of, csr_rows
from model.bundles.serving import ENROLMENT_CATEGORIES, ServingBundle
from model.errors import NotFoundError


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
        self._children = _children_of(bundle.units)
        self._parents = {c: p for p, children in self._children.items() for c in children}
        self.role_titles = _lookup(bundle.roles, col.ROLE_ID, col.TITLE)
        self.names = _lookup(bundle.people, col.EMPLOYEE_ID, col.NAME)
        # for the fairness floor and its report only (model.fairness_floor): never a feature
        self.birth_dates = _lookup(bundle.people, col.EMPLOYEE_ID, col.BIRTH_DATE)
        self.genders = _lookup(bundle.people, col.EMPLOYEE_ID, col.GENDER)
        # the sessions' minimum rank (model.eligibility); None: a bundle from before grades
        self.grades = (
            _lookup(bundle.people, col.EMPLOYEE_ID, col.GRADE).reindex(state.employee_ids)
            if bundle.people is not None and col.GRADE in bundle.people
            else None
        )
        self._profiles, self._profile_start = _by_employee(bundle.profiles, state.employee_ids)
        self._enrollments = bundle.enrollments

    def employee_code(self, employee_id: str) -> int:
        try:
            return int(self.employee_ids.get_loc(employee_id))
        except (KeyError, UnicodeEncodeError):  # a lone surrogate names no employee
            raise NotFoundError("employee", employee_id) from None

    def program_code(self, program_id: str) -> int:
        try:
            return int(self.program_ids.get_loc(program_id))
        except (KeyError, UnicodeEncodeError):  # a lone surrogate names no program
            raise NotFoundError("program", program_id) from None

    def employee_codes(self, employee_ids: Sequence[str]) -> np.ndarray:
        """Codes of many employees at once; -1 where an id is unknown (a lone surrogate too)."""
        return self.employee_ids.get_indexer(_id_index(employee_ids))

    def pair_codes(
        self, employee_ids: Sequence[str], program_ids: Sequence[str]
    ) -> tuple[np.ndarray, np.ndarray]:
        """Codes of many pairs at once; -1 where an id is unknown (no error)."""
        e = self.employee_ids.get_indexer(_id_index(employee_ids))
        p = self.program_ids.get_indexer(_id_index(program_ids))
        return e, p

    def unit_members(self, unit_ids: Sequence[str]) -> np.ndarray:
        """Codes of the employees of these units and of every unit under them (asking for a
        dinas includes its suku dinas); NotFoundError names the first unknown unit."""
        family = {member for u in unit_ids for member in self.unit_family(u)}
        return np.flatnonzero(np.isin(self.unit_of, list(family)))

    def parent_unit(self, unit_id: str) -> str | None:
        """The unit directly above this one (`units.parent_unit_id`); None for a top unit."""
        if unit_id not in self.units:
            raise NotFoundError("unit", unit_id)
        return self._parents.get(unit_id)

    def sub_units(self, unit_id: str) -> list[str]:
        """The units directly under this one, by id (none without `units.parent_unit_id`)."""
        if unit_id not in self.units:
            raise NotFoundError("unit", unit_id)
        return list(self._children.get(unit_id, ()))

    def describe(self, e: np.ndarray) -> pd.DataFrame:
        """What a planner reads beside each employee code: name (None when the export has
        none), role id and title, unit id and name (the id where no title or name is known)."""
        ids = self.employee_ids.to_numpy()[e]
        roles = self.needs[col.ROLE_ID].to_numpy(dtype=object)[e]
        units = self.unit_of[e]
        return pd.DataFrame(
            {
                "name": _found(self.names, ids, None),
                "role_id": roles,
                "role_title": _found(self.role_titles, roles, roles),
                "unit_name": _found(self.unit_names, units, units),
            }
        )

    def unit_family(self, unit_id: str) -> list[str]:
        """The unit and every unit under it (`units.parent_unit_id`, a suku dinas under its
        dinas), the unit first; NotFoundError for an unknown unit."""
        if unit_id not in self.units:
            raise NotFoundError("unit", unit_id)
        family, frontier = [unit_id], [unit_id]
        while frontier:  # the loader refuses cycles; `family` guards anyway
            frontier = [c for u in frontier for c in self._children.get(u, ()) if c not in family]
            family += frontier
        return family

    def profile_rows(self, employee_ids: Iterable[str]) -> pd.DataFrame:
        """The gap-profile rows of these employees, by a precomputed index (no table scan)."""
        codes = self.employee_ids.get_indexer(_id_index(list(employee_ids)))
        codes = codes[codes >= 0]
        start = self._profile_start[codes]
        rows = csr_rows(start, self._profile_start[codes + 1] - start)
        ids = [col.EMPLOYEE_ID, col.COMPETENCY_ID]  # categories in the snapshot: text here
        return self._profiles.iloc[rows].astype(dict.fromkeys(ids, "str"))

    def enrolment_rows(self, e: int) -> pd.DataFrame:
        """The bundle's enrolments of employee code e (a sorted index, no table scan)."""
        codes, order = self._enrolment_index
        low, high = np.searchsorted(codes, [e, e + 1])
        rows = self._enrollments.iloc[order[low:high]]
        return rows.astype({c: "str" for c in ENROLMENT_CATEGORIES if c in rows})

    @cached_property
    def _enrolment_index(self) -> tuple[np.ndarray, np.ndarray]:
        """(sorted employee codes, the enrolment rows in that order), built on first use."""
        codes = codes_of(self.employee_ids, self._enrollments[col.EMPLOYEE_ID])
        order = np.argsort(codes, kind="stable")
        return codes[order], order

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
            "kind": _optional_text(row, col.KIND),
            "path": _path(row),
        }


def _by_employee(profiles: pd.DataFrame, employee_ids: pd.Index) -> tuple[pd.DataFrame, np.ndarray]:
    """(the profile rows ordered by employee code, where employee code e's rows start): rows
    `start[e]` to `start[e + 1]`. A bundle's snapshot holds them in that order already
    (`features.state`), so nothing is copied and its mapped pages stay unread; an older one
    is sorted here. Rows of employees outside `employee_ids` are left out."""
    codes = codes_of(employee_ids, profiles[col.EMPLOYEE_ID])
    if len(codes) and not (np.diff(codes) >= 0).all():
        order = np.argsort(codes, kind="stable")
        profiles, codes = profiles.iloc[order], codes[order]
    start = np.searchsorted(codes, np.arange(len(employee_ids) + 1))
    return profiles, start.astype(np.int64)


def _children_of(units: pd.DataFrame) -> dict[str, list[str]]:
    """parent unit id -> the ids of the units directly under it (none without the column)."""
    if col.PARENT_UNIT_ID not in units:
        return {}
    linked = units.loc[units[col.PARENT_UNIT_ID].notna(), [col.UNIT_ID, col.PARENT_UNIT_ID]]
    return {
        str(parent): sorted(map(str, group[col.UNIT_ID]))
        for parent, group in linked.groupby(col.PARENT_UNIT_ID)
    }


def _optional_text(row: pd.Series, column: str) -> str | None:
    """`row[column]` as text; None where the catalogue leaves it empty or has no such column."""
    value = row.get(column)
    return None if value is None or pd.isna(value) else str(value)


def _path(row: pd.Series) -> str | None:
    """The stated path, else the one the kind implies (`features.learning.programs_paths`)."""
    stated, kind = _optional_text(row, col.PATH), _optional_text(row, col.KIND)
    if stated is not None or kind is None:
        return stated
    if kind in col.NON_CLASSICAL_KINDS:
        return "non_classical"
    return "classical" if kind in col.CLASSICAL_KINDS else None


def _lookup(frame: pd.DataFrame | None, key: str, value: str) -> pd.Series:
    """`value` by `key`; empty when the bundle or the export has no such column."""
    if frame is None or value not in frame:
        return pd.Series(dtype=object)
    return frame.drop_duplicates(key).set_index(key)[value]


def _found(lookup: pd.Series, keys: np.ndarray, missing: np.ndarray | None) -> np.ndarray:
    """`lookup[keys]` as objects; `missing` (or None) where a key or its value is absent."""
    values = lookup.reindex(keys).astype(object).to_numpy().copy()
    absent = pd.isna(values)
    values[absent] = None if missing is None else np.asarray(missing, dtype=object)[absent]
    return values


def _id_index(ids: Sequence[str]) -> pd.Index:
    """`ids` as an index to look up. JSON can carry a lone surrogate (`"\\ud9a8"`), which is
    not Unicode text and which Arrow-backed strings refuse (UnicodeEncodeError, a 500): such an
    id names nothing, so it becomes "" (an empty id, which no table holds) and is unknown."""
    try:
        return pd.Index(ids)
    except UnicodeEncodeError:
        return pd.Index([_encodable(i) for i in ids])


def _encodable(value: str) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return ""
    return value
