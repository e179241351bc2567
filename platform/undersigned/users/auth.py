"""Signing in to the console (Flask-Login): the password, then a two-factor code for users who
turned it on; idle sessions end; admins can be required to use two-factor sign-in; and the
permission check every console page uses."""
from __future__ import annotations

import functools
import time
from typing import Callable

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _, ngettext
from flask_login import LoginManager, current_user, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import InputRequired, Length, Optional, Regexp

from undersigned.extensions import csrf
from undersigned.i18n.translate import lazy_gettext as _l
from undersigned.security.limits import LimitExceeded
from undersigned.urls import safe_next
from undersigned.users import enrolment, journal, lockout, recovery, service, totp
from undersigned.users.models import User

bp = Blueprint("users", __name__, url_prefix="/console", template_folder="templates")

#: Session keys: when the signed-in session was last used; the user waiting for the code step.
LAST_SEEN, PENDING, PENDING_AT = "console_seen", "console_2fa_user", "console_2fa_at"
#: How long the code step waits after the password, in seconds.
CODE_STEP_SECONDS = 300
#: Where an admin without two-factor sign-in may still go when ``CONSOLE_REQUIRE_2FA`` is on.
ENROLMENT_ENDPOINTS = frozenset({"account.overview", "account.two_factor_enable", "users.logout", "static"})


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

    app.before_request(end_idle_session)
    app.before_request(require_two_factor)


def end_idle_session() -> None:
    """Sign out a console session unused for ``CONSOLE_SESSION_MINUTES``; otherwise note this use.

    Only requests of a signed-in session touch it, so public pages stay cookie-free."""
    if current_app.config["SESSION_COOKIE_NAME"] not in request.cookies or "_user_id" not in session:
        return
    now = time.time()
    seen = session.get(LAST_SEEN)
    if seen is None or now - seen > current_app.config["CONSOLE_SESSION_MINUTES"] * 60:
        logout_user()
        session.pop(LAST_SEEN, None)
        flash(_("Your console session ended after a while without use. Please sign in again."), "info")
        return
    if now - seen >= 1:
        session[LAST_SEEN] = now


def require_two_factor():
    """With ``CONSOLE_REQUIRE_2FA``, an admin without two-factor sign-in can only enrol."""
    if not current_app.config["CONSOLE_REQUIRE_2FA"] or not request.path.startswith("/console"):
        return None
    if request.endpoint in ENROLMENT_ENDPOINTS or not current_user.is_authenticated:
        return None
    if "admin" in current_user.role_set and not current_user.has_two_factor:
        flash(_("Admins must turn on two-factor sign-in before using the console."), "info")
        return redirect(url_for("account.overview"))
    return None


def requires(permission: str) -> Callable:
    """Allow the view only to signed-in users whose roles grant ``permission``; a view with a
    ``slug`` argument is also refused to users not granted that campaign. The wrapped view
    carries ``permission`` (tests check that every console page declares one)."""
    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return redirect(url_for("users.login", next=request.full_path))
            if not current_user.can(permission, kwargs.get("slug")):
                abort(403)
            return view(*args, **kwargs)
        wrapped.permission = permission
        return wrapped
    return decorator


