"""The block lists from a campaign's signatures page: blocking a domain or an IP hash asks first,
on a page naming it (a GET, so it works without JavaScript), and the page after offers to undo it;
unblocking acts at once. :mod:`undersigned.signing.fraud` does the work."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from undersigned.campaigns.lookup import campaign_or_404
from undersigned.console.campaigns.blueprint import bp
from undersigned.i18n.translate import gettext as _
from undersigned.security import blocklist
from undersigned.signing import fraud
from undersigned.users.auth import requires

#: What each kind of entry is checked and kept as, and how it is blocked.
CLEANERS = {"domain": blocklist.clean_domain, "ip_hash": blocklist.clean_ip_hash}
BLOCKERS = {"domain": fraud.block_domain, "ip_hash": fraud.block_ip_hash}


def _typed() -> dict[str, str]:
    """The block form's fields as typed (from the query or the form)."""
    return {name: request.values.get(name, "").strip() for name in ("kind", "value", "note")}


@bp.get("/signatures/blocks/confirm")
@requires("organize")
def confirm_block(slug: str):
    """Ask before blocking: the domain or IP hash as it will be kept, and what blocking does."""
    campaign = campaign_or_404(slug)
    typed = _typed()
    try:
        if typed["kind"] not in CLEANERS:
            raise ValueError(typed["kind"])
        value = CLEANERS[typed["kind"]](typed["value"])
    except ValueError:
        flash(_("Please give an e-mail domain (example.org) or an IP hash (32 hexadecimal digits)."), "error")
        return redirect(url_for("campaign.signatures", slug=slug, _anchor="blocks",
                                **{f"block_{name}": typed[name] or None for name in typed}))
    return render_template("console/campaigns/block.html", campaign=campaign, kind=typed["kind"], value=value,
                           note=typed["note"])


@bp.post("/signatures/blocks")
@requires("organize")
def block(slug: str):
    campaign_or_404(slug)
    typed = _typed()
    try:
        if typed["kind"] not in BLOCKERS:
            raise ValueError(typed["kind"])
        value, added = BLOCKERS[typed["kind"]](typed["value"], typed["note"] or None, campaign=slug)
    except ValueError:
        flash(_("Please give an e-mail domain (example.org) or an IP hash (32 hexadecimal digits)."), "error")
        return redirect(url_for("campaign.signatures", slug=slug, _anchor="blocks"))
    if not added:
        flash(_("%(value)s was already blocked.", value=value), "success")
        return redirect(url_for("campaign.signatures", slug=slug, _anchor="blocks"))
    flash(_("%(value)s is blocked.", value=value), "success")
    return redirect(url_for("campaign.signatures", slug=slug, blocked=value, _anchor="blocks"))


@bp.post("/signatures/blocks/remove")
@requires("organize")
def unblock(slug: str):
    campaign_or_404(slug)
    value = request.form.get("value", "")
    if fraud.unblock(value, campaign=slug):
        flash(_("%(value)s is no longer blocked.", value=value), "success")
    else:
        flash(_("%(value)s was not blocked.", value=value), "error")
    return redirect(url_for("campaign.signatures", slug=slug, _anchor="blocks"))
