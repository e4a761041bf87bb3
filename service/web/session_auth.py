"""Workspace sign-in: a user's username and password (the main way), or an API token of role
planner or admin from `TNA_API_TOKENS` (bootstrapping, the demo), becomes a signed session cookie.

A user's cookie holds only a random session id (`sid`); the decision store keeps its hash, so
signing out, disabling the user or changing their password ends the session at once
everywhere (store/accounts.py); role and scope are read again on each request. A token's
cookie holds the role, the name the audit log uses, and a keyed fingerprint of the token,
never the token itself; a token taken out of `TNA_API_TOKENS` ends its sessions at the next
request. Both end `SESSION_ABSOLUTE_HOURS` after sign-in whatever happens. The cookie is
HttpOnly, SameSite=Lax, Secure when the request came over HTTPS, and expires after
`SESSION_IDLE_MINUTES` without a request (the signature carries the time, so the server
refuses an old cookie too; a user's session row keeps its own last-seen time as well).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, current_app, g, redirect, request, session, url_for
from flask.sessions import SecureCookieSessionInterface

from service.actions.actor import TOKEN, USER, Actor, scope_of
from service.auth import PLANNER
from service.errors import ApiError

SESSION_KEYS = ("role", "name", "token_fingerprint")
USER_KEYS = ("sid", "since")  # a user's session: its id (the store keeps the hash), sign-in time


class WorkspaceSessionInterface(SecureCookieSessionInterface):
    """Flask's signed cookie session, marked Secure whenever the request is HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"]) or request.is_secure


def configure_sessions(app: Flask) -> None:
    app.config["SECRET_KEY"] = app.config.get("SECRET_KEY") or _kept_secret(
        Path(app.config["SECRET_KEY_FILE"])
    )
    app.config.update(
        SESSION_COOKIE_NAME="tna_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_REFRESH_EACH_REQUEST=True,
        PERMANENT_SESSION_LIFETIME=timedelta(minutes=int(app.config["SESSION_IDLE_MINUTES"])),
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session that holds it
    )
    app.session_interface = WorkspaceSessionInterface()


def _kept_secret(path: Path) -> str:
    """A random key kept in `path` (created 0600), shared by every worker and restart."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_hex(32))
    return path.read_text().strip()


def sign_in(presented: str) -> str | None:
    """Start a session for a planner or admin token; None (and no session) otherwise."""
    from service.auth import identity_of

    found = identity_of(presented) if presented else None
    if found is None or found[0] not in PLANNER:
        return None
    role, name = found
    _fresh_session()
    session.update(role=role, name=name, token_fingerprint=_fingerprint(presented.encode()))
    return role


def sign_in_user(username: str) -> None:
    """Start a new session of this (authenticated, active) user: a new random id, and any
    session this browser had is ended first (the id is never carried over: no fixation)."""
    from store.accounts import start_session

    _fresh_session()
    session["sid"] = start_session(current_app.extensions["tna_store"], username)


def _fresh_session() -> None:
    """Nothing of the session before sign-in survives but the language; its id is ended."""
    sign_out()
    session.permanent = True
    session["since"] = int(time.time())


def sign_out() -> None:
    from store.accounts import end_session

    if "sid" in session:
        end_session(current_app.extensions["tna_store"], session["sid"])
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang


def _too_old() -> bool:
    """Signed in longer ago than `SESSION_ABSOLUTE_HOURS` (a cookie without the time: yes)."""
    since = session.get("since")
    limit = float(current_app.config["SESSION_ABSOLUTE_HOURS"]) * 3600
    return not isinstance(since, int) or time.time() - since > limit


def signed_in() -> dict[str, Any] | None:
    """The session's role, name and scope while it is live, else None: a user's session still
    in the store and within its idle and absolute limits, or a token still configured."""
    if _too_old():
        return None
    if "sid" in session:
        return _user_session(session["sid"])
    if not all(key in session for key in SESSION_KEYS):
        return None
    fingerprints = {
        _fingerprint(token): (role, name)
        for token, role, name in current_app.extensions["tna_named_tokens"]
    }
    role, name = fingerprints.get(session["token_fingerprint"], (None, None))
    if role != session["role"]:
        return None
    # the configured name, not the cookie's: a session from before a token got its own name
    # (or was renamed) acts under the name the audit log now gives that token
    return {"role": role, "name": name, "unit_ids": None, "kind": TOKEN}


def _user_session(sid: str) -> dict[str, Any] | None:
    from store.accounts import session_user

    config = current_app.config
    user = session_user(
        current_app.extensions["tna_store"],
        sid,
        idle=timedelta(minutes=float(config["SESSION_IDLE_MINUTES"])),
        absolute=timedelta(hours=float(config["SESSION_ABSOLUTE_HOURS"])),
    )
    if user is None:
        return None
    return {"role": user["role"], "name": user["username"], "unit_ids": user["unit_ids"],
            "kind": USER, "display_name": user["display_name"]}  # fmt: skip


def _fingerprint(token: bytes) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, token, hashlib.sha256).hexdigest()[:32]


def require_role(bp: Blueprint, roles: tuple[str, ...] = PLANNER) -> None:
    """Every page of `bp`: to the sign-in page without a session, 403 for another role."""

    @bp.before_request
    def authenticate():
        who = signed_in()
        if who is None:
            for key in (*SESSION_KEYS, *USER_KEYS):
                session.pop(key, None)
            return redirect(url_for("web_login.login", next=_local_path()))
        if who["role"] not in roles:
            raise ApiError(403, "forbidden", f"the {who['role']} role may not open this page")
        g.role, g.actor = who["role"], who["name"]
        g.principal = Actor(who["name"], who["role"], scope_of(who["unit_ids"]), who["kind"])
        return None


def _local_path() -> str:
    if request.method == "GET":
        return request.full_path.rstrip("?")
    return url_for("web_programs.upcoming")


def safe_next(target: str | None) -> str:
    """Only a path of this workspace: never another host (an open redirect)."""
    if target and target.startswith("/app") and "//" not in target and "\\" not in target:
        return target
    return url_for("web_programs.upcoming")
