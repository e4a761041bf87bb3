"""The Engine serving this request: taken once, so a reload never mixes versions mid-request.

(Not to be confused with `model/bundles/serving.py`, which builds and loads what a bundle serves.)
"""

from __future__ import annotations

from flask import current_app, g

from model.engine import Engine
from service.errors import ApiError


def engine() -> Engine:
    if "engine" not in g:
        current = current_app.extensions["tna_holder"].engine
        if current is None:
            raise ApiError(503, "not_ready", "no model bundle is loaded yet")
        g.engine = current
        g.model_version = current.version
    return g.engine
