"""Your account (``/console/account``): turning two-factor sign-in on and off, and recovery codes.

Each change asks for the password, and turning two-factor sign-in on or off also for a code; a
wrong password or code counts against ``RATELIMIT_2FA``. Turning it on or off ends every other
session of the user (this one goes on). Recovery codes are shown once, on the page that answers.
"""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import InputRequired

from undersigned.i18n.translate import gettext as _
from undersigned.i18n.translate import lazy_gettext as _l
from undersigned.security.limits import LimitExceeded
from undersigned.users import enrolment, journal, lockout, recovery, totp
from undersigned.users.auth import CodeForm, requires, start_session
from undersigned.users.models import User

bp = Blueprint("account", __name__, url_prefix="/console", template_folder="templates")


class PasswordForm(FlaskForm):
    password = PasswordField(_l("Password"), validators=[InputRequired(_l("Please fill in this field."))])


class TwoFactorForm(CodeForm, PasswordForm):
    """A code and the password."""


def _me() -> User:
    return current_user._get_current_object()


def _page(form: FlaskForm | None = None, codes_form: PasswordForm | None = None, status: int = 200):
    seed = None if current_user.has_two_factor else enrolment.pending_seed(_me())
    return render_template(
        "users/account.html", form=form or TwoFactorForm(formdata=None),
        codes_form=codes_form or PasswordForm(formdata=None), seed=seed,
        qr=totp.qr_data_uri(seed, current_user.email) if seed else None,
        recovery_left=recovery.remaining(_me()) if current_user.has_two_factor else None), status


def _codes_page(codes: list[str]):
    return render_template("users/recovery_codes.html", codes=codes)


def _wait_for_the_limit() -> None:
    wait = lockout.code_wait(_me())
    if wait:
        raise LimitExceeded("RATELIMIT_2FA", wait)


def _failed(form: FlaskForm, field: str, message: str) -> None:
    """Show ``message`` on ``field``, count it against the code limit and note it."""
    getattr(form, field).errors.append(message)
    lockout.code_failed(_me())
    journal.two_factor_failed(_me(), "account", "password" if field == "password" else "code")


def _password_right(form: PasswordForm) -> bool:
    if _me().check_password(form.password.data):
        return True
    _failed(form, "password", _("That password is not right."))
    return False


@bp.get("/account")
@requires("console")
def overview():
    """Your account: two-factor sign-in on (with the key and QR code to add) or off."""
    return _page()


@bp.post("/account/2fa/enable")
@requires("console")
def two_factor_enable():
    _wait_for_the_limit()
    form = TwoFactorForm()
    if form.validate_on_submit() and not current_user.has_two_factor and _password_right(form):
        seed = enrolment.confirmable_seed(_me())
        codes = totp.enable(_me(), seed, form.code.data) if seed else None
        if codes is not None:
            enrolment.discard(_me())
            start_session(_me())  # every other session ended; this one goes on
            flash(_("Two-factor sign-in is on. From now on, signing in asks for a code."), "success")
            return _codes_page(codes)
        _failed(form, "code", _("That code is not right. Check your phone's clock and type the newest code."))
    return _page(form, status=400)


@bp.post("/account/2fa/disable")
@requires("console")
def two_factor_disable():
    _wait_for_the_limit()
    form = TwoFactorForm()
    if form.validate_on_submit() and current_user.has_two_factor and _password_right(form):
        if totp.second_factor(_me(), form.code.data):
            totp.disable(_me())
            start_session(_me())
            flash(_("Two-factor sign-in is off."), "success")
            return redirect(url_for("account.overview"))
        _failed(form, "code", _("That code is not right, or it was used already. Wait for the next code and try again."))
    return _page(form, status=400)


@bp.post("/account/2fa/recovery-codes")
@requires("console")
def recovery_codes():
    """Ten new recovery codes in place of the old ones."""
    _wait_for_the_limit()
    form = PasswordForm()
    if form.validate_on_submit() and current_user.has_two_factor and _password_right(form):
        return _codes_page(totp.new_recovery_codes(_me()))
    return _page(codes_form=form, status=400)
