"""What every page's layout shows: language, who is signed in, the menu, and the serving
model with the age of its data."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Flask, current_app, g, request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from service.auth import ADMIN, PLANNER

# (endpoint, label, roles): a page is in the menu once its blueprint is registered.
MENU = (
    ("web_programs.upcoming", _l("Programs"), PLANNER),
    ("web_plans.plans", _l("Training plan"), PLANNER),
    ("web_evaluation.courses", _l("Evaluation"), PLANNER),
    ("web_model.model", _l("Model"), PLANNER),
    ("web_jobs.jobs", _l("Jobs"), PLANNER),
    ("web_admin.imports", _l("Imports"), ADMIN),
    ("web_audit.audit", _l("Audit log"), ADMIN),
    ("web_admin_accounts.accounts_page", _l("Accounts"), ADMIN),
)


def register_context(app: Flask) -> None:
    @app.context_processor
    def layout() -> dict[str, Any]:
        who = {"role": g.role, "name": g.actor} if "actor" in g and "role" in g else None
        return {
            "page_lang": str(get_locale() or "id"),
            "who": who,
            "nav_items": _menu(who["role"]) if who else [],
            "model_info": model_info(),
            # how fresh the decision store's live state on this page is (decision_store.live_fields)
            "live_state": g.get("tna_live_state"),
            "live_state_as_of": g.get("tna_live_as_of"),
        }


def _menu(role: str) -> list[dict[str, Any]]:
    views = current_app.view_functions
    blueprint = request.blueprint
    return [
        {"url": url_for(endpoint), "label": label, "current": endpoint.startswith(f"{blueprint}.")}
        for endpoint, label, roles in MENU
        if endpoint in views and role in roles
    ]


def model_info() -> dict[str, Any] | None:
    """The serving bundle's version and snapshot date, and whether its data is old."""
    engine = current_app.extensions["tna_holder"].engine
    if engine is None:
        return None
    as_of = engine.state.as_of.date()
    age = (date.today() - as_of).days
    return {
        "version": engine.version,
        "as_of": as_of,
        "age_days": age,
        "stale": age > int(current_app.config["DATA_STALE_DAYS"]),
    }
