"""A campaign's console pages in a real browser (Debian's chromium): an organizer approves a
co-signer and the joint letter's page shows them; an organizer sets a goal and the public
campaign page shows it at once. No page reports a script error or a CSP violation."""
from __future__ import annotations

import pytest

from tests.support.browser import browser_thread, in_browser, live_server, watch_problems  # noqa: F401
from tests.support.console import PASSWORD, create_user
from tests.unit.console.campaigns.conftest import SENATE, STATE, insert_signatures

pytestmark = pytest.mark.browser


def sign_in(page, live) -> None:
    create_user(live.app, "org@example.org")
    granted = live.app.test_cli_runner().invoke(args=["users", "grant", "org@example.org", STATE, SENATE])
    assert granted.exit_code == 0, granted.output
    page.goto(live.url("/console/login"))
    page.get_by_label("E-mail address").fill("org@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(live.url("/console/"))


def test_an_organizer_approves_a_co_signer_and_the_joint_letter_shows_them(live_server, in_browser):
    live = live_server
    with live.app.app_context():
        insert_signatures(SENATE, [{"public_name": True, "fields": {
            "first_name": "Grace", "last_name": "Hopper", "letter_name": "Grace Hopper",
            "title": "State Senator", "organization": "Virginia State Senate"}}])

    def body(page, expect) -> None:
        problems = watch_problems(page)
        page.goto(live.url(f"/c/{SENATE}/letter"))
        expect(page.locator(".joint-letter")).not_to_contain_text("Grace Hopper")
        sign_in(page, live)
        page.get_by_role("link", name="Joint letter to the Secretary of State on Belarus").click()
        page.get_by_role("link", name="Co-signers").click()
        page.get_by_role("button", name="Approve Grace Hopper").click()
        expect(page.get_by_text("Grace Hopper is on the letter.")).to_be_visible()
        page.goto(live.url(f"/c/{SENATE}/letter"))
        expect(page.locator(".joint-letter")).to_contain_text("Grace Hopper")
        assert problems.all() == []

    in_browser(body)


def test_an_organizer_sets_a_goal_and_the_public_page_shows_it(live_server, in_browser):
    live = live_server

    def body(page, expect) -> None:
        problems = watch_problems(page)
        sign_in(page, live)
        page.goto(live.url(f"/console/campaigns/{STATE}/"))
        page.get_by_role("link", name="Settings").click()
        page.get_by_label("Goal (confirmed signatures)").fill("-5")
        page.get_by_role("button", name="Save the settings").click()
        expect(page.get_by_role("alert")).to_contain_text("Nothing was saved.")
        problems.clear()  # the refused form's 400, which the browser reports
        page.get_by_label("Goal (confirmed signatures)").fill("12000")
        page.get_by_role("button", name="Save the settings").click()
        expect(page.get_by_text("Settings saved.")).to_be_visible()
        page.goto(live.url(f"/c/{STATE}"))
        expect(page.locator(".campaign-intro .progress")).to_contain_text("0 of 12,000 signatures")
        page.goto(live.url(f"/console/campaigns/{STATE}/charts"))  # the charts' pictures load under the CSP
        assert problems.all() == []

    in_browser(body)
