"""An employee's page: gap profile (chart), JP this year, training history, recommendations.

The same functions as `GET /v1/employees/<id>/gaps`, `/history` and `/recommendations`.
"""

from __future__ import annotations

from flask import Blueprint, render_template, request

from features.columns import JP_ENTITLEMENT
from model.employee_history import training_history
from model.next_position import DEFAULT_WEIGHT as NEXT_POSITION_WEIGHT
from service.current_engine import engine
from service.decision_store import current_live
from service.request_schemas import RecommendationQuerySchema
from service.web.forms import query_args
from service.web.people_charts import MAX_COMPETENCIES, gap_profile_chart
from service.web.session_auth import require_role

bp = Blueprint("web_employees", __name__, url_prefix="/app")
require_role(bp)


@bp.get("/employees/<employee_id>")
def employee(employee_id: str):
    args = query_args(RecommendationQuerySchema, request.args)  # the recommendations' query
    current = engine()
    profile = current.gaps(employee_id)
    return render_template(
        "employee.html",
        profile=profile,
        chart=gap_profile_chart(profile["competencies"]),
        chart_rows=MAX_COMPETENCIES,
        jp_target=JP_ENTITLEMENT,
        history=training_history(current, employee_id),
        recommendations=current.recommend(employee_id, live=current_live(current), **args),
        next_position_weight=args.get("next_position_weight", NEXT_POSITION_WEIGHT),
    )
