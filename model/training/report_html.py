"""`report.html` of a bundle: the training report an ML engineer reads, one page, offline.

Built in training (`training_report`, the `report` stage of `train.py`) from `report_data`
and the metrics, drawn with matplotlib (Agg) and embedded as PNG data URIs: the page needs no
network, runs no script, and jinja2 escapes every text it shows.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import jinja2
from matplotlib.figure import Figure

from model.bundles.serving import json_safe
from model.training.plots import png_bytes
from model.training.plots.drift import metric_change_figure
from model.training.plots.fairness import fairness_figure
from model.training.plots.features import importance_figure, psi_figure
from model.training.plots.model_quality import calibration_figure, ndcg_figure, scores_figure
from model.training.refit import Fits
from model.training.report import metrics_table
from model.training.report_data import SERVED_OUT_OF_FOLD, report_data, served_reliability
from model.training.report_drift import REPORT_DATA, drift, previous_report
from model.training.split import Split

REPORT = "report.html"
GOOD = {
    "calibration": "Good: the model's points lie on the dotted diagonal (of enrolments given a"
    " risk of 0.3, 3 in 10 did not complete) and spread further along it than the baselines'.",
    "ndcg": "Good: on the left (how the programs people took went, what the model is tuned"
    " for) the model's thick line lies on or above every dashed baseline at every k, random"
    " lowest; the right panel also rewards predicting who gets nominated, where popularity and"
    " the ranker alone may lead.",
    "importance": "Good: gain spread over features that plausibly drive the outcome (gaps and"
    " coverage for ranking, past completion for risk); one feature holding most of it suggests"
    " a leak.",
    "fairness": "Good: in each group the predicted share not completed matches the observed"
    " one, and every group's selected / expected is near 1 (lowest over highest at least 0.8,"
    " the four-fifths rule).",
    "scores": "Good: the curves are apart: programs completed (with gain) score higher than"
    " programs not taken, and enrolments not completed got a higher predicted risk than those"
    " completed.",
    "psi": "Good: every bar under 0.1 (the dotted line); over 0.25 the feature's distribution"
    " has moved and the models see data unlike what they learned from.",
    "metrics": "Good: bars near zero or green; each bundle is measured on its own test period,"
    " so small changes can be a different period rather than a better model.",
}


def training_report(
    version: str,
    manifest: dict[str, Any],
    metrics: dict[str, Any],
    fits: Fits,
    split: Split,
    artifacts_dir: str | Path,
) -> dict[str, bytes]:
    """`report.html` and `report_data.json` for a bundle (file name -> content), compared with
    the bundle serving now. The test-period plots are the train-only fit's (the served refit
    learned from test); the calibration plot adds the served model's out-of-fold reliability."""
    data = report_data(fits.evaluation, split)
    data["calibration"][SERVED_OUT_OF_FOLD] = served_reliability(fits, split)
    data["drift"] = drift(previous_report(artifacts_dir), split.test.features, metrics)
    data = json_safe(data)
    page = render_report(version, manifest, data, metrics_table(metrics))
    return {
        REPORT: page.encode(),
        REPORT_DATA: json.dumps(data, separators=(",", ":")).encode(),
    }


def render_report(version: str, manifest: dict[str, Any], data: dict[str, Any], table: str) -> str:
    """The page, from the report data alone (and the manifest's dates and metrics)."""
    template = _environment().from_string(TEMPLATE)
    return template.render(
        version=version,
        created_at=manifest.get("created_at"),
        snapshot=manifest.get("data", {}).get("snapshot_date"),
        commit=manifest.get("git_commit"),
        sections=sections(data, manifest.get("metrics", {})),
        drift=data["drift"],
        table=table,
    )


def sections(data: dict[str, Any], metrics: dict[str, Any]) -> list[dict[str, str]]:
    """(title, what good looks like, image) of each plot, in reading order."""
    figures = [
        ("Calibration", "calibration", calibration_figure(data["calibration"])),
        ("Ranking: NDCG@k", "ndcg", ndcg_figure(data["ndcg_at_k"])),
        ("Score distributions", "scores", scores_figure(data["scores"])),
        ("Feature importance", "importance", importance_figure(data["importance"])),
        ("Fairness by group", "fairness", fairness_figure(metrics.get("fairness", {}))),
    ]
    found = data["drift"]
    if found.get("psi"):
        figures.append(("Feature drift", "psi", psi_figure(found["psi"], found["previous"])))
    if found.get("metrics"):
        chart = metric_change_figure(found["metrics"], found["previous"])
        figures.append(("Metric changes", "metrics", chart))
    return [
        {"title": title, "key": key, "good": GOOD[key], "image": _data_uri(figure)}
        for title, key, figure in figures
        if figure is not None
    ]


def _data_uri(figure: Figure) -> str:
    return "data:image/png;base64," + base64.b64encode(png_bytes(figure)).decode("ascii")


def _environment() -> jinja2.Environment:
    return jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)


TEMPLATE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Training report {{ version }}</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 1200px; margin: 2em auto; padding: 0 1em;
       color: #222; line-height: 1.45; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 2em; border-top: 1px solid #ddd;
       padding-top: 1em; }
.good { background: #eef5ea; border-left: 4px solid #6aa84f; padding: .4em .8em; }
img { max-width: 100%; height: auto; }
pre { background: #f6f6f6; padding: 1em; overflow-x: auto; font-size: .8em; }
dl { display: grid; grid-template-columns: max-content auto; gap: .2em 1em; }
dt { font-weight: 600; }
nav a { margin-right: 1em; }
</style>
</head>
<body>
<h1>Training report: bundle {{ version }}</h1>
<dl>
<dt>trained at</dt><dd>{{ created_at }}</dd>
<dt>data snapshot</dt><dd>{{ snapshot }}</dd>
<dt>code commit</dt><dd>{{ commit or "unknown" }}</dd>
<dt>compared with</dt><dd>{% if drift.previous %}bundle {{ drift.previous }}, serving when
this one was trained{% else %}nothing: no bundle was serving{% endif %}</dd>
</dl>
<p>Every figure is measured on the test period, the most recent decisions, which no model
learned from. Each plot says in its green box what good looks like.</p>
<nav>{% for s in sections %}<a href="#{{ s.key }}">{{ s.title }}</a>{% endfor %}
<a href="#metrics-table">All metrics</a></nav>
{% for s in sections %}
<section id="{{ s.key }}">
<h2>{{ s.title }}</h2>
<p class="good">{{ s.good }}</p>
<img src="{{ s.image }}" alt="{{ s.title }}">
</section>
{% endfor %}
{% if drift.previous and not drift.psi %}
<p>Bundle {{ drift.previous }} keeps no feature profile (it predates this report), so feature
drift cannot be measured against it.</p>
{% endif %}
<section id="metrics-table">
<h2>All metrics</h2>
<pre>{{ table }}</pre>
</section>
</body>
</html>
"""
