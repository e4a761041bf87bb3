"""`generate_world`: the whole demo world, its contract tables and its hidden truth."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from features import columns as col
from features.demo import assembly, rules
from features.demo import catalog_non_classical as non_classical
from features.demo import truth as hidden
from features.demo.catalogue import CourseBook, course_book, schedule_sessions
from features.demo.draws import DAY
from features.demo.families import WORLD_FAMILIES
from features.demo.history import History, Simulation
from features.demo.indicators import unit_indicators_table
from features.demo.mechanisms import Family
from features.demo.organisation import Organisation, build_organisation
from features.demo.people import People, build_people
from features.demo.positions import STARTING_TIER_SHARES, assignments_table
from features.demo.rating_regimes import REGIMES
from features.demo.shapes import SHAPES, Shape, shaped_book, single_role
from features.demo.timeline import Calendar, make_calendar

DEFAULT_SNAPSHOT = date(2026, 6, 30)
DEFAULT_SEED = 20261128
ASSIGNMENTS = "assignments"  # CONTRACT section 4: the position history
BUSY_COURSE_SESSIONS = 3  # a course this busy per quarter gets a second upcoming session
# a stream added last leaves the draws of the others as they were (SeedSequence.spawn)
STREAMS = (
    "organisation", "people", "history", "upcoming", "positions", "indicators", "rules",
    "non_classical",
)  # fmt: skip


@dataclass(frozen=True)
class World:
    """The contract tables (`units` included) and the hidden truth of one generated world."""

    tables: dict[str, pd.DataFrame]
    truth: dict[str, pd.DataFrame]
    snapshot_date: date
    seed: int = DEFAULT_SEED
    meta: dict[str, object] = field(default_factory=dict)


def generate_world(
    n_employees: int = 5000,
    seed: int = DEFAULT_SEED,
    snapshot: date | None = None,
    *,
    shape: str = "default",
    position_changes: bool = True,
    family: str = "jakarta",
    regime: str = "default",
    organisation_seed: int | None = None,
) -> World:
    """A deterministic Jakarta provincial-government world: same arguments, same frames.

    Years of history before `snapshot` (default 2026-06-30; three, or the shape's
    `history_years`) and half a year of upcoming
    programs after it; `truth` holds what no HR export shows (true benefits, probabilities,
    levels and traits). With `position_changes`, people are promoted and transferred over the
    history and `assignments` records it; without, everybody keeps today's position (one
    assignment each, from the hire date). `shape` is "default" (the full HR export) or
    "semester" (a learning-system export, see `features.demo.shapes`; no position history) or
    "long" (six- to nine-month sessions of thousands, two intakes a year). `regime` is
    "default" or "busy_coarse" (several programs a year, ratings on half levels: the hard case
    for program evaluation, see `features.demo.rating_regimes`). `family` names the
    hidden functions of worth and completion (`features.demo.families`): "jakarta", or
    "thresholds", designed apart from the first and from the engine's formulas.
    `organisation_seed` draws the organisation (competencies, positions and their standards)
    from its own seed: the agencies of a national world share one (`features.demo.national`).
    """
    if n_employees < 50:
        raise ValueError(f"n_employees must be at least 50, got {n_employees}")
    if shape not in SHAPES:
        raise ValueError(f"shape must be one of {', '.join(SHAPES)}, got {shape!r}")
    if family not in WORLD_FAMILIES:
        raise ValueError(f"family must be one of {', '.join(WORLD_FAMILIES)}, got {family!r}")
    if regime not in REGIMES:
        raise ValueError(f"regime must be one of {', '.join(REGIMES)}, got {regime!r}")
    form, mechanisms = SHAPES[shape], WORLD_FAMILIES[family]
    snapshot = snapshot or DEFAULT_SNAPSHOT
    rng = dict(zip(STREAMS, _streams(seed), strict=True))
    if organisation_seed is not None:
        rng["organisation"] = _streams(organisation_seed)[STREAMS.index("organisation")]
    calendar = make_calendar(snapshot, form.intake_months, form.history_years)
    organisation = build_organisation(rng["organisation"])
    organisation = single_role(organisation) if form.single_role else organisation
    moves = rng["positions"] if position_changes and form.assignments else None
    shares = STARTING_TIER_SHARES if moves is not None else None
    people = build_people(
        n_employees, organisation, calendar.snapshot, calendar.start, rng["people"], shares
    )
    book = shaped_book(course_book(organisation.competencies[col.COMPETENCY_ID]), form)
    history = Simulation(
        people, organisation, book, calendar, rng["history"], moves, mechanisms, REGIMES[regime]
    ).run()
    upcoming = _upcoming_sessions(book, history, calendar, rng["upcoming"])
    if form.non_classical:  # upcoming only: the history's draws stay as they were
        book, upcoming = non_classical.with_non_classical(
            book, upcoming, calendar, organisation.competencies[col.COMPETENCY_ID],
            rng["non_classical"],
        )  # fmt: skip
    tables, truth = _assemble(
        organisation, people, book, history, upcoming, calendar, form, mechanisms
    )
    programs = rules.with_kinds(rules.with_min_grades(tables[col.PROGRAMS]))
    tables[col.PROGRAMS] = assembly.in_contract_order(programs, col.PROGRAMS)
    if form.assignments:  # an HR export: it records sanctions and the talent pool too
        tables[col.SANCTIONS] = rules.sanctions_table(tables[col.EMPLOYEES], snapshot, rng["rules"])
        tables[col.TALENT_POOL] = rules.talent_pool_table(tables, snapshot, rng["rules"])
    if form.unit_indicators:
        tables[col.UNIT_INDICATORS] = unit_indicators_table(
            tables, truth["enrollments"], calendar.start, calendar.snapshot, rng["indicators"]
        )
    meta = {
        "n_employees": n_employees,
        "seed": seed,
        "snapshot_date": snapshot.isoformat(),
        "shape": shape,
        "family": family,
        "position_changes": moves is not None,
        "regime": regime,
    }
    return World(tables=tables, truth=truth, snapshot_date=snapshot, seed=seed, meta=meta)


def _streams(seed: int) -> list[np.random.Generator]:
    """Independent generators per stage, so changing one stage leaves the others' draws."""
    children = np.random.SeedSequence(seed).spawn(len(STREAMS))
    return [np.random.default_rng(child) for child in children]


