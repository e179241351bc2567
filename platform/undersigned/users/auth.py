"""Signing in to the console (Flask-Login) and the permission check every console page uses."""
from __future__ import annotations

import functools
from typing import Callable

from flask import Blueprint, Flask, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import LoginManager, current_user, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import InputRequired

from undersigned.extensions import csrf
from undersigned.i18n.translate import lazy_gettext as _l
from undersigned.security.limits import check, email_key
from undersigned.security.redirects import safe_next
from undersigned.users import service
from undersigned.users.models import User

bp = Blueprint("users", __name__, url_prefix="/console", template_folder="templates")


def configure_login(app: Flask) -> None:
    manager = LoginManager(app)
    manager.login_view = "users.login"
    manager.login_message = _l("Please sign in to see this page.")

    @manager.user_loader
    def load_user(session_id: str) -> User | None:
        """The session's user, unless it signed out or changed its password since."""
        user_id, _sep, version = session_id.partition(":")
        if not (user_id.isdigit() and version.isdigit()):
            return None
        user = service.get(int(user_id))
        return user if user is not None and user.session_version == int(version) else None


def requires(permission: str) -> Callable:
    """Allow the view only to signed-in users whose roles grant ``permission``; a view with a
    ``slug`` argument is also refused to users not granted that campaign."""
    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return redirect(url_for("users.login", next=request.full_path))
            if not current_user.can(permission, kwargs.get("slug")):
                abort(403)
            return view(*args, **kwargs)
        return wrapped
    return decorator


class LoginForm(FlaskForm):
    email = StringField(_l("E-mail address"), validators=[InputRequired(_l("Please fill in this field."))])
    password = PasswordField(_l("Password"), validators=[InputRequired(_l("Please fill in this field."))])


@bp.route("/login", methods=["GET", "POST"])
@csrf.exempt  # the form's own CSRF field is checked, so an expired form keeps what was typed
def login():
    form = LoginForm()
    if request.method == "POST":
        check("RATELIMIT_LOGIN")
        address = request.form.get("email", "").strip().lower()
        if address:
            check("RATELIMIT_LOGIN_EMAIL", key=email_key(address[:254]))
    if form.validate_on_submit():
        user = service.authenticate(form.email.data, form.password.data)
        if user:
            login_user(user)
            return redirect(safe_next(request.args.get("next"), url_for("console.index")))
        form.form_errors.append(_("That e-mail address and password do not match."))
    return render_template("users/login.html", form=form), 200 if not form.errors and not form.form_errors else 400


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        service.end_sessions(current_user)  # a copy of this session's cookie must not work either
    logout_user()
    flash(_("You have signed out."), "success")
    return redirect(url_for("signing.home"))
