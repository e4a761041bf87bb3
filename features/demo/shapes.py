"""Shapes of export the generator can produce: the full HR export, or a learning-system one.

The `semester` shape is what a learning management system exports: e-learning sessions that
start twice a year (February and October), one job role for everybody, no fees, assessment
scores as `post_test` evaluations only, an empty `performance` table and no position history.
The hidden world behind it still rates and reviews people; the export just does not show it.

The `long` shape is a university-style learning programme: sessions of six to nine months
that start twice a year (February and August) and seat up to thousands each, so an outcome
is known only long after the enrolment; e-learning and blended courses, the full HR export
otherwise. It simulates five years of history instead of three (`Shape.history_years`): the
backtest trains at t = snapshot - 15 months (the next intakes after t must end before the
snapshot), and the split by decisions must fill train, validation and test from the history
before t. Three years leave 21 months and three ended intakes before t; four leave 33 months,
but the first cut then falls while the only older intake is still running, so train holds no
known outcome; five years leave 45 months and seven ended intakes: the fewest whole years
that split (measured in docs/worlds.md).
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

import numpy as np
import pandas as pd

from features import columns as col
from features.demo import catalog_training as training
from features.demo.catalogue import CourseBook
from features.demo.mechanisms import METHOD
from features.demo.organisation import FAMILY_KEYS, Organisation
from features.demo.timeline import HISTORY_YEARS

SINGLE_ROLE_ID = "R.ASN"
SINGLE_ROLE_TITLE = "Aparatur Sipil Negara"
SINGLE_ROLE_TIER = "pelaksana"
SINGLE_ROLE_FAMILY = "administrasi_umum"
SINGLE_ROLE_LEVEL = 2  # on the managerial and socio-cultural competencies


@dataclass(frozen=True)
class Shape:
    """What an export holds; the defaults are the full HR export."""

    name: str
    intake_months: tuple[int, ...] = ()  # months sessions start in; () = all year
    methods: tuple[str, ...] = col.METHODS  # delivery methods of the courses kept
    audiences: tuple[str, ...] | None = None  # course audiences kept; None = all
    single_role: bool = False
    free: bool = False  # every session costs 0
    performance: bool = True  # SKP ratings exported
    sources: tuple[str, ...] = col.SOURCES  # evaluation sources exported
    assignments: bool = True  # position history exported (and positions change)
    unit_indicators: bool = True  # public-service results of units exported (level 4)
    session_months: tuple[int, int] | None = None  # sessions last this many months; None: JP
    seats: tuple[int, int, int] | None = None  # session capacity (low, high, step); None: method
    non_classical: bool = True  # low-cost coaching, mentoring, self-study announced (upcoming)
    history_years: int = HISTORY_YEARS  # years simulated before the snapshot


SHAPES = {
    "default": Shape("default"),
    "semester": Shape(
        "semester",
        intake_months=(2, 10),
        methods=("e_learning",),
        audiences=(training.GENERAL,),
        single_role=True,
        free=True,
        performance=False,
        sources=("post_test",),
        assignments=False,
        unit_indicators=False,
        non_classical=False,
    ),
    "long": Shape(
        "long",
        intake_months=(2, 8),
        methods=("e_learning", "blended"),
        audiences=(training.GENERAL,),
        session_months=(6, 9),
        seats=(500, 3000, 250),
        non_classical=False,
        # the fewest whole years that leave a history at snapshot - 15 months which the
        # split by decisions fills (module docstring)
        history_years=5,
    ),
}
DAYS_PER_MONTH = 30.44


def shaped_book(book: CourseBook, shape: Shape) -> CourseBook:
    """The courses `shape` keeps, free of charge if it says so."""
    keep = np.isin(book.method, [METHOD[m] for m in shape.methods])
    if shape.audiences is not None:
        keep &= np.isin(book.audience, shape.audiences)
    if not keep.any():
        raise ValueError(f"shape {shape.name!r} keeps no course")
    kept = replace(book, **{f.name: getattr(book, f.name)[keep] for f in fields(book)})
    if shape.free:
        kept = replace(kept, cost=np.zeros_like(kept.cost))
    if shape.seats is not None:
        kept = replace(kept, seats=np.tile(np.array(shape.seats, dtype="int64"), (kept.size, 1)))
    if shape.session_months is not None:  # spread over the range, in catalogue order
        months = np.linspace(*shape.session_months, num=kept.size)
        kept = replace(kept, session_days=np.round(months * DAYS_PER_MONTH).astype("int64"))
    return kept


def single_role(organisation: Organisation) -> Organisation:
    """The organisation with one position for everybody, whose standard is the managerial
    and socio-cultural set at SINGLE_ROLE_LEVEL (what an LMS knows of its learners)."""
    o = organisation
    generic = (o.competencies[col.CATEGORY] != "technical").to_numpy()
    required = np.where(generic, SINGLE_ROLE_LEVEL, 0).astype("int8")[None, :]
    job_roles = pd.DataFrame(
        {
            col.ROLE_ID: [SINGLE_ROLE_ID],
            col.TITLE: [SINGLE_ROLE_TITLE],
            col.TIER: [SINGLE_ROLE_TIER],
            col.JOB_FAMILY: [SINGLE_ROLE_FAMILY],
        }
    )
    requirements = pd.DataFrame(
        {
            col.ROLE_ID: SINGLE_ROLE_ID,
            col.COMPETENCY_ID: o.competencies.loc[generic, col.COMPETENCY_ID].to_numpy(),
            col.REQUIRED_LEVEL: np.int64(SINGLE_ROLE_LEVEL),
            col.WEIGHT: 1.0,
        }
    )
    return replace(
        o,
        job_roles=job_roles.astype("str"),
        role_requirements=requirements.astype({col.ROLE_ID: "str", col.COMPETENCY_ID: "str"}),
        role_family=np.array([FAMILY_KEYS.index(SINGLE_ROLE_FAMILY)]),
        role_tier=np.array([SINGLE_ROLE_TIER], dtype=object),
        role_share=np.array([1.0]),
        role_unit=np.array([-1]),
        required=required,
        weight=np.where(required > 0, 1.0, 0.0).astype("float32"),
    )
