"""How pages show amounts, numbers and dates: Babel, with Indonesian conventions
(`Rp 5.500.000`, `29 Nov 2026`); month names in the page's language."""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent
from flask import Flask, current_app, request
from flask_babel import get_locale

from service.web import labels
from service.web.locale import NUMBER_LOCALE

MISSING = "–"


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def rupiah(value: float | None) -> str:
    if _missing(value):
        return MISSING
    return format_currency(
        value, "IDR", format="¤ #,##0", locale=NUMBER_LOCALE, currency_digits=False
    )


def number(value: float | None, digits: int = 0) -> str:
    if _missing(value):
        return MISSING
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=NUMBER_LOCALE)


def percent(value: float | None, digits: int = 0) -> str:
    if _missing(value):
        return MISSING
    pattern = "#,##0" + ("." + "0" * digits if digits else "") + "%"
    return format_percent(value, format=pattern, locale=NUMBER_LOCALE)


def day(value: date | datetime | str | None) -> str:
    """`29 Nov 2026` (`29 Agu 2026` in Indonesian)."""
    if _missing(value) or value == "":
        return MISSING
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return format_date(value, "d MMM y", locale=str(get_locale() or "id"))


def month(value: date | datetime | str | None) -> str:
    """`Nov 2026`."""
    if _missing(value) or value == "":
        return MISSING
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return format_date(value, "MMM y", locale=str(get_locale() or "id"))


def has_page(endpoint: str) -> bool:
    """Whether the workspace has this page (its blueprint is registered)."""
    return endpoint in current_app.view_functions


def with_lang(lang: str) -> str:
    """The current page in another language."""
    args = request.args.to_dict(flat=False)
    args["lang"] = [lang]
    return f"{request.path}?{urlencode(args, doseq=True)}"


def register_filters(app: Flask) -> None:
    app.jinja_env.filters.update(
        rupiah=rupiah,
        number=number,
        percent=percent,
        day=day,
        month=month,
        method=lambda code: labels.label(labels.METHODS, code),
        status=lambda code: labels.label(labels.STATUSES, code),
        role=lambda code: labels.label(labels.ROLES, code),
    )
    app.jinja_env.globals.update(
        with_lang=with_lang, has_page=has_page, methods=list(labels.METHODS)
    )
