"""The accounts page (`/app/admin/accounts`, admins only): users and API clients.

The same actions as `/v1/users` and `/v1/api-clients`. A generated password or a new key is
shown once, in the answer to the form that made it (never in a flash message, which would sit
in the session cookie), and is stored only as a hash.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, current_app, g, render_template, request
from flask_babel import gettext as _

from service.actions import api_clients as client_actions
from service.actions import users as user_actions
from service.auth import ADMIN
from service.web.refusals import translated_error
from service.web.session_auth import require_role
from store import accounts
from store.errors import StoreError
from store.tables import CLIENT_ROLES, USER_ROLES

bp = Blueprint("web_admin_accounts", __name__, url_prefix="/app/admin")
require_role(bp, ADMIN)


def _store():
    return current_app.extensions["tna_store"]


def _known_units() -> set[str] | None:
    engine = current_app.extensions["tna_holder"].engine
    return None if engine is None else engine.directory.units


def _units(text: str | None) -> list[str] | None:
    """Unit ids typed into a field, separated by commas or spaces; none: everyone."""
    ids = [u for u in re.split(r"[\s,]+", text or "") if u]
    return ids or None


def _page(status: int = 200, **shown: Any):
    return render_template(
        "admin_accounts.html",
        users=accounts.list_users(_store()),
        clients=accounts.list_clients(_store()),
        user_roles=USER_ROLES,
        client_roles=CLIENT_ROLES,
        **shown,
    ), status


@bp.get("/accounts")
def accounts_page():
    return _page()


@bp.post("/accounts/users")
def create_user():
    form = request.form
    password = form.get("password") or ""
    generated = not password
    body = {
        "username": form.get("username", ""),
        "role": form.get("role", ""),
        "password": password or accounts.new_secret(),
        "display_name": form.get("display_name") or None,
        "unit_ids": _units(form.get("unit_ids")),
    }
    try:
        user = user_actions.create_user(g.principal, _store(), body, _known_units())
    except StoreError as error:
        return _page(422, error=translated_error(error))
    shown = {"username": user["username"], "password": body["password"] if generated else None}
    return _page(201, created_user=shown)


@bp.post("/accounts/users/<username>")
def update_user(username: str):
    """One change per form: `active` (enable, disable), or a new generated password."""
    form = request.form
    changes: dict[str, Any] = {}
    if form.get("active") in ("0", "1"):
        changes["active"] = form["active"] == "1"
    if form.get("reset_password"):
        changes["password"] = accounts.new_secret()
    if not changes:
        return _page(422, error=_("Nothing to change."))
    try:
        user_actions.update_user(g.principal, _store(), username, changes, _known_units())
    except StoreError as error:
        return _page(422, error=translated_error(error))
    reset = {"username": username.lower(), "password": changes.get("password")}
    return _page(200, reset=reset if "password" in changes else None)


@bp.post("/accounts/clients")
def create_client():
    form = request.form
    body = {"name": form.get("name", ""), "role": form.get("role", ""),
            "unit_ids": _units(form.get("unit_ids"))}  # fmt: skip
    try:
        client = client_actions.create_client(g.principal, _store(), body, _known_units())
    except StoreError as error:
        return _page(422, error=translated_error(error))
    return _page(201, created_client=client)


@bp.post("/accounts/clients/<client_id>/revoke")
def revoke_client(client_id: str):
    try:
        client_actions.revoke_client(g.principal, _store(), client_id)
    except StoreError as error:
        return _page(404, error=translated_error(error))
    return _page(200, revoked=client_id)
