"""flask-smorest's Api, answering its errors in the contract's single shape."""

from __future__ import annotations

from flask_smorest import Api
from werkzeug.exceptions import HTTPException

from service.errors import from_http_exception
from service.response_schemas import ErrorSchema


class TnaApi(Api):
    ERROR_SCHEMA = ErrorSchema

    def handle_http_exception(self, error: HTTPException):
        return from_http_exception(error)
