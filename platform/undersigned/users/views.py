"""Managing console users (admins only): the list, inviting, roles and campaigns, disabling,
resetting two-factor sign-in (which ends that user's sessions); and the invitee's page to choose a
password. One's own account is users/account.py."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectMultipleField, StringField
from wtforms.validators import EqualTo, InputRequired, ValidationError

from undersigned.contract import utcnow
from undersigned.contract.state import registry_of
from undersigned.i18n.translate import gettext as _
from undersigned.i18n.translate import lazy_gettext as _l
from undersigned.paging import by_place
from undersigned.users import invitations, passwords, service, totp
from undersigned.users.auth import requires
from undersigned.users.models import ROLES, User

bp = Blueprint("access", __name__, url_prefix="/console", template_folder="templates")

class AccessForm(FlaskForm):
    """Roles and granted campaigns (checkboxes drawn by the template)."""
    roles = SelectMultipleField(_l("Console roles"), choices=list(ROLES), validate_choice=True)
    campaigns = SelectMultipleField(_l("Campaigns"), validate_choice=True)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.campaigns.choices = [c.slug for c in registry_of()]


class InviteForm(AccessForm):
    email = StringField(_l("E-mail address"), validators=[InputRequired(_l("Please fill in this field."))])

    def validate_email(self, field) -> None:
        address = field.data.strip()
        local, at, domain = address.partition("@")
        if not (local and at and "." in domain) or any(c.isspace() for c in address) or len(address) > 254:
            raise ValidationError(_("Please enter an e-mail address such as name@example.org."))

    def validate_roles(self, field) -> None:
        if not field.data:
            raise ValidationError(_("Please choose at least one role."))


class PasswordForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=[InputRequired(_l("Please fill in this field."))])
    confirm = PasswordField(_l("The same password again"), validators=[
        InputRequired(_l("Please fill in this field.")),
        EqualTo("password", _l("The two passwords differ."))])
    #: The address of the account the password is for: a password built on it is guessable.
    account_email = ""

    def validate_password(self, field) -> None:
        problem = passwords.weakness(field.data, self.account_email)
        if problem:
            raise ValidationError(problem)


@bp.context_processor
def role_names() -> dict:
    return {"role_names": {"admin": _("Administrator"), "organizer": _("Organizer"), "translator": _("Translator")}}


def _user_or_404(user_id: int) -> User:
    user = service.get(user_id)
    if user is None:
        abort(404)
    return user


def _users_page(invite: InviteForm, status: int = 200):
    """The users and the pending invitations, each 50 a page (``page``, ``invitations_page``)."""
    invited = by_place(invitations.pending(), argument="invitations_page")
    return render_template("users/users.html", users=by_place(service.listing()), form=invite,
                           campaigns=list(registry_of()), invited=invited,
                           expires_at=invitations.expires_at, now=utcnow()), status


@bp.get("/users")
@requires("admin")
def users():
    return _users_page(InviteForm(formdata=None))


@bp.post("/users/invite")
@requires("admin")
def invite():
    form = InviteForm()
    if form.validate_on_submit():
        try:
            invitations.invite(form.email.data, form.roles.data, form.campaigns.data)
        except service.UserExists:
            form.email.errors.append(_("A console user with that e-mail address exists."))
        else:
            flash(_("Invitation sent to %(email)s.", email=service.normalise(form.email.data)), "success")
            return redirect(url_for("access.users"))
    return _users_page(form, 400)


@bp.post("/users/invitations/<int:user_id>/revoke")
@requires("admin")
def revoke_invitation(user_id: int):
    """Withdraw a pending invitation (the unused account goes with it)."""
    email = invitations.revoke(user_id)
    if email:
        flash(_("The invitation of %(email)s is withdrawn: its link no longer works.", email=email), "success")
    else:
        flash(_("Nothing changed: that invitation was accepted or withdrawn already."), "error")
    return redirect(url_for("access.users", _anchor="invitations-heading"))


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@requires("admin")
def user(user_id: int):
    """One user's roles and campaigns."""
    person = _user_or_404(user_id)
    form = AccessForm(data={"roles": sorted(person.role_set), "campaigns": sorted(person.campaigns)})
    if form.validate_on_submit():
        if person.id == current_user.id and "admin" not in form.roles.data:
            form.roles.errors.append(_("You cannot take away your own admin role: ask another admin."))
        else:
            service.set_roles(person, form.roles.data)
            service.grant(person, form.campaigns.data)
            flash(_("Saved the roles and campaigns of %(email)s.", email=person.email), "success")
            return redirect(url_for("access.user", user_id=person.id))
    return render_template("users/user.html", person=person, form=form,
                           campaigns=list(registry_of())), 400 if form.errors else 200


@bp.post("/users/<int:user_id>/active")
@requires("admin")
def set_active(user_id: int):
    """Disable (ending every session at once) or enable a user."""
    person = _user_or_404(user_id)
    active = request.form.get("active") == "1"
    if person.id == current_user.id and not active:
        flash(_("You cannot disable your own account: ask another admin."), "error")
    else:
        service.set_active(person, active)
        flash(_("%(email)s can sign in again.", email=person.email) if active else
              _("%(email)s is disabled and signed out everywhere.", email=person.email), "success")
    return redirect(url_for("access.user", user_id=person.id))


@bp.get("/users/<int:user_id>/disable")
@requires("admin")
def confirm_disable(user_id: int):
    """Ask before disabling: whose account, and what disabling does (it can be enabled again)."""
    person = _user_or_404(user_id)
    if not person.active:
        return redirect(url_for("access.user", user_id=person.id))
    return render_template("users/disable.html", person=person)


@bp.post("/users/<int:user_id>/2fa/reset")
@requires("admin")
def reset_two_factor(user_id: int):
    """Turn off another user's two-factor sign-in (a lost phone)."""
    person = _user_or_404(user_id)
    if person.has_two_factor:
        totp.disable(person, by_admin=True)
    flash(_("Two-factor sign-in of %(email)s is off; they can turn it on again.", email=person.email), "success")
    return redirect(url_for("access.user", user_id=person.id))


@bp.route("/invite/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    """The invitee chooses a password; the link then stops working."""
    person = invitations.invited_user(token)
    if person is None:
        return render_template("users/invitation_invalid.html"), 404
    form = PasswordForm()
    form.account_email = person.email
    if form.validate_on_submit():
        invitations.accept(person, form.password.data)
        flash(_("Your password is set. Please sign in."), "success")
        return redirect(url_for("users.login"))
    return render_template("users/accept.html", person=person, form=form), 400 if form.errors else 200
