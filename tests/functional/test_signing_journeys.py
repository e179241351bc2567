"""A supporter signs each seed campaign in Chromium, in each language, on a phone and on a
laptop: the form, the captcha, the e-mailed confirmation link, the confirm button, the next step.
A full-page screenshot of each step is kept for a person to look at:
``$UNDERSIGNED_ARTIFACTS/screenshots/<campaign>-<lang>-<width>-<step>.png`` (default
``artifacts/`` in the project)."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

import pytest

from tests.support.browser import (LiveServer, browser_thread, fill_sign_form, live_app,  # noqa: F401
                                   screenshots_folder, solve_captcha)
from tests.support.pages import SIGNERS

pytestmark = pytest.mark.browser

WIDTHS = {390: 844, 1366: 900}  # a phone and a laptop: width -> height
LANGUAGES = ("en", "ru", "be")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[LiveServer]:
    with live_app(tmp_path_factory.mktemp("journeys")) as live:
        yield live


def _journey(browser, expect, site: LiveServer, slug: str, language: str, width: int, shots: Path) -> list[Path]:
    """Sign, confirm and reach the next step; the screenshots taken on the way."""
    prefix = "" if language == "en" else f"/{language}"
    address = f"{slug}.{language}.{width}@example.org"
    context = browser.new_context(viewport={"width": width, "height": WIDTHS[width]})
    page = context.new_page()
    taken: list[Path] = []

    def shoot(step: str) -> None:
        expect(page.locator("html")).to_have_attribute("lang", language)
        path = shots / f"{slug}-{language}-{width}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        taken.append(path)

    try:
        page.goto(site.url(f"{prefix}/c/{slug}"))
        fill_sign_form(page, dict(SIGNERS[slug], email=address))
        solve_captcha(page, site.app)
        shoot("1-form")
        with page.expect_navigation():
            page.locator("#sign-form button[type=submit]:not([name])").click()
        expect(page).to_have_url(re.compile(rf"{prefix}/c/{slug}/check-email$"))
        shoot("2-check-email")

        page.goto(site.confirmation_link(address))
        expect(page).to_have_url(re.compile(rf"{prefix}/c/{slug}/confirm/"))
        shoot("3-confirm")
        with page.expect_navigation():
            page.locator("form[action*='/confirm/'] button[type=submit]").click()
        expect(page).to_have_url(re.compile(rf"{prefix}/c/{slug}/thanks/"))
        expect(page.get_by_role("heading", level=1)).to_contain_text(SIGNERS[slug]["first_name"])
        shoot("4-next-step")
    finally:
        context.close()
    return taken


@pytest.mark.parametrize("width", sorted(WIDTHS))
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("slug", sorted(SIGNERS))
def test_a_supporter_signs_confirms_and_reaches_the_next_step(site, browser_thread, slug, language, width):
    shots = screenshots_folder()
    taken = browser_thread.run(lambda browser, expect: _journey(browser, expect, site, slug, language, width, shots))
    assert [path.name for path in taken] == [f"{slug}-{language}-{width}-{step}.png" for step in
                                             ("1-form", "2-check-email", "3-confirm", "4-next-step")]
    assert all(path.stat().st_size > 0 for path in taken)
