"""The console's API page (api/console.py): an organizer makes a token for their own campaign,
sees it once, and revokes it; nobody else reaches the page."""
from __future__ import annotations

import re

from tests.support.api import SENATE, STATE_DEPT, headers
from tests.support.console import create_user, login, post


def _organizer(app, client, *campaigns: str) -> None:
    create_user(app, "org@example.org", campaigns=campaigns)
    login(client, "org@example.org")


def test_an_organizer_makes_a_token_shown_once_that_reads_the_campaign(app, client):
    _organizer(app, client, STATE_DEPT)
    page = post(client, f"/console/campaigns/{STATE_DEPT}/api/", {"label": "Our CRM", "scope": "read"})
    assert page.status_code == 200
    secret = re.search(r"<code>(usg_[^<]+)</code>", page.get_data(as_text=True)).group(1)
    listing = client.get(f"/console/campaigns/{STATE_DEPT}/api/").get_data(as_text=True)
    assert "Our CRM" in listing and secret not in listing
    api = app.test_client()
    assert api.get(f"/api/v1/petitions/{STATE_DEPT}/signatures", headers=headers(secret)).status_code == 200


def test_an_organizer_revokes_a_token(app, client):
    _organizer(app, client, STATE_DEPT)
    page = post(client, f"/console/campaigns/{STATE_DEPT}/api/", {"label": "", "scope": "write"})
    secret = re.search(r"<code>(usg_[^<]+)</code>", page.get_data(as_text=True)).group(1)
    number = re.search(r"/api/(\d+)/revoke", page.get_data(as_text=True)).group(1)
    done = post(client, f"/console/campaigns/{STATE_DEPT}/api/{number}/revoke", follow_redirects=True)
    assert "The token is revoked" in done.get_data(as_text=True)
    api = app.test_client()
    assert api.get(f"/api/v1/petitions/{STATE_DEPT}", headers=headers(secret)).status_code == 401


def test_an_organizer_of_another_campaign_cannot_make_or_see_its_tokens(app, client):
    _organizer(app, client, SENATE)
    assert client.get(f"/console/campaigns/{STATE_DEPT}/api/").status_code == 403
    made = post(client, f"/console/campaigns/{STATE_DEPT}/api/", {"label": "x", "scope": "write"})
    assert made.status_code == 403 and "usg_" not in made.get_data(as_text=True)


def test_a_bad_form_comes_back_as_typed(app, client):
    _organizer(app, client, STATE_DEPT)
    page = post(client, f"/console/campaigns/{STATE_DEPT}/api/", {"label": "L" * 150, "scope": "admin"})
    assert page.status_code == 400 and "usg_" not in page.get_data(as_text=True)
    assert "L" * 150 in page.get_data(as_text=True)


def test_an_organizer_makes_a_write_token_that_may_confirm_and_not_a_read_one(app, client):
    _organizer(app, client, STATE_DEPT)
    page = post(client, f"/console/campaigns/{STATE_DEPT}/api/", {"label": "CRM", "scope": "read", "may_confirm": "y"})
    text = page.get_data(as_text=True)
    assert page.status_code == 400 and "usg_" not in text and "Only a token that records new signatures" in text
    page = post(client, f"/console/campaigns/{STATE_DEPT}/api/", {"label": "CRM", "scope": "write", "may_confirm": "y"})
    secret = re.search(r"<code>(usg_[^<]+)</code>", page.get_data(as_text=True)).group(1)
    assert "may record signatures the partner has confirmed" in page.get_data(as_text=True)
    body = {"person": {"given_name": "Ann", "family_name": "Lee", "email_addresses": [{"address": "ann@example.org"}],
                       "postal_addresses": [{"country": "US", "region": "CA"}]}, "email_confirmed_by_partner": True}
    recorded = app.test_client().post(f"/api/v1/petitions/{STATE_DEPT}/signatures", json=body, headers=headers(secret))
    assert recorded.status_code == 201 and recorded.get_json()["status"] == "confirmed"
