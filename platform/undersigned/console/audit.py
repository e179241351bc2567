"""The audit log page (admins): who changed what, when and in which campaign."""
from __future__ import annotations

from flask import Blueprint, render_template, request

from undersigned.audit.log import entries
from undersigned.contract.state import registry_of
from undersigned.users.auth import requires

bp = Blueprint("audit", __name__, url_prefix="/console/audit", template_folder="templates")


@bp.get("/")
@requires("admin")
def log():
    """The newest entries, of every campaign or of the one chosen."""
    campaign = request.args.get("campaign") if request.args.get("campaign") in registry_of() else None
    return render_template("console/audit.html", entries=entries(campaign), chosen=campaign,
                           campaigns=list(registry_of()))
