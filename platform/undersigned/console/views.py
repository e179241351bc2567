"""The console's front page: what the signed-in user may do."""
from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from undersigned.app_state import registry_of
from undersigned.delivery.lookup import channel_of
from undersigned.signing import counters

bp = Blueprint("console", __name__, url_prefix="/console", template_folder="templates")


@bp.get("/")
@login_required
def index():
    campaigns = list(registry_of()) if current_user.can("organize") else []
    return render_template("console/index.html", campaigns=campaigns, totals=counters.totals,
                           channels={c.slug: channel_of(c) for c in campaigns},
                           problems=registry_of().problems if current_user.can("organize") else [])
