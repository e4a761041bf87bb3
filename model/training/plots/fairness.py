"""The fairness audit by group: risk accuracy and selection against expectation."""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from model.training.fairness import AGE_BANDS
from model.training.plots import new_figure

FOUR_FIFTHS = 0.8


def fairness_figure(fairness: dict[str, dict[str, Any]]) -> Figure | None:
    """Per audited attribute: observed and predicted share not completed per group, and
    selected / expected per group; None when no attribute was available."""
    audits = {name: audit for name, audit in fairness.items() if audit.get("available")}
    if not audits:
        return None
    figure = new_figure(11.0, 3.6 * len(audits) + 0.6)
    rows = figure.subplots(len(audits), 2, squeeze=False)
    for (risk_axes, selection_axes), (attribute, audit) in zip(rows, audits.items(), strict=True):
        title = attribute.replace("_", " ")
        _risk_panel(risk_axes, audit["risk"], title)
        _selection_panel(selection_axes, audit["selection"], title)
    figure.suptitle("Fairness audit: risk and selection by group (test period, upcoming programs)")
    return figure


def _ordered(groups: dict[str, Any]) -> list[str]:
    """Age groups from young to old, other groups as they come."""
    order = {name: rank for rank, (_, name) in enumerate(AGE_BANDS)}
    return sorted(groups, key=lambda name: order.get(name, len(order)))


def _risk_panel(axes: Axes, risk: dict[str, dict[str, float]], attribute: str) -> None:
    groups = _ordered(risk)
    x = np.arange(len(groups))
    observed = [_number(risk[g].get("base_rate")) for g in groups]
    predicted = [_number(risk[g].get("mean_predicted")) for g in groups]
    axes.bar(x - 0.2, observed, width=0.4, color="#999999", label="observed")
    axes.bar(x + 0.2, predicted, width=0.4, color="#1f4e9c", label="mean predicted")
    axes.set_xticks(x, [f"{g}\n(n={risk[g].get('n', 0):,})" for g in groups], fontsize=8)
    axes.set_ylabel("share not completed")
    axes.set_title(f"Completion risk by {attribute}", fontsize=10)
    axes.legend(fontsize=8)
    axes.grid(axis="y", alpha=0.3)


def _selection_panel(axes: Axes, selection: dict[str, Any], attribute: str) -> None:
    groups = selection["groups"]
    names = _ordered(groups)
    ratio = [_number(groups[g]["selected_vs_expected"]) for g in names]
    di = selection.get("disparate_impact_ratio")
    bar = FOUR_FIFTHS * np.nanmax(ratio) if di is not None else 0.0
    colours = ["#6aa84f" if not value < bar else "#cc4125" for value in ratio]
    floored = [_number(groups[g].get("floor_selected_vs_expected")) for g in names]
    has_floor = "floor" in selection
    width = 0.4 if has_floor else 0.8
    x = np.arange(len(names)) - (0.2 if has_floor else 0.0)
    axes.bar(x, ratio, width=width, color=colours, label="today")
    if has_floor:
        axes.bar(x + 0.4, floored, width=0.4, color="#1f4e9c",
                 label=f"with a floor of {selection['floor']['min_ratio']}")  # fmt: skip
        axes.axhline(selection["floor"]["min_ratio"], color="#1f4e9c", linestyle=":",
                     linewidth=1)  # fmt: skip
    axes.axhline(1.0, color="black", linewidth=1, label="1 = seats in proportion to eligibility")
    if di is not None:
        axes.axhline(bar, color="#cc0000", linestyle="--", linewidth=1,
                     label="0.8 × the highest group (four-fifths rule): red below")  # fmt: skip
    axes.set_xticks(np.arange(len(names)), [_tick(g, groups[g]) for g in names], fontsize=8)
    axes.set_ylabel("selected / expected at equal chances")
    verdict = "-" if di is None else f"{di:.2f} ({'meets' if di >= FOUR_FIFTHS else 'fails'} 0.8)"
    axes.set_title(f"Selection by {attribute}: lowest / highest = {verdict}", fontsize=10)
    axes.legend(fontsize=8, loc="lower right")
    axes.grid(axis="y", alpha=0.3)


def _tick(name: str, group: dict[str, Any]) -> str:
    """The group, its seats of its eligible, and the expected gain selected (and floored)."""
    label = f"{name}\n({group['selected']:,} of {group['eligible']:,})"
    if "floor_selected_gain" in group:
        label += f"\ngain {group['selected_gain']:.1f} / {group['floor_selected_gain']:.1f}"
    return label


def _number(value: float | None) -> float:
    return float("nan") if value is None else float(value)