CODE_LABEL = _l("Code from your authenticator app")
CODE_HINT = _l("Lost your phone? Type one of your recovery codes instead.")
CODE_INPUT = {"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}


class LoginForm(FlaskForm):
    email = StringField(_l("E-mail address"), validators=[
        InputRequired(_l("Please fill in this field.")), Length(max=254, message=_l("Please give an e-mail address.")),
        Regexp(r"^[^\x00-\x1f\x7f]*$", message=_l("Please give an e-mail address."))])
    password = PasswordField(_l("Password"), validators=[InputRequired(_l("Please fill in this field."))])
    #: Asked for only while the account is paused (users/lockout.py): the password with a code.
    code = StringField(CODE_LABEL, description=CODE_HINT, validators=[Optional()], render_kw=CODE_INPUT)


class CodeForm(FlaskForm):
    code = StringField(CODE_LABEL, description=CODE_HINT, render_kw=CODE_INPUT,
                       validators=[InputRequired(_l("Please fill in this field."))])


def start_session(user: User) -> None:
    """Make this the session of ``user`` (again, after their other sessions were ended)."""
    for key in (PENDING, PENDING_AT, enrolment.SESSION_KEY):
        session.pop(key, None)
    login_user(user)
    session[LAST_SEEN] = time.time()


def sign_in(user: User, second_factor: str | None = None) -> None:
    """Start ``user``'s console session, noted in the audit log; after a recovery code, say how
    many are left."""
    start_session(user)
    journal.signed_in(user, second_factor)
    if second_factor == totp.RECOVERY:
        left = recovery.remaining(user)
        flash(ngettext("You signed in with a recovery code: %(num)s recovery code left. Make new ones on "
                       "your account page if you are running out.",
                       "You signed in with a recovery code: %(num)s recovery codes left. Make new ones on "
                       "your account page if you are running out.", left), "info")


def _failed(address: str, reason: str | None = None) -> None:
    lockout.sign_in_failed(address)
    journal.sign_in_failed(address, reason)


def _paused_page(form: LoginForm, pause: lockout.Pause):
    """The sign-in page saying what is paused and for how long (429, ``Retry-After``)."""
    if pause.scope == lockout.CLIENT:
        message = ngettext("Too many failed sign-ins from your connection. Please try again in %(num)s minute.",
                           "Too many failed sign-ins from your connection. Please try again in %(num)s minutes.",
                           pause.minutes)
    else:
        message = ngettext(
            "There were too many failed sign-ins to this account, so signing in with the password alone "
            "is paused for %(num)s minute. If you use two-factor sign-in, you can sign in now with your "
            "password and a current code from your authenticator app.",
            "There were too many failed sign-ins to this account, so signing in with the password alone "
            "is paused for %(num)s minutes. If you use two-factor sign-in, you can sign in now with your "
            "password and a current code from your authenticator app.", pause.minutes)
    journal.sign_in_paused(pause.scope)
    page = render_template("users/login.html", form=form, pause=message, ask_code=pause.scope == lockout.ACCOUNT)
    return page, 429, {"Retry-After": str(pause.seconds)}


def _with_code(user: User | None, code: str) -> str | None:
    """How ``code`` proves the second factor of ``user``, who gave the right password (``None``:
    it does not, and a wrong code counts against the account's code limit)."""
    if user is None or not user.has_two_factor or not code or lockout.code_wait(user):
        return None
    proof = totp.second_factor(user, code)
    if proof is None:
        lockout.code_failed(user)
        journal.two_factor_failed(user, "sign-in", "code")
    return proof


@bp.route("/login", methods=["GET", "POST"])
@csrf.exempt  # the form's own CSRF field is checked, so an expired form keeps what was typed
def login():
    form = LoginForm()
    pause = lockout.pause_for(request.form.get("email", "")) if request.method == "POST" else None
    if pause and pause.scope == lockout.CLIENT:
        return _paused_page(form, pause)
    if form.validate_on_submit():
        user = service.authenticate(form.email.data, form.password.data)
        if pause:  # the account is paused: the password alone is not enough
            proof = _with_code(user, form.code.data or "")
            if proof:
                sign_in(user, proof)
                return redirect(safe_next(request.args.get("next"), url_for("console.index")))
            _failed(form.email.data, journal.NO_CODE_WHILE_PAUSED if user else None)
            return _paused_page(form, pause)
        if user and user.has_two_factor:  # the password alone does not sign in
            session[PENDING], session[PENDING_AT] = user.get_id(), time.time()
            return redirect(url_for("users.login_code", next=request.args.get("next")))
        if user:
            sign_in(user)
            return redirect(safe_next(request.args.get("next"), url_for("console.index")))
        _failed(form.email.data)
        form.form_errors.append(_("That e-mail address and password do not match."))
    return render_template("users/login.html", form=form), 200 if not form.errors and not form.form_errors else 400


def pending_user() -> User | None:
    """The user who gave their password and now owes the code, if that was recently."""
    session_id, started = session.get(PENDING), session.get(PENDING_AT)
    if not session_id or not started or time.time() - started > CODE_STEP_SECONDS:
        return None
    user_id, _sep, version = str(session_id).partition(":")
    user = service.get(int(user_id)) if user_id.isdigit() else None
    if user is None or not user.active or str(user.session_version) != version or not user.has_two_factor:
        return None
    return user


@bp.route("/login/code", methods=["GET", "POST"])
def login_code():
    """The second step of signing in: the current code from the user's authenticator app."""
    user = pending_user()
    if user is None:
        flash(_("Please sign in again."), "info")
        return redirect(url_for("users.login", next=request.args.get("next")))
    form = CodeForm()
    if request.method == "POST":
        wait = lockout.code_wait(user)
        if wait:
            raise LimitExceeded("RATELIMIT_2FA", wait)
    if form.validate_on_submit():
        proof = totp.second_factor(user, form.code.data)
        if proof:
            sign_in(user, proof)
            return redirect(safe_next(request.args.get("next"), url_for("console.index")))
        lockout.code_failed(user)
        journal.two_factor_failed(user, "sign-in", "code")
        form.code.errors.append(_("That code is not right, or it was used already. Wait for the next code and try again."))
    return render_template("users/login_code.html", form=form), 200 if not form.errors else 400


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        enrolment.discard(current_user)  # a seed shown in this session is never shown again
        journal.signed_out(current_user)
        service.end_sessions(current_user)  # a copy of this session's cookie must not work either
    logout_user()
    flash(_("You have signed out."), "success")
    return redirect(url_for("users.login"))
