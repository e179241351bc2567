"""Admins manage console users in the console (users/views.py): the list, invitations, roles and
campaigns, disabling; an admin never locks themself out; every change is in the audit log."""
from __future__ import annotations

import re
import time

import pytest
from itsdangerous import TimestampSigner
from sqlalchemy import insert

from tests.support.clients import client_at
from tests.support.console import create_user, login, post
from tests.support.outbox import deliver, mails_to
from tests.support.pager import next_page, pager_links
from undersigned.audit.log import entries
from undersigned.extensions import db
from undersigned.users import invitations, service
from undersigned.users.models import User


@pytest.fixture
def admin(app):
    create_user(app, "admin@example.org", "admin")
    client = client_at(app, "192.0.2.80")
    assert login(client, "admin@example.org").status_code == 302
    return client


def user_id(app, email: str) -> int:
    with app.app_context():
        return service.find(email).id


def invitation_link(app, to: str) -> str:
    deliver(app)
    [message] = mails_to(app, to)
    return re.search(r"https?://\S+/console/invite/\S+", message.get_body(("plain",)).get_content()).group(0)


def test_the_users_page_lists_users_with_roles_and_campaigns(app, admin):
    create_user(app, "org@example.org", "organizer")
    app.test_cli_runner().invoke(args=["users", "grant", "org@example.org", "belarus_senate"])
    page = admin.get("/console/users").get_data(as_text=True)
    assert "admin@example.org" in page and "org@example.org" in page and "belarus_senate" in page


def test_an_invitation_link_expires(app, admin, monkeypatch):
    post(admin, "/console/users/invite", {"email": "late@example.org", "roles": ["translator"]})
    path = invitation_link(app, "late@example.org").split("undersigned.test", 1)[1]
    later = int(time.time()) + 72 * 3600 + 5
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: later)
    page = client_at(app, "192.0.2.83").get(path)
    assert page.status_code == 404 and "works once and for a limited time" in page.get_data(as_text=True)


def test_an_invitation_needs_an_address_and_a_role(app, admin):
    answer = post(admin, "/console/users/invite", {"email": "not an address", "campaigns": ["belarus_senate"]})
    assert answer.status_code == 400
    page = answer.get_data(as_text=True)
    assert "Please enter an e-mail address such as name@example.org." in page
    assert "Please choose at least one role." in page
    assert 'value="not an address"' in page and 'value="belarus_senate" checked' in page
    with app.app_context():
        assert len(service.all_users()) == 1


def test_inviting_a_taken_address_keeps_the_form(app, admin):
    answer = post(admin, "/console/users/invite", {"email": "admin@example.org", "roles": ["organizer"]})
    assert answer.status_code == 400
    page = answer.get_data(as_text=True)
    assert "A console user with that e-mail address exists." in page and 'value="admin@example.org"' in page


def test_disabling_a_user_ends_their_sessions_at_once(app, admin):
    create_user(app, "org@example.org", "organizer")
    org = client_at(app, "192.0.2.84")
    login(org, "org@example.org")
    assert org.get("/console/").status_code == 200
    target = user_id(app, "org@example.org")
    page = admin.get(f"/console/users/{target}").get_data(as_text=True)
    assert f'href="/console/users/{target}/disable"' in page  # a link to a page that asks first
    asked = admin.get(f"/console/users/{target}/disable").get_data(as_text=True)
    assert "Disable org@example.org?" in asked and "Yes, disable org@example.org" in asked
    assert org.get("/console/").status_code == 200  # asking changed nothing
    assert post(admin, f"/console/users/{target}/active", {"active": "0"}).status_code == 302
    assert org.get("/console/").status_code == 302
    assert "Enable the account" in admin.get(f"/console/users/{target}").get_data(as_text=True)
    assert login(org, "org@example.org").status_code == 400
    post(admin, f"/console/users/{target}/active", {"active": "1"})
    assert login(org, "org@example.org").status_code == 302
    with app.app_context():
        changes = [e.action for e in entries() if not e.action.startswith("user.login")]
        assert changes[:2] == ["user.enable", "user.disable"]


def test_setting_roles_and_campaigns(app, admin):
    create_user(app, "org@example.org", "organizer")
    target = user_id(app, "org@example.org")
    answer = post(admin, f"/console/users/{target}", {"roles": ["organizer", "translator"],
                                                      "campaigns": ["belarus_state_dept"]})
    assert answer.status_code == 302
    with app.app_context():
        user = service.get(target)
        assert user.role_set == {"organizer", "translator"} and user.campaigns == {"belarus_state_dept"}
        assert {e.action for e in entries()[:2]} == {"user.roles", "user.grants"}


def test_an_admin_cannot_lock_themself_out(app, admin):
    me = user_id(app, "admin@example.org")
    answer = post(admin, f"/console/users/{me}", {"roles": ["organizer"]})
    assert answer.status_code == 400
    assert "You cannot take away your own admin role" in answer.get_data(as_text=True)
    page = post(admin, f"/console/users/{me}/active", {"active": "0"}, follow_redirects=True)
    assert "You cannot disable your own account" in page.get_data(as_text=True)
    with app.app_context():
        user = service.get(me)
        assert user.active and "admin" in user.role_set


def test_only_admins_manage_users(app):
    create_user(app, "org@example.org", "organizer")
    org = client_at(app, "192.0.2.85")
    login(org, "org@example.org")
    assert org.get("/console/users").status_code == 403
    assert post(org, "/console/users/invite", {"email": "x@example.org", "roles": ["admin"]}).status_code == 403
    with app.app_context():
        assert service.find("x@example.org") is None


def test_users_and_pending_invitations_come_fifty_a_page_each_with_their_totals(app, admin):
    with app.app_context():
        db.session.execute(insert(User), [{"email": f"user{n:02d}@example.org", "password_hash": "x",
                                           "roles": "organizer"} for n in range(51)])
        db.session.commit()
    with app.test_request_context("/"):
        for n in range(51):
            invitations.invite(f"invited{n:02d}@example.org", ["translator"], [])
    first = admin.get("/console/users").get_data(as_text=True)  # the admin, 51 users and 51 invited
    assert "103 console users." in first and len(re.findall(r'href="/console/users/\d+"', first)) == 50
    assert "51 invitations are waiting for their passwords to be chosen." in first
    assert first.count("Withdraw the invitation of ") == 50 and "invited50@example.org" not in first
    assert "prev" not in pager_links(first, "Users") and "Page 1 of 3" in first

    invited = admin.get(next_page(first, "Pending invitations")).get_data(as_text=True)
    assert invited.count("Withdraw the invitation of ") == 1
    assert "Withdraw the invitation of invited50@example.org" in invited
    assert "next" not in pager_links(invited, "Pending invitations")
    # paging on through the users keeps the invitations' page
    assert "invitations_page=2" in next_page(invited, "Users")
    second = admin.get(next_page(invited, "Users")).get_data(as_text=True)
    last = admin.get(next_page(second, "Users")).get_data(as_text=True)
    assert len(re.findall(r'href="/console/users/\d+"', last)) == 3 and "next" not in pager_links(last, "Users")
    assert "Page 3 of 3" in last and last.count("Withdraw the invitation of ") == 1
