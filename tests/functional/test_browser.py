"""What a supporter sees in a real browser (Debian's chromium through Playwright): the live letter
preview, the same without JavaScript, the whole self-submit path with its copy buttons, a wrong
captcha, the printed joint letter, pages free of console errors and CSP violations, and a
Cyrillic name suggested in Latin letters for the letter."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests.support.browser import (browser, browser_thread, click_and_wait, confirm_in_browser,  # noqa: F401
                                   fill_sign_form, live_server, open_page, sign_in_browser, solve_captcha,
                                   watch_problems)
from tests.support.signing import SENATE_SIGNER
from tests.unit.i18n.test_transliteration import CASES
from undersigned.i18n.transliteration import suggest_letter_name
from undersigned.extensions import db
from undersigned.signing.models import Signature

try:
    from playwright.sync_api import expect
except ImportError:  # the ``browser`` fixture reports it (a skip locally, a failure in CI)
    expect = None

pytestmark = pytest.mark.browser

CONTACT_FORM = "https://contact.example.gov/form"
JANE = {"first_name": "Jane", "last_name": "Doe", "email": "jane.doe@example.org",
        "country": "US", "us_state": "OR"}
CHECK_EMAIL = re.compile(r"/c/belarus_state_dept/check-email$")


def letter_field(page, name: str):
    return page.locator(f".letter .letter-field[data-field='{name}']")


def test_typing_a_name_personalises_the_letter_before_any_submit(live_server, open_page):
    page = open_page()
    posts = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
    page.goto(live_server.url("/c/belarus_state_dept"))
    name = letter_field(page, "letter_name")
    expect(name.first).to_have_text("[Your name as it should appear in the letter]")

    page.get_by_label("First name").fill("Jane")
    page.get_by_label("Last name").press_sequentially("Doe")
    for span in name.all():
        expect(span).to_have_text("Jane Doe")
    expect(page.locator(".letter .signature")).to_have_text("Jane Doe")

    page.get_by_label("First name").fill("")
    expect(name.first).to_have_text("Doe")
    assert posts == [] and page.url == live_server.url("/c/belarus_state_dept")


@pytest.mark.config(BELARUS_STATE_DEPT_CONTACT_FORM_URL=CONTACT_FORM)
def test_without_javascript_the_preview_button_renders_the_letter_and_signing_works(live_server, open_page):
    page = open_page(java_script_enabled=False)
    page.goto(live_server.url("/c/belarus_state_dept"))
    fill_sign_form(page, JANE)
    click_and_wait(page, "Preview the letter")

    expect(letter_field(page, "letter_name").first).to_have_text("Jane Doe")  # suggested by the server
    expect(page.locator(".letter .signature")).to_have_text("Jane Doe")
    expect(page.get_by_label("Your name as it should appear in the letter")).to_have_value("Jane Doe")
    expect(page.get_by_label("First name")).to_have_value("Jane")
    expect(page.get_by_label("Last name")).to_have_value("Doe")
    expect(page.get_by_label("E-mail address")).to_have_value("jane.doe@example.org")
    expect(page.locator("#country")).to_have_value("US")
    expect(page.locator("#us_state")).to_have_value("OR")
    expect(page.locator(".error-summary")).to_have_count(0)  # a preview is not a failed sign

    solve_captcha(page, live_server.app)
    click_and_wait(page, "Sign the letter")
    expect(page).to_have_url(CHECK_EMAIL)
    expect(page.get_by_role("heading", level=1)).to_have_text("Almost done: check your e-mail")

    # the rest of the path works without scripts too: the letter is there to select and copy
    confirm_in_browser(page, live_server, JANE["email"])
    expect(page.get_by_text("Your signature is confirmed and counted.")).to_be_visible()
    expect(page.locator("#letter-text")).to_be_visible()
    assert "Jane Doe" in page.locator("#letter-text").input_value()
    expect(page.locator("button.copy")).to_have_count(3)
    for button in page.locator("button.copy").all():  # they need a script: none is offered
        expect(button).to_be_hidden()
    click_and_wait(page, "I have sent it")
    expect(page.get_by_role("heading", name="Your letter is counted as sent")).to_be_visible()


@pytest.mark.config(BELARUS_STATE_DEPT_CONTACT_FORM_URL=CONTACT_FORM)
def test_a_supporter_signs_confirms_copies_the_letter_and_reports_it_sent(live_server, open_page):
    page = open_page()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.base_url)
    sign_in_browser(page, live_server, "belarus_state_dept", JANE)
    expect(page).to_have_url(CHECK_EMAIL)
    expect(page.get_by_role("heading", level=1)).to_have_text("Almost done: check your e-mail")

    confirm_in_browser(page, live_server, JANE["email"])
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you, Jane!")
    expect(page.get_by_text("Your signature is confirmed and counted.")).to_be_visible()
    expect(page.get_by_role("link", name=CONTACT_FORM)).to_have_attribute("href", CONTACT_FORM)
    for name in ("Copy subject", "Copy message", "Copy link"):
        expect(page.get_by_role("button", name=name, exact=True)).to_be_visible()
    letter = page.locator("#letter-text").input_value()
    assert "Jane Doe" in letter and "[First name]" not in letter

    copy = page.get_by_role("button", name="Copy message", exact=True)
    copy.click()
    expect(page.locator("button.copy[data-copy='letter-text']")).to_have_text("✓ Copy message")
    assert page.evaluate("navigator.clipboard.readText()") == letter
    expect(page.locator("button.copy[data-copy='letter-text']")).to_have_text("Copy message")  # resets

    click_and_wait(page, "I have sent it")
    expect(page.get_by_role("heading", name="Your letter is counted as sent")).to_be_visible()
    expect(page.get_by_text("You told us you have sent it. There is nothing more to do.")).to_be_visible()
    expect(page.locator("main :is(h1, h2, p)").filter(has_text="Thank you")).to_have_count(1)  # once: the heading
    expect(page.get_by_role("button", name="I have sent it")).to_have_count(0)


def test_a_wrong_captcha_shows_the_error_summary_and_keeps_what_was_typed(live_server, open_page):
    page = open_page()
    page.goto(live_server.url("/c/belarus_state_dept"))
    fill_sign_form(page, JANE)
    page.get_by_label("Show my name publicly as a signer").check()
    solve_captcha(page, live_server.app, answer="WRONG9")
    click_and_wait(page, "Sign the letter")

    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Please check the form")
    expect(summary).to_contain_text("The code you entered does not match the picture.")
    expect(summary).to_be_focused()  # a screen reader announces it; the supporter lands on it
    expect(page.get_by_label("First name")).to_have_value("Jane")
    expect(page.get_by_label("Last name")).to_have_value("Doe")
    expect(page.get_by_label("E-mail address")).to_have_value("jane.doe@example.org")
    expect(page.locator("#country")).to_have_value("US")
    expect(page.locator("#us_state")).to_have_value("OR")
    expect(page.get_by_label("Show my name publicly as a signer")).to_be_checked()
    expect(letter_field(page, "letter_name").first).to_have_text("Jane Doe")
    expect(page.locator("#captcha_answer")).to_have_value("")  # a new picture, a new code

    # with the new code the same form goes through
    solve_captcha(page, live_server.app)
    click_and_wait(page, "Sign the letter")
    expect(page).to_have_url(CHECK_EMAIL)


def test_the_printed_joint_letter_hides_the_site_and_puts_two_signatures_per_row(live_server, open_page):
    page = open_page(viewport={"width": 1000, "height": 1400})
    grace = dict(SENATE_SIGNER, first_name="Grace", last_name="Hopper", letter_name="Grace Hopper",
                 email="grace@example.org",
                 title="State Representative", organization="Virginia House of Delegates")
    for signer in (SENATE_SIGNER, grace):
        sign_in_browser(page, live_server, "belarus_senate", signer)
        expect(page).to_have_url(re.compile(r"/c/belarus_senate/check-email$"))
        confirm_in_browser(page, live_server, signer["email"])
        expect(page.get_by_text("check every co-signer")).to_be_visible()

    app = live_server.app
    with app.app_context():
        ids = [str(i) for i in db.session.scalars(
            select(Signature.id).where(Signature.campaign == "belarus_senate").order_by(Signature.id))]
    assert len(ids) == 2
    result = app.test_cli_runner().invoke(args=["signatures", "approve", "belarus_senate", *ids])
    assert result.exit_code == 0, result.output

    page.goto(live_server.url("/c/belarus_senate/letter"))
    expect(page.locator(".site-header")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".site-footer")).to_be_hidden()
    expect(page.get_by_role("link", name="Back to the campaign")).to_be_hidden()
    blocks = page.locator(".signature-block")
    expect(blocks).to_have_count(2)
    expect(blocks.nth(0)).to_contain_text("Ada Lovelace")
    expect(blocks.nth(1)).to_contain_text("Grace Hopper")
    first, second = blocks.nth(0).bounding_box(), blocks.nth(1).bounding_box()
    assert first and second
    assert abs(first["y"] - second["y"]) < 1, (first, second)  # one row
    assert second["x"] >= first["x"] + first["width"], (first, second)  # side by side


@pytest.mark.parametrize("path", ["/", "/c/belarus_state_dept", "/c/belarus_senate", "/c/belarus_senate/letter"])
def test_pages_have_no_console_errors_or_csp_violations(live_server, open_page, path):
    page = open_page()
    problems = watch_problems(page)
    page.goto(live_server.url(path))
    page.wait_for_load_state("networkidle")
    if page.locator("#sign-form").count():
        page.get_by_label("First name").fill("Jane")  # letter.js runs under the CSP
        expect(letter_field(page, "letter_name").first).to_have_text("Jane")
        captcha = page.locator(".captcha img")
        expect(captcha).to_be_visible()
        assert captcha.evaluate("image => image.complete && image.naturalWidth > 0")
    assert problems.all() == []

    # the watcher does see a violation: an inline script without the nonce is refused
    page.evaluate("""() => { const s = document.createElement("script");
                             s.textContent = "window.injected = 1"; document.body.append(s); }""")
    for _ in range(50):
        if problems.csp_violations:
            break
        page.wait_for_timeout(100)
    assert problems.csp_violations, "the CSP watcher saw nothing"
    assert page.evaluate("window.injected") is None


# --- the name in Latin letters: suggested as the supporter types, kept once edited ---------------

LATIN_NAME_LABEL = "Ваше имя так, как оно должно быть в письме"


def test_a_cyrillic_name_is_suggested_in_latin_letters_and_an_edit_is_kept(live_server, open_page):
    page = open_page()
    problems = watch_problems(page)
    page.goto(live_server.url("/ru/c/belarus_state_dept"))
    letter_name = page.get_by_label(LATIN_NAME_LABEL)
    preview = page.locator(".letter .letter-field[data-field='letter_name']").first

    page.get_by_label("Имя", exact=True).press_sequentially("Аляксандр")
    page.get_by_label("Фамилия").press_sequentially("Ўладзіміравіч")
    expect(letter_name).to_have_value("Aliaksandr Uladzimiravich")
    expect(preview).to_have_text("Aliaksandr Uladzimiravich")
    expect(page.locator(".letter .signature").first).to_have_text("Aliaksandr Uladzimiravich")

    letter_name.fill("Alaksandar Uladzimiravič")  # how they spell it
    expect(preview).to_have_text("Alaksandar Uladzimiravič")
    page.get_by_label("Фамилия").fill("Ўладзіміравіч-Гурыновіч")
    expect(letter_name).to_have_value("Alaksandar Uladzimiravič")  # their edit is kept
    expect(preview).to_have_text("Alaksandar Uladzimiravič")

    letter_name.fill("")  # cleared: suggestions resume
    page.get_by_label("Имя", exact=True).fill("Алесь")
    expect(letter_name).to_have_value("Ales Uladzimiravich-Hurynovich")
    assert problems.all() == []


def test_the_browser_suggests_what_the_server_would(live_server, open_page):
    page = open_page()
    page.goto(live_server.url("/ru/c/belarus_state_dept"))
    for cyrillic, _ in CASES:
        first, _, last = cyrillic.partition(" ")
        page.get_by_label("Имя", exact=True).fill(first)
        page.get_by_label("Фамилия").fill(last)
        expect(page.get_by_label(LATIN_NAME_LABEL)).to_have_value(suggest_letter_name(first, last, "ru"))
