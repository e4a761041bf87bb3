"""How long a training session lasts: the one rule the decision store's approvals and the
annual plan both use.

A session lasts from its program's `start_date` (rolled forward to a working day) for
ceil(duration_jp / 8) working days, Monday to Friday: 8 lesson hours (JP) make a day.
"""

from __future__ import annotations

import numpy as np

JP_PER_DAY = 8


def session_days(start_dates: np.ndarray, duration_jp: np.ndarray) -> tuple[np.ndarray, ...]:
    """First and last working day of each session (datetime64[D] arrays)."""
    starts = np.asarray(start_dates, dtype="datetime64[D]")
    days = np.maximum(np.ceil(np.asarray(duration_jp, dtype=float) / JP_PER_DAY), 1).astype(int)
    first = np.busday_offset(starts, 0, roll="forward")
    return first, np.busday_offset(first, days - 1, roll="forward")
