"""The plan page's chart: seats, cost and expected gain of the units with the most seats."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from service.web.charts import new_figure, svg_data_uri

TOP_UNITS = 15
NAME_CHARS = 40  # a longer unit name is shortened in its middle; the table has it in full


def units_chart(units: list[dict[str, Any]]) -> str:
    """Three bar panels sharing the units (the `TOP_UNITS` with most seats), as a data URI.
    Long unit names are shortened in the middle, so the panels keep room for their titles."""
    shown = units[:TOP_UNITS][::-1]  # the first at the top
    names = [short_name(u["name"]) for u in shown]  # plain text: mathtext is off (charts.py)
    panels = [
        (_("Seats"), [u["seats"] for u in shown], "#0b5cad"),
        (_("Cost (Rp million)"), [u["cost"] / 1e6 for u in shown], "#b36b00"),
        (_("Expected gain"), [u["gain"] for u in shown], "#1b6e3a"),
    ]
    figure = new_figure(10.0, 1.4 + 0.28 * len(shown))
    axes = figure.subplots(1, 3, sharey=True)
    for ax, (title, values, colour) in zip(axes, panels, strict=True):
        ax.barh(range(len(shown)), values, color=colour)
        ax.set_title(title, loc="left", fontsize=9, fontweight="bold")
        ax.grid(axis="x", alpha=0.3)
        ax.margins(y=0.01)
    axes[0].set_yticks(range(len(shown)), labels=names)
    return svg_data_uri(figure)


def short_name(name: str, limit: int = NAME_CHARS) -> str:
    """`name` cut in the middle at word boundaries ("Suku Dinas Pendidikan … Jakarta Barat"):
    units of one family differ at their start (the agency) and at their end (the area)."""
    if len(name) <= limit:
        return name
    words = name.split()
    head: list[str] = []
    while words and len(" ".join([*head, words[0]])) <= limit - 16:  # room for the end
        head.append(words.pop(0))
    tail: list[str] = []
    while words and len(" ".join([*head, "…", words[-1], *tail])) <= limit:
        tail.insert(0, words.pop())
    if not head and not tail:
        return name[: limit - 1] + "…"
    start = " ".join(head).rstrip(",;:")
    return " ".join([start, "…", *tail]) if start else " ".join(["…", *tail])
