"""Workspace sign-in: an API token of role planner or admin becomes a signed session cookie.

The cookie holds the role, the name the audit log uses, and a keyed fingerprint of the token,
never the token itself; a token taken out of `TNA_API_TOKENS` ends its sessions at the next
request. The cookie is HttpOnly, SameSite=Lax, Secure when the request came over HTTPS, and
expires after `SESSION_IDLE_MINUTES` without a request (the signature carries the time, so the
server refuses an old cookie too).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, current_app, g, redirect, request, session, url_for
from flask.sessions import SecureCookieSessionInterface

from service.auth import PLANNER
from service.errors import ApiError

SESSION_KEYS = ("role", "name", "token_fingerprint")


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
    session.clear()
    session.permanent = True
    session.update(role=role, name=name, token_fingerprint=_fingerprint(presented.encode()))
    return role


def sign_out() -> None:
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang


def signed_in() -> dict[str, Any] | None:
    """The session's role and name while its token is still configured, else None."""
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
    return {"role": role, "name": name}


def _fingerprint(token: bytes) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, token, hashlib.sha256).hexdigest()[:32]


def require_role(bp: Blueprint, roles: tuple[str, ...] = PLANNER) -> None:
    """Every page of `bp`: to the sign-in page without a session, 403 for another role."""

    @bp.before_request
    def authenticate():
        who = signed_in()
        if who is None:
            session.pop("role", None)
            return redirect(url_for("web_login.login", next=_local_path()))
        if who["role"] not in roles:
            raise ApiError(403, "forbidden", f"the {who['role']} role may not open this page")
        g.role, g.actor = who["role"], who["name"]
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
