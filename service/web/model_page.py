"""The model page (`/app/model`): the serving bundle, its metrics against the baselines, the
fairness audit; and its training report (`/app/model/report`), which a browser session could
not fetch from `/v1/model/report` (that route wants a bearer token).

The same functions as `GET /v1/model` and `GET /v1/model/report`.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from service.actions.model_info import model_summary
from service.auth import current_actor
from service.report_response import report_response
from service.web.charts import new_figure, svg_data_uri
from service.web.session_auth import require_role

bp = Blueprint("web_model", __name__, url_prefix="/app")
require_role(bp)

# What the manifest's rankers, risk models, audited attributes and groups are called on the page
NAMES = {
    "model": _l("The model"),
    "ranker_only": _l("Ranker only"),
    "coverage_x_completion": _l("Gap coverage × completion"),
    "expected_gap_coverage": _l("Expected gap coverage"),
    "expected_gain_only": _l("Expected gain only"),
    "gap_coverage": _l("Gap coverage"),
    "popularity": _l("Popularity"),
    "random": _l("Random"),
    "logistic": _l("Logistic regression"),
    "base_rate": _l("Base rate"),
    "gender": _l("Gender"),
    "age_group": _l("Age group"),
    "f": _l("women"),
    "m": _l("men"),
    "under 30": _l("under 30"),
    "50 and over": _l("50 and over"),
}


@bp.get("/model")
def model():
    summary = model_summary(current_actor())
    ranking = summary["metrics"].get("ranking", {})
    truth = truth_ndcg(summary["metrics"])
    if truth:
        chart = _ndcg_chart(truth, _("NDCG@10 against the true benefit (generated world)"))
    else:
        observed = {name: m["ndcg@10"] for name, m in ranking.items() if "ndcg@10" in m}
        chart = _ndcg_chart(observed, _("NDCG@10 against observed outcomes, test period"))
    return render_template("model.html", summary=summary, ranking=_model_first(ranking),
                           risk=_model_first(summary["metrics"].get("risk", {})),
                           chart=chart, truth=truth, names=NAMES)  # fmt: skip


@bp.get("/model/report")
def report():
    return report_response(current_actor())


def _model_first(table: dict[str, Any]) -> list[tuple[str, Any]]:
    """The rows of a metrics table, the served model first, then the baselines by name."""
    return sorted(table.items(), key=lambda item: (item[0] != "model", item[0]))


def truth_ndcg(metrics: dict[str, Any]) -> dict[str, float]:
    """NDCG@10 of each ranker against the true benefit, where the training knew it (a
    generated world's truth): the measure the model is built for. Empty for a real export."""
    found = metrics.get("truth", {}).get("recommendations", {})
    prefix = "ndcg@10["
    return {
        key[len(prefix) : -1]: float(value)
        for key, value in found.items()
        if key.startswith(prefix) and key != "ndcg@10[oracle]"
    }


def _ndcg_chart(values: dict[str, float], label: str) -> str | None:
    """NDCG@10 of the model and of every baseline, as horizontal bars (the model dark)."""
    rows = list(values.items())
    if not rows:
        return None
    rows.sort(key=lambda row: row[1])
    figure = new_figure(7.0, 0.8 + 0.32 * len(rows))
    axes = figure.add_subplot()
    colours = ["#12324f" if name == "model" else "#9ab6d3" for name, _value in rows]
    axes.barh([str(NAMES.get(name, name)) for name, _v in rows], [v for _n, v in rows],
              color=colours)  # fmt: skip
    axes.set_xlim(0, 1)
    axes.set_xlabel(label)
    axes.grid(axis="x", alpha=0.3)
    return svg_data_uri(figure)
