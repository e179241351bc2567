"""The console's webhooks page (api/webhook_console.py): add an endpoint, see its messages and
their last answer, send one again; nobody else's campaign."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests.support.api import SENATE, STATE_DEPT, signed
from tests.support.console import create_user, login, post
from undersigned.api.models import WebhookDelivery, WebhookEndpoint
from undersigned.extensions import db

PAGE = f"/console/campaigns/{STATE_DEPT}/webhooks/"


def _organizer(app, client, *campaigns: str) -> None:
    create_user(app, "org@example.org", campaigns=campaigns)
    login(client, "org@example.org")


@pytest.mark.config(WEBHOOK_ALLOW_PRIVATE_ADDRESSES=True)
def test_an_organizer_adds_a_webhook_and_sends_a_message_again(app, client):
    _organizer(app, client, STATE_DEPT)
    page = post(client, PAGE, {"url": "http://127.0.0.1:9/hook", "events": ["signature.confirmed"]})
    assert page.status_code == 200 and re.search(r"<code>whsec_[^<]+</code>", page.get_data(as_text=True))
    signed(app, "a@example.org")
    app.test_cli_runner().invoke(args=["api", "webhook", "deliver"])  # nothing listens on port 9
    listing = client.get(PAGE).get_data(as_text=True)
    assert "signature.confirmed" in listing and "URLError" in listing and "whsec_" not in listing
    with app.app_context():
        delivery = db.session.scalar(select(WebhookDelivery))
    again = post(client, f"{PAGE}deliveries/{delivery.id}/again", follow_redirects=True)
    assert again.status_code == 200
    with app.app_context():
        assert db.session.get(WebhookDelivery, delivery.id).next_attempt_at <= delivery.next_attempt_at


def test_a_private_address_is_refused_with_the_form_as_typed(app, client):
    _organizer(app, client, STATE_DEPT)
    page = post(client, PAGE, {"url": "http://169.254.169.254/latest", "events": ["signature.confirmed"]})
    assert page.status_code == 400 and "169.254.169.254/latest" in page.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(WebhookEndpoint)) is None


def test_an_organizer_of_another_campaign_cannot_reach_the_page(app, client):
    _organizer(app, client, SENATE)
    assert client.get(PAGE).status_code == 403
    assert post(client, PAGE, {"url": "https://example.org/", "events": ["signature.confirmed"]}).status_code == 403
