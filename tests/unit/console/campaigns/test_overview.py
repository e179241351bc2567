"""A campaign's overview (``console/campaigns/overview.py``): its numbers, only for organizers
granted the campaign, and linked from the console."""
from __future__ import annotations

import re

from tests.support.console import create_user, login
from tests.unit.console.campaigns.conftest import SENATE, STATE, insert_signatures
from undersigned.contract.state import registry_of
from undersigned.extensions import db
from undersigned.helpdesk import service as helpdesk
from undersigned.signing.models import Signature


def numbers(html: str) -> dict[str, str]:
    return dict(re.findall(r'<tr><th scope="row">(?:<a [^>]*>)?([^<]+)(?:</a>)?</th><td>([^<]+)</td></tr>', html))


def test_the_overview_counts_each_status_and_the_channels_own_numbers(app, organizer):
    with app.app_context():
        insert_signatures(STATE, [{}, {}, {"status": "pending"}, {"status": "withdrawn"},
                                  {"status": "invalidated"}, {"reported_sent_at": None}])
        insert_signatures(SENATE, [{}, {}])
        approved = db.session.scalars(db.select(Signature.id).filter_by(campaign=SENATE)).first()
    assert app.test_cli_runner().invoke(args=["signatures", "approve", SENATE, str(approved)]).exit_code == 0

    state = numbers(organizer.get(f"/console/campaigns/{STATE}/").get_data(as_text=True))
    assert state == {"Confirmed": "3", "Waiting for confirmation": "1", "Withdrawn": "1",
                     "Invalidated": "1", "Reported sent": "0", "Help requests open": "0"}
    senate = numbers(organizer.get(f"/console/campaigns/{SENATE}/").get_data(as_text=True))
    assert senate["Approved co-signers"] == "1" and "Reported sent" not in senate


def test_the_console_links_each_campaigns_overview(organizer):
    assert f'href="/console/campaigns/{STATE}/"' in organizer.get("/console/").get_data(as_text=True)


def test_an_organizer_not_granted_the_campaign_is_refused(app, client):
    create_user(app, "other@example.org")
    assert app.test_cli_runner().invoke(args=["users", "grant", "other@example.org", SENATE]).exit_code == 0
    login(client, "other@example.org")
    for page in ("/", "/charts", "/signatures", "/settings", "/export.csv"):
        assert client.get(f"/console/campaigns/{STATE}{page}").status_code == 403, page
    assert client.get(f"/console/campaigns/{SENATE}/").status_code == 200


def test_the_overview_counts_the_help_requests_still_open(app, organizer):
    with app.test_request_context():
        campaign = registry_of().get(STATE)
        asked = [helpdesk.submit(campaign, name="Ann", email=f"ann{n}@example.org", country="US", state="OR",
                                 language="en", message="The form does not load.") for n in range(3)]
        helpdesk.close(asked[0])
        db.session.commit()
    page = organizer.get(f"/console/campaigns/{STATE}/").get_data(as_text=True)
    assert numbers(page)["Help requests open"] == "2"
    assert f'href="/console/campaigns/{STATE}/help"' in page
