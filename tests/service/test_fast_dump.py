"""The response schemas' fast dump (`service.fast_dump`) writes what marshmallow writes."""

from __future__ import annotations

import copy
import datetime as dt
import random

import marshmallow as ma
import numpy as np
import pytest
from marshmallow import fields

from model.participants import choose_participants
from model.unit_needs import unit_needs
from service import response_schemas as rs
from service.fast_dump import FastSchema

SCHEMAS = [
    cls
    for cls in vars(rs).values()
    if isinstance(cls, type) and issubclass(cls, FastSchema) and cls is not FastSchema
]


def plain(schema_cls: type[ma.Schema]) -> type[ma.Schema]:
    """The same schema on marshmallow's own path: fields copied, nested schemas plain too."""
    attrs = {
        name: _plain_field(copy.deepcopy(f)) for name, f in schema_cls._declared_fields.items()
    }
    return type(f"Plain{schema_cls.__name__}", (ma.Schema,), attrs)


def _plain_field(field: fields.Field) -> fields.Field:
    if isinstance(field, fields.Nested) and isinstance(field.nested, type):
        field.nested = plain(field.nested)
    if isinstance(field, fields.List):
        # a field's deepcopy is shallow: the inner field is the declared schema's own
        field.inner = _plain_field(copy.copy(field.inner))
    return field


def same_dump(schema_cls: type[ma.Schema], obj) -> None:
    """Equal and of the same types (1 and 1.0 would write different JSON): compared by repr;
    or the same error (a missing `items` reads the dict's method, in marshmallow too)."""
    assert _outcome(schema_cls(), obj) == _outcome(plain(schema_cls)(), obj)


def _outcome(schema: ma.Schema, obj) -> str:
    try:
        return repr(schema.dump(obj))
    except Exception as error:
        return f"raised {type(error).__name__}"


def test_every_response_schema_is_fast():
    assert {"ScoreResponseSchema", "RecommendationListSchema", "ErrorSchema"} <= {
        cls.__name__ for cls in SCHEMAS
    }


def test_real_answers_dump_the_same(engine, employee_id):
    ids = [*engine.state.employee_ids.to_numpy()[:5].tolist(), employee_id]
    for e in ids:
        items = engine.recommend(e, k=10)
        same_dump(rs.RecommendationListSchema,
                  {"employee_id": e, "model_version": engine.version, "items": items})  # fmt: skip
        same_dump(rs.GapProfileSchema, {**engine.gaps(e), "model_version": engine.version})
    programs = engine.state.program_ids[engine.upcoming].tolist()
    pairs = [{"employee_id": e, "program_id": p} for e in ids for p in programs[:20]]
    pairs.append({"employee_id": "NOPE", "program_id": programs[0]})
    same_dump(rs.ScoreResponseSchema,
              {"model_version": engine.version, "results": engine.score(pairs)})  # fmt: skip
    selection = choose_participants(engine, programs[0], seats=5)
    same_dump(rs.ParticipantsResponseSchema, {**selection, "model_version": engine.version})
    unit = str(engine.unit_of[0])
    same_dump(rs.UnitNeedsSchema, {**unit_needs(engine, unit), "model_version": engine.version})


VALUES = [None, 0, 1, -2.5, 3.0, True, False, "x", "ünï", b"bytes", np.float64(0.25),
          np.int64(7), dt.date(2026, 1, 2), float("nan")]  # fmt: skip


def _value(rng: random.Random, field: fields.Field):
    if isinstance(field, fields.Nested):
        return _row(rng, field.schema) if rng.random() < 0.8 else None
    if isinstance(field, fields.List):
        return [_value(rng, field.inner) for _ in range(rng.randrange(3))]
    if isinstance(field, fields.Date):
        return rng.choice([dt.date(2026, 1, 2), None])
    if isinstance(field, fields.Dict):
        return rng.choice([{"a": 1}, {}, None])
    if isinstance(field, (fields.Float, fields.Integer)):
        return rng.choice([None, 0, 1, -2.5, 3.0, np.float64(0.25), np.int64(7), "4", True])
    return rng.choice(VALUES)


def _row(rng: random.Random, schema: ma.Schema) -> dict:
    row = {name: _value(rng, f) for name, f in schema.fields.items() if rng.random() < 0.85}
    if rng.random() < 0.3:
        row["not_in_the_schema"] = "dropped"
    return row


@pytest.mark.parametrize("schema_cls", SCHEMAS, ids=lambda cls: cls.__name__)
def test_odd_values_dump_the_same(schema_cls):
    """Missing keys, extra keys, None, ints in Float fields, numpy scalars, bytes, NaN."""
    rng = random.Random(schema_cls.__name__)
    for _ in range(40):
        same_dump(schema_cls, _row(rng, schema_cls()))


class Row:
    """Not a dict: marshmallow reads attributes."""

    def __init__(self, **values):
        self.__dict__.update(values)


def test_objects_and_many_take_marshmallow_path():
    result = Row(employee_id="E", program_id="P", score=1, in_audience=True)
    same_dump(rs.ScoreResultSchema, result)
    rows = [{"employee_id": "E", "program_id": "P", "score": 1}] * 2
    assert rs.ScoreResultSchema(many=True).dump(rows) == plain(rs.ScoreResultSchema)(
        many=True
    ).dump(rows)


def test_hooks_and_only_take_marshmallow_path():
    class Hooked(FastSchema):
        a = fields.Integer()

        @ma.post_dump
        def mark(self, data, **kwargs):
            return {**data, "hooked": True}

    assert Hooked().dump({"a": "3"}) == {"a": 3, "hooked": True}
    assert rs.ScoreResultSchema(only=("score",)).dump({"score": 1, "employee_id": "E"}) == {
        "score": 1.0
    }
