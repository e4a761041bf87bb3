"""Requests gunicorn refuses itself (a request line over its limit) answer the contract's JSON
error, not gunicorn's HTML page: measured on a real gunicorn with the project's config."""

from __future__ import annotations

import http.client
import json
from urllib.parse import urlsplit

from bench.browser import served
from service.gunicorn_errors import error_response
from store.migrate import upgrade


def test_a_very_long_query_string_answers_the_json_error(trained, tmp_path):
    url = f"sqlite:///{tmp_path / 'tna.sqlite3'}"
    upgrade(url)
    with served(trained.path.parent, url, tmp_path) as running:
        address = urlsplit(running.base_url)
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
        connection.request("GET", "/v1/audit?actor=" + "a" * 10_000)
        answer = connection.getresponse()
        body = answer.read()
        connection.close()
    assert answer.status == 414
    assert answer.getheader("Content-Type") == "application/json"
    error = json.loads(body)["error"]
    assert error["code"] == "uri_too_long" and error["details"] == {}
    assert "aaaa" not in error["message"]  # the request line is never echoed


def test_the_answer_is_well_formed_http():
    raw = error_response(431, "Request Header Fields Too Large")
    head, body = raw.split(b"\r\n\r\n", 1)
    assert head.startswith(b"HTTP/1.1 431 Request Header Fields Too Large\r\n")
    assert f"Content-Length: {len(body)}".encode() in head
    assert json.loads(body)["error"]["code"] == "request_header_fields_too_large"
