"""A joint letter's co-signers (campaigns whose channel ``needs_approval``): approve or reject
each (a rejection asks first, on a page naming the person, and can be undone), put the approved
in the letter's order, and preview the letter as it is delivered. Each co-signer shows both
spellings of their name: the form's and the letter's."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from undersigned.campaigns.fields import letter_name
from undersigned.campaigns.lookup import campaign_or_404
from undersigned.console.campaigns.blueprint import bp
from undersigned.contract import Campaign, channel_of
from undersigned.delivery.joint import service
from undersigned.extensions import db
from undersigned.i18n.translate import gettext as _
from undersigned.paging import by_key, by_place, whole_number
from undersigned.signing.letter import render_letter_html
from undersigned.signing.models import CONFIRMED, INVALIDATED, Signature
from undersigned.signing.service import reinstate
from undersigned.users.auth import requires

def _joint_campaign(slug: str) -> Campaign:
    """The campaign ``slug`` if an organizer approves its co-signers; 404 otherwise."""
    campaign = campaign_or_404(slug)
    if not channel_of(campaign).needs_approval:
        abort(404)
    return campaign


@bp.get("/cosigners")
@requires("organize")
def cosigners(slug: str):
    """A page of the co-signers waiting, oldest first (by id: ``after`` and ``before``), and a
    page of those on the letter, in its order (``approved_page``), each read by its index."""
    campaign = _joint_campaign(slug)
    waiting, approved = service.listings(campaign)
    rejected = _cosigner(campaign, whole_number("rejected") or 0)
    return render_template("console/campaigns/cosigners.html", campaign=campaign,
                           rejected=rejected if rejected and rejected.status == INVALIDATED else None,
                           letter_name=letter_name,
                           waiting=by_key(waiting, Signature.id, total=service.waiting_count(campaign),
                                          descending=False),
                           approved=by_place(approved, total=service.approved_count(campaign),
                                             argument="approved_page"))


def _cosigner(campaign: Campaign, signature_id: int) -> Signature | None:
    """Co-signer ``signature_id`` of ``campaign``, or ``None``."""
    signature = db.session.get(Signature, signature_id)
    return signature if signature is not None and signature.campaign == campaign.slug else None


def named(campaign: Campaign, signature: Signature) -> str:
    """How a message names a co-signer: the form's name, and the letter's if it differs."""
    printed = letter_name(campaign, signature.fields)
    if printed and printed != signature.full_name:
        return _("%(name)s (on the letter: %(letter_name)s)", name=signature.full_name, letter_name=printed)
    return signature.full_name


@bp.post("/cosigners/<int:signature_id>")
@requires("organize")
def decide(slug: str, signature_id: int):
    """Approve (``decision=approve``) or reject (``decision=reject``, sent from the page that
    asks first) one co-signer."""
    campaign = _joint_campaign(slug)
    decision, signature = request.form.get("decision"), _cosigner(campaign, signature_id)
    if signature is None:
        flash(_("Nothing changed: that co-signer is unknown."), "error")
    elif decision == "approve" and service.approve(campaign, signature_id):
        flash(_("%(name)s is on the letter.", name=named(campaign, signature)), "success")
    elif decision == "reject" and service.reject(campaign, signature_id):
        flash(_("%(name)s is rejected: the signature no longer counts.", name=named(campaign, signature)), "success")
        return redirect(url_for("campaign.cosigners", slug=slug, rejected=signature_id))
    else:
        flash(_("Nothing changed: %(name)s was decided already.", name=named(campaign, signature)), "error")
    return redirect(url_for("campaign.cosigners", slug=slug))


@bp.get("/cosigners/<int:signature_id>/reject")
@requires("organize")
def confirm_reject(slug: str, signature_id: int):
    """Ask before rejecting: the co-signer's names, title and organization, and what follows."""
    campaign = _joint_campaign(slug)
    signature = _cosigner(campaign, signature_id)
    if signature is None or signature.status != CONFIRMED:
        abort(404)
    return render_template("console/campaigns/reject.html", campaign=campaign, row=signature,
                           printed=letter_name(campaign, signature.fields))


@bp.post("/cosigners/<int:signature_id>/restore")
@requires("organize")
def restore_cosigner(slug: str, signature_id: int):
    """Undo a rejection: the co-signer counts again, back where they were (waiting, or on the letter)."""
    campaign = _joint_campaign(slug)
    signature = _cosigner(campaign, signature_id)
    if signature is not None and reinstate(signature, campaign, audit="cosigner.restore"):
        flash(_("%(name)s is no longer rejected.", name=named(campaign, signature)), "success")
    else:
        flash(_("Nothing changed: that co-signer is not rejected."), "error")
    return redirect(url_for("campaign.cosigners", slug=slug))


@bp.post("/cosigners/<int:signature_id>/move")
@requires("organize")
def move(slug: str, signature_id: int):
    """Move an approved co-signer's block one place up (``direction=up``) or down."""
    campaign = _joint_campaign(slug)
    offset = -1 if request.form.get("direction") == "up" else 1
    if not service.move(campaign, signature_id, offset):
        signature = _cosigner(campaign, signature_id)
        flash(_("%(name)s cannot move that way.", name=named(campaign, signature)) if signature
              else _("Nothing changed: that co-signer is unknown."), "error")
    return redirect(url_for("campaign.cosigners", slug=slug, approved_page=whole_number("approved_page"),
                            _anchor="approved"))


@bp.get("/cosigners/preview")
@requires("organize")
def preview(slug: str):
    """The letter with every approved co-signer, in order, as it would be delivered today."""
    campaign = _joint_campaign(slug)
    signatories = service.approved_signatories(campaign)
    return render_template("console/campaigns/preview.html", campaign=campaign, total=len(signatories),
                           letter=render_letter_html(campaign, {}, signatories=signatories))
