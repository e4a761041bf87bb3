"""Program evaluation pages (`/app/evaluation`): courses ranked by level 3 effect per rupiah
with a forest plot and an XLSX export, and one course's Kirkpatrick levels 1-4. The numbers are
the answers of `GET /v1/evaluation/courses` and `GET /v1/programs/<program_id>/evaluation`."""

from __future__ import annotations

from io import BytesIO

from flask import Blueprint, render_template, request, send_file

from features import columns as col
from features.courses import course_titles
from service.current_engine import engine
from service.evaluation_schemas import CourseRankingQuerySchema
from service.request_schemas import NoQuerySchema
from service.routes.evaluation import evaluations, program_answer, ranking_answer
from service.routes.plans import XLSX
from service.web.evaluation_chart import forest_plot
from service.web.evaluation_export import ranking_workbook
from service.web.forms import query_args
from service.web.session_auth import require_role
from service.web.texts import engine_text

bp = Blueprint("web_evaluation", __name__, url_prefix="/app")
require_role(bp)
bp.add_app_template_filter(engine_text, "engine_text")


@bp.get("/evaluation")
def courses():
    args = query_args(CourseRankingQuerySchema, request.args)
    answer = ranking_answer(args.get("method"), args.get("provider"))
    names = course_titles_shown()
    return render_template(
        "evaluation.html", answer=answer, args=args, providers=providers(),
        programs=course_programs(), chart=forest_plot(answer["items"], names),
        methods=list(col.METHODS), names=names,
    )  # fmt: skip


@bp.get("/evaluation.xlsx")
def courses_xlsx():
    """The ranking on screen (same filters) as a workbook."""
    args = query_args(CourseRankingQuerySchema, request.args)
    answer = ranking_answer(args.get("method"), args.get("provider"))
    return send_file(
        BytesIO(ranking_workbook(answer)), mimetype=XLSX, as_attachment=True,
        download_name="evaluasi-diklat.xlsx",
    )  # fmt: skip


@bp.get("/evaluation/<program_id>")
def course(program_id: str):
    query_args(NoQuerySchema, request.args)
    answer = program_answer(program_id)
    return render_template("evaluation_course.html", answer=answer, names=course_titles_shown())


def providers() -> list[str]:
    """Every provider a course was given by, for the filter."""
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
