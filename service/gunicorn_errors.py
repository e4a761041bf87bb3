"""gunicorn's own refusals in the contract's error shape, not its HTML page.

gunicorn answers some requests before the app sees them: a request line (path and query
string) over `limit_request_line` (414), headers over their limits (431), a malformed request
(400). Its answer is an HTML page; a client of the API expects the one JSON shape every other
error has. `install` replaces gunicorn's error writer (`gunicorn.util.write_error`, which its
workers call by module attribute) in the master, before the workers are forked. gunicorn's
message is not echoed: it may quote the request line, and request lines hold employee ids.
"""

from __future__ import annotations

import json
import socket

from gunicorn import util

CODES = {
    400: "bad_request",
    403: "forbidden",
    414: "uri_too_long",
    417: "expectation_failed",
    431: "request_header_fields_too_large",
    500: "internal_error",
    501: "not_implemented",
}
MESSAGES = {
    414: "the request line (path and query string) is longer than the server accepts",
    431: "the request headers are larger than the server accepts",
}


def error_response(status: int, reason: str) -> bytes:
    """The bytes of a whole HTTP/1.1 answer: status line, headers, the JSON error body."""
    message = MESSAGES.get(status, reason.lower())
    body = json.dumps(
        {"error": {"code": CODES.get(status, "error"), "message": message, "details": {}}}
    ).encode()
    head = (
        f"HTTP/1.1 {status} {reason}\r\nConnection: close\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode("latin-1") + body


def write_json_error(sock: socket.socket, status_int: int, reason: str, _mesg: str) -> None:
    """gunicorn's `util.write_error`, answering in the contract's shape."""
    util.write_nonblock(sock, error_response(status_int, reason))


def install() -> None:
    util.write_error = write_json_error
