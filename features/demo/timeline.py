"""The demo world's timeline: years of history in quarters (three unless the shape says
otherwise), then half a year ahead."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from features.demo.draws import DAY

HISTORY_YEARS = 3  # the default; a shape may ask for more (`features.demo.shapes.Shape`)
UPCOMING_QUARTERS = 2


@dataclass(frozen=True)
class Calendar:
    """Quarter bounds: `bounds[q]` opens quarter q; history quarters end at the snapshot.

    `bounds[0]` opens the quarter before the history (appointments then oblige training in
    the first quarter), so history quarter q spans bounds[q + 1] .. bounds[q + 2].
    """

    snapshot: np.datetime64
    bounds: np.ndarray  # datetime64[D]
    intake_months: tuple[int, ...] = ()  # months sessions may start in; () = any month
    history_years: int = HISTORY_YEARS  # years of history before the snapshot

    @property
    def demand_per_intake(self) -> float:
        """Quarters of requests an intake gathers (sessions a few months a year collect the
        requests of the quarters without any)."""
        return 4 / len(self.intake_months) if self.intake_months else 1.0

    def session_window(
        self, first: np.datetime64, last: np.datetime64
    ) -> tuple[np.datetime64, np.datetime64] | None:
        """The days within [first, last] on which sessions may start; None if there are none."""
        if not self.intake_months:
            return first, last
        months = np.arange(first.astype("datetime64[M]"), last.astype("datetime64[M]") + 1)
        for month in months[np.isin(months.astype(int) % 12 + 1, self.intake_months)]:
            low = max(first, month.astype("datetime64[D]"))
            high = min(last, (month + 1).astype("datetime64[D]") - DAY)
            if low <= high:  # the quarter's first intake month
                return low, high
        return None

    @property
    def start(self) -> np.datetime64:
        return self.bounds[1]

    @property
    def n_history(self) -> int:
        return 4 * self.history_years

    def history_quarter(self, q: int) -> tuple[np.datetime64, np.datetime64]:
        """[first, end) of history quarter q; the last one ends the day after the snapshot."""
        return self.bounds[q + 1], self.bounds[q + 2]

    def upcoming(self) -> list[tuple[np.datetime64, np.datetime64]]:
        """The quarters after the snapshot whose sessions are open for recommendation."""
        first = self.n_history + 1
        quarters = range(first, first + UPCOMING_QUARTERS)
        return [(self.bounds[i], self.bounds[i + 1]) for i in quarters]

    def review_deadlines(self) -> np.ndarray:
        """Yearly competency reviews close on the snapshot's anniversaries (the last one on it)."""
        return np.array(
            [_years_before(self.snapshot, k) for k in range(self.history_years - 1, -1, -1)]
        )

    def rating_years(self) -> list[int]:
        """SKP years exported: the full years of the history before the snapshot's year."""
        year = int(str(self.snapshot)[:4])
        return list(range(year - self.history_years, year))


def make_calendar(
    snapshot: date, intake_months: tuple[int, ...] = (), history_years: int = HISTORY_YEARS
) -> Calendar:
    """Quarters from `history_years` years before `snapshot` to half a year after it; sessions
    start in `intake_months` only when given (e.g. (2, 10): February and October)."""
    if history_years < 1:
        raise ValueError(f"history_years must be at least 1, got {history_years}")
    first = pd.Timestamp(snapshot) + pd.Timedelta(days=1) - pd.DateOffset(years=history_years)
    n_bounds = 4 * history_years + UPCOMING_QUARTERS + 2
    bounds = [first + pd.DateOffset(months=3 * (i - 1)) for i in range(n_bounds)]
    return Calendar(
        snapshot=np.datetime64(pd.Timestamp(snapshot).date(), "D"),
        bounds=np.array([b.date() for b in bounds], dtype="datetime64[D]"),
        intake_months=tuple(intake_months),
        history_years=history_years,
    )


def _years_before(day: np.datetime64, years: int) -> np.datetime64:
    shifted = pd.Timestamp(day) - pd.DateOffset(years=years)
    return np.datetime64(shifted.date(), "D")


def year_end(year: int) -> np.datetime64:
    return np.datetime64(f"{year}-12-31", "D")


def published(year: int) -> np.datetime64:
    """SKP ratings of a year are final by the end of the following January."""
    return np.datetime64(f"{year + 1}-02-01", "D")


def days_between(later: np.ndarray, earlier: np.ndarray) -> np.ndarray:
    return (later - earlier) / DAY
