"""Errors on a page answer as a page (in the page's language), never as JSON."""

from __future__ import annotations

from flask import render_template
from flask_babel import lazy_gettext as _l

HEADINGS = {
    400: _l("The request could not be read"),
    403: _l("This page is not open to your role"),
    404: _l("Not found"),
    405: _l("Not allowed"),
    409: _l("Refused: a conflict"),
    413: _l("Too large"),
    422: _l("Please check the values"),
    429: _l("Too many failed attempts"),
    503: _l("Temporarily unavailable"),
}


def error_page(status: int, message: str, details: dict | None = None):
    heading = HEADINGS.get(status, _l("Something went wrong"))
    if status == 429:  # service.rate_limits: its message is the API's, in English
        message = str(
            _l("Too many failed attempts from this address. Wait a minute and try again.")
        )
    body = render_template(
        "error.html", status=status, heading=heading, message=message, details=details or {}
    )
    return body, status
