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
    return value
