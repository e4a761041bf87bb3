"""Reasons in the page's language: `model.explain.Reason` keeps its English template and
values, and the catalogue translates the template and the words named in `terms`."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext

from model.explain import Reason


def translated(reason: Any) -> str:
    """The reason in the current language; text that is not a Reason (a stored nomination's
    reason, say) is shown as it was written."""
    if not isinstance(reason, Reason):
        return str(reason)
    values = {
        name: _translated_value(name, value, reason.terms) for name, value in reason.values.items()
    }
    return gettext(reason.template).format(**values) if values else gettext(reason.template)


def _translated_value(name: str, value: Any, terms: frozenset[str]) -> Any:
    if isinstance(value, Reason):
        return translated(value)
    if name in terms:
        return gettext(str(value))
    if isinstance(value, int | float) and not isinstance(value, bool):
        return IndonesianNumber(value)
    return value


class IndonesianNumber(float):
    """A number that formats with the template's own spec (`{gap:.2f}`, `{value:.0%}`) but
    with Indonesian separators, as every other number of the pages (`2.107`, `0,38`)."""

    def __format__(self, spec: str) -> str:
        if not spec:
            return str(int(self)) if self.is_integer() else str(float(self)).translate(_SWAP)
        grouped = _with_grouping(spec)
        text = format(float(self), grouped)
        return text.translate(_SWAP)


_SWAP = str.maketrans({",": ".", ".": ","})


def _with_grouping(spec: str) -> str:
    """`spec` with thousands grouping (`,`) before its precision, unless it has one or a
    width (then grouping could change the width)."""
    if "," in spec or "_" in spec or any(c.isdigit() for c in spec.split(".")[0]):
        return spec
    head, dot, tail = spec.partition(".")
    return f"{head},{dot}{tail}"
