"""The planner's workspace: server-rendered pages in Bahasa Indonesia (English with ?lang=en).

Pages call the same functions as the `/v1` routes (`model/`, `store/`); no engine logic lives
here. Sign-in takes a username and password (or an API token of role planner or admin) and
keeps a session id, or the role and name, in a signed, HttpOnly session cookie
(session_auth.py); every form carries a CSRF token (Flask-WTF).
"""

from __future__ import annotations

from flask import Blueprint, Flask, redirect, url_for
from flask_babel import Babel
from flask_wtf.csrf import CSRFProtect

from service.web import formats, security, session_auth
from service.web.context import register_context
from service.web.error_pages import error_page
from service.web.locale import select_locale
from service.web.reasons import translated

# Templates and static files of every page blueprint; /app/static is served by the app itself
# (government intranets often have no internet: nothing comes from a CDN).
ASSETS = Blueprint(
    "web_assets",
    __name__,
    url_prefix="/app",
    template_folder="templates",
    static_folder="static",
    static_url_path="/static",
)
TRANSLATIONS = "web/translations"  # relative to the app's root (service/)


def register_workspace(app: Flask) -> None:
    """Sessions, CSRF, translations, security headers, template filters and the page
    blueprints; the `/v1` API stays token-only (exempt from CSRF: no cookie reaches it)."""
    session_auth.configure_sessions(app)
    csrf = CSRFProtect(app)
    for name, blueprint in app.blueprints.items():
        if not name.startswith("web_"):
            csrf.exempt(blueprint)
    Babel(app, locale_selector=select_locale, default_translation_directories=TRANSLATIONS)
    formats.register_filters(app)
    app.jinja_env.filters["reason"] = translated
    register_context(app)
    security.install_headers(app)
    app.extensions["tna_error_page"] = (security.is_page, error_page)
    app.register_blueprint(ASSETS)
    for blueprint in _page_blueprints():
        app.register_blueprint(blueprint)
    from service.web.oidc import configure_oidc

    configure_oidc(app)  # single sign-on, when its settings are given
    app.add_url_rule("/", "root", lambda: redirect(url_for("web_programs.upcoming")))


def _page_blueprints() -> list:
    # program_page and exports add their views to programs.bp, completions_export to plans.bp
    from service.web import (  # noqa: F401
        admin_accounts,
        admin_imports,
        audit,
        completions_export,
        employees,
        evaluation,
        exports,
        jobs,
        login,
        model_page,
        oidc,
        plans,
        program_page,
        programs,
        units,
    )

    return [
        login.bp, programs.bp, employees.bp, units.bp, plans.bp, evaluation.bp, model_page.bp,
        audit.bp, admin_accounts.bp, oidc.bp, jobs.bp, admin_imports.bp,
    ]  # fmt: skip
