"""Program evaluation: how a course worked (Kirkpatrick 1-4) and courses ranked by effect per
rupiah, looked up in the evaluations the serving bundle computed at training time."""

from __future__ import annotations

from typing import Any

from features import columns as col
from features.courses import course_titles
from model.program_evaluation import ProgramEvaluations
from model.program_evaluation.views import course_ranking, program_evaluation
from service.actions.actor import Actor
from service.actions.errors import NotReadyError
from service.current_engine import engine


def evaluations() -> ProgramEvaluations:
    """The serving bundle's evaluations; NotReadyError (503) for a bundle trained before
    they existed."""
    found = engine().bundle.evaluations
    if found is None:
        raise NotReadyError(
            "the serving bundle holds no program evaluations: train a new one (make train)"
        )
    return found


def program_answer(actor: Actor, program_id: str) -> dict[str, Any]:
    """How the course of this program (all its past sessions) worked; NotFoundError if the
    program is unknown."""
    answer = program_evaluation(evaluations(), program_id)
    return answer | {"model_version": engine().version}


def ranking_answer(
    actor: Actor, method: str | None = None, provider: str | None = None
) -> dict[str, Any]:
    """Courses best first by the lower bound of effect per rupiah; too little evidence: no
    rank."""
    answer = course_ranking(evaluations(), method, provider)
    return answer | {"model_version": engine().version}


def providers() -> list[str]:
    """Every provider a course was given by, for a filter."""
    table = evaluations().summaries["course_provider"]
    return sorted(str(p) for p in table[col.PROVIDER].unique())


def course_programs() -> dict[str, str]:
    """A program of each course, to link a course to its page: a course's page is the
    evaluation of any of its programs (all its sessions together)."""
    course_of = evaluations().course_of
    last = course_of.groupby(course_of.to_numpy()).tail(1)
    return {str(course): str(program) for program, course in last.items()}


def course_titles_shown() -> dict[str, str]:
    """The name a page shows for each course (course name -> its latest session's title
    without the run markers): the course name itself is lower case."""
    course_of = evaluations().course_of
    programs = engine().programs.reindex(course_of.index)
    titles = course_titles(course_of, programs[col.TITLE], programs[col.START_DATE])
    return {str(course): str(title) for course, title in titles.items() if title}
