"""The outbox page (admins): how many messages wait, retry, are dead or were withheld; each dead
one (its address masked, never its body) with a button to queue it again, and those withheld
from a suppressed address, newest first: each list 50 a page."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for

from undersigned.i18n.translate import gettext as _
from undersigned.mail import queue
from undersigned.paging import by_place
from undersigned.users.auth import requires

bp = Blueprint("outbox", __name__, url_prefix="/console/outbox", template_folder="templates")


@bp.get("/")
@requires("admin")
def status():
    counts = queue.health()
    return render_template("console/outbox.html", counts=counts, masked=queue.masked,
                           dead=by_place(queue.dead(), total=counts["dead"], argument="dead_page"),
                           withheld=by_place(queue.withheld(), total=counts["withheld"], argument="withheld_page"))


@bp.post("/<int:message_id>/retry")
@requires("admin")
def retry(message_id: int):
    """Queue one dead message again (a message that is not dead is left alone)."""
    if queue.requeue([message_id]):
        flash(_("Message %(id)s is queued again.", id=message_id), "success")
    else:
        flash(_("Message %(id)s is not dead: nothing to retry.", id=message_id), "info")
    return redirect(url_for("outbox.status"))
