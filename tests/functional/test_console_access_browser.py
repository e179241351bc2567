"""The console's access pages in a real browser (Debian's chromium), on a phone-sized screen: an
admin turns on two-factor sign-in from the key on the page (with their password), is shown their
recovery codes, signs in again with password and code, and invites an organizer, who chooses a password from the e-mailed link."""
from __future__ import annotations

import re
import time

import pyotp
import pytest

from tests.support.browser import browser_thread, in_browser, live_server  # noqa: F401
from tests.support.console import PASSWORD, create_user

pytestmark = pytest.mark.browser


def test_an_admin_turns_on_two_factor_signs_in_with_a_code_and_invites_a_user(live_server, in_browser):
    create_user(live_server.app, "admin@example.org", "admin")

    def body(page, expect):
        page.set_viewport_size({"width": 320, "height": 900})
        page.goto(live_server.url("/console/login"))
        page.get_by_label("E-mail address").fill("admin@example.org")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.get_by_role("link", name="Your account and two-factor sign-in").click()
        expect(page.get_by_role("img", name="QR code of the key below")).to_be_visible()
        secret = page.locator("code").inner_text()
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_label("Code from your authenticator app").fill(pyotp.TOTP(secret).now())
        page.get_by_role("button", name="Turn two-factor sign-in on").click()
        expect(page.locator(".notice[role=status]")).to_contain_text("Two-factor sign-in is on")
        expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
        expect(page.locator(".recovery-codes code")).to_have_count(10)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320  # no sideways scrolling

        page.goto(live_server.url("/console/"))
        page.get_by_role("button", name="Sign out").click()
        page.goto(live_server.url("/console/login"))
        page.get_by_label("E-mail address").fill("admin@example.org")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Two-factor sign-in")
        page.get_by_label("Code from your authenticator app").fill(pyotp.TOTP(secret).at(time.time() + 30))
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Console")

        page.get_by_role("link", name="Console users").click()
        page.get_by_label("E-mail address").fill("new@example.org")
        page.get_by_label("Organizer").check()
        page.locator("#campaign-belarus_senate").check()
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        page.get_by_role("button", name="Send the invitation").click()
        expect(page.locator(".notice[role=status]")).to_contain_text("Invitation sent to new@example.org.")

        live_server.deliver_mail()
        [message] = [m for m in live_server.messages() if m["To"] == "new@example.org"]
        link = re.search(r"https?://\S+", message.get_body(("plain",)).get_content()).group(0)
        assert link.startswith(live_server.base_url)
        page.goto(live_server.url("/console/"))
        page.get_by_role("button", name="Sign out").click()
        page.goto(link)
        page.get_by_label("New password").fill("a-long-password")
        page.get_by_label("The same password again").fill("a-long-password")
        page.get_by_role("button", name="Set the password").click()
        page.get_by_label("E-mail address").fill("new@example.org")
        page.get_by_label("Password").fill("a-long-password")
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Console")

    in_browser(body)

