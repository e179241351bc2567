"""The captchas in a real browser (Debian's chromium through Playwright): the ALTCHA widget,
served from our own files, solves its proof of work under our CSP and the form signs; the
audio alternative plays.

Each test drives its own Playwright in a worker thread (``in_browser``), so it never meets the
session-wide browser of ``test_browser.py`` (two sync Playwrights cannot share a thread)."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from tests.support.browser import (browser_thread, click_and_wait, fill_sign_form, in_browser,  # noqa: F401
                                   live_server, solve_captcha, watch_problems)
from undersigned.extensions import db
from undersigned.signing.models import Signature

pytestmark = pytest.mark.browser
JANE = {"first_name": "Jane", "last_name": "Doe", "email": "jane.doe@example.org", "country": "US", "us_state": "OR"}


@pytest.mark.config(CAPTCHA_PROVIDER="altcha", ALTCHA_COST=500)
def test_the_altcha_widget_solves_its_challenge_under_our_csp_and_the_form_signs(live_server, in_browser):
    requests: list[str] = []

    def body(page, expect) -> None:
        problems = watch_problems(page)
        page.on("request", lambda request: requests.append(request.url))
        page.goto(live_server.url("/ru/c/belarus_state_dept"))
        fill_sign_form(page, JANE)
        expect(page.locator("altcha-widget")).to_be_visible()
        # auto="onfocus": the check started while the form was being filled; nothing to click
        expect(page.locator("#sign-form input[name='altcha']")).to_have_value(re.compile(r".{40,}"), timeout=30_000)
        with page.expect_navigation():
            page.locator("#sign-form button[type='submit']:not([name])").click()
        expect(page).to_have_url(re.compile(r"/ru/c/belarus_state_dept/check-email$"))
        assert problems.all() == []

    in_browser(body)
    outside = [url for url in requests if not url.startswith(live_server.base_url)]
    assert outside == []  # the widget, its worker and its challenge all come from this site
    with live_server.app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Signature)) == 1


def test_the_audio_alternative_plays_in_the_browser(live_server, in_browser):
    def body(page, expect) -> None:
        problems = watch_problems(page)
        page.goto(live_server.url("/c/belarus_state_dept"))
        audio = page.locator(".captcha audio")
        expect(audio).to_be_visible()
        duration = audio.evaluate("""audio => new Promise((resolve, reject) => {
            audio.addEventListener("loadedmetadata", () => resolve(audio.duration), {once: true});
            audio.addEventListener("error", () => reject(new Error("media error " + audio.error.code)), {once: true});
            audio.load();
        })""")
        assert 8 < duration < 30, duration
        assert problems.all() == []
        # typing the code still signs, as with the picture
        fill_sign_form(page, JANE)
        solve_captcha(page, live_server.app)
        click_and_wait(page, "Sign the letter")
        expect(page).to_have_url(re.compile(r"/check-email$"))

    in_browser(body)
