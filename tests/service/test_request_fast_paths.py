"""The score request's pair list (`service.request_schemas.PairList`) loads what marshmallow's
nested load gives, and refuses what it refuses, with the same messages."""

from __future__ import annotations

import marshmallow as ma
import pytest
from marshmallow import fields, validate

from service.request_schemas import MAX_SCORE_PAIRS, PairSchema, ScoreRequestSchema


class NestedScoreRequest(ma.Schema):
    """The schema as it was: a list of nested PairSchema loads."""

    class Meta:
        unknown = ma.RAISE

    pairs = fields.List(
        fields.Nested(PairSchema), required=True, validate=validate.Length(1, MAX_SCORE_PAIRS)
    )


def outcome(schema: ma.Schema, data):
    try:
        return ("loaded", repr(schema.load(data)))
    except ma.ValidationError as error:
        return ("refused", repr(error.messages))


PAIR = {"employee_id": "198001012005011001", "program_id": "P-1"}
CASES = [
    {"pairs": [PAIR, {"program_id": "P-2", "employee_id": "E"}]},
    {"pairs": [PAIR] * 3},
    {"pairs": []},
    {"pairs": [PAIR] * (MAX_SCORE_PAIRS + 1)},
    {"pairs": "not a list"},
    {"pairs": None},
    {"pairs": {"employee_id": "E", "program_id": "P"}},
    {"pairs": [PAIR, {"employee_id": "E"}]},
    {"pairs": [PAIR, {"employee_id": "E", "program_id": 3}]},
    {"pairs": [PAIR, {"employee_id": None, "program_id": "P"}]},
    {"pairs": [PAIR, {**PAIR, "extra": 1}]},
    {"pairs": [PAIR, "E:P"]},
    {"pairs": [PAIR, [PAIR]]},
    {"pairs": [PAIR], "x": 1},
    {},
]


@pytest.mark.parametrize("data", CASES, ids=range(len(CASES)))
def test_same_result_as_the_nested_load(data):
    assert outcome(ScoreRequestSchema(), data) == outcome(NestedScoreRequest(), data)


def test_loaded_pairs_are_new_dicts():
    given = {"pairs": [dict(PAIR)]}
    loaded = ScoreRequestSchema().load(given)
    assert loaded == given and loaded["pairs"][0] is not given["pairs"][0]
