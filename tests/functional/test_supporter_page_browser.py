"""The supporter's page in a real browser (chromium through Playwright): the state field follows
the country with JavaScript and stays without it, nothing is wider than a phone's screen, the form
sits beside the story on a wide screen, the signer sees their name appear while typing, and
"Preview the letter" comes back to the form. The phone layout itself: test_phone_page_browser.py."""
from __future__ import annotations

import pytest

from tests.support.browser import browser_thread, fill_sign_form, in_browser, live_server  # noqa: F401

pytestmark = pytest.mark.browser

STATE = "/c/belarus_state_dept"
PAGES = ["/", STATE, "/c/belarus_senate", "/c/belarus_senate/letter", "/privacy", f"{STATE}/check-email",
         "/console/login"]


def test_the_state_is_asked_only_for_the_united_states_with_javascript(live_server, in_browser):
    def body(page, expect):
        page.goto(live_server.url(STATE))
        state = page.locator("#us_state")
        expect(state).to_be_hidden()  # no country chosen yet
        page.locator("#country").select_option("US")
        expect(state).to_be_visible()
        page.locator("#country").select_option("DE")
        expect(state).to_be_hidden()
    in_browser(body)


def test_without_javascript_the_state_stays_with_its_hint(live_server, in_browser):
    def body(page, expect):
        page.goto(live_server.url(STATE))
        expect(page.locator("#us_state")).to_be_visible()
        expect(page.locator("#us_state-hint")).to_have_text("Only if you live in the United States.")
    in_browser(body, java_script_enabled=False)


def test_on_a_phone_nothing_is_wider_than_the_screen(live_server, in_browser):
    def body(page, expect):
        for width in (320, 390):
            page.set_viewport_size({"width": width, "height": 640})
            for language in ("", "/ru", "/be"):
                for path in PAGES:
                    page.goto(live_server.url(language + path))
                    scroll_width = page.evaluate("document.documentElement.scrollWidth")
                    assert scroll_width <= width, (width, language + path, scroll_width)
    in_browser(body)


def test_on_a_wide_screen_the_form_sits_beside_the_letter_and_controls_are_big_enough(live_server, in_browser):
    def body(page, expect):
        page.goto(live_server.url(STATE))
        form, story = page.locator("#sign-form").bounding_box(), page.locator(".campaign-story").bounding_box()
        assert form["x"] >= story["x"] + story["width"] and form["y"] < 900, (form, story)
        letter = page.get_by_role("region", name="The letter")
        expect(letter).to_be_in_viewport()
        assert letter.bounding_box()["x"] + letter.bounding_box()["width"] <= form["x"]
        for selector in ("#public_name", "#sign-form button[name='preview']", ".captcha button",
                         ".languages a >> nth=0"):
            box = page.locator(selector).bounding_box()
            assert box["width"] >= 24 and box["height"] >= 24, (selector, box)
    in_browser(body, viewport={"width": 1280, "height": 900})


@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}, {"width": 1280, "height": 900},
                                      {"width": 1280, "height": 720}], ids=["phone", "laptop", "low-laptop"])
@pytest.mark.parametrize("slug", ["belarus_state_dept", "belarus_senate"])
def test_the_signer_sees_their_name_appear_in_the_letter_while_typing(live_server, in_browser, viewport, slug):
    def body(page, expect):
        page.goto(live_server.url(f"/ru/c/{slug}"))
        page.locator("#first_name").press_sequentially("Янка")
        page.locator("#last_name").press_sequentially("Купала")
        if viewport["width"] < 960:  # the letter is below the form: its signature line shows the name
            shown = page.locator(".signature-preview .letter-field")
            expect(page.get_by_role("region", name="Письмо")).not_to_be_in_viewport()
        else:  # the letter, beside the form, scrolls to its signature; the page stays put
            shown = page.locator(".letter-preview .letter[role=region] .letter-field[data-field='letter_name']").first
            assert page.evaluate("window.scrollY") == 0
        expect(shown).to_have_text("Ianka Kupala")
        expect(shown).to_be_in_viewport()
    in_browser(body, viewport=viewport)


@pytest.mark.parametrize("javascript", [True, False], ids=["scripts", "no-scripts"])
def test_preview_returns_to_the_form_not_the_top(live_server, in_browser, javascript):
    def body(page, expect):
        page.goto(live_server.url(STATE))
        fill_sign_form(page, {"first_name": "Jane", "last_name": "Doe", "letter_name": "Jane Doe",
                              "country": "US"})
        with page.expect_navigation():
            page.get_by_role("button", name="Preview the letter").click()
        assert page.url.endswith("#preview")
        assert page.evaluate("window.scrollY") > 0
        expect(page.locator("#preview")).to_be_in_viewport()
        expect(page.locator("#first_name")).to_have_value("Jane")
        letter = page.get_by_role("region", name="The letter")
        expect(letter).to_be_visible()
        expect(letter.locator(".letter-field[data-field='letter_name']").first).to_have_text("Jane Doe")
    in_browser(body, viewport={"width": 390, "height": 700}, java_script_enabled=javascript)


def test_copying_the_link_is_announced_to_screen_readers(live_server, in_browser):
    def body(page, expect):
        page.goto(live_server.url(STATE))
        status = page.locator("#live-status")
        expect(status).to_have_attribute("aria-live", "polite")
        expect(status).to_have_text("")
        page.get_by_role("button", name="Copy link").click()
        expect(status).to_have_text("Copied to the clipboard.")
    in_browser(body, permissions=["clipboard-read", "clipboard-write"])
