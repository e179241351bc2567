"""A joint letter's life in the console (campaigns whose channel ``needs_approval``): its versions,
freezing the next one (after a page showing exactly what it prints), each version's PDF,
delivering one by e-mail or recording it delivered by hand or by post, and who was told. Each
change is asked first and audited; :mod:`undersigned.delivery.joint.service` does the work, as
for ``flask signatures freeze | letter-pdf | deliver``."""
from __future__ import annotations

import io

from flask import abort, flash, redirect, render_template, send_file, url_for
from flask_babel import force_locale
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField
from wtforms.validators import Email, InputRequired

from undersigned.audit.log import record
from undersigned.campaigns.lookup import campaign_or_404
from undersigned.console.campaigns.blueprint import bp
from undersigned.contract import Campaign, channel_of, utcnow
from undersigned.delivery.joint import service
from undersigned.delivery.joint.models import DELIVERY_WAYS, JointLetterVersion
from undersigned.delivery.joint.notified import notices
from undersigned.extensions import db
from undersigned.i18n.translate import gettext as _
from undersigned.i18n.translate import lazy_gettext as _l
from undersigned.i18n.translate import ngettext
from undersigned.paging import of_list
from undersigned.signing.letter import render_letter_html
from undersigned.users.auth import requires

#: Each way of delivering, as the pages name it.
WAY_NAMES = {"email": _l("by e-mail"), "hand": _l("by hand"), "post": _l("by post")}
#: Why freezing or delivering did nothing, for the organizer (``service.VersionError.reason``).
REFUSALS = {
    "empty": _l("No co-signer is on the letter yet: approve co-signers before freezing a version."),
    "raced": _l("Another organizer froze a version at the same moment. Please check the letter again."),
    "changed": _l("The co-signers changed since you opened this page. Please check the letter again."),
    "delivered": _l("This version was delivered already."),
    "no_address": _l("Please give the address to e-mail the letter to."),
}


class FreezeForm(FlaskForm):
    #: The co-signers the organizer saw (``service.stamp``): the version freezes those or nothing.
    stamp = HiddenField()


class EmailDeliveryForm(FlaskForm):
    to = EmailField(_l("E-mail the letter to"), validators=[
        InputRequired(_l("Please give the address to e-mail the letter to.")),
        Email(message=_l("Please give an e-mail address."), check_deliverability=False)])


def _joint_campaign(slug: str) -> Campaign:
    """The campaign ``slug`` if its channel delivers one joint letter; 404 otherwise."""
    campaign = campaign_or_404(slug)
    if not channel_of(campaign).needs_approval:
        abort(404)
    return campaign


def _version(campaign: Campaign, number: int) -> JointLetterVersion:
    frozen = service.version(campaign, number)
    if frozen is None:
        abort(404)
    return frozen


@bp.get("/letter")
@requires("organize")
def letter(slug: str):
    """The versions, newest first, and how many co-signers the next one would carry."""
    campaign = _joint_campaign(slug)
    return render_template("console/campaigns/letter.html", campaign=campaign, versions=service.versions(campaign),
                           approved=service.approved_count(campaign), ways=WAY_NAMES)


@bp.route("/letter/freeze", methods=["GET", "POST"])
@requires("organize")
def freeze(slug: str):
    """The letter exactly as the next version prints it, then (sent back) that version frozen."""
    campaign = _joint_campaign(slug)
    form, error = FreezeForm(), None
    if form.validate_on_submit():
        try:
            frozen = service.freeze(campaign, expected=form.stamp.data or "")
        except service.VersionError as refused:
            error = str(REFUSALS[refused.reason])
        else:
            flash(ngettext("Version %(number)s is frozen with %(num)s co-signer. Download its PDF or deliver it below.",
                           "Version %(number)s is frozen with %(num)s co-signers. Download its PDF or deliver it below.",
                           frozen.signatory_count, number=frozen.number), "success")
            return redirect(url_for("campaign.letter_version", slug=slug, number=frozen.number))
    signatories = service.approved_signatories(campaign)
    today = utcnow().date()
    with force_locale(campaign.letter_language):
        printed = render_letter_html(campaign, {}, signatories=signatories, date=today)
    page = render_template("console/campaigns/letter_freeze.html", campaign=campaign, form=form, error=error,
                           signatories=signatories, stamp=service.stamp(signatories), letter=printed,
                           number=service.next_number(campaign), date=today)
    return page, 409 if error else 200


@bp.get("/letter/v<int:number>")
@requires("organize")
def letter_version(slug: str, number: int):
    """One version: when it was frozen and delivered, and each co-signer on it with the note
    telling them, 50 a page."""
    campaign = _joint_campaign(slug)
    frozen = _version(campaign, number)
    page = of_list(frozen.signatories).map(lambda blocks: notices(campaign, frozen, blocks))
    return render_template("console/campaigns/letter_version.html", campaign=campaign, version=frozen,
                           notices=page, ways=WAY_NAMES)


@bp.get("/letter/v<int:number>.pdf")
@requires("organize")
def letter_pdf(slug: str, number: int):
    """The PDF version ``number`` was frozen with, naming every co-signer (its download audited)."""
    campaign = _joint_campaign(slug)
    frozen = _version(campaign, number)
    record("letter.download", campaign=slug, version=number)  # who took the co-signers' names, when
    db.session.commit()
    return send_file(io.BytesIO(frozen.pdf), mimetype="application/pdf", as_attachment=True,
                     download_name=service.pdf_filename(campaign, frozen))


@bp.route("/letter/v<int:number>/deliver/<how>", methods=["GET", "POST"])
@requires("organize")
def deliver(slug: str, number: int, how: str):
    """What delivering version ``number`` ``how`` does, then (sent back) done: by e-mail to the
    address given (the recipient's by default), or recorded as delivered by hand or by post."""
    campaign = _joint_campaign(slug)
    frozen = _version(campaign, number)
    if how not in DELIVERY_WAYS:
        abort(404)
    form = EmailDeliveryForm(data={"to": campaign.recipient.email}) if how == "email" else FlaskForm()
    error = None
    if frozen.delivered_at is None and form.validate_on_submit():
        try:
            service.deliver(campaign, number, how, to=form.to.data.strip() if how == "email" else None)
        except service.VersionError as refused:
            error = str(REFUSALS[refused.reason])
        else:
            flash(_("Version %(number)s is delivered %(way)s; its co-signers are told by e-mail.",
                    number=number, way=WAY_NAMES[how]), "success")
            return redirect(url_for("campaign.letter_version", slug=slug, number=number))
    page = render_template("console/campaigns/letter_deliver.html", campaign=campaign, version=frozen, how=how,
                           way=WAY_NAMES[how], form=form, error=error)
    return page, 400 if error or form.errors else 200
