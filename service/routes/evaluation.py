"""Program evaluation: how a course worked (Kirkpatrick 1-4) and courses ranked by effect per
rupiah. Both are lookups into the evaluations the serving bundle computed at training time."""

from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import RAISE

from model.program_evaluation import ProgramEvaluations
from model.program_evaluation.views import course_ranking, program_evaluation
from service.auth import PLANNER, protect
from service.current_engine import engine
from service.errors import ApiError
from service.evaluation_schemas import (
    CourseRankingQuerySchema,
    CourseRankingSchema,
    ProgramEvaluationSchema,
)
from service.request_schemas import NoQuerySchema

bp = Blueprint("evaluation", __name__, url_prefix="/v1", description="Program evaluation")
protect(bp, PLANNER)


def evaluations() -> ProgramEvaluations:
    """The serving bundle's evaluations; 503 for a bundle trained before they existed."""
    found = engine().bundle.evaluations
    if found is None:
        message = "the serving bundle holds no program evaluations: train a new one (make train)"
        raise ApiError(503, "not_ready", message)
    return found


@bp.get("/programs/<program_id>/evaluation")
@bp.doc(security=[{"bearer": []}])
@bp.arguments(NoQuerySchema, location="query", unknown=RAISE)
@bp.response(200, ProgramEvaluationSchema)
def program(_args: dict, program_id: str):
    """How the course of this program (all its past sessions) worked; 404 if unknown."""
    return program_answer(program_id)


def program_answer(program_id: str) -> dict:
    """What `GET /v1/programs/<program_id>/evaluation` answers (the course page shows it)."""
    answer = program_evaluation(evaluations(), program_id)
    return answer | {"model_version": engine().version}


@bp.get("/evaluation/courses")
@bp.doc(security=[{"bearer": []}])
@bp.arguments(CourseRankingQuerySchema, location="query")
@bp.response(200, CourseRankingSchema)
def courses(args: dict):
    """Courses best first by the lower bound of effect per rupiah; too little evidence: no rank."""
    return ranking_answer(args.get("method"), args.get("provider"))


def ranking_answer(method: str | None = None, provider: str | None = None) -> dict:
    """What `GET /v1/evaluation/courses` answers (the evaluation page and its export show it)."""
    answer = course_ranking(evaluations(), method, provider)
    return answer | {"model_version": engine().version}
