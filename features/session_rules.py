"""The rules a session states about who may join: a minimum rank and no running sanction.

Rank (`employees.grade`, `programs.min_grade`): the golongan ruang of a PNS, ordered
I/a < I/b < ... < IV/e (`columns.GRADES`), as a rank code 0-16. A PPPK golongan (I to XVII,
as SIASN and the importers write it) takes the code of the same step: the 17 PPPK golongan
and the 17 PNS ruang run side by side, as the entry grades by schooling show (SMA: II/a and
V, D3: II/c and VII, S1: III/a and IX, S2: III/b and X). A person without any grade recorded
cannot show the rank a session asks for and is below every minimum (docs/rules.md says why).

The export's grade is today's; a session starts after the snapshot, and ranks only rise, so
today's grade is the most that is known of the grade at the session's start: someone
promoted in between is refused until the next export (the safe side of a hard rule).

A sanction (`sanctions`) runs from `start_date` to `end_date` (empty: still running); a
session may not start while one runs (PP 94/2021: no development during a disciplinary
sanction). Every recorded sanction is known at the snapshot, those starting after it too:
the export that records a sanction decided for next month was made after the decision.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from features import columns as col

PPPK_GRADES = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII",
               "XIV", "XV", "XVI", "XVII")  # fmt: skip
NO_RANK = -1  # no grade recorded, or one not read
NO_MINIMUM = -1  # a program without `min_grade`
# upper case, no spaces: how a grade is looked up
_RANKS = {g.upper(): i for grades in (col.GRADES, PPPK_GRADES) for i, g in enumerate(grades)}


def grade_ranks(grades: pd.Series) -> np.ndarray:
    """The rank code of each grade (int8): 0 for I/a (and PPPK I) to 16 for IV/e (XVII);
    `NO_RANK` where empty or not a grade."""
    text = grades.astype("str").str.replace(r"\s+", "", regex=True).str.upper()
    ranks = text.map(_RANKS).where(grades.notna())
    return ranks.fillna(NO_RANK).to_numpy(dtype=np.int8)


def minimum_ranks(min_grades: pd.Series | None, n: int) -> np.ndarray:
    """The rank code each program asks for (`programs.min_grade`, any case); `NO_MINIMUM`
    without one (a PPPK golongan is not a minimum: the loader refuses it)."""
    if min_grades is None:
        return np.full(n, NO_MINIMUM, dtype=np.int8)
    ranks = grade_ranks(min_grades)  # the loader keeps enums lower-cased: "iii/a"
    return np.where(ranks == NO_RANK, NO_MINIMUM, ranks).astype(np.int8)


def below_minimum(ranks: np.ndarray, minimums: np.ndarray) -> np.ndarray:
    """Per pair: the program asks for a rank and the employee's (unknown counts as below) is
    lower."""
    return (minimums >= 0) & (ranks < minimums)


class SanctionCalendar:
    """The sanctions of the snapshot's employees, for lookups by (employee code, date).

    `employee_ids` orders the codes; sanctions of unknown employees are ignored."""

    def __init__(self, sanctions: pd.DataFrame | None, employee_ids: pd.Index) -> None:
        if sanctions is None or sanctions.empty:
            self._e = np.zeros(0, dtype=np.int64)
            self._start = self._end = np.zeros(0, dtype="datetime64[D]")
            return
        codes = employee_ids.get_indexer(sanctions[col.EMPLOYEE_ID])
        known = codes >= 0
        order = np.argsort(codes[known], kind="stable")
        self._e = codes[known][order].astype(np.int64)
        start = sanctions[col.START_DATE].to_numpy(dtype="datetime64[D]")[known][order]
        end = sanctions[col.END_DATE].to_numpy(dtype="datetime64[D]")[known][order]
        self._start = start
        self._end = np.where(np.isnat(end), np.datetime64("9999-12-31"), end)

    def running(self, e: np.ndarray, days: np.ndarray) -> np.ndarray:
        """Per pair: a sanction of employee e[i] runs on days[i] (start <= day <= end). A day
        not known (NaT) meets no sanction."""
        e = np.asarray(e, dtype=np.int64)
        days = np.asarray(days, dtype="datetime64[D]")
        out = np.zeros(len(e), dtype=bool)
        if len(self._e) == 0 or len(e) == 0:
            return out
        low = np.searchsorted(self._e, e, side="left")
        high = np.searchsorted(self._e, e, side="right")
        has = np.flatnonzero(high > low)
        # few people have a sanction, and each few: a loop over their rows, not over pairs
        most = int((high - low)[has].max()) if len(has) else 0
        for k in range(most):
            rows = has[low[has] + k < high[has]]
            at = low[rows] + k
            out[rows] |= (self._start[at] <= days[rows]) & (days[rows] <= self._end[at])
        return out


class AgencyRule:
    """Sessions open to one agency only (`programs.open_to_agency`), and the pairs they allow.

    An agency is a unit id: its employees are those of that unit and of every unit under it
    (`units.parent_unit_id`), as in a scope. An employee belongs to every agency on the way
    from their own unit up to the top (nationally one: the agency's root unit). A session
    without an agency (a national provider's) is open to all; without the column, all are.

    `unit_of[e]` is employee code e's unit; `open_to[p]` program code p's agency (NA: open).
    """

    def __init__(
        self, open_to: pd.Series | None, n_programs: int, unit_of: np.ndarray,
        units: pd.DataFrame | None,
    ) -> None:  # fmt: skip
        if open_to is None:
            open_to = pd.Series(pd.NA, index=range(n_programs), dtype="string")
        text = pd.Series(open_to).astype("string").reset_index(drop=True)
        self.agencies = pd.Index(np.sort(text.dropna().unique().astype(str)))
        found = self.agencies.get_indexer(text.fillna("").astype(str))
        self._agency_of = np.where(text.isna().to_numpy(), -1, found).astype(np.int64)
        # (employee, k): the agencies an employee belongs to, -1 padded (usually one column)
        self._chain = _agency_chain(np.asarray(unit_of, dtype=object), units, self.agencies)
        rows, k = np.nonzero(self._chain >= 0)
        agency = self._chain[rows, k]
        order = np.argsort(agency, kind="stable")  # employees ascending within an agency
        self._members = rows[order].astype(np.int64)
        self._member_start = np.searchsorted(agency[order], np.arange(len(self.agencies) + 1))

    @property
    def restricts(self) -> bool:
        """Whether any session is open to one agency only."""
        return len(self.agencies) > 0

    def other_agency(self, e: np.ndarray, p: np.ndarray) -> np.ndarray:
        """Per pair: program p is open to one agency only, and employee e is not of it."""
        e, p = np.asarray(e, dtype=np.int64), np.asarray(p, dtype=np.int64)
        agency = self._agency_of[p]
        if not self.restricts or len(e) == 0:
            return np.zeros(len(e), dtype=bool)
        return (agency >= 0) & ~(self._chain[e] == agency[:, None]).any(axis=1)

    def members(self, p: int) -> np.ndarray | None:
        """The employee codes program p is open to, ascending; None when open to all."""
        agency = int(self._agency_of[p])
        if agency < 0:
            return None
        return self._members[self._member_start[agency] : self._member_start[agency + 1]]

    def pair_counts(self, e: np.ndarray, p: np.ndarray) -> np.ndarray:
        """How many of `p` this rule allows each of `e` (what `pairs` forms per employee)."""
        e, p = np.asarray(e, dtype=np.int64), np.asarray(p, dtype=np.int64)
        agency = self._agency_of[p]
        counts = np.full(len(e), int((agency < 0).sum()), dtype=np.int64)
        if self.restricts and len(e):
            per_agency = np.bincount(agency[agency >= 0], minlength=len(self.agencies) + 1)
            chain = self._chain[e]
            counts += np.where(chain >= 0, per_agency[np.maximum(chain, 0)], 0).sum(axis=1)
        return counts

    def pairs(self, e: np.ndarray, p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The pairs of `e` x `p` this rule allows, in the product's order (e outer, p inner),
        built agency by agency: each agency's employees x its sessions, and everyone x the
        open sessions. The full product is never formed, so the pairs grow as employees x
        (their agency's sessions + open ones), not as employees x all sessions."""
        e, p = np.asarray(e, dtype=np.int64), np.asarray(p, dtype=np.int64)
        agency = self._agency_of[p]
        j_open = np.flatnonzero(agency < 0)
        rows = [np.repeat(np.arange(len(e)), len(j_open))]
        cols = [np.tile(j_open, len(e))]
        if self.restricts and len(e) and len(j_open) < len(p):
            i, k = np.nonzero(self._chain[e] >= 0)
            of_e = self._chain[e][i, k]
            by_e = np.argsort(of_e, kind="stable")
            i, of_e = i[by_e], of_e[by_e]
            j = np.flatnonzero(agency >= 0)
            j = j[np.argsort(agency[j], kind="stable")]
            of_p = agency[j]
            for a in np.intersect1d(of_e, of_p):
                ia = i[np.searchsorted(of_e, a) : np.searchsorted(of_e, a, side="right")]
                ja = j[np.searchsorted(of_p, a) : np.searchsorted(of_p, a, side="right")]
                rows.append(np.repeat(ia, len(ja)))
                cols.append(np.tile(ja, len(ia)))
        row, column = np.concatenate(rows), np.concatenate(cols)
        order = np.lexsort((column, row))
        return e[row[order]], p[column[order]]


def _agency_chain(
    unit_of: np.ndarray, units: pd.DataFrame | None, agencies: pd.Index
) -> np.ndarray:
    """(employee, k) int32: the agencies among each employee's unit and the units above it,
    -1 padded; one column of -1 when no unit is an agency. A unit the table does not list
    (`units` is optional) is its own top."""
    n = len(unit_of)
    if len(agencies) == 0:
        return np.full((n, 1), -1, dtype=np.int32)
    listed = units if units is not None else pd.DataFrame({col.UNIT_ID: []})
    ids = pd.Index(pd.unique(np.concatenate([listed[col.UNIT_ID].astype(str).to_numpy(),
                                            unit_of.astype(str)])))  # fmt: skip
    parent = np.full(len(ids), -1, dtype=np.int64)
    if col.PARENT_UNIT_ID in listed:
        linked = listed[listed[col.PARENT_UNIT_ID].notna()]
        parent[ids.get_indexer(linked[col.UNIT_ID].astype(str))] = ids.get_indexer(
            linked[col.PARENT_UNIT_ID].astype(str)
        )
    agency_of_unit = agencies.get_indexer(ids)
    levels, at = [], np.arange(len(ids))
    for _ in range(len(ids) + 1):  # the tree's depth; the loader refuses cycles
        if not (at >= 0).any():
            break
        levels.append(np.where(at >= 0, agency_of_unit[np.maximum(at, 0)], -1))
        at = np.where(at >= 0, parent[np.maximum(at, 0)], -1)
    chain = -np.sort(-np.stack(levels, axis=1), axis=1)  # an employee's agencies first
    width = max(int((chain >= 0).sum(axis=1).max()), 1)
    chain = chain[:, :width].astype(np.int32)
    return chain[ids.get_indexer(unit_of.astype(str))]
