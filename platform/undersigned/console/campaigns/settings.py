"""A campaign's settings, changed without code: goal, milestones, opening and closing dates,
paused, help address. Kept in the database (:mod:`undersigned.campaigns.settings`) and seen by
every page at once."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, EmailField, IntegerField, StringField
from wtforms.validators import Email, Length, NumberRange, Optional, ValidationError

from undersigned.campaigns import settings as campaign_settings
from undersigned.campaigns.lookup import campaign_or_404
from undersigned.campaigns.models import parse_milestones
from undersigned.console.campaigns.blueprint import bp
from undersigned.contract.state import registry_of
from undersigned.i18n.translate import gettext as _
from undersigned.i18n.translate import lazy_gettext as _l
from undersigned.security.routing import LARGEST_ID
from undersigned.users.auth import requires


def _milestones(form: FlaskForm, field: StringField) -> None:
    if field.data:
        try:
            if max(parse_milestones(field.data), default=0) > LARGEST_ID:
                raise ValueError(field.data)
        except ValueError:
            raise ValidationError(_("Please give whole numbers from 1 to 2,147,483,647, separated by commas.")) from None


def _after_opening(form: FlaskForm, field: DateField) -> None:
    if field.data and form.opens.data and field.data < form.opens.data:
        raise ValidationError(_("The campaign cannot close before it opens."))


class SettingsForm(FlaskForm):
    goal = IntegerField(_l("Goal (confirmed signatures)"), validators=[
        Optional(), NumberRange(min=1, max=LARGEST_ID, message=_l("Please give a whole number from 1 to 2,147,483,647."))])
    milestones = StringField(_l("Milestones (counts, separated by commas)"), validators=[
        Optional(), Length(max=200, message=_l("Please keep the milestones within 200 characters.")), _milestones])
    opens = DateField(_l("Opens on"), validators=[Optional()])
    closes = DateField(_l("Closes after"), validators=[Optional(), _after_opening])
    paused = BooleanField(_l("Pause signing (the campaign page says so)"))
    help_address = EmailField(_l("Help address (e-mail)"), validators=[
        Optional(), Email(message=_l("Please give an e-mail address."), check_deliverability=False)])

    def values(self) -> dict[str, object]:
        """What to keep: an empty field (an unticked box) keeps the plugin's value."""
        milestones = self.milestones.data.strip() if self.milestones.data else ""
        return {"goal": self.goal.data, "opens": self.opens.data, "closes": self.closes.data,
                "paused": True if self.paused.data else None, "help_address": self.help_address.data or None,
                "milestones": ",".join(map(str, parse_milestones(milestones))) if milestones else None}


@bp.route("/settings", methods=["GET", "POST"])
@requires("organize")
def settings(slug: str):
    campaign = campaign_or_404(slug)
    stored = campaign_settings.stored(slug)
    form = SettingsForm(obj=stored)
    if form.validate_on_submit():
        changed = campaign_settings.save(slug, form.values())
        flash(_("Settings saved.") if changed else _("Nothing changed."), "success")
        return redirect(url_for("campaign.settings", slug=slug))
    errors = form.errors
    return render_template("console/campaigns/settings.html", campaign=campaign, form=form,
                           defaults=registry_of().campaigns[slug]), 400 if errors else 200
