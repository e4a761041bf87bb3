"""Three years of history, simulated quarter by quarter in time order.

Each quarter: requests and nominations meet the sessions scheduled for them, outcomes are
drawn from the hidden mechanisms, completed programs raise true levels when they end, and
HR records what it sees (reviews, assessment centers, post-tests, SKP ratings). Later
quarters therefore start from the levels earlier training produced. Positions change on
quarter starts (`features.demo.workforce`), and each quarter's mechanisms use the positions
held in it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from features import columns as col
from features.demo import catalog_training as training
from features.demo import enrolment as process
from features.demo import mechanisms as mech
from features.demo import observations as obs
from features.demo.catalogue import CourseBook, schedule_sessions
from features.demo.draws import DAY
from features.demo.organisation import Organisation
from features.demo.outcomes import QuarterOutcomes, enrolment_outcomes
from features.demo.people import People
from features.demo.rating_regimes import REGIMES, RatingRegime
from features.demo.timeline import Calendar, published, year_end
from features.demo.workforce import Workforce

DRIFT_PER_QUARTER = 0.02  # on-the-job learning
NEW_STAFF_GRACE_DAYS = 45  # nobody is sent to training in their first weeks
NO_RATING = 5


@dataclass
class History:
    """Everything the simulation produced; `learners` is the hidden state at the snapshot,
    `workforce` holds the positions at the snapshot and every assignment made."""

    programs: list[pd.DataFrame] = field(default_factory=list)
    enrolments: list[QuarterOutcomes] = field(default_factory=list)
    evaluations: obs.EvaluationLog = field(default_factory=obs.EvaluationLog)
    ratings: dict[int, np.ndarray] = field(default_factory=dict)
    learners: mech.Learners | None = None
    workforce: Workforce | None = None


class Simulation:
    """The world's hidden state moving through the calendar; `run` returns the History."""

    def __init__(
        self,
        people: People,
        organisation: Organisation,
        book: CourseBook,
        calendar: Calendar,
        rng: np.random.Generator,
        careers_rng: np.random.Generator | None = None,
        family: mech.Family = mech.JAKARTA,
        regime: RatingRegime = REGIMES["default"],
    ) -> None:
        """`careers_rng` draws promotions and transfers; without it nobody changes position.
        `family` holds the hidden functions of worth and completion; `regime` sets how often
        people ask for training and how coarsely they are rated."""
        self.people, self.book, self.calendar, self.rng = people, book, calendar, rng
        self.family = family
        self.levels = people.levels.copy()
        self.taken = np.zeros((people.n, book.size), dtype=bool)
        self.done = np.zeros((people.n, book.size), dtype=bool)
        self.pending: list[dict[str, np.ndarray]] = []
        self.history = History(evaluations=obs.EvaluationLog(regime=regime))
        self.regime = regime
        self.staff = Workforce(people, organisation, calendar, careers_rng)
        self.smallest = process.smallest_class(book, people.n)
        self.generic = np.zeros(people.required.shape[1], dtype=bool)
        self.generic[organisation.competencies[col.CATEGORY].to_numpy() != "technical"] = True

    def run(self) -> History:
        years = self.calendar.rating_years()
        for year in range(years[0] - 1, years[-1] + 1):  # ratings known when history starts
            if year_end(year) < self.calendar.start:
                self._rate(year)
        for q in range(self.calendar.n_history):
            self._quarter(q)
        self.history.learners = self.learners_at(self.calendar.snapshot)
        self.history.workforce = self.staff
        return self.history

    def learners_at(self, day: np.datetime64) -> mech.Learners:
        """The mechanisms' view of everyone on `day` (levels are the live array)."""
        p, staff = self.people, self.staff
        rating = self._latest_rating(day)
        low = np.select([rating == 2, (rating >= 3) & (rating < NO_RATING)], [0.5, 1.0], 0.0)
        return mech.Learners(
            levels=self.levels,
            required=staff.required,
            weight=staff.weight,
            affinity=p.traits["elearning_affinity"].to_numpy(),
            overconfidence=p.traits["overconfidence"].to_numpy(),
            workload=p.traits["workload"].to_numpy(),
            conscientiousness=p.traits["conscientiousness"].to_numpy(),
            # numpy's stubs type datetime64 minus a datetime64 array wrongly
            service_years=np.maximum((day - p.hire) / DAY / 365.25, 0.0),  # type: ignore[operator]
            low_rating=low,
            island=staff.island,
        )

    def _latest_rating(self, day: np.datetime64) -> np.ndarray:
        known = [y for y in self.history.ratings if published(y) <= day]
        if not known:
            return np.full(self.people.n, NO_RATING)
        codes = self.history.ratings[max(known)]
        return np.where(codes < 0, NO_RATING, codes)

    def _quarter(self, q: int) -> None:
        first, end = self.calendar.history_quarter(q)
        self.staff.change(q, first, self._latest_rating(first), self.done, self.book)
        window = self.calendar.session_window(first, min(end - DAY, self.calendar.snapshot))
        if window is not None:
            self._enrol(first, window)
        self._apply_gains(before=end)
        self._observe(first, end)
        self._grow(first)
        for year in self.calendar.rating_years():
            if first <= year_end(year) < end:
                self._rate(year)

    def _enrol(self, first: np.datetime64, window: tuple[np.datetime64, np.datetime64]) -> None:
        """The quarter's requests meet its sessions (held within `window`); outcomes follow."""
        learners = self.learners_at(first)
        emp, course, priority, n_sessions = self._requests(first)
        sessions = schedule_sessions(self.book, n_sessions, *window, self.rng)
        emp, session = process.fill_sessions(emp, course, priority, sessions, self.rng)
        started = self.staff.posts.start  # nobody registers before taking up their post
        outcome = enrolment_outcomes(
            learners,
            self.book,
            sessions,
            emp,
            session,
            started,
            self.calendar,
            self.rng,
            self.family,
        )
        outcome.program += sum(len(s) for s in self.history.programs)
        self.history.programs.append(sessions)
        self.history.enrolments.append(outcome)
        self._book_results(outcome, sessions)

    def _requests(
        self, first: np.datetime64
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Requests (nominated, chosen, obliged), their seat priority, and sessions to hold."""
        active = self.people.hire <= first - NEW_STAFF_GRACE_DAYS * DAY
        rating = self._latest_rating(first)
        propensity = process.request_propensity(
            self.book, self.staff.candidates, rating, active, self.taken
        )
        propensity *= np.float32(self.calendar.demand_per_intake)
        demand = propensity.sum(axis=0)
        n_sessions, boost = process.plan_sessions(self.book, demand, self.smallest, self.rng)
        propensity = np.minimum(propensity * boost[None, :].astype("float32"), 0.9)
        propensity = np.minimum(propensity * np.float32(self.regime.request_scale), 0.9)
        emp, course = process.sample_requests(propensity, self.rng, self.regime.max_requests)
        m_emp, m_course = self._mandatory(first)
        obliged = np.bincount(m_course, minlength=self.book.size)
        n_sessions = np.where(obliged > 0, process.sessions_for(self.book, obliged), n_sessions)
        priority = np.r_[np.zeros(emp.size), np.ones(m_emp.size)]
        return np.r_[emp, m_emp], np.r_[course, m_course], priority, n_sessions

    def _mandatory(self, first: np.datetime64) -> tuple[np.ndarray, np.ndarray]:
        """Who a rule obliges now: appointed within the last year and not yet trained."""
        p, staff = self.people, self.staff
        waiting, overdue = {}, {}
        for audience, tiers in process.MANDATORY_TIERS.items():  # four rules
            new_pns = audience == training.NEW_PNS
            when = p.hire if new_pns else staff.posts.since
            who = p.pns if new_pns else np.isin(staff.tier, tiers)
            waiting[audience] = who & (when >= first - 365 * DAY) & (when < first)
            overdue[audience] = when < first - 182 * DAY
        return process.mandatory_requests(
            self.book, waiting, overdue, self.taken, self.smallest, self.rng
        )

    def _book_results(self, outcome: QuarterOutcomes, sessions: pd.DataFrame) -> None:
        """Mark courses as taken, and queue completed gains until their program ends."""
        course = sessions["course"].to_numpy()[outcome.session]
        holds = outcome.completed | outcome.in_progress
        self.taken[outcome.employee[holds], course[holds]] = True
        self.done[outcome.employee[outcome.completed], course[outcome.completed]] = True
        self.pending.append(outcome.gains)

    def _apply_gains(self, before: np.datetime64) -> None:
        """Programs that ended raise true levels; their post-tests record the new levels."""
        if not self.pending:  # no session yet (a calendar of a few intakes a year)
            return
        due = {k: np.concatenate([p[k] for p in self.pending]) for k in self.pending[0]}
        now = due["end"] < before
        emp, comp, gain = due["emp"][now], due["comp"][now], due["gain"][now]
        np.add.at(self.levels, (emp, comp), gain)
        np.minimum(self.levels, 5.0, out=self.levels)
        log = self.history.evaluations
        obs.post_tests(log, emp, comp, self.levels[emp, comp], due["end"][now], self.rng)
        self.pending = [{k: v[~now] for k, v in due.items()}]

    def _observe(self, first: np.datetime64, end: np.datetime64) -> None:
        p, log, staff = self.people, self.history.evaluations, self.staff
        for deadline in self.calendar.review_deadlines():
            if first <= deadline < end:
                eligible = p.hire <= deadline - 90 * DAY
                bias = {"self": p.traits["overconfidence"].to_numpy(), "supervisor": staff.leniency}
                obs.review_cycle(
                    log, self.levels, staff.required, bias, eligible, deadline, self.rng
                )
        window = (first, min(end, self.calendar.snapshot + DAY))
        employed = p.hire <= first - 7 * DAY
        obs.assessment_center(
            log, self.levels, staff.tier_index, self.generic, employed, window, self.rng
        )

    def _grow(self, first: np.datetime64) -> None:
        active = (self.people.hire <= first)[:, None] & (self.staff.required > 0)
        self.levels += np.float32(DRIFT_PER_QUARTER) * active
        np.minimum(self.levels, 5.0, out=self.levels)

    def _rate(self, year: int) -> None:
        eligible = self.people.hire <= np.datetime64(f"{year}-09-30", "D")
        self.history.ratings[year] = obs.skp_ratings(
            self.levels,
            self.staff.required,
            self.people.traits["conscientiousness"].to_numpy(),
            eligible,
            self.rng,
        )
