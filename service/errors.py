"""One error shape for every route: {"error": {"code", "message", "details"}}."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, current_app, g
from werkzeug.exceptions import HTTPException, MethodNotAllowed

import store
from model.errors import (
    FairnessFloorError,
    NotEligibleError,
    NotFoundError,
    ProgramStartedError,
    SelectionError,
)
from service import metrics
from service.actions.errors import MissingError, NotReadyError, RequestConflictError

log = logging.getLogger(__name__)

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    422: "validation_error",
    429: "too_many_requests",
    500: "internal_error",
    503: "not_ready",
}


class ApiError(Exception):
    """An error answered with the contract's shape."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        details: dict | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details or {}
        self.headers = headers or {}


def error_body(status: int, code: str, message: str, details: dict | None = None) -> dict:
    return {"error": {"code": code, "message": message, "details": details or {}}}


def from_http_exception(error: HTTPException) -> tuple[dict, int, dict]:
    """werkzeug and webargs errors (400, 404, 405, 413, 422...) in the contract's shape."""
    status = error.code or 500
    data = getattr(error, "data", None) or {}
    details = data.get("messages") or data.get("errors") or {}
    details = _flatten_locations(details)
    if status == 422 and details:
        message = "; ".join(f"{field}: {_first(msgs)}" for field, msgs in details.items())
    else:
        message = data.get("message") or (error.description or error.name)
    headers = dict(data.get("headers") or {})
    if isinstance(error, MethodNotAllowed) and error.valid_methods:
        headers["Allow"] = ", ".join(sorted(error.valid_methods))  # RFC 9110, 15.5.6
    return error_body(status, CODES.get(status, "error"), message, details), status, headers


def _flatten_locations(details: Any) -> dict:
    """webargs nests field errors under their location ("json", "query"): drop that level."""
    if isinstance(details, dict) and set(details) <= {"json", "query", "querystring", "view_args"}:
        merged: dict = {}
        for inner in details.values():
            merged.update(inner if isinstance(inner, dict) else {"_": inner})
        return merged
    return details if isinstance(details, dict) else {"_": details}


def _first(messages: Any) -> str:
    if isinstance(messages, list) and messages:
        return str(messages[0])
    if isinstance(messages, dict):
        key, value = next(iter(messages.items()))
        return f"{key}: {_first(value)}"
    return str(messages)


def respond(body: dict, status: int, headers: dict | None = None):
    """The answer to an error: the contract's JSON, or an error page for a workspace request
    (`service/web` sets `tna_error_page`: (is this a page request?, render))."""
    page = current_app.extensions.get("tna_error_page")
    if page is not None and page[0]():
        error = body["error"]
        html, status = page[1](status, error["message"], error["details"])
        return html, status, headers or {}
    return body, status, headers or {}


def register_error_handlers(app: Flask) -> None:
    """Every error in the contract's shape; anything unforeseen is a logged, generic 500."""

    @app.errorhandler(ApiError)
    def api_error(error: ApiError):
        body = error_body(error.status, error.code, error.message, error.details)
        return respond(body, error.status, error.headers)

    @app.errorhandler(NotFoundError)
    def not_found(error: NotFoundError):
        message = f"unknown {error.kind}: {error.ident}"
        return respond(error_body(404, "not_found", message, {error.kind: [error.ident]}), 404)

    @app.errorhandler(SelectionError)
    def selection_refused(error: SelectionError):
        return respond(error_body(422, "validation_error", error.message, error.details), 422)

    @app.errorhandler(NotEligibleError)  # details: employee id -> why-not codes
    def not_eligible(error: NotEligibleError):
        return respond(error_body(422, "not_eligible", error.message, error.details), 422)

    @app.errorhandler(ProgramStartedError)  # the more specific class: Flask picks this one
    def program_started(error: ProgramStartedError):
        return respond(error_body(409, "conflict", error.message, error.details), 409)

    @app.errorhandler(FairnessFloorError)  # a code and values a page can translate
    def floor_unmet(error: FairnessFloorError):
        details = {**error.details, "reason": {"code": error.code, "values": error.values}}
        return respond(error_body(422, error.code, error.message, details), 422)

    register_store_errors(app)
    register_action_errors(app)

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        # A ValueError from a library lands here too: a bug of ours, never a data error.
        if isinstance(error, HTTPException):
            return respond(*from_http_exception(error))
        log.exception("unhandled error (request %s)", g.get("request_id", "-"))
        return respond(error_body(500, "internal_error", "internal server error"), 500)


def register_store_errors(app: Flask) -> None:
    """The decision store's errors (`store/errors.py`): 503, 409, 404 and 422."""

    @app.errorhandler(store.StoreUnavailableError)
    def store_unavailable(error: store.StoreError):
        busy = isinstance(error, store.StoreBusyError)  # a lock wait or statement timed out
        metrics.STORE_ERRORS.labels("busy" if busy else "unavailable").inc()
        log.warning("decision store %s: %s", "busy" if busy else "unavailable", error)
        message = (
            "the decision store is busy (a lock wait or statement timed out); retry later"
            if busy
            else "the decision store is unavailable; read routes still answer, retry later"
        )
        return respond(error_body(503, "unavailable", message), 503, {"Retry-After": "5"})

    @app.errorhandler(store.SchemaBehindError)
    def schema_behind(error: store.StoreError):
        metrics.STORE_ERRORS.labels("schema_behind").inc()
        log.error("decision store schema: %s", error)
        return respond(error_body(503, "unavailable", str(error)), 503)

    @app.errorhandler(store.ConflictError)
    def conflict(error: store.ConflictError):
        return respond(error_body(409, "conflict", str(error), error.details), 409)

    @app.errorhandler(store.RecordNotFoundError)
    def store_not_found(error: store.StoreError):
        return respond(error_body(404, "not_found", str(error)), 404)

    @app.errorhandler(store.InvalidRowsError)
    def invalid_rows(error: store.InvalidRowsError):
        return respond(error_body(422, "validation_error", str(error), error.details), 422)


def register_action_errors(app: Flask) -> None:
    """The actions' own refusals (`service/actions/errors.py`): 409, 404 and 503."""
    for kind, status in ((RequestConflictError, 409), (MissingError, 404), (NotReadyError, 503)):

        def handler(error: RequestConflictError, status: int = status):
            body = error_body(status, CODES[status], error.message, error.details)
            return respond(body, status)

        app.register_error_handler(kind, handler)
