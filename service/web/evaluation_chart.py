"""The evaluation page's forest plot: each course's level 3 effect and its 95% interval."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _

from service.web.charts import new_figure, svg_data_uri

SUFFICIENT_COLOUR, INSUFFICIENT_COLOUR = "#0b5cad", "#8a94a3"
PAD = 0.08  # of the axis' span, on each side


def forest_plot(items: list[dict[str, Any]], names: Mapping[str, str] | None = None) -> str | None:
    """One row per course with an estimate, in the ranking's order (ranked first): a filled
    point and solid line with enough evidence, a hollow grey point and dashed line without.
    The axis spans the points and the intervals of ranked courses: a wider interval (a course
    measured on three people) is cut at the edge with an arrow head. None: no estimate.
    `names`: the name shown for each course (the course name itself when it has none)."""
    shown = [i for i in items if i["effect"] is not None]
    if not shown:
        return None
    low, high = _span(shown)
    figure = new_figure(8.0, 1.4 + 0.3 * len(shown))
    ax = figure.subplots()
    rows = range(len(shown) - 1, -1, -1)  # the first at the top
    for y, item in zip(rows, shown, strict=True):
        _course(ax, y, item, low, high)
    ax.axvline(0.0, color="#5a6675", linewidth=0.8)
    ax.set_xlim(low, high)
    ax.set_ylim(-0.7, len(shown) - 0.3)
    ax.set_yticks(list(rows), labels=[_label(i, names or {}) for i in shown])
    ax.set_xlabel(_("Level 3 effect (change in competency level), 95% CI"))
    ax.grid(axis="x", alpha=0.3)
    ax.plot([], [], marker="o", color=SUFFICIENT_COLOUR, label=_("enough evidence"))
    ax.plot([], [], marker="o", color=INSUFFICIENT_COLOUR, markerfacecolor="white",
            linestyle="--", label=_("not enough evidence (not ranked)"))  # fmt: skip
    figure.legend(loc="outside lower center", ncols=2, frameon=False)
    return svg_data_uri(figure)


def _span(shown: list[dict[str, Any]]) -> tuple[float, float]:
    values = [0.0] + [i["effect"] for i in shown]
    values += [
        bound
        for i in shown
        if i["evidence"] == "sufficient"
        for bound in (i["effect_ci_low"], i["effect_ci_high"])
        if bound is not None
    ]
    low, high = min(values), max(values)
    pad = PAD * max(high - low, 1e-6)
    return low - pad, high + pad


def _course(ax, y: int, item: dict[str, Any], low: float, high: float) -> None:
    enough = item["evidence"] == "sufficient"
    colour = SUFFICIENT_COLOUR if enough else INSUFFICIENT_COLOUR
    start, end = item["effect_ci_low"], item["effect_ci_high"]
    if start is not None and end is not None:
        ax.plot([max(start, low), min(end, high)], [y, y], color=colour,
                linestyle="-" if enough else "--")  # fmt: skip
        for beyond, edge, marker in ((start < low, low, "<"), (end > high, high, ">")):
            if beyond:
                ax.plot([edge], [y], marker=marker, color=colour, markersize=5, clip_on=False)
    ax.plot([item["effect"]], [y], marker="o", markersize=6, color=colour,
            markerfacecolor=colour if enough else "white")  # fmt: skip


def _label(item: dict[str, Any], names: Mapping[str, str]) -> str:
    rank = f"{item['rank']}. " if item["rank"] is not None else "– "
    name = names.get(item["course"]) or str(item["course"])
    return rank + name  # plain text: mathtext is off (service/web/charts.py)
