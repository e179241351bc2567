"""What a delivery channel declares, and what the core makes of it: a campaign names any
registered channel (checked at load), and the console asks a channel's capabilities."""
from __future__ import annotations

import re

from tests.support.console import create_user, login
from undersigned.contract import hookimpl
from undersigned.contract.state import registry_of
from undersigned.delivery.self_submit.channel import SelfSubmitChannel

FAX_CHANNEL = '''
from undersigned.contract import DeliveryChannel


class FaxChannel(DeliveryChannel):
    name = "fax"
    next_step_template = "signing/check_email.html"


@hookimpl
def undersigned_delivery_channel(name):
    return FaxChannel() if name == "fax" else None
'''

NOT_A_CHANNEL = '''
class Fax:
    name = "fax"


@hookimpl
def undersigned_delivery_channel(name):
    return Fax() if name == "fax" else None
'''


def problems(app) -> list[tuple[str | None, str]]:
    return [(p.slug, p.message) for p in app.extensions["undersigned"].campaigns.problems]


def test_a_campaign_on_an_unknown_channel_is_refused_at_load(campaign_app):
    app = campaign_app("fax")
    assert problems(app) == [(app.slug, "unknown delivery channel 'fax'")]
    assert app.test_client().get(f"/c/{app.slug}").status_code == 404
    assert "belarus_senate" in app.extensions["undersigned"].campaigns.campaigns  # the rest serve


def test_a_campaign_on_a_plugins_channel_is_served(campaign_app):
    app = campaign_app("fax", extra=FAX_CHANNEL)
    assert problems(app) == []
    assert app.test_client().get(f"/c/{app.slug}").status_code == 200
    assert "fax" in app.extensions["undersigned"].channels


def test_a_channel_that_is_not_a_delivery_channel_is_refused_at_load(campaign_app):
    app = campaign_app("fax", extra=NOT_A_CHANNEL)
    assert problems(app) == [(app.slug, "delivery channel 'fax' is a Fax, not a DeliveryChannel")]


def login_organizer(app):
    """An organizer granted every loaded campaign, signed in."""
    with app.app_context():
        slugs = tuple(campaign.slug for campaign in registry_of(app))
    create_user(app, "org@example.org", "organizer", campaigns=slugs)
    client = app.test_client()
    login(client, "org@example.org")
    return client


def reported_sent_column(html: str) -> dict[str, str]:
    """Each campaign row's link target and its last cell (Reported sent)."""
    rows = re.findall(r'<tr><td><a href="/console/campaigns/([^/"]+)/">.*?<td[^>]*>([^<]*)</td></tr>', html, re.S)
    return dict(rows)


class ReportingJointChannel(SelfSubmitChannel):
    name = "joint"


class ReportingPlugin:
    @hookimpl
    def undersigned_delivery_channel(self, name):
        return ReportingJointChannel() if name == "joint" else None


def test_the_console_counts_reports_where_the_channel_says_supporters_report_sending(app):
    client = login_organizer(app)
    column = reported_sent_column(client.get("/console/").get_data(as_text=True))
    assert column == {"belarus_state_dept": "0", "belarus_senate": "–"}

    app.extensions["undersigned"].plugins.register(ReportingPlugin(), name="reporting")
    column = reported_sent_column(client.get("/console/").get_data(as_text=True))
    assert column == {"belarus_state_dept": "0", "belarus_senate": "0"}
