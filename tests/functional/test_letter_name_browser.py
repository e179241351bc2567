"""The name in Latin letters, in a real browser: suggested as the supporter types their name in
Cyrillic, shown in the letter's preview, and left alone once they edit it."""
from __future__ import annotations

import pytest

from tests.support.browser import browser, live_server, open_page, watch_problems  # noqa: F401
from tests.unit.i18n.test_transliteration import CASES
from undersigned.i18n.transliteration import suggest_letter_name

try:
    from playwright.sync_api import expect
except ImportError:  # the ``browser`` fixture reports it (a skip locally, a failure in CI)
    expect = None

pytestmark = pytest.mark.browser

LABEL = "Ваше имя так, как оно должно быть написано в письме"


def test_a_cyrillic_name_is_suggested_in_latin_letters_and_an_edit_is_kept(live_server, open_page):
    page = open_page()
    problems = watch_problems(page)
    page.goto(live_server.url("/ru/c/belarus_state_dept"))
    letter_name = page.get_by_label(LABEL)
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
        expect(page.get_by_label(LABEL)).to_have_value(suggest_letter_name(first, last, "ru"))
