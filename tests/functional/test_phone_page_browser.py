"""The campaign page on a phone (Chromium at 390×844), as most supporters first see it, arriving
from a shared link: for every campaign, in every language, the title and the count, then the form
with its first field wholly on the first screen, then the letter (open), then what to do and the
recipient. The same with JavaScript off, where signing still works.

Each first screen and each whole page is kept for a person to look at:
``$UNDERSIGNED_ARTIFACTS/screenshots/phone-<campaign>-<lang>-<scripts|no-scripts>[-whole].png``.
"""
from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Iterator

import pytest

from tests.support.browser import (LiveServer, browser_thread, fill_sign_form, live_app,  # noqa: F401
                                   screenshots_folder, solve_captcha)
from tests.support.pages import SIGNERS
from undersigned.campaigns import counters
from undersigned.contract.state import registry_of
from undersigned.extensions import db

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
LANGUAGES = ("en", "ru", "be")
#: What a reader meets going down the page, in this order.
ORDER = ("h1", ".campaign-intro .progress", "#sign-form", ".letter-preview .letter[role=region]",
         ".instructions", ".recipient")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[LiveServer]:
    """Both seed campaigns with a goal, a milestone reached and the next one: the count at its
    tallest (a goal is an organizer's setting)."""
    with live_app(tmp_path_factory.mktemp("phone")) as live:
        campaigns = registry_of(live.app).campaigns
        with live.app.app_context():
            for slug in SIGNERS:
                campaigns[slug] = dataclasses.replace(campaigns[slug], goal=5000, milestones=(1000, 2500, 5000))
                counters.add(slug, counters.CONFIRMED, 1234)
            db.session.commit()
        yield live


def _read_down(browser, expect, site: LiveServer, javascript: bool, shots: Path) -> dict[str, dict]:
    """Open each campaign in each language; the first field's box, the top of each part of
    :data:`ORDER`, and whether signing (without scripts) reached the check-e-mail page."""
    context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
    page = context.new_page()
    found = {}
    try:
        for slug in sorted(SIGNERS):
            for language in LANGUAGES:
                prefix = "" if language == "en" else f"/{language}"
                page.goto(site.url(f"{prefix}/c/{slug}"))
                expect(page.locator("html")).to_have_attribute("lang", language)
                expect(page.locator(".progress progress")).to_be_visible()
                name = f"phone-{slug}-{language}-{'scripts' if javascript else 'no-scripts'}"
                page.screenshot(path=str(shots / f"{name}.png"))
                page.screenshot(path=str(shots / f"{name}-whole.png"), full_page=True)
                first = page.locator("#sign-form .field").first.locator("input, select, textarea")
                parts = [page.locator(selector) for selector in ORDER]
                found[f"{slug} {language}"] = {
                    "first field": first.bounding_box(),
                    "tops": [part.bounding_box()["y"] for part in parts],
                    "letter shown": parts[3].is_visible(),
                    "signed": None if javascript else _sign(page, site, slug, prefix, expect),
                }
    finally:
        context.close()
    return found


def _sign(page, site: LiveServer, slug: str, prefix: str, expect) -> bool:
    fill_sign_form(page, dict(SIGNERS[slug], email=f"phone.{slug}.{prefix.strip('/') or 'en'}@example.org"))
    solve_captcha(page, site.app)
    with page.expect_navigation():
        page.locator("#sign-form button[type=submit]:not([name])").click()
    return bool(re.search(rf"{prefix}/c/{slug}/check-email$", page.url))


@pytest.mark.parametrize("javascript", [True, False], ids=["scripts", "no-scripts"])
def test_on_a_phone_the_form_starts_on_the_first_screen_then_the_letter_then_what_to_do(
        site, browser_thread, javascript):
    shots = screenshots_folder()
    found = browser_thread.run(lambda browser, expect: _read_down(browser, expect, site, javascript, shots))
    assert sorted(found) == sorted(f"{slug} {language}" for slug in SIGNERS for language in LANGUAGES)
    for page, seen in found.items():
        field = seen["first field"]
        assert field["y"] >= 0 and field["y"] + field["height"] <= PHONE["height"], (page, field)
        assert seen["tops"] == sorted(seen["tops"]), (page, dict(zip(ORDER, seen["tops"])))
        assert seen["letter shown"], page
        assert seen["signed"] in ((None,) if javascript else (True,)), page
