"""The console's webhooks page (api/webhook_console.py): add an endpoint, change its address and
events, remove it after a page that names it, see its messages and their last answer, send one
again; nobody else's campaign."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests.support.api import SENATE, STATE_DEPT, signed
from tests.support.console import create_user, login, post
from undersigned.api.models import WebhookDelivery, WebhookEndpoint
from undersigned.audit.models import AuditEntry
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


def _endpoint_added(app, client, url: str = "http://127.0.0.1:9/hook") -> WebhookEndpoint:
    page = post(client, PAGE, {"url": url, "events": ["signature.confirmed", "signature.withdrawn"]})
    assert page.status_code == 200, page.get_data(as_text=True)
    with app.app_context():
        return db.session.scalar(select(WebhookEndpoint))


def _audited(app, action: str) -> list[dict]:
    with app.app_context():
        return [entry.details for entry in db.session.scalars(select(AuditEntry).where(AuditEntry.action == action))]


@pytest.mark.config(WEBHOOK_ALLOW_PRIVATE_ADDRESSES=True)
def test_an_organizer_changes_a_webhook_s_address_and_events_and_its_secret_stays(app, client):
    _organizer(app, client, STATE_DEPT)
    endpoint = _endpoint_added(app, client)
    listing = client.get(PAGE).get_data(as_text=True)
    assert f'href="{PAGE}{endpoint.id}/edit"' in listing and "Change the webhook to http://127.0.0.1:9/hook" in listing
    form = client.get(f"{PAGE}{endpoint.id}/edit").get_data(as_text=True)
    assert 'value="http://127.0.0.1:9/hook"' in form
    assert re.search(r'<input checked[^>]*value="signature.withdrawn"', form)
    assert not re.search(r'<input checked[^>]*value="letter.delivered"', form)
    done = post(client, f"{PAGE}{endpoint.id}/edit", {"url": "http://127.0.0.1:8/new", "events": ["letter.delivered"]},
                follow_redirects=True)
    assert "its next messages go to http://127.0.0.1:8/new" in done.get_data(as_text=True)
    with app.app_context():
        changed = db.session.get(WebhookEndpoint, endpoint.id)
    assert (changed.url, changed.events, changed.secret_encrypted) == (
        "http://127.0.0.1:8/new", ["letter.delivered"], endpoint.secret_encrypted)
    assert _audited(app, "api.webhook_changed") == [
        {"endpoint": endpoint.id, "events": ["letter.delivered"], "url_changed": True}]


@pytest.mark.config(WEBHOOK_ALLOW_PRIVATE_ADDRESSES=True)
def test_a_change_to_a_private_address_or_to_no_event_comes_back_as_typed(app, client):
    _organizer(app, client, STATE_DEPT)
    endpoint = _endpoint_added(app, client)
    app.config["WEBHOOK_ALLOW_PRIVATE_ADDRESSES"] = False
    refused = post(client, f"{PAGE}{endpoint.id}/edit", {"url": "http://169.254.169.254/x", "events": ["letter.delivered"]})
    assert refused.status_code == 400 and 'value="http://169.254.169.254/x"' in refused.get_data(as_text=True)
    assert "cannot be called" in refused.get_data(as_text=True)
    empty = post(client, f"{PAGE}{endpoint.id}/edit", {"url": "http://127.0.0.1:9/hook"})
    assert empty.status_code == 400 and "Please choose at least one event." in empty.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(WebhookEndpoint, endpoint.id).url == "http://127.0.0.1:9/hook"
    assert _audited(app, "api.webhook_changed") == []


@pytest.mark.config(WEBHOOK_ALLOW_PRIVATE_ADDRESSES=True)
def test_removing_a_webhook_asks_first_naming_its_address_then_removes_it_and_its_messages(app, client):
    _organizer(app, client, STATE_DEPT)
    endpoint = _endpoint_added(app, client)
    signed(app, "a@example.org")  # one message waits for it
    ask = client.get(f"{PAGE}{endpoint.id}/remove").get_data(as_text=True)
    assert "Remove the webhook to http://127.0.0.1:9/hook?" in ask and "1 message not sent yet will never be sent." in ask
    with app.app_context():
        assert db.session.get(WebhookEndpoint, endpoint.id) is not None  # asking removes nothing
    assert client.post(f"{PAGE}{endpoint.id}/remove").status_code == 400  # no CSRF token: refused
    done = post(client, f"{PAGE}{endpoint.id}/remove", follow_redirects=True)
    assert "The webhook to http://127.0.0.1:9/hook is removed" in done.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(WebhookEndpoint)) is None and db.session.scalar(select(WebhookDelivery)) is None
    assert _audited(app, "api.webhook_removed") == [{"endpoint": endpoint.id, "count": 1}]


@pytest.mark.config(WEBHOOK_ALLOW_PRIVATE_ADDRESSES=True)
def test_an_organizer_of_another_campaign_can_neither_change_nor_remove_a_webhook(app, client):
    _organizer(app, client, STATE_DEPT)
    endpoint = _endpoint_added(app, client)
    client.get("/console/logout")
    create_user(app, "other@example.org", campaigns=(SENATE,))
    other = app.test_client()
    login(other, "other@example.org")
    for path in (f"{PAGE}{endpoint.id}/edit", f"{PAGE}{endpoint.id}/remove"):
        assert other.get(path).status_code == 403
        assert post(other, path, {"url": "http://127.0.0.1:8/x", "events": ["letter.delivered"]}).status_code == 403
    own = f"/console/campaigns/{SENATE}/webhooks/{endpoint.id}"  # their own campaign's pages: not its webhook
    assert other.get(f"{own}/edit").status_code == 404 and post(other, f"{own}/remove").status_code == 404
    with app.app_context():
        assert db.session.get(WebhookEndpoint, endpoint.id).url == "http://127.0.0.1:9/hook"
