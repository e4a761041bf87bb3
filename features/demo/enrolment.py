"""Who gets enrolled: an imperfect process that never looks at the true benefit.

Supervisors nominate (favouring good SKP ratings, some units far more than others), people
choose for themselves (by interest and e-learning affinity; the overconfident see less need),
rules oblige some courses (Latsar for new PNS, leadership training for new heads), and every
session has a seat limit, mandatory participants first.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from features.demo import catalog_training as training
from features.demo.catalogue import CourseBook
from features.demo.mechanisms import METHOD

# Requests per person and quarter for a relevant course, by method (col.METHODS order).
BASE_RATE = np.array([0.026, 0.046, 0.026, 0.018])
OTHER_FAMILY = 0.03  # a course of another job family is rarely relevant
# Supervisors' pull by the latest SKP rating (col.RATINGS order), then "no rating yet".
RATING_PULL = np.array([1.7, 1.0, 0.55, 0.35, 0.25, 0.9])
MAX_REQUESTS = 2  # per person and quarter: nobody leaves the office for more
MANDATORY_TURNOUT = 0.9  # per quarter: the rest are on leave or deferred
# Fewest participants a session runs for at full scale, by method (col.METHODS order).
MIN_CLASS = np.array([15.0, 1.0, 12.0, 15.0])
FULL_SCALE_EMPLOYEES = 5000
MANDATORY_TIERS = {
    training.NEW_PNS: (),
    training.NEW_PENGAWAS: ("pengawas",),
    training.NEW_ADMINISTRATOR: ("administrator",),
    training.NEW_JPT: ("jpt_pratama", "jpt_madya"),
}


@dataclass(frozen=True)
class Candidates:
    """What the process sees of each employee (row-aligned with the employees)."""

    family: np.ndarray  # job family index
    leader: np.ndarray  # holds a structural position
    nomination: np.ndarray  # the unit's habit of nominating staff
    interest: np.ndarray
    overconfidence: np.ndarray
    affinity: np.ndarray


def request_propensity(
    book: CourseBook,
    people: Candidates,
    rating: np.ndarray,
    active: np.ndarray,
    taken: np.ndarray,
) -> np.ndarray:
    """(employees, courses) probability of asking for or being put forward for each course.

    `rating` is the latest known SKP rating code (5 = none); `taken` marks courses already
    completed or under way.
    """
    relevant = np.where(book.family[None, :] == people.family[:, None], 1.0, OTHER_FAMILY)
    relevant[:, book.family < 0] = 1.0
    relevant[:, book.audience == training.LEADERS] = people.leader[:, None]
    relevant[:, np.isin(book.audience, training.MANDATORY)] = 0.0
    nominated = people.nomination * RATING_PULL[rating]
    keen = people.interest * np.exp(-0.9 * (people.overconfidence - 0.4))
    online = book.method == METHOD["e_learning"]
    taste = np.where(online[None, :], 0.3 + 1.4 * people.affinity[:, None], 1.0)
    drive = 0.55 * nominated[:, None] + 0.45 * keen[:, None] * taste
    propensity = BASE_RATE[book.method][None, :] * relevant * drive
    propensity[~active] = 0.0
    propensity[taken] = 0.0
    return np.minimum(propensity, 0.9).astype("float32")


def sample_requests(
    propensity: np.ndarray, rng: np.random.Generator, max_requests: int = MAX_REQUESTS
) -> tuple[np.ndarray, np.ndarray]:
    """(employee, course) requests drawn from the propensities, at most `max_requests` each."""
    emp, course = np.nonzero(rng.random(propensity.shape, dtype="float32") < propensity)
    order = rng.permutation(emp.size)
    emp, course = emp[order], course[order]
    keep = pd.Series(emp).groupby(emp).cumcount().to_numpy() < max_requests
    return emp[keep], course[keep]


def mandatory_requests(
    book: CourseBook,
    waiting: dict[str, np.ndarray],
    overdue: dict[str, np.ndarray],
    taken: np.ndarray,
    smallest: np.ndarray,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """(employee, course) for those a rule obliges, once enough of them wait for a class.

    `waiting[audience]` marks staff whose obliging event (hiring as PNS, appointment to a
    tier) is recent; a class opens when `smallest` of them wait or one has waited too long.
    """
    emps, courses = [], []
    for audience in MANDATORY_TIERS:  # four mandatory courses
        courses_of = np.flatnonzero(book.audience == audience)
        if not courses_of.size:  # a catalogue without it (a learning-system export)
            continue
        course = courses_of[0]
        pool = waiting[audience] & ~taken[:, course]
        if pool.sum() < smallest[course] and not (pool & overdue[audience]).any():
            continue
        emp = np.flatnonzero(pool & (rng.random(pool.size) < MANDATORY_TURNOUT))
        emps.append(emp)
        courses.append(np.full(emp.size, course))
    if not emps:
        return np.empty(0, dtype=int), np.empty(0, dtype=int)
    return np.concatenate(emps), np.concatenate(courses)


def smallest_class(book: CourseBook, n_employees: int) -> np.ndarray:
    """Fewest participants a course runs for; scaled down with the world's size."""
    scale = min(1.0, n_employees / FULL_SCALE_EMPLOYEES)
    smallest = np.maximum(MIN_CLASS[book.method] * scale, 2.0)
    return np.where(book.method == METHOD["e_learning"], 1.0, smallest)


def plan_sessions(
    book: CourseBook,
    demand: np.ndarray,
    smallest: np.ndarray,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """Sessions per course for the expected demand, and how much a rare session draws.

    A course with too little demand runs only now and then; when it does, the requests of
    the quarters it skipped come together (`boost` scales the request propensities).
    """
    seats = (book.seats[:, 0] + book.seats[:, 1]) / 2
    busy = demand >= smallest
    chance = np.where(busy, 1.0, demand / smallest)
    runs = busy | (rng.random(demand.size) < chance)
    n_sessions = np.where(busy, np.maximum(np.round(demand / seats), 1), runs).astype(int)
    boost = np.where(runs, 1.0 / np.maximum(chance, 1e-9), 0.0)
    return n_sessions, boost


def sessions_for(book: CourseBook, participants: np.ndarray) -> np.ndarray:
    """Sessions enough to seat every participant (for obliged courses)."""
    return np.ceil(participants / book.seats[:, 0]).astype(int)


def fill_sessions(
    emp: np.ndarray,
    course: np.ndarray,
    priority: np.ndarray,
    sessions: pd.DataFrame,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """Requests spread over their course's sessions, seats given by priority then chance.

    Returns the employees admitted and their session's row in `sessions` (sorted by course
    within the frame or not: rows are looked up by position).
    """
    by_course = np.argsort(sessions["course"].to_numpy(), kind="stable")
    counts = np.bincount(sessions["course"].to_numpy(), minlength=course.max(initial=0) + 1)
    firsts = np.cumsum(counts) - counts
    offered = counts[course] > 0
    emp, course, priority = emp[offered], course[offered], priority[offered]
    pick = firsts[course] + (rng.random(emp.size) * counts[course]).astype(int)
    session = by_course[pick]
    order = np.lexsort((-(priority + rng.random(emp.size)), session))
    emp, session = emp[order], session[order]
    seat = pd.Series(session).groupby(session).cumcount().to_numpy()
    admitted = seat < sessions["capacity"].to_numpy()[session]
    return emp[admitted], session[admitted]
