"""A joint letter's co-signers (campaigns whose channel ``needs_approval``): approve or reject
each, put the approved in the letter's order, and preview the letter as it is delivered."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from undersigned.campaigns.lookup import campaign_or_404
from undersigned.console.campaigns.blueprint import bp
from undersigned.contract import Campaign, channel_of
from undersigned.delivery.joint import service
from undersigned.i18n.translate import gettext as _
from undersigned.signing.letter import render_letter_html
from undersigned.users.auth import requires

#: Co-signers a page shows, waiting and on the letter alike.
PAGE_SIZE = 100


def _joint_campaign(slug: str) -> Campaign:
    """The campaign ``slug`` if an organizer approves its co-signers; 404 otherwise."""
    campaign = campaign_or_404(slug)
    if not channel_of(campaign).needs_approval:
        abort(404)
    return campaign


def _place(name: str) -> int:
    """The page's query argument ``name``, a place or an id: 0 unless a whole number above it."""
    return max(request.args.get(name, 0, type=int), 0)


@bp.get("/cosigners")
@requires("organize")
def cosigners(slug: str):
    """A page of the co-signers waiting (``after``: the last id of the page before) and a page of
    those on the letter (``start``: the first place shown), each read by its index."""
    campaign = _joint_campaign(slug)
    after = _place("after")
    approved_total = service.approved_count(campaign)
    start = min(_place("start"), max(approved_total - 1, 0))
    waiting = service.waiting(campaign, after=after, size=PAGE_SIZE + 1)
    return render_template("console/campaigns/cosigners.html", campaign=campaign, page_size=PAGE_SIZE,
                           waiting=waiting[:PAGE_SIZE], waiting_total=service.waiting_count(campaign),
                           next_after=waiting[PAGE_SIZE - 1].id if len(waiting) > PAGE_SIZE else None,
                           approved=service.approved(campaign, start=start, size=PAGE_SIZE), start=start,
                           approved_total=approved_total)


@bp.post("/cosigners/<int:signature_id>")
@requires("organize")
def decide(slug: str, signature_id: int):
    """Approve (``decision=approve``) or reject (``decision=reject``) one co-signer."""
    campaign = _joint_campaign(slug)
    decision = request.form.get("decision")
    if decision == "approve" and service.approve(campaign, signature_id):
        flash(_("Co-signer %(id)s is on the letter.", id=signature_id), "success")
    elif decision == "reject" and service.reject(campaign, signature_id):
        flash(_("Co-signer %(id)s is rejected: the signature no longer counts.", id=signature_id), "success")
    else:
        flash(_("Nothing changed: co-signer %(id)s is unknown, or was decided already.", id=signature_id), "error")
    return redirect(url_for("campaign.cosigners", slug=slug))


@bp.post("/cosigners/<int:signature_id>/move")
@requires("organize")
def move(slug: str, signature_id: int):
    """Move an approved co-signer's block one place up (``direction=up``) or down."""
    campaign = _joint_campaign(slug)
    offset = -1 if request.form.get("direction") == "up" else 1
    if not service.move(campaign, signature_id, offset):
        flash(_("Co-signer %(id)s cannot move that way.", id=signature_id), "error")
    return redirect(url_for("campaign.cosigners", slug=slug, start=_place("start") or None, _anchor="approved"))


@bp.get("/cosigners/preview")
@requires("organize")
def preview(slug: str):
    """The letter with every approved co-signer, in order, as it would be delivered today."""
    campaign = _joint_campaign(slug)
    signatories = service.approved_signatories(campaign)
    return render_template("console/campaigns/preview.html", campaign=campaign, total=len(signatories),
                           letter=render_letter_html(campaign, {}, signatories=signatories))
