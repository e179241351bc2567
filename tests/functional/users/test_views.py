"""An invitation to the console, the whole way: the admin invites, the invitee sets a password once
through the e-mailed link, signs in and reaches the campaign granted; the link is then used up."""
from __future__ import annotations

from tests.support.clients import client_at
from tests.support.console import login, post
from tests.unit.users.test_views import admin, invitation_link  # noqa: F401 (admin is a fixture)
from undersigned.audit.log import entries
from undersigned.users import service


def test_an_invitee_sets_a_password_once_and_signs_in(app, admin):
    answer = post(admin, "/console/users/invite", {"email": " New@Example.org ", "roles": ["organizer"],
                                                     "campaigns": ["belarus_senate"]})
    assert answer.status_code == 302
    assert "new@example.org" in admin.get("/console/users").get_data(as_text=True)
    with app.app_context():
        invited = service.find("new@example.org")
        invited_id = invited.id
        assert invited.role_set == {"organizer"} and invited.campaigns == {"belarus_senate"}
        entry = entries()[0]
        assert (entry.actor, entry.action, entry.details["user"]) == ("admin@example.org", "user.invite", invited.id)
        assert "new@example.org" not in str(entry.details)

    link = invitation_link(app, "new@example.org")
    path = link.split("undersigned.test", 1)[1]
    invitee = client_at(app, "192.0.2.81")
    assert invitee.get(path).status_code == 200
    assert login(invitee, "new@example.org", "anything-at-all").status_code == 400  # no password yet
    short = post(invitee, path, {"password": "short", "confirm": "short"})
    assert short.status_code == 400 and "at least 10 characters" in short.get_data(as_text=True)
    assert post(invitee, path, {"password": "a-long-password", "confirm": "a-long-password"}).status_code == 302
    with app.app_context():
        entry = entries()[0]
        assert (entry.actor, entry.action, entry.details) == ("new@example.org", "user.password", {"user": invited_id})
    assert login(invitee, "new@example.org", "a-long-password").status_code == 302
    assert invitee.get("/console/campaigns/belarus_senate/sharing").status_code == 200

    again = client_at(app, "192.0.2.82")
    assert again.get(path).status_code == 404  # used up
    assert post(again, path, {"password": "another-password", "confirm": "another-password"}).status_code == 404
    assert login(again, "new@example.org", "another-password").status_code == 400


def test_a_pending_invitation_is_listed_and_can_be_withdrawn(app, admin):
    post(admin, "/console/users/invite", {"email": "late@example.org", "roles": ["organizer"]})
    link = invitation_link(app, "late@example.org")
    path = link.split("undersigned.test", 1)[1]
    with app.app_context():
        invited_id = service.find("late@example.org").id
    page = admin.get("/console/users").get_data(as_text=True)
    pending = page.split('id="invitations-heading"', 1)[1].split("</section>", 1)[0]
    assert "late@example.org" in pending and "admin@example.org" not in pending
    assert "Withdraw the invitation of late@example.org" in pending
    done = post(admin, f"/console/users/invitations/{invited_id}/revoke")
    assert "The invitation of late@example.org is withdrawn" in admin.get(done.location).get_data(as_text=True)
    assert client_at(app, "192.0.2.83").get(path).status_code == 404  # the link no longer works
    with app.app_context():
        assert service.find("late@example.org") is None
        assert entries()[0].action == "user.invite_revoke"
    again = post(admin, f"/console/users/invitations/{invited_id}/revoke")
    assert "Nothing changed" in admin.get(again.location).get_data(as_text=True)
    assert post(admin, "/console/users/invite", {"email": "late@example.org", "roles": ["organizer"]}).status_code == 302
