"""The audit log page (admins): who changed what, when and in which campaign."""
from __future__ import annotations

from flask import Blueprint, render_template, request

from undersigned.audit.log import entries
from undersigned.console.audit_names import action_name, actor_name, details_text
from undersigned.contract.state import registry_of
from undersigned.users import service
from undersigned.users.auth import requires

bp = Blueprint("audit", __name__, url_prefix="/console/audit", template_folder="templates")


@bp.get("/")
@requires("admin")
def log():
    """The newest entries, of every campaign or of the one chosen, in words."""
    campaign = request.args.get("campaign") or None
    return render_template("console/audit.html", entries=entries(campaign), chosen=campaign,
                           campaigns=list(registry_of()), action_name=action_name, actor_name=actor_name,
                           details_text=details_text, users={u.id: u.email for u in service.all_users()})
