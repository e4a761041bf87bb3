"""Who holds which position on a given quarter, and what follows from it.

The simulation reads standards, tiers, unit habits and locations from here, never from
today's `employees` rows, so every mechanism sees the position held at the time.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from features import columns as col
from features.demo import catalog_training as training
from features.demo import enrolment as process
from features.demo import positions as careers
from features.demo.catalogue import CourseBook
from features.demo.draws import DAY
from features.demo.organisation import Organisation
from features.demo.people import STRUCTURAL, People
from features.demo.timeline import Calendar

YEAR = 365 * DAY
# The leadership course a tier completes after appointment, and needs for the next step.
LEADERSHIP = {"pengawas": training.NEW_PENGAWAS, "administrator": training.NEW_ADMINISTRATOR}


class Workforce:
    """Current positions (`posts`) and the arrays derived from them, kept in step."""

    def __init__(
        self,
        people: People,
        organisation: Organisation,
        calendar: Calendar,
        rng: np.random.Generator | None = None,
    ) -> None:
        """Positions stay as `people` hold them today unless `rng` is given, which draws
        promotions and transfers over the history (from its own random stream)."""
        self.people, self.organisation, self.rng = people, organisation, rng
        self.paths = careers.career_paths(organisation) if rng is not None else None
        self.schedule: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        if self.paths is None:
            self.posts = careers.Posts.hired(
                people.role, people.unit, people.role_since, people.hire
            )
        else:
            assert rng is not None  # paths are drawn only with an rng
            self.posts, self.schedule = careers.starting_posts(self.paths, people, calendar, rng)
        self.refresh()

    def refresh(self) -> None:
        o, p = self.organisation, self.people
        role, unit = self.posts.role, self.posts.unit
        units = o.unit_traits
        self.required = o.required[role]
        self.weight = o.weight[role]
        self.tier = o.role_tier[role]
        self.tier_index = pd.Index(col.TIERS).get_indexer(self.tier)
        self.island = units["island"].to_numpy()[unit]
        self.leniency = units["leniency"].to_numpy()[unit]
        self.candidates = process.Candidates(
            family=o.role_family[role],
            leader=np.isin(self.tier, STRUCTURAL),
            nomination=units["nomination"].to_numpy()[unit],
            interest=p.traits["interest"].to_numpy(),
            overconfidence=p.traits["overconfidence"].to_numpy(),
            affinity=p.traits["elearning_affinity"].to_numpy(),
        )

    def change(
        self, q: int, first: np.datetime64, rating: np.ndarray, done: np.ndarray, book: CourseBook
    ) -> None:
        """Appointments, promotions and transfers effective on `first`, the start of history
        quarter `q` (none in the first quarter: positions then are the starting ones)."""
        if self.paths is None or q == 0:
            return
        posts, paths, rng = self.posts, self.paths, self.rng
        assert rng is not None  # paths are drawn only with an rng
        if q in self.schedule:
            emp, role = self.schedule[q]
            posts.move(emp, role, posts.unit[emp], first, "appointment")
        settled = (posts.since <= first - careers.MIN_YEARS_IN_POST * YEAR) & (
            posts.start <= first - YEAR
        )
        pns_only = paths.structural[posts.role] & ~self.people.pns
        strength = careers.merit(rating, done, self._leadership_done(done, book))
        emp, role = careers.promotions(paths, posts, strength, settled & ~pns_only, rng)
        posts.move(emp, role, posts.unit[emp], first, "promotion")
        stay = settled & (posts.start < first)
        emp, unit = careers.transfers(paths, posts, paths.family[posts.role], stay, rng)
        posts.move(emp, posts.role[emp], unit, first, "transfer")
        self.refresh()

    def _leadership_done(self, done: np.ndarray, book: CourseBook) -> np.ndarray:
        """Whether each employee completed the leadership course of the tier they hold."""
        finished = np.zeros(len(done), dtype=bool)
        for tier, audience in LEADERSHIP.items():  # two tiers
            course = np.flatnonzero(book.audience == audience)
            holds = self.tier == tier
            if course.size:
                finished[holds] = done[holds, course[0]]
        return finished
