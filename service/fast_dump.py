"""Response schemas that dump as marshmallow does, without its per-value call chain.

A 10,000-pair score answer is 100,000 values: marshmallow's generic path (accessor, field
`serialize`, nested `Schema.dump` per row) took longer than scoring the pairs. `FastSchema`
compiles each schema once into a list of (key, converter) and applies it to dicts. The
converters are marshmallow's own conversions for the plain field classes (`String`, `Float`,
`Integer`, `Boolean`, `Raw`); any other field (dates, dicts, nested schemas that are not
`FastSchema`) is dumped by the field itself. Anything the plan does not cover (hooks, `only`,
`exclude`, `many`, an object that is not a dict) takes marshmallow's path, so the output is
always the same (`tests/service/test_fast_dump.py` compares both on every response schema).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import marshmallow as ma
from marshmallow import fields
from marshmallow.utils import ensure_text_type, missing

Converter = Callable[[Any, str, dict], Any]
# (attribute, key, converter, the type a value already has when the converter would return it
# unchanged: `object` for any value, None for no such type)
Plan = list[tuple[str, str, Converter, type | None]]


def _string(value: Any, _attr: str, _obj: dict) -> Any:
    if value is None:
        return None
    return value if type(value) is str else ensure_text_type(value)


def _float(value: Any, _attr: str, _obj: dict) -> Any:
    return None if value is None else float(value)


def _integer(value: Any, _attr: str, _obj: dict) -> Any:
    return None if value is None else int(value)


def _same(value: Any, _attr: str, _obj: dict) -> Any:
    return value


# Exact classes only: a subclass may convert differently.
_PLAIN: dict[type, Converter] = {
    fields.String: _string,
    fields.Float: _float,
    fields.Integer: _integer,
    fields.Boolean: _same,  # marshmallow 4 dumps a Boolean's value unchanged
    fields.Raw: _same,
}
# float(x) is x for a float, int(x) for an int (not a bool), str(x) for a str
_UNCHANGED: dict[Converter, type] = {_string: str, _float: float, _integer: int, _same: object}


class FastSchema(ma.Schema):
    """A marshmallow Schema whose `dump` of a dict follows a plan compiled once."""

    def dump(self, obj: Any, *, many: bool | None = None) -> Any:
        plan = self._fast_plan()
        if plan is None or (self.many if many is None else many) or type(obj) is not dict:
            return super().dump(obj, many=many)
        return _apply(plan, obj)

    def _fast_plan(self) -> Plan | None:
        try:
            return self.__dict__["_plan"]
        except KeyError:
            plan = _compile(self)
            self.__dict__["_plan"] = plan
            return plan


def _compile(schema: ma.Schema) -> Plan | None:
    """(attribute, key, converter) per dumped field, or None when the schema needs the full
    path (dump hooks, `only`/`exclude`, a dict class of its own)."""
    hooks = schema._hooks
    if hooks[ma.decorators.PRE_DUMP] or hooks[ma.decorators.POST_DUMP]:
        return None
    if schema.only is not None or schema.exclude or schema.dict_class is not dict:
        return None
    plan = []
    for name, field in schema.dump_fields.items():
        attr = name if field.attribute is None else field.attribute
        if not field._CHECK_ATTRIBUTE or field.dump_default is not missing or "." in attr:
            return None
        key = field.data_key if field.data_key is not None else name
        convert = _converter(field)
        plan.append((attr, key, convert, _UNCHANGED.get(convert)))
    return plan


def _converter(field: fields.Field) -> Converter:
    plain = _PLAIN.get(type(field))
    if plain is not None and not getattr(field, "as_string", False):
        return plain
    if type(field) is fields.List:
        inner = _inner_converter(field.inner)
        if inner is not None:
            return lambda value, attr, obj: (
                None if value is None else [inner(each, attr, obj) for each in value]
            )
    nested = _inner_converter(field) if type(field) is fields.Nested else None
    return nested or field._serialize


def _inner_converter(field: fields.Field) -> Converter | None:
    """A list item's converter: a plain field's, or a nested FastSchema's dump."""
    plain = _PLAIN.get(type(field))
    if plain is not None and not getattr(field, "as_string", False):
        return plain
    if type(field) is fields.Nested and not field.many:
        schema = field.schema
        if isinstance(schema, FastSchema) and not schema.many:
            return lambda value, _attr, _obj: None if value is None else schema.dump(value)
    return None


def _apply(plan: Plan, obj: dict) -> dict:
    out = {}
    for attr, key, convert, unchanged in plan:
        value = obj.get(attr, missing)
        if value is missing:  # as marshmallow's accessor: a dict's attribute of that name
            value = getattr(obj, attr, missing)
            if value is missing:
                continue
        if unchanged is object or type(value) is unchanged:
            out[key] = value
        else:
            out[key] = convert(value, attr, obj)
    return out
