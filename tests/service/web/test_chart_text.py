"""Chart text is plain text: a name holding `$...$` is drawn as written, never as mathtext.

The shared tiny world names its most required competency with `hostile_math` (broken
mathtext, which matplotlib would fail on with a 500); the charts are SVG with text kept as
text, so the name must appear in them exactly as written.
"""

from __future__ import annotations

import base64
import io
import re
from xml.sax.saxutils import escape

import matplotlib
import numpy as np

from model.training.plots.fairness import fairness_figure


def svg_texts(page: bytes) -> str:
    """The SVG of every chart of a page, decoded, one after the other."""
    uris = re.findall(rb"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)", page)
    assert uris, "the page has no chart"
    return "".join(base64.b64decode(uri).decode() for uri in uris)


def hostile_case(engine, *, hostile_math) -> tuple[str, str]:
    """(the employee with the largest gap in the hostile competency, that employee's unit)."""
    directory = engine.directory
    names = directory.competency_names
    competency = names.index[names.str.startswith(hostile_math)][0]
    profiles = engine.bundle.profiles
    rows = profiles[profiles["competency_id"] == competency]
    employee = str(rows.loc[rows["weighted_gap"].idxmax(), "employee_id"])
    return employee, str(directory.unit_of[directory.employee_code(employee)])


def test_the_employee_page_draws_a_math_like_name_as_written(planner, engine, hostile_math):
    employee, _unit = hostile_case(engine, hostile_math=hostile_math)
    page = planner.get(f"/app/employees/{employee}")
    assert page.status_code == 200, page.data[:300]
    assert escape(hostile_math) in svg_texts(page.data)


def test_the_unit_page_draws_a_math_like_name_as_written(planner, engine, hostile_math):
    _employee, unit = hostile_case(engine, hostile_math=hostile_math)
    page = planner.get(f"/app/units/{unit}")
    assert page.status_code == 200, page.data[:300]
    assert escape(hostile_math) in svg_texts(page.data)


def test_the_report_plots_draw_a_math_like_group_as_written(hostile_math):
    group = {"n": 10, "base_rate": 0.2, "mean_predicted": 0.25}
    chosen = {"selected": 2, "eligible": 10, "selected_vs_expected": 1.0}
    audit = {
        "available": True,
        "risk": {hostile_math: group, "other": group},
        "selection": {"groups": {hostile_math: chosen, "other": chosen},
                      "disparate_impact_ratio": 1.0},
    }  # fmt: skip
    figure = fairness_figure({"location": audit})
    out = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        figure.savefig(out, format="svg")
    assert escape(hostile_math) in out.getvalue().decode()
    assert np.isfinite(figure.get_size_inches()).all()
