"""The session length rule shared by the decision store and the annual plan."""

from __future__ import annotations

import numpy as np

from features.sessions import session_days
from store import rules


def test_a_session_counts_working_days_from_a_weekend_start():
    # 2026-11-28 is a Saturday: the session starts on Monday 30 and 24 JP take three days.
    first, last = session_days(np.array(["2026-11-28"], dtype="datetime64[D]"), np.array([24]))
    assert first[0] == np.datetime64("2026-11-30")
    assert last[0] == np.datetime64("2026-12-02")


def test_the_store_uses_the_same_rule():
    assert rules.session_days is session_days
