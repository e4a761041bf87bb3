"""Charts of the pages: drawn by matplotlib (Agg) as SVG, shown as an `<img>` with a data URI.

An image, not inline SVG: matplotlib's SVG carries a `<style>` element, which the pages'
Content-Security-Policy (no inline styles) would block inline, but not inside an image.
"""

from __future__ import annotations

import base64
import io

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure

# Chart text is plain text: a name holding `$...$` (a competency, a unit, a course) is drawn as
# written, never read as mathtext, which draws it as a formula or fails (500) on a bad one.
# Global on purpose: a Text reads it when made, wherever in a chart function that happens.
matplotlib.rcParams["text.parse_math"] = False

FONT = {"font.family": "DejaVu Sans", "font.size": 9, "svg.fonttype": "none"}


def new_figure(width_in: float = 8.0, height_in: float = 4.0) -> Figure:
    """A figure not registered with pyplot (safe in threads: no global state)."""
    with matplotlib.rc_context(FONT):
        return Figure(figsize=(width_in, height_in), layout="constrained")


def svg_data_uri(figure: Figure) -> str:
    """`data:image/svg+xml;base64,...` of the figure, for `<img src=...>`."""
    buffer = io.BytesIO()
    with matplotlib.rc_context(FONT):
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()
