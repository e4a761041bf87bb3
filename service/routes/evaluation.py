"""Program evaluation: how a course worked (Kirkpatrick 1-4) and courses ranked by effect per
rupiah. Both are lookups into the evaluations the serving bundle computed at training time."""

from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import RAISE

from service.actions import evaluations
from service.auth import PLANNER, current_actor, protect
from service.evaluation_schemas import (
    CourseRankingQuerySchema,
    CourseRankingSchema,
    ProgramEvaluationSchema,
)
from service.request_schemas import NoQuerySchema

bp = Blueprint("evaluation", __name__, url_prefix="/v1", description="Program evaluation")
protect(bp, PLANNER)


@bp.get("/programs/<program_id>/evaluation")
@bp.doc(security=[{"bearer": []}])
@bp.arguments(NoQuerySchema, location="query", unknown=RAISE)
@bp.response(200, ProgramEvaluationSchema)
def program(_args: dict, program_id: str):
    """How the course of this program (all its past sessions) worked; 404 if unknown."""
    return evaluations.program_answer(current_actor(), program_id)


@bp.get("/evaluation/courses")
@bp.doc(security=[{"bearer": []}])
@bp.arguments(CourseRankingQuerySchema, location="query")
@bp.response(200, CourseRankingSchema)
def courses(args: dict):
    """Courses best first by the lower bound of effect per rupiah; too little evidence: no rank."""
    return evaluations.ranking_answer(current_actor(), args.get("method"), args.get("provider"))
