"""JSON responses through orjson (`service.json_provider`): the JSON Flask's provider writes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import uuid
from decimal import Decimal

import pytest
from flask import Flask
from flask.json.provider import DefaultJSONProvider

from service.json_provider import FastJSONProvider


@dataclasses.dataclass
class Point:
    x: int
    label: str


BODY = {
    "z": [1, 2.5, -0.1, 1e-7, 1e16, 123456789012345678, True, None],
    "a": {"nested": {"b": "text", "a": 'ünïcode ✓ "quoted" \\ </script>'}},
    "date": dt.date(2026, 11, 29),
    "at": dt.datetime(2026, 11, 29, 8, 30, tzinfo=dt.UTC),
    "id": uuid.UUID(int=7),
    "amount": Decimal("1.50"),
    "point": Point(1, "p"),
    "empty": [],
}


def bodies(obj, debug: bool = False) -> tuple[bytes, bytes]:
    """(fast, Flask's default) response bodies of `obj`."""
    out = []
    for provider in (FastJSONProvider, DefaultJSONProvider):
        app = Flask(__name__)
        app.debug = debug
        app.json = provider(app)
        with app.app_context():
            response = app.json.response(obj)
        assert response.mimetype == "application/json"
        out.append(response.get_data())
    return out[0], out[1]


def test_same_json_keys_sorted_compact_newline():
    fast, default = bodies(BODY)
    assert json.loads(fast) == json.loads(default)
    assert fast.endswith(b"}\n") and b'"empty":[]' in fast
    text = fast.decode()
    assert text.index('"a"') < text.index('"amount"') < text.index('"z"')
    # dates as Flask writes them (RFC 822), not ISO
    assert json.loads(fast)["date"] == "Sun, 29 Nov 2026 00:00:00 GMT"


def test_ascii_output_is_byte_identical():
    obj = {"b": [1.5, 2, None, "x"], "a": {"k": 0.1 + 0.2}}
    fast, default = bodies(obj)
    assert fast == default


def test_what_orjson_cannot_write_goes_the_default_way():
    fast, default = bodies({"big": 2**70})
    assert fast == default
    with pytest.raises(TypeError):
        bodies({"x": object()})


def test_debug_output_stays_indented():
    fast, default = bodies({"b": 1, "a": 2}, debug=True)
    assert fast == default and b"\n  " in fast


def test_a_nan_is_written_as_null():
    """`json.dumps` would write the invalid literal NaN, which JSON parsers refuse."""
    fast, _ = bodies({"x": float("nan")})
    assert json.loads(fast) == {"x": None}


def test_the_app_uses_it(app):
    assert isinstance(app.json, FastJSONProvider)
