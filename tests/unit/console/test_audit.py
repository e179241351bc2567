"""The audit log page (console/audit.py): admins only, newest first, filtered by campaign."""
from __future__ import annotations


from tests.support.clients import client_at
from tests.support.console import create_user, login
from tests.support.pager import next_page, pager_links, previous_page
from undersigned.audit.log import record
from undersigned.extensions import db


def test_admins_read_the_log_filtered_by_campaign(app):
    create_user(app, "admin@example.org", "admin")
    create_user(app, "org@example.org", "organizer")
    runner = app.test_cli_runner()
    runner.invoke(args=["users", "grant", "org@example.org", "belarus_senate"])
    runner.invoke(args=["signatures", "export", "belarus_state_dept", "-o", str(app.instance_path) + "/x.csv"])
    client = client_at(app, "192.0.2.120")
    login(client, "admin@example.org")
    page = client.get("/console/audit/").get_data(as_text=True)
    assert "Campaigns granted changed" in page and "Signatures exported" in page and "Console user created" in page
    assert "user.grants" not in page and "<td>cli</td>" not in page and "<td>command line</td>" in page
    assert "console user: org@example.org" in page  # the subject named, not "user: 2"
    assert page.index("Signatures exported") < page.index("Campaigns granted changed")  # newest first
    chosen = client.get("/console/audit/?campaign=belarus_state_dept").get_data(as_text=True)
    assert "Signatures exported" in chosen and "Campaigns granted changed" not in chosen
    assert '<option value="belarus_state_dept" selected>' in chosen


def test_the_audit_log_is_for_admins_only(app):
    create_user(app, "org@example.org", "organizer")
    client = client_at(app, "192.0.2.121")
    assert client.get("/console/audit/").location.startswith("/console/login")
    login(client, "org@example.org")
    assert client.get("/console/audit/").status_code == 403


def test_the_log_comes_fifty_entries_a_page_with_its_total(app):
    create_user(app, "admin@example.org", "admin")
    with app.app_context():
        for n in range(60):
            record("settings.change", campaign="belarus_senate", count=n)
        db.session.commit()
    client = client_at(app, "192.0.2.122")
    login(client, "admin@example.org")
    first = client.get("/console/audit/?campaign=belarus_senate").get_data(as_text=True)
    assert "60 entries; the newest first, 50 a page." in first
    assert "count: 59" in first and "count: 10<" in first and "count: 9<" not in first
    rest = client.get(next_page(first, "Entries, newest first")).get_data(as_text=True)
    assert "count: 9<" in rest and "count: 0<" in rest and "count: 10<" not in rest
    assert "60 entries; the newest first, 50 a page." in rest and "campaign=belarus_senate" in previous_page(rest)
    assert "next" not in pager_links(rest)
