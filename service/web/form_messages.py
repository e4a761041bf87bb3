"""marshmallow's messages for a form's fields in the page's language, chosen by what failed
(the message's key, the field's type, its range validator) before loading, never by reading
the English sentence afterwards."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask_babel import gettext
from marshmallow import fields, validate

from model.explain import english
from service.web.formats import number

# the field's type (the first that matches) -> its `invalid` message
INVALID = [
    (fields.Date, english("Not a valid date.")),
    (fields.Integer, english("Not a valid integer.")),
    (fields.Number, english("Not a valid number.")),
]


def translated(schema: ma.Schema) -> ma.Schema:
    """`schema` (one instance: its fields are its own copies) saying its fields' messages in
    the current language; a Dict's values (the unit budgets) too."""
    for field in schema.fields.values():
        _translate(field)
        inner = getattr(field, "value_field", None)
        if inner is not None:
            _translate(inner)
    return schema


def _translate(field: fields.Field) -> None:
    messages = {**field.error_messages, "required": gettext("Missing data for required field.")}
    invalid = next((text for kind, text in INVALID if isinstance(field, kind)), None)
    if invalid is not None:
        messages["invalid"] = gettext(invalid)
    field.error_messages = messages
    field.validators = [_range(v) for v in field.validators]


def _range(bounds: Any) -> Any:
    """A closed range validator refusing in the current language; any other as it is."""
    if not isinstance(bounds, validate.Range) or None in (bounds.min, bounds.max):
        return bounds
    told = gettext("Must be between %(low)s and %(high)s.", low=_shown(bounds.min),
                   high=_shown(bounds.max))  # fmt: skip
    return validate.Range(
        bounds.min,
        bounds.max,
        min_inclusive=bounds.min_inclusive,
        max_inclusive=bounds.max_inclusive,
        error=told.replace("{", "{{").replace("}", "}}"),  # the validator formats it
    )


def _shown(value: Any) -> str:
    value = float(value)
    return number(value, 0 if value.is_integer() else 2)
