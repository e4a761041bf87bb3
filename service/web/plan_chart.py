"""The plan page's chart: seats, cost and expected gain of the units with the most seats."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from service.web.charts import new_figure, svg_data_uri

TOP_UNITS = 15


def units_chart(units: list[dict[str, Any]]) -> str:
    """Three bar panels sharing the units (the `TOP_UNITS` with most seats), as a data URI."""
    shown = units[:TOP_UNITS][::-1]  # the first at the top
    names = [_no_math(u["name"]) for u in shown]
    panels = [
        (_("Seats"), [u["seats"] for u in shown], "#0b5cad"),
        (_("Cost (Rp million)"), [u["cost"] / 1e6 for u in shown], "#b36b00"),
        (_("Expected gain"), [u["gain"] for u in shown], "#1b6e3a"),
    ]
    figure = new_figure(9.0, 1.2 + 0.28 * len(shown))
    axes = figure.subplots(1, 3, sharey=True)
    for ax, (title, values, colour) in zip(axes, panels, strict=True):
        ax.barh(range(len(shown)), values, color=colour)
        ax.set_title(title)
        ax.grid(axis="x", alpha=0.3)
    axes[0].set_yticks(range(len(shown)), labels=names)
    return svg_data_uri(figure)


def _no_math(text: str) -> str:
    """A name shown as written: matplotlib would read `$...$` as mathematics."""
    return text.replace("$", r"\$")
