"""Session days, checked by hand on a calendar (March 2027 starts on a Monday)."""

from __future__ import annotations

import numpy as np

from store.rules import session_days


def test_session_days_count_working_days_only():
    starts = np.array(["2027-03-01", "2027-03-06", "2027-03-04", "2027-03-05"], "datetime64[D]")
    first, last = session_days(starts, np.array([24, 8, 40, 1]))
    assert first.astype(str).tolist() == ["2027-03-01", "2027-03-08", "2027-03-04", "2027-03-05"]
    # 3 days Mon-Wed; a Saturday start rolls to Monday; 5 days Thu-Wed over a weekend; 1 JP = 1 day
    assert last.astype(str).tolist() == ["2027-03-03", "2027-03-08", "2027-03-10", "2027-03-05"]
