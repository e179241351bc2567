"""The audit log page (admins): who changed what, when and in which campaign."""
from __future__ import annotations

from flask import Blueprint, render_template, request

from undersigned.audit.log import count, entries
from undersigned.console.audit_names import action_name, actor_name, details_text
from undersigned.contract.state import registry_of
from undersigned.users import service
from undersigned.users.auth import requires

#: Entries a page shows.
PAGE_SIZE = 50
bp = Blueprint("audit", __name__, url_prefix="/console/audit", template_folder="templates")


@bp.get("/")
@requires("admin")
def log():
    """The newest entries, of every campaign or of the one chosen, in words."""
    chosen = request.args.get("campaign")
    campaign = chosen if chosen and registry_of().get(chosen) is not None else None  # a slug, or none
    page = entries(campaign, limit=PAGE_SIZE + 1, before=request.args.get("before", type=int))
    return render_template("console/audit.html", entries=page[:PAGE_SIZE], chosen=campaign, total=count(campaign),
                           next_before=page[PAGE_SIZE - 1].id if len(page) > PAGE_SIZE else None,
                           page_size=PAGE_SIZE,
                           campaigns=list(registry_of()), action_name=action_name, actor_name=actor_name,
                           details_text=details_text, users={u.id: u.email for u in service.all_users()})
