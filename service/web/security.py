"""Security headers of every page: a Content-Security-Policy without inline scripts, no
framing, no sniffing, and no caching of pages that show personal data."""

from __future__ import annotations

from flask import Flask, request
from flask.wrappers import Response

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def is_page() -> bool:
    """A workspace request (its pages and their errors), not the JSON API."""
    return request.path == "/" or request.path.startswith("/app")


def install_headers(app: Flask) -> None:
    @app.after_request
    def headers(response: Response) -> Response:
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        if is_page():
            # a page may carry a stricter policy of its own (the training report)
            response.headers.setdefault("Content-Security-Policy", CSP)
            response.headers["X-Frame-Options"] = "DENY"
            response.headers["Referrer-Policy"] = "same-origin"
            if not request.path.startswith("/app/static"):
                response.headers["Cache-Control"] = "no-store"
        return response
