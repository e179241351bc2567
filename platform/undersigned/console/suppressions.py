"""The suppression list (admins): each suppressed address (masked), why and since when, with a
button to lift it, 50 a page with their total; and looking an address up by typing it. Every
lifting is in the audit log."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import format_datetime

from undersigned.i18n.translate import gettext as _
from undersigned.paging import by_place
from undersigned.security.identity import InvalidEmail, normalise_email
from undersigned.suppression import service
from undersigned.users.auth import requires

bp = Blueprint("suppressions", __name__, url_prefix="/console/suppressions", template_folder="templates")


@bp.get("/")
@requires("admin")
def listing():
    address, found = request.args.get("address", "").strip(), None
    if address:
        try:
            found = service.is_suppressed(normalise_email(address))
        except InvalidEmail:
            flash(_("That is not an e-mail address."), "error")
        else:
            if found is None:
                flash(_("Mail to that address is not suppressed."), "info")
    return render_template("console/suppressions.html", suppressed=by_place(service.suppressed()), found=found,
                           address=address, format_datetime=format_datetime)


@bp.post("/<int:suppression_id>/lift")
@requires("admin")
def lift(suppression_id: int):
    """Lift one suppression: mail to the address is sent again."""
    if service.lift(suppression_id):
        flash(_("The suppression is lifted: mail to that address is sent again."), "success")
    else:
        flash(_("That address was not suppressed."), "info")
    return redirect(url_for("suppressions.listing"))
