"""Program evaluation pages (`/app/evaluation`): courses ranked by level 3 effect per rupiah
with a forest plot and an XLSX export, and one course's Kirkpatrick levels 1-4. The numbers are
the answers of `GET /v1/evaluation/courses` and `GET /v1/programs/<program_id>/evaluation`
(`service.actions.evaluations`)."""

from __future__ import annotations

from io import BytesIO

from flask import Blueprint, render_template, request, send_file

from features import columns as col
from service.actions import evaluations
from service.auth import current_actor
from service.evaluation_schemas import CourseRankingQuerySchema
from service.exports.evaluation import ranking_workbook
from service.exports.unit_needs import XLSX
from service.request_schemas import NoQuerySchema
from service.web.evaluation_chart import forest_plot
from service.web.forms import query_args
from service.web.session_auth import require_role
from service.web.texts import engine_text

bp = Blueprint("web_evaluation", __name__, url_prefix="/app")
require_role(bp)
bp.add_app_template_filter(engine_text, "engine_text")


@bp.get("/evaluation")
def courses():
    args = query_args(CourseRankingQuerySchema, request.args)
    answer = evaluations.ranking_answer(current_actor(), args.get("method"), args.get("provider"))
    names = evaluations.course_titles_shown()
    return render_template(
        "evaluation.html", answer=answer, args=args, providers=evaluations.providers(),
        programs=evaluations.course_programs(), chart=forest_plot(answer["items"], names),
        methods=list(col.METHODS), names=names,
    )  # fmt: skip


@bp.get("/evaluation.xlsx")
def courses_xlsx():
    """The ranking on screen (same filters) as a workbook."""
    args = query_args(CourseRankingQuerySchema, request.args)
    answer = evaluations.ranking_answer(current_actor(), args.get("method"), args.get("provider"))
    return send_file(
        BytesIO(ranking_workbook(answer)), mimetype=XLSX, as_attachment=True,
        download_name="evaluasi-diklat.xlsx",
    )  # fmt: skip


@bp.get("/evaluation/<program_id>")
def course(program_id: str):
    query_args(NoQuerySchema, request.args)
    answer = evaluations.program_answer(current_actor(), program_id)
    names = evaluations.course_titles_shown()
    return render_template("evaluation_course.html", answer=answer, names=names)
