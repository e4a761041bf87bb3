"""The demo catalogue's low-cost non-classical learning (Perlan LAN 10/2018): coaching by the
direct supervisor, mentoring by a senior of the job family, and self-study on the agency's
learning platform (docs/rules.md, "Low-cost non-classical learning").

They count toward the yearly 20 JP like any course (Pasal 203) at a fraction of a classroom
seat: a coach's or mentor's share of an honorarium, or nothing. A cycle runs over a few weeks
at the workplace (no venue), and one cycle takes many pairs of coach and learner, so its
seats are many. They are announced for the upcoming quarters only: the history has none, so
the models judge them by what they share with other programs (format, JP, cost, the gaps
they cover), and learn their own completion once sessions of them are recorded.
"""

from __future__ import annotations

from dataclasses import fields, replace

import numpy as np
import pandas as pd

from features.demo import catalog_training as training
from features.demo.catalog_org import FAMILIES
from features.demo.catalogue import CourseBook, course_book, schedule_sessions
from features.demo.draws import DAY
from features.demo.timeline import Calendar

# code|method|JP|cost per participant (thousand IDR)|provider|audience|targets|title
_GENERAL = """
COACHKIN|blended|10|250|BPSDM|general|M.4:3|Coaching Kinerja oleh Atasan Langsung
COACHKOM|blended|10|250|BPSDM|general|M.3:3|Coaching Komunikasi Kerja
MANDIRIDIRI|e_learning|8|0|BPSDM|general|M.6:3|Belajar Mandiri Pengembangan Diri
MANDIRIUBAH|e_learning|8|0|LAN|general|M.7:3|Belajar Mandiri Mengelola Perubahan
"""
MENTORING_JP, MENTORING_COST = 12, 150  # thousand IDR: the mentor's share of an honorarium
# Seats of one cycle (low, high, step): coach/mentor pairs, or a platform's cohort.
SEATS = {"coaching": (60, 100, 20), "mentoring": (30, 60, 10), "self_study": (300, 600, 100)}
# Coaching cycles start two weeks into the quarter, once its classroom calendar is announced.
LEAD_DAYS = 14


def _mentoring_rows() -> str:
    """One mentoring course per job family, on the family's first technical competency."""
    return "\n".join(
        f"MENTOR{f.code}|blended|{MENTORING_JP}|{MENTORING_COST}|BPSDM|family|"
        f"T.{f.code}.1:3|Mentoring Teknis {f.technical[0]}"
        for f in FAMILIES
    )


COURSES = training.parse_courses(_GENERAL + _mentoring_rows())
KIND_BY_CODE = {
    c.code: "coaching" if c.code.startswith("COACH")
    else "mentoring" if c.code.startswith("MENTOR") else "self_study"
    for c in COURSES
}  # fmt: skip
# Course title -> kind, for `features.demo.rules.with_kinds`.
KINDS = {c.title: KIND_BY_CODE[c.code] for c in COURSES}


def non_classical_book(competency_ids: pd.Series) -> CourseBook:
    """The courses of `COURSES` as a `CourseBook`, with their kinds' seats."""
    book = course_book(competency_ids, COURSES)
    kinds = [KIND_BY_CODE[c] for c in book.code]
    return replace(book, seats=np.array([SEATS[k] for k in kinds], dtype="int64"))


def joined(book: CourseBook, more: CourseBook) -> CourseBook:
    """`book` with the courses of `more` after its own (its course indices unchanged)."""
    return replace(
        book, **{f.name: np.concatenate([getattr(book, f.name), getattr(more, f.name)])
                 for f in fields(book)}
    )  # fmt: skip


def with_non_classical(
    book: CourseBook,
    upcoming: pd.DataFrame,
    calendar: Calendar,
    competency_ids: pd.Series,
    rng: np.random.Generator,
) -> tuple[CourseBook, pd.DataFrame]:
    """(`book` + the non-classical courses, `upcoming` + one session of each per upcoming
    quarter), held at the workplace (no venue)."""
    extra = non_classical_book(competency_ids)
    full = joined(book, extra)
    first_code = book.size
    once = np.r_[np.zeros(book.size, dtype=int), np.ones(extra.size, dtype=int)]
    windows = [calendar.session_window(first + LEAD_DAYS * DAY, end - DAY)
               for first, end in calendar.upcoming()]  # fmt: skip
    quarters = [schedule_sessions(full, once, *w, rng) for w in windows if w is not None]
    sessions = pd.concat(quarters, ignore_index=True)
    sessions["venue"] = np.nan
    assert (sessions["course"] >= first_code).all()
    return full, pd.concat([upcoming, sessions], ignore_index=True)
