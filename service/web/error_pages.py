"""Errors on a page answer as a page (in the page's language), never as JSON.

A message or detail that carries its code (`model.messages.Message`, `store.Refusal`) is said
from the code; the body's `reason` (`{code, values}`, the API's) is then said already.
"""

from __future__ import annotations

from flask import render_template
from flask_babel import lazy_gettext as _l

from model.messages import Message
from service.web.refusals import translated_refusal
from service.web.texts import engine_text

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
        "error.html", status=status, heading=heading, message=_said(message),
        details=_details(details or {}),
    )  # fmt: skip
    return body, status


def _said(text: str) -> str:
    """`text` in the page's language when it carries its code; as written otherwise."""
    return engine_text(text) if isinstance(text, Message) else translated_refusal(text)


def _details(details: dict) -> dict:
    shown = {}
    for field, problems in details.items():
        if field == "reason" and isinstance(problems, dict) and "code" in problems:
            continue  # the message's own code and values, said above
        if isinstance(problems, list):
            problems = [_said(p) if isinstance(p, str) else p for p in problems]
        shown[field] = problems
    return shown