def _upcoming_sessions(
    book: CourseBook, history: History, calendar: Calendar, rng: np.random.Generator
) -> pd.DataFrame:
    """Every course once per upcoming quarter, busy courses twice: the announced catalogue."""
    past = pd.concat(history.programs, ignore_index=True)
    per_quarter = np.bincount(past["course"], minlength=book.size) / calendar.n_history
    n_sessions = 1 + (per_quarter >= BUSY_COURSE_SESSIONS).astype(int)
    windows = [calendar.session_window(first, end - DAY) for first, end in calendar.upcoming()]
    quarters = [schedule_sessions(book, n_sessions, *w, rng) for w in windows if w is not None]
    return pd.concat(quarters, ignore_index=True)


def _assemble(
    organisation: Organisation,
    people: People,
    book: CourseBook,
    history: History,
    upcoming: pd.DataFrame,
    calendar: Calendar,
    form: Shape,
    family: Family,
) -> tuple[dict[str, pd.DataFrame], dict[str, pd.DataFrame]]:
    """The contract tables (those `form` exports) and the truth tables, sharing ids."""
    programs = pd.concat([*history.programs, upcoming], ignore_index=True)
    ids, titles = assembly.program_ids(book, programs)
    employee_ids = people.employees[col.EMPLOYEE_ID].to_numpy()
    competency_ids = organisation.competencies[col.COMPETENCY_ID].to_numpy()
    merged = assembly.enrolment_arrays(history)
    assert history.workforce is not None, "a finished simulation holds its workforce"
    posts = history.workforce.posts
    tables = {
        col.UNITS: organisation.units,
        col.COMPETENCIES: organisation.competencies,
        col.JOB_ROLES: organisation.job_roles,
        col.ROLE_REQUIREMENTS: organisation.role_requirements,
        col.EMPLOYEES: assembly.employees_today(people.employees, posts, organisation),
        col.EVALUATIONS: assembly.evaluations_table(
            history, employee_ids, competency_ids, form.sources
        ),
        col.PERFORMANCE: assembly.performance_table(
            history, calendar.rating_years() if form.performance else [], employee_ids
        ),
        col.PROGRAMS: assembly.programs_table(book, programs, ids, titles),
        col.PROGRAM_COMPETENCIES: assembly.program_competencies_table(
            book, programs, ids, competency_ids
        ),
        col.ENROLLMENTS: assembly.enrollments_table(merged, employee_ids, ids),
    }
    if form.assignments:
        tables[ASSIGNMENTS] = assignments_table(
            posts,
            employee_ids,
            organisation.job_roles[col.ROLE_ID].to_numpy(),
            organisation.units[col.UNIT_ID].to_numpy(),
        )
    upcoming_ids = ids[len(programs) - len(upcoming) :]
    truth = _truth(people, book, history, upcoming, upcoming_ids, competency_ids, family)
    truth["enrollments"] = hidden.enrolment_truth(merged, employee_ids, ids)
    truth["course_effects"] = hidden.course_effects(truth["enrollments"], tables[col.PROGRAMS])
    return tables, truth


def _truth(
    people: People,
    book: CourseBook,
    history: History,
    upcoming: pd.DataFrame,
    upcoming_ids: np.ndarray,
    competency_ids: np.ndarray,
    family: Family,
) -> dict[str, pd.DataFrame]:
    """What the mechanisms say about the snapshot: pairs, levels and traits."""
    employee_ids = people.employees[col.EMPLOYEE_ID].to_numpy()
    offerings = book.offerings(upcoming["course"].to_numpy(), upcoming["venue"].to_numpy())
    learners = history.learners
    assert learners is not None, "a finished simulation holds its learners"
    return {
        "upcoming_pairs": hidden.upcoming_pairs(
            learners, offerings, employee_ids, upcoming_ids, family
        ),
        "employee_traits": hidden.employee_traits(people),
        "true_levels": hidden.true_levels(learners, employee_ids, competency_ids),
    }
