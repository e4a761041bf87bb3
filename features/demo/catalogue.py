"""The training catalogue: courses as arrays, and their sessions scheduled as program rows.

A session is scheduled where demand is: the simulation asks for as many sessions of a course
in a quarter as its expected requests fill, so seats are sometimes short, as in real life.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from features.demo import catalog_training as training
from features.demo.catalog_org import FAMILIES, KEPULAUAN_SERIBU
from features.demo.draws import DAY, random_mondays
from features.demo.mechanisms import MAX_TARGETS, METHOD, Offerings
from features.demo.organisation import FAMILY_KEYS

# Lesson hours (JP) delivered per working day, by method: e-learning is self-paced over weeks.
JP_PER_DAY = np.array([8.0, 1.5, 8.0, 2.5])  # in col.METHODS order


@dataclass(frozen=True)
class CourseBook:
    """Every course of `catalog_training.COURSES` as index-aligned arrays."""

    code: np.ndarray
    title: np.ndarray
    method: np.ndarray  # index into col.METHODS
    duration_jp: np.ndarray
    cost: np.ndarray
    provider: np.ndarray
    audience: np.ndarray
    family: np.ndarray  # family index for family courses, -1 otherwise
    competency: np.ndarray  # (courses, MAX_TARGETS) competency index, -1 = padding
    target: np.ndarray
    weight: np.ndarray
    seats: np.ndarray  # (courses, 3) capacity of a session: lowest, highest, step
    session_days: np.ndarray  # calendar days from a session's start to its end

    @property
    def size(self) -> int:
        return len(self.code)

    def offerings(self, course: np.ndarray, venue: np.ndarray) -> Offerings:
        """The mechanisms' view of sessions of `course` held at `venue` (NaN = online)."""
        return Offerings(
            competency=self.competency[course],
            target=self.target[course],
            weight=self.weight[course],
            method=self.method[course],
            duration_jp=self.duration_jp[course].astype("float64"),
            island=pd.Series(venue).eq(KEPULAUAN_SERIBU).to_numpy(),
            quality=provider_quality(self.provider[course]),
        )

    def days(self, course: np.ndarray) -> np.ndarray:
        """Calendar days from a session's start to its end."""
        return self.session_days[course]


def calendar_days(duration_jp: np.ndarray, method: np.ndarray) -> np.ndarray:
    """Calendar days a course of `duration_jp` lesson hours takes, at its method's pace."""
    working = np.ceil(duration_jp / JP_PER_DAY[method])
    return np.ceil(working * 7 / 5).astype("int64")


def provider_quality(provider: np.ndarray) -> np.ndarray:
    """A provider's teaching quality in [0.5, 1.3], fixed by its name (no random stream
    is drawn, so worlds that ignore it keep their draws). Only some world families use it."""
    names = pd.Series(provider, dtype="object").fillna("")
    hashed = pd.util.hash_pandas_object(names, index=False).to_numpy()
    return 0.5 + 0.8 * (hashed % np.uint64(1000)).astype("float64") / 999.0


def course_book(
    competency_ids: pd.Series, courses: tuple[training.Course, ...] = training.COURSES
) -> CourseBook:
    """Arrays of every course (of `catalog_training`'s unless given), competencies as
    positions in `competency_ids`."""
    index = pd.Index(competency_ids)
    competency = np.full((len(courses), MAX_TARGETS), -1)
    target = np.zeros((len(courses), MAX_TARGETS))
    weight = np.zeros((len(courses), MAX_TARGETS))
    family = np.full(len(courses), -1)
    family_of_code = {f.code: f.key for f in FAMILIES}
    for i, course in enumerate(courses):  # ~70 static courses
        ids, levels, weights = zip(*course.targets, strict=True)
        competency[i, : len(ids)] = index.get_indexer(ids)
        target[i, : len(ids)] = levels
        weight[i, : len(ids)] = weights
        if course.audience == training.FAMILY:
            family[i] = FAMILY_KEYS.index(family_of_code[ids[0].split(".")[1]])
    if ((competency < 0) & (weight > 0)).any():
        raise ValueError("a course targets a competency missing from the dictionary")
    method = np.array([METHOD[c.method] for c in courses])
    duration_jp = np.array([c.duration_jp for c in courses])
    return CourseBook(
        code=np.array([c.code for c in courses]),
        title=np.array([c.title for c in courses]),
        method=method,
        duration_jp=duration_jp,
        cost=np.array([c.cost for c in courses]),
        provider=np.array([c.provider for c in courses]),
        audience=np.array([c.audience for c in courses]),
        family=family,
        competency=competency,
        target=target,
        weight=weight,
        seats=np.array([training.CAPACITY[c.method] for c in courses], dtype="int64"),
        session_days=calendar_days(duration_jp, method),
    )


def schedule_sessions(
    book: CourseBook,
    n_sessions: np.ndarray,
    first: np.datetime64,
    last: np.datetime64,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """`n_sessions[c]` sessions of each course c starting on Mondays within [first, last].

    Columns: course, start, end, capacity, cost, venue (NaN for e-learning); one row each.
    """
    course = np.repeat(np.arange(book.size), n_sessions)
    start = random_mondays(rng, first, last, course.size)
    method = book.method[course]
    low, high, step = (book.seats[course, i] for i in range(3))
    capacity = low + step * rng.integers(0, (high - low) // step + 1)
    year = start.astype("datetime64[Y]").astype(int) + 1970
    inflation = 1.04 ** (year - 2024)
    cost = np.round(book.cost[course] * rng.uniform(0.92, 1.1, course.size) * inflation, -4)
    venues, shares = zip(*training.VENUES.items(), strict=True)
    venue = rng.choice(np.array(venues, dtype=object), course.size, p=shares)
    venue[method == METHOD["e_learning"]] = np.nan
    frame = pd.DataFrame(
        {"course": course, "start": start, "capacity": capacity, "cost": cost, "venue": venue}
    )
    frame["end"] = frame["start"].to_numpy() + book.days(course) * DAY
    return frame.sort_values(["start", "course"], kind="stable", ignore_index=True)
