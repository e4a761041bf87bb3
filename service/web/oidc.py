"""Single sign-on through the agency's OpenID Connect provider (Authlib's Flask client).

Offered only when `OIDC_ISSUER`, `OIDC_CLIENT_ID` and `OIDC_CLIENT_SECRET` are all set (the
discovery document is read from `<issuer>/.well-known/openid-configuration`). The
authorization code flow with state and nonce; the ID token's signature (the provider's JWKS),
issuer, audience, expiry and nonce are checked by Authlib. The claim `OIDC_USERNAME_CLAIM`
(default `preferred_username`) must name an existing, active user of this service: single
sign-on never creates an account, so nobody becomes a planner, let alone an admin, by
having an account at the provider. The session that follows is a user's session like any
other (session_auth.py): same expiry, same sign-out everywhere.
"""

from __future__ import annotations

import logging

from authlib.integrations.base_client import OAuthError
from authlib.integrations.flask_client import OAuth
from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _

from service.web.login import LoginForm, oidc_enabled
from service.web.session_auth import safe_next, sign_in_user
from store.accounts import active_user

log = logging.getLogger(__name__)
bp = Blueprint("web_oidc", __name__, url_prefix="/app/login/oidc")
PROVIDER = "agency"
NEXT_KEY = "oidc_next"


def configure_oidc(app: Flask) -> None:
    """Register the provider with Authlib when the three settings are given."""
    if not oidc_enabled_for(app):
        return
    oauth = OAuth(app)
    issuer = app.config["OIDC_ISSUER"].rstrip("/")
    oauth.register(
        PROVIDER,
        client_id=app.config["OIDC_CLIENT_ID"],
        client_secret=app.config["OIDC_CLIENT_SECRET"],
        server_metadata_url=f"{issuer}/.well-known/openid-configuration",
        client_kwargs={"scope": "openid profile"},
    )
    app.extensions["tna_oidc"] = oauth


def oidc_enabled_for(app: Flask) -> bool:
    with app.app_context():
        return oidc_enabled()


def _client():
    oauth = current_app.extensions.get("tna_oidc")
    if oauth is None:
        abort(404)
    return oauth.create_client(PROVIDER)


@bp.post("")
def start():
    """To the provider (the form carries the CSRF token; state and nonce are Authlib's)."""
    client = _client()
    session[NEXT_KEY] = safe_next(request.args.get("next"))
    return client.authorize_redirect(url_for("web_oidc.callback", _external=True))


@bp.get("/callback")
def callback():
    client = _client()
    try:
        token = client.authorize_access_token()
    except (OAuthError, ValueError) as error:  # a refusal, a forged state, a bad token
        log.warning("single sign-on refused: %s", type(error).__name__)
        return _refused(_("Single sign-on did not work: %(reason)s", reason=str(error)[:200]))
    claims = token.get("userinfo") or {}
    name = str(claims.get(current_app.config["OIDC_USERNAME_CLAIM"]) or "")
    user = active_user(current_app.extensions["tna_store"], name) if name else None
    if user is None:
        return _refused(_("No active account here has that name."))
    target = session.get(NEXT_KEY) or safe_next(None)
    sign_in_user(user["username"])
    return redirect(target)


def _refused(message: str):
    form = LoginForm()
    form.password.errors = [message]  # a form never validated holds a tuple
    return render_template("login.html", form=form, oidc=True), 403
