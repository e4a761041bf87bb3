"""The training report's plots: matplotlib figures drawn with the Agg backend, as PNG bytes.

Figures are built through `matplotlib.figure.Figure` with an Agg canvas, never through
`pyplot`: no global state, no display, safe in any thread. Each module draws from the plain
numbers of `report_data.json` only.
"""

from __future__ import annotations

import io

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

# Plot text is plain text: a group or unit name holding `$...$` is drawn as written, never
# read as mathtext (a formula, or an error on a bad one); as service/web/charts.py does.
matplotlib.rcParams["text.parse_math"] = False

DPI = 110
# One colour per candidate, the same in every plot.
COLOURS = {
    "model": "#1f4e9c",
    "ranker_only": "#6fa8dc",
    "expected_gain_only": "#8e7cc3",
    "coverage_x_completion": "#e69138",
    "gap_coverage": "#f1c232",
    "popularity": "#6aa84f",
    "random": "#999999",
    "logistic": "#e69138",
    "base_rate": "#999999",
    "served_out_of_fold": "#cc4125",
}
LABELS = {
    "model": "model",
    "ranker_only": "ranker only",
    "expected_gain_only": "expected gain only",
    "coverage_x_completion": "gap coverage × (1 − logistic risk)",
    "gap_coverage": "gap coverage",
    "popularity": "popularity",
    "random": "random order",
    "logistic": "logistic regression",
    "base_rate": "base rate (constant)",
    "served_out_of_fold": "served refit (out of fold: validation + test)",
}


def new_figure(width: float, height: float) -> Figure:
    figure = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def png_bytes(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def label(name: str) -> str:
    return LABELS.get(name, name.replace("_", " "))


def colour(name: str) -> str | None:
    return COLOURS.get(name)
