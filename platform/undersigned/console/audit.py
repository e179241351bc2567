"""The audit log page (admins): who changed what, when and in which campaign."""
from __future__ import annotations

from flask import Blueprint, render_template, request

from undersigned.audit.log import count, listing
from undersigned.audit.models import AuditEntry
from undersigned.console.audit_names import action_name, actor_name, details_text
from undersigned.contract.state import registry_of
from undersigned.paging import by_key
from undersigned.users import service
from undersigned.users.auth import requires

bp = Blueprint("audit", __name__, url_prefix="/console/audit", template_folder="templates")


@bp.get("/")
@requires("admin")
def log():
    """The entries, of every campaign or of the one chosen, in words: the newest first, 50 a page."""
    chosen = request.args.get("campaign")
    campaign = chosen if chosen and registry_of().get(chosen) is not None else None  # a slug, or none
    page = by_key(listing(campaign), AuditEntry.id, total=count(campaign))
    named = service.emails_of((entry.details or {}).get("user") for entry in page.rows)
    return render_template("console/audit.html", entries=page, chosen=campaign,
                           campaigns=list(registry_of()), action_name=action_name, actor_name=actor_name,
                           details_text=details_text, users=named)
