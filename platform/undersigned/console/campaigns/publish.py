"""A draft campaign's way to the public: the overview says it is a draft and links to its preview
(the public page, shown to its organizers only); publishing it is asked first, then audited
(:mod:`undersigned.campaigns.publication`)."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_wtf import FlaskForm

from undersigned.campaigns.lookup import campaign_or_404
from undersigned.campaigns.publication import is_draft, publish
from undersigned.console.campaigns.blueprint import bp
from undersigned.i18n.translate import gettext as _
from undersigned.users.auth import requires


@bp.route("/publish", methods=["GET", "POST"])
@requires("organize")
def publish_campaign(slug: str):
    """What publishing does, then (sent back) the campaign published."""
    campaign = campaign_or_404(slug)
    form = FlaskForm()
    if is_draft(campaign) and form.validate_on_submit():
        publish(campaign)
        flash(_("The campaign is published: everyone can see and sign it now."), "success")
        return redirect(url_for("campaign.overview", slug=slug))
    return render_template("console/campaigns/publish.html", campaign=campaign, form=form, draft=is_draft(campaign))
