"""Campaign grants (users.models.CampaignGrant): an organizer runs only the campaigns granted to
them, an admin runs every campaign, and ``flask users grant`` sets the list."""
from __future__ import annotations

from tests.support.clients import client_at
from tests.support.console import create_user, login


def grant(app, email: str, *slugs: str) -> str:
    result = app.test_cli_runner().invoke(args=["users", "grant", email, *slugs])
    assert result.exit_code == 0, result.output
    return result.output


def test_an_organizer_reaches_only_the_campaigns_granted_to_them(app):
    create_user(app, "org@example.org", "organizer")
    assert "belarus_senate" in grant(app, "org@example.org", "belarus_senate")
    client = client_at(app, "192.0.2.70")
    login(client, "org@example.org")
    assert client.get("/console/campaigns/belarus_senate/sharing").status_code == 200
    assert client.get("/console/campaigns/belarus_state_dept/sharing").status_code == 403
    index = client.get("/console/").get_data(as_text=True)
    assert "/console/campaigns/belarus_senate/" in index
    assert "/console/campaigns/belarus_state_dept/" not in index


def test_taking_a_grant_away_closes_the_campaign_at_once(app):
    create_user(app, "org@example.org", "organizer")
    grant(app, "org@example.org", "belarus_senate")
    client = client_at(app, "192.0.2.71")
    login(client, "org@example.org")
    assert "(none)" in grant(app, "org@example.org")
    assert client.get("/console/campaigns/belarus_senate/sharing").status_code == 403


def test_an_admin_runs_every_campaign_without_grants(app):
    create_user(app, "admin@example.org", "admin")
    client = client_at(app, "192.0.2.72")
    login(client, "admin@example.org")
    for slug in ("belarus_senate", "belarus_state_dept"):
        assert client.get(f"/console/campaigns/{slug}/sharing").status_code == 200


def test_granting_is_in_the_audit_log_without_the_users_address(app):
    from undersigned.audit.log import entries
    create_user(app, "org@example.org", "organizer")
    grant(app, "org@example.org", "belarus_senate")
    with app.app_context():
        entry = entries()[0]
        assert (entry.actor, entry.action, entry.details["campaigns"]) == ("cli", "user.grants", ["belarus_senate"])
        assert "org@example.org" not in str(entry.details)
