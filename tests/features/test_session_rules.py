"""Ranks and sanctions as `features.session_rules` reads them, against hand-made cases and a
brute force over random sanction calendars."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from features import columns as col
from features.session_rules import NO_RANK, SanctionCalendar, below_minimum, grade_ranks


def test_ranks_run_from_i_a_to_iv_e_and_pppk_golongan_sit_beside_them():
    ranks = grade_ranks(pd.Series(["I/a", "III/a", "iii / b", "IV/e", "IX", "V", "", None, "X/z"]))
    assert ranks.tolist() == [0, 8, 9, 16, 8, 4, NO_RANK, NO_RANK, NO_RANK]
    assert grade_ranks(pd.Series(col.GRADES)).tolist() == list(range(17))


def test_no_rank_recorded_is_below_every_minimum_and_no_minimum_refuses_nobody():
    ranks = np.array([NO_RANK, 8, 8, 16], dtype=np.int8)
    minimums = np.array([0, 8, 9, -1], dtype=np.int8)
    assert below_minimum(ranks, minimums).tolist() == [True, False, True, False]


DAY = np.datetime64("2026-01-01")


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(
        st.tuples(st.integers(0, 4), st.integers(0, 60), st.one_of(st.none(), st.integers(0, 40))),
        max_size=12,
    ),
    asks=st.lists(st.tuples(st.integers(0, 5), st.integers(-5, 110)), min_size=1, max_size=20),
)
def test_a_sanction_runs_from_its_start_to_its_end_inclusive(rows, asks):
    ids = pd.Index([f"E{i}" for i in range(5)])
    sanctions = pd.DataFrame(
        {
            col.EMPLOYEE_ID: [f"E{e}" for e, _, _ in rows] or pd.Series(dtype="str"),
            col.START_DATE: pd.to_datetime([DAY + s for _, s, _ in rows]),
            col.END_DATE: pd.to_datetime(
                [pd.NaT if n is None else DAY + s + n for _, s, n in rows]
            ),
        }
    )
    calendar = SanctionCalendar(sanctions, ids)
    e = np.array([a for a, _ in asks])
    days = np.array([DAY + d for _, d in asks], dtype="datetime64[D]")
    known = e < len(ids)  # code 5 names nobody in the sanctions: never under one
    got = calendar.running(np.where(known, e, 4), days) & known
    brute = [
        k and any(r[0] == ei and r[1] <= d and (r[2] is None or d <= r[1] + r[2]) for r in rows)
        for ei, d, k in zip(e, [d for _, d in asks], known, strict=True)
    ]
    assert got.tolist() == brute
