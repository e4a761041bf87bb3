"""The Flask service: `create_app(config=None)` builds it; nothing happens at import time."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask, Response

from service import metrics
from service.access_audit import install_access_audit
from service.api import TnaApi
from service.auth import PROTECTED, checked_tokens
from service.cli import personal_data_command, users_cli
from service.config import load_config
from service.decision_schemas import document_choices
from service.decision_store import open_store
from service.errors import register_error_handlers
from service.fairness_policy import agency_floor
from service.holder import BundleHolder
from service.json_provider import FastJSONProvider
from service.rate_limits import install_rate_limits
from service.request_log import install_request_log
from service.web import register_workspace


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Defaults, then the environment, then `config`; loads the current bundle if there is one."""
    app = Flask(__name__)
    app.json = FastJSONProvider(app)  # the same JSON, faster (service/json_provider.py)
    app.config.update(load_config(config))
    app.config.update(
        API_TITLE="TNA engine",
        API_VERSION="1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/",
        OPENAPI_JSON_PATH="openapi.json",
    )
    # a short or malformed token refuses to start (TokenConfigError; gunicorn_conf says why)
    named = checked_tokens(app.config["TNA_API_TOKENS"])
    app.extensions["tna_named_tokens"] = named
    app.extensions["tna_tokens"] = [(token, role) for token, role, _ in named]
    if not app.extensions["tna_tokens"]:
        app.logger.warning("TNA_API_TOKENS is empty: every /v1 request will be refused (401)")
    agency_floor(app.config)  # a malformed FAIRNESS_DEFAULT fails here, not on a request
    open_store(app)  # refuses a database whose schema is behind (SchemaBehindError)
    holder = BundleHolder(app.config["ARTIFACTS_DIR"], app.config["RELOAD_INTERVAL"])
    app.extensions["tna_holder"] = holder
    register_error_handlers(app)
    install_request_log(app)
    _register_routes(app)
    app.add_url_rule("/metrics", "metrics", _metrics, methods=["GET"])
    register_workspace(app)  # after the API: its blueprints are exempt from CSRF
    install_rate_limits(app, [name for name in PROTECTED if name in app.blueprints])
    app.cli.add_command(users_cli)  # flask --app service users ... (service/cli.py)
    app.cli.add_command(personal_data_command)
    install_access_audit(app)  # employee pages and exports are audit entries
    holder.start()
    return app


def _register_routes(app: Flask) -> None:
    from service.routes import (
        api_clients,
        audit,
        employees,
        enrollments,
        evaluation,
        exports,
        health,
        imports,
        jobs,
        model,
        nominations,
        personal_data,
        plans,
        programs,
        score,
        units,
        users,
    )

    api = TnaApi(app)
    api.spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    for module in (health, model, employees, programs, units, score, evaluation, plans):
        api.register_blueprint(module.bp)
    for module in (nominations, enrollments, audit):  # the decision store (CONTRACT section 4)
        api.register_blueprint(module.bp)
    for module in (users, api_clients, personal_data):  # accounts, personal data (section 5)
        api.register_blueprint(module.bp)
    api.register_blueprint(jobs.bp)  # long work (CONTRACT section 5)
    api.register_blueprint(imports.bp)
    api.register_blueprint(exports.bp)  # completions back to SIASN (issue 24)
    document_choices(api.spec.components.schemas)


def _metrics():
    """Prometheus text format (open, like /healthz): `service.metrics`; never an id."""
    body, content_type = metrics.exposition()
    return Response(body, content_type=content_type)
