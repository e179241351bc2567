"""Campaign settings without code (``console/campaigns/settings.py``, kept by
``campaigns/settings.py``): saved, audited, laid over the plugin's values for every reader at
once; bad input is explained and nothing is saved."""
from __future__ import annotations

import datetime as dt

from tests.support.signing import STATE_DEPT_SIGNER
from tests.unit.console.campaigns.conftest import STATE, post
from undersigned.audit.log import entries
from undersigned.campaigns.models import CampaignSettings
from undersigned.contract.state import registry_of
from undersigned.extensions import db
from undersigned.signing.models import Signature

PAGE = f"/console/campaigns/{STATE}/settings"
EMPTY = {"goal": "", "milestones": "", "opens": "", "closes": "", "help_address": ""}


def test_saved_settings_override_the_plugins_for_every_reader(app, organizer):
    saved = post(organizer, PAGE, PAGE, dict(EMPTY, goal="2500", milestones="1000, 500",
                                            help_address="help@example.org"))
    assert saved.status_code == 302
    page = organizer.get(f"/c/{STATE}").get_data(as_text=True)
    assert "0 of 2,500 signatures" in page and "Next milestone: 500" in page
    with app.app_context():
        campaign = registry_of().get(STATE)
        assert (campaign.goal, campaign.milestones, campaign.help_address) == (2500, (500, 1000), "help@example.org")
        assert registry_of().campaigns[STATE].goal is None  # the plugin's own value stays
        assert [c.goal for c in registry_of() if c.slug == STATE] == [2500]
        entry = entries(STATE)[0]
        assert (entry.action, entry.details) == ("settings.change", {"settings": ["goal", "milestones", "help_address"]})

    post(organizer, PAGE, PAGE, EMPTY)  # emptied: the plugin's values again
    with app.app_context():
        assert registry_of().get(STATE).goal is None


def test_bad_input_is_explained_on_the_form_and_nothing_is_saved(app, organizer):
    answer = post(organizer, PAGE, PAGE, dict(EMPTY, goal="-3", milestones="10, many",
                                             opens="2026-12-10", closes="2026-12-01", help_address="help"))
    html = answer.get_data(as_text=True)
    assert answer.status_code == 400
    for message in ("Please give a whole number from 1 to 2,147,483,647.", "separated by commas",
                    "The campaign cannot close before it opens.", "Please give an e-mail address.", "Nothing was saved."):
        assert message in html
    assert 'value="10, many"' in html
    with app.app_context():
        assert db.session.scalars(db.select(CampaignSettings)).all() == []
        assert entries(STATE) == []


def test_a_paused_campaign_refuses_signatures_with_a_friendly_message(app, organizer, client):
    post(organizer, PAGE, PAGE, dict(EMPTY, paused="y"))
    assert "Signing is paused for a while." in client.get(f"/c/{STATE}").get_data(as_text=True)
    refused = client.post(f"/c/{STATE}", data=STATE_DEPT_SIGNER)
    assert refused.status_code == 409 and "Signing is paused" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(db.select(Signature)).all() == []
        assert not registry_of().get(STATE).is_open


def test_a_closing_date_in_the_past_closes_the_campaign(app, organizer, client):
    yesterday = dt.date.today() - dt.timedelta(days=1)
    post(organizer, PAGE, PAGE, dict(EMPTY, closes=yesterday.isoformat()))
    assert "This campaign is not accepting signatures now." in client.get(f"/c/{STATE}").get_data(as_text=True)


def test_a_goal_or_milestones_beyond_the_limits_is_a_form_error_naming_the_limit(app, organizer):
    page = f"/console/campaigns/{STATE}/settings"
    for data, message in (({"goal": "2147483648"}, "from 1 to 2,147,483,647"),
                          ({"milestones": ", ".join(["100000"] * 40)}, "within 200 characters"),
                          ({"milestones": "5, 99999999999"}, "from 1 to 2,147,483,647")):
        response = post(organizer, page, page, data)
        assert response.status_code == 400 and message in response.get_data(as_text=True)
