"""Sign-in with a username and password (or an API token from `TNA_API_TOKENS`), sign-out."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import Length, Optional

from service.auth import PLANNER
from service.web.session_auth import safe_next, sign_in, sign_in_user, sign_out
from store.accounts import authenticate

bp = Blueprint("web_login", __name__, url_prefix="/app")


class LoginForm(FlaskForm):
    """Either a username and password, or an API token (the second form on the page)."""

    username = StringField(_l("Username"), validators=[Optional(), Length(max=64)])
    password = PasswordField(_l("Password"), validators=[Optional(), Length(max=1000)])
    token = PasswordField(_l("API token"), validators=[Optional(), Length(max=500)])


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        if form.token.data:
            if sign_in(form.token.data.strip()):
                return redirect(safe_next(request.args.get("next")))
            form.token.errors.append(_("This token is not a planner or admin token."))
        else:
            store = current_app.extensions["tna_store"]
            user = authenticate(store, form.username.data or "", form.password.data or "")
            if user is not None and user["role"] in PLANNER:
                sign_in_user(user["username"])
                return redirect(safe_next(request.args.get("next")))
            # one message whatever was wrong: it never tells which usernames exist
            form.password.errors.append(_("The username or password is not right."))
    status = 200 if request.method == "GET" else 401
    return render_template("login.html", form=form, oidc=oidc_enabled()), status


def oidc_enabled() -> bool:
    """Single sign-on is offered only when the provider's three settings are given."""
    config = current_app.config
    return all(config.get(k) for k in ("OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"))


@bp.post("/logout")
def logout():
    sign_out()
    flash(_("You have signed out."))
    return redirect(url_for("web_login.login"))
