"""Sign-in with an API token, sign-out."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import DataRequired, Length

from service.web.session_auth import safe_next, sign_in, sign_out

bp = Blueprint("web_login", __name__, url_prefix="/app")


class LoginForm(FlaskForm):
    token = PasswordField(_l("API token"), validators=[DataRequired(), Length(max=500)])


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        if sign_in(form.token.data.strip()):
            return redirect(safe_next(request.args.get("next")))
        form.token.errors.append(_("This token is not a planner or admin token."))
    return render_template("login.html", form=form), 200 if request.method == "GET" else 401


@bp.post("/logout")
def logout():
    sign_out()
    flash(_("You have signed out."))
    return redirect(url_for("web_login.login"))
