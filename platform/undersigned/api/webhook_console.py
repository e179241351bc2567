"""The webhooks page of a campaign's console: an organizer adds an endpoint (its signing secret
shown once), changes its address and events, removes it (after a page that asks, naming its
address), sees each endpoint's latest deliveries with their last answer, sends one again, and is
told when an endpoint was switched off for failing for days."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import format_datetime
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import SelectMultipleField, URLField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

from undersigned.api import webhooks
from undersigned.api.addresses import RefusedAddress
from undersigned.api.models import WebhookDelivery, WebhookEndpoint
from undersigned.campaigns.lookup import campaign_or_404
from undersigned.contract import Campaign
from undersigned.extensions import db
from undersigned.i18n.translate import gettext as _
from undersigned.i18n.translate import lazy_gettext as _l
from undersigned.users.auth import requires

bp = Blueprint("api_webhooks", __name__, url_prefix="/console/campaigns/<slug>/webhooks",
               template_folder="templates")
SHOWN_DELIVERIES = 20
REFUSED = _l("This address cannot be called: it must be a public http or https address.")


class EndpointForm(FlaskForm):
    url = URLField(_l("Address (URL) of the receiver"), validators=[
        InputRequired(_l("Please fill in this field.")), Length(max=2000)])
    events = SelectMultipleField(_l("Events to send"), choices=[SelectChoice(e, e) for e in webhooks.EVENTS],
                                 default=list(webhooks.EVENTS), widget=ListWidget(prefix_label=False),
                                 option_widget=CheckboxInput())


def _page(campaign: Campaign, form: EndpointForm, secret: str | None = None, status: int = 200):
    endpoints = webhooks.endpoints(campaign.slug)
    deliveries = {endpoint.id: db.session.scalars(
        select(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint.id)
        .order_by(WebhookDelivery.id.desc()).limit(SHOWN_DELIVERIES)).all() for endpoint in endpoints}
    return render_template("api/console_webhooks.html", campaign=campaign, form=form, secret=secret,
                           endpoints=endpoints, deliveries=deliveries, format_datetime=format_datetime), status


def _endpoint_or_404(slug: str, endpoint_id: int) -> WebhookEndpoint:
    """The endpoint ``endpoint_id`` of campaign ``slug`` (404 for one of another campaign)."""
    endpoint = db.session.get(WebhookEndpoint, endpoint_id)
    if endpoint is None or endpoint.campaign != slug:
        abort(404)
    return endpoint


@bp.get("/")
@requires("organize")
def listing(slug: str):
    return _page(campaign_or_404(slug), EndpointForm(formdata=None))


@bp.post("/")
@requires("organize")
def add(slug: str):
    """Add an endpoint; the answer is the only page that ever shows its signing secret."""
    campaign = campaign_or_404(slug)
    form = EndpointForm()
    if not form.validate():
        return _page(campaign, form, status=400)
    try:
        _endpoint, secret = webhooks.add_endpoint(slug, form.url.data.strip(), form.events.data or None)
    except RefusedAddress:
        form.url.errors = [REFUSED]
        return _page(campaign, form, status=400)
    return _page(campaign, EndpointForm(formdata=None), secret=secret)


def _edit_page(campaign: Campaign, endpoint: WebhookEndpoint, form: EndpointForm, status: int = 200):
    return render_template("api/console_webhook_edit.html", campaign=campaign, endpoint=endpoint,
                           form=form), status


@bp.get("/<int:endpoint_id>/edit")
@requires("organize")
def edit(slug: str, endpoint_id: int):
    """The endpoint's address and events, to change (its signing secret stays)."""
    campaign = campaign_or_404(slug)
    endpoint = _endpoint_or_404(slug, endpoint_id)
    return _edit_page(campaign, endpoint, EndpointForm(formdata=None, url=endpoint.url, events=endpoint.events))


@bp.post("/<int:endpoint_id>/edit")
@requires("organize")
def change(slug: str, endpoint_id: int):
    """Change the endpoint's address and events; the form comes back as typed if one is wrong."""
    campaign = campaign_or_404(slug)
    endpoint = _endpoint_or_404(slug, endpoint_id)
    form = EndpointForm()
    if not form.validate() or not form.events.data:
        if not form.events.data:
            form.events.errors = [_("Please choose at least one event.")]
        return _edit_page(campaign, endpoint, form, status=400)
    try:
        changed = webhooks.change_endpoint(endpoint, form.url.data.strip(), form.events.data)
    except RefusedAddress:
        form.url.errors = [REFUSED]
        return _edit_page(campaign, endpoint, form, status=400)
    flash(_("The webhook is changed: its next messages go to %(url)s.", url=endpoint.url) if changed
          else _("Nothing changed."), "success" if changed else "info")
    return redirect(url_for("api_webhooks.listing", slug=slug))


@bp.get("/<int:endpoint_id>/remove")
@requires("organize")
def confirm_remove(slug: str, endpoint_id: int):
    """Ask before removing: the endpoint's address, and how many messages would never be sent."""
    campaign = campaign_or_404(slug)
    endpoint = _endpoint_or_404(slug, endpoint_id)
    return render_template("api/console_webhook_remove.html", campaign=campaign, endpoint=endpoint,
                           unsent=webhooks.queued_count(endpoint))


@bp.post("/<int:endpoint_id>/remove")
@requires("organize")
def remove(slug: str, endpoint_id: int):
    """Remove the endpoint and its messages: nothing more is posted to it."""
    campaign_or_404(slug)
    endpoint = _endpoint_or_404(slug, endpoint_id)
    url = endpoint.url
    webhooks.remove_endpoint(endpoint)
    flash(_("The webhook to %(url)s is removed: nothing more is sent there.", url=url), "success")
    return redirect(url_for("api_webhooks.listing", slug=slug))


@bp.post("/deliveries/<int:delivery_id>/again")
@requires("organize")
def send_again(slug: str, delivery_id: int):
    """Send one delivery again at the worker's next pass (its endpoint switched on again)."""
    campaign_or_404(slug)
    delivery = db.session.get(WebhookDelivery, delivery_id)
    endpoint = db.session.get(WebhookEndpoint, delivery.endpoint_id) if delivery else None
    if endpoint is None or endpoint.campaign != slug:
        abort(404)
    webhooks.send_again(delivery)
    flash(_("It will be sent again within a minute."), "success")
    return redirect(url_for("api_webhooks.listing", slug=slug))
