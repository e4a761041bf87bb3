"""Reading a page's query string with the API's own request schema: the same rules, the same
field errors (422), so a page never accepts what the API would refuse."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from werkzeug.datastructures import MultiDict

from service.errors import ApiError
from service.request_schemas import JsonBoolean

PAGE_ONLY = ("lang",)  # query parameters of the layout, not of the page's function


def query_args(
    schema: type[ma.Schema],
    args: MultiDict,
    blank_is_unset: bool = False,
    ignore: tuple[str, ...] = (),
) -> dict[str, Any]:
    """`args` loaded by `schema` (422 with the schema's field errors when invalid). A list
    field takes every value of its repeated key (`unit_ids=A&unit_ids=B`); with
    `blank_is_unset`, an empty value (a form field left blank) is not given at all; keys in
    `ignore` belong to another form of the page."""
    fields = schema().fields
    lists = {name for name, field in fields.items() if isinstance(field, ma.fields.List)}
    given: dict[str, Any] = {}
    for key in args:
        if key in PAGE_ONLY or key in ignore:
            continue
        values = [v for v in args.getlist(key) if v or not blank_is_unset]
        if values:
            given[key] = values if key in lists else values[0]
        if isinstance(fields.get(key), JsonBoolean) and key in given:
            given[key] = _form_boolean(given[key])
    try:
        return schema().load(given)
    except ma.ValidationError as error:
        details = error.messages if isinstance(error.messages, dict) else {"_": error.messages}
        message = "; ".join(f"{field}: {problems}" for field, problems in details.items())
        raise ApiError(422, "validation_error", message, details) from None


def _form_boolean(value: str) -> bool | str:
    """A ticked box's `true`/`on`/`1` (or `false`/`off`/`0`) as the JSON boolean the API's
    schema takes; anything else is left for the schema to refuse with its field error."""
    try:
        return ma.fields.Boolean().deserialize(value)
    except ma.ValidationError:
        return value
