"""flask-smorest's Api, answering its errors in the contract's single shape."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_smorest import Api
from marshmallow import fields
from werkzeug.exceptions import HTTPException

from service.errors import from_http_exception, respond
from service.response_schemas import ErrorSchema


class TnaApi(Api):
    ERROR_SCHEMA = ErrorSchema

    def __init__(self, app: Flask) -> None:
        super().__init__(app)
        self.ma_plugin.converter.add_parameter_attribute_function(allow_empty_value)
        self.ma_plugin.converter.add_attribute_function(null_not_any_object)

    def handle_http_exception(self, error: HTTPException):
        return respond(*from_http_exception(error))


def null_not_any_object(_converter: Any, field: fields.Field, ret: dict, **_kwargs: Any) -> dict:
    """A nullable nested schema is the schema or null. apispec writes OpenAPI 3.0's
    `anyOf: [{$ref}, {type: object, nullable: true}]`, whose second branch admits any object:
    a fuzzer then sends `"fairness": {}` as valid and is refused with 422. Only null, there."""
    branches = ret.get("anyOf")
    if not (isinstance(field, fields.Nested) and field.allow_none and branches):
        return {}
    only_null = {"type": "object", "nullable": True, "enum": [None]}
    return {"anyOf": [only_null if b.get("nullable") and "$ref" not in b else b for b in branches]}


def allow_empty_value(_converter: Any, field: fields.Field, **_kwargs: Any) -> dict:
    """`allowEmptyValue` in the OpenAPI document for a query field marked `empty_means_unset`
    (`?method=` is accepted and means no filter), so clients and fuzzers know."""
    return {"allowEmptyValue": True} if field.metadata.get("empty_means_unset") else {}
