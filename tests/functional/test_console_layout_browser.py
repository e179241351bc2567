"""The console laid out for data, in a real browser (Debian's chromium): at 1,280 px no word in
a table cell is broken across lines (ids, dates, statuses, numbers, addresses stay whole), and on
a 390 px phone nothing makes the page wider than the screen (tables scroll in a box of their own).
Screenshots of the overview, the signatures and the co-signers at both widths go to the test
artifacts (``UNDERSIGNED_ARTIFACTS``/screenshots)."""
from __future__ import annotations

import pytest

from tests.support.browser import browser_thread, in_browser, live_server, screenshots_folder  # noqa: F401
from tests.support.console import PASSWORD, create_user
from tests.unit.console.campaigns.conftest import SENATE, STATE, insert_signatures

pytestmark = pytest.mark.browser

PAGES = {"overview": f"/console/campaigns/{STATE}/", "signatures": f"/console/campaigns/{STATE}/signatures",
         "cosigners": f"/console/campaigns/{SENATE}/cosigners"}
#: Each word of each table cell: the words whose pieces sit on more than one line.
BROKEN_WORDS = """() => {
  const broken = [];
  for (const cell of document.querySelectorAll("main td, main th")) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (lines.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""


def sign_in(page, live) -> None:
    page.goto(live.url("/console/login"))
    page.get_by_label("E-mail address").fill("org@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(live.url("/console/"))


def seed(live) -> None:
    create_user(live.app, "org@example.org", campaigns=(STATE, SENATE))
    with live.app.app_context():
        insert_signatures(STATE, [{"email": f"konstantinopolskaya.{n}@international-example.org",
                                   "fields": {"first_name": "Aleksandra", "last_name": f"Konstantinopolskaya{n}"}}
                                  for n in range(12)] + [{"status": "pending"}, {"status": "withdrawn"}])
        insert_signatures(SENATE, [{"public_name": True, "fields": {
            "first_name": "Алесь", "last_name": "Бяляцкі", "letter_name": "Ales Bialiatski",
            "title": "Chairman of the Human Rights Centre", "organization": "Viasna Human Rights Centre"}}])


def test_console_tables_keep_words_whole_wide_and_scroll_on_a_phone(live_server, in_browser):
    live = live_server
    seed(live)
    shots = screenshots_folder()

    def wide(page, expect) -> None:
        sign_in(page, live)
        for name, path in PAGES.items():
            page.goto(live.url(path))
            expect(page.locator("main table").first).to_be_visible()
            assert page.evaluate(BROKEN_WORDS) == [], f"words broken in the tables of {path}"
            page.screenshot(path=str(shots / f"console-{name}-1280.png"), full_page=True)

    def phone(page, expect) -> None:
        sign_in(page, live)
        for name, path in PAGES.items():
            page.goto(live.url(path))
            expect(page.locator("main table").first).to_be_visible()
            assert page.evaluate("document.documentElement.scrollWidth") <= 390, f"{path} is wider than the phone"
            box = page.locator(".table-scroll").first
            assert box.get_attribute("tabindex") == "0" and box.get_attribute("role") == "region"
            page.screenshot(path=str(shots / f"console-{name}-390.png"), full_page=True)

    in_browser(wide, viewport={"width": 1280, "height": 900})
    in_browser(phone, viewport={"width": 390, "height": 844})
