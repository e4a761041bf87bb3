"""An employee's page: gap profile (chart), JP this year, training history, recommendations.

The same engine functions as `GET /v1/employees/<id>/gaps`, `/history` and `/recommendations`,
through one action (`service.actions.employees.employee_overview`).
"""

from __future__ import annotations

from flask import Blueprint, render_template, request

from features.columns import JP_ENTITLEMENT
from model.next_position import DEFAULT_WEIGHT as NEXT_POSITION_WEIGHT
from service.actions.employees import employee_overview
from service.auth import current_actor
from service.request_schemas import RecommendationQuerySchema
from service.web.forms import query_args
from service.web.people_charts import MAX_COMPETENCIES, gap_profile_chart
from service.web.session_auth import require_role

bp = Blueprint("web_employees", __name__, url_prefix="/app")
require_role(bp)


@bp.get("/employees/<employee_id>")
def employee(employee_id: str):
    args = query_args(RecommendationQuerySchema, request.args)  # the recommendations' query
    shown = employee_overview(current_actor(), employee_id, **args)
    return render_template(
        "employee.html",
        **shown,
        chart=gap_profile_chart(shown["profile"]["competencies"]),
        chart_rows=MAX_COMPETENCIES,
        jp_target=JP_ENTITLEMENT,
        next_position_weight=args.get("next_position_weight", NEXT_POSITION_WEIGHT),
    )
