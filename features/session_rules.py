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
