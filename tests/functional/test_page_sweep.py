"""Every public page, in every language, as the project standard asks: valid HTML (the W3C Nu
checker), no WCAG 2.2 AA violation axe-core finds (also with the sign form showing its errors
and its preview), and nothing wider than a 320 px screen. The pages come from the URL map
(tests/support/pages.py), so a new page is swept as soon as it exists."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Callable, Iterator
from urllib.parse import urlsplit

import pytest

from tests.support.browser import LiveServer, browser_thread, fill_sign_form, live_app  # noqa: F401
from tests.support.checkers import axe_source, axe_violations, describe_violations, vnu_errors
from tests.support.pages import EXCLUDED, SIGNERS, Page, public_pages, unaccounted_rules
from tests.support.signing import form_inputs, sign
from undersigned.contract import channel_of
from undersigned.contract.state import registry_of
from undersigned.delivery.joint import service as joint_service

pytestmark = pytest.mark.browser

LANGUAGES = ("en", "ru", "be")
SMALLEST_SCREEN = {"width": 320, "height": 640}
DESKTOP = {"width": 1280, "height": 900}

_OVERFLOW = """() => {
  const limit = window.innerWidth, root = document.documentElement;
  if (root.scrollWidth <= limit) return null;
  // the element reaching furthest right, by its box or its text
  let widest = null, right = limit;
  // (ties go to the later, deeper one: the culprit rather than its container)
  const consider = (element, edge) => { if (edge > limit + 0.5 && edge >= right - 0.5) { right = edge; widest = element; } };
  for (const element of document.body.querySelectorAll("*")) {
    consider(element, element.getBoundingClientRect().right);
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let text = walker.nextNode(); text; text = walker.nextNode()) {
    const range = document.createRange();
    range.selectNodeContents(text);
    consider(text.parentElement, range.getBoundingClientRect().right);
  }
  const name = widest && (widest.tagName.toLowerCase() + (widest.id ? "#" + widest.id : "")
    + [...widest.classList].map(c => "." + c).join(""));
  return {scrollWidth: root.scrollWidth, width: limit, element: name, right: Math.round(right),
          html: widest ? widest.outerHTML.slice(0, 160) : ""};
}"""


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[LiveServer]:
    # every page is fetched many times from one address: limits would stop the sweep, not a person;
    # a joint letter's page lists one named co-signer, so it shows the note and link on the others
    with live_app(tmp_path_factory.mktemp("sweep"), RATELIMIT_ENABLED=False, JOINT_LETTER_PAGE_NAMES=1) as live:
        yield live


@pytest.fixture(scope="module")
def pages(site) -> list[Page]:
    found = public_pages(site)
    _approve_co_signers(site)
    return found


def _approve_co_signers(site: LiveServer) -> None:
    """One more named co-signer on each joint letter, through the real flow, then every confirmed
    one approved: the letter's page lists some and links the PDF naming them all."""
    app, client = site.app, site.app.test_client()
    runner = app.test_cli_runner()
    with app.app_context():
        joint = [c.slug for c in registry_of(app) if channel_of(c, app).needs_approval]
    for slug in joint:
        address = f"second.{slug}@example.org"
        signer = dict(SIGNERS[slug], email=address, first_name="Grace", last_name="Hopper", letter_name="Grace Hopper")
        assert sign(client, app, slug, **signer).status_code == 302
        confirm_path = urlsplit(site.confirmation_link(address)).path
        csrf = form_inputs(client.get(confirm_path).get_data(as_text=True))["csrf_token"]
        assert client.post(confirm_path, data={"csrf_token": csrf}).status_code == 302
        with app.app_context():
            waiting = [str(row.id) for row in joint_service.waiting(registry_of(app).get(slug))]
        assert runner.invoke(args=["signatures", "approve", slug, *waiting]).exit_code == 0
        assert "the PDF lists them all" in client.get(f"/c/{slug}/letter").get_data(as_text=True)


def test_every_public_get_rule_is_swept_or_excluded_with_a_reason(site, pages):
    assert unaccounted_rules(site.app) == [], (
        "add these rules' arguments to tests/support/pages.py (TOKEN_OF) or exclude them there "
        "(EXCLUDED) with the reason they are not public pages")
    swept = {page.endpoint for page in pages}
    assert {"signing.home", "signing.campaign_page", "signing.confirm", "signing.thanks",
            "privacy.withdraw", "joint.letter", "unsubscribe.page"} <= swept
    assert not swept & set(EXCLUDED)
    assert {page.language for page in pages} == {"en", "ru", "be"}
    assert all(not page.path.startswith("/console") for page in pages)


def test_every_public_page_opens(site, pages):
    client = site.app.test_client()
    answers = {page.name: (client.get(page.url_path).status_code, page.status) for page in pages}
    assert {name: codes for name, codes in answers.items() if codes[0] != codes[1]} == {}


def test_every_public_page_has_one_h1_and_says_its_language(site, pages):
    client = site.app.test_client()
    wrong = {}
    for page in pages:
        html = client.get(page.url_path).get_data(as_text=True)
        headings = len(re.findall(r"<h1[\s>]", html))
        declared = html.startswith(f'<!doctype html>\n<html lang="{page.language}">')
        if headings != 1 or not declared:
            wrong[page.name] = (headings, declared)
    assert wrong == {}


def _form_state_documents(site: LiveServer, language_prefix: str) -> dict[str, str]:
    """The sign form of each campaign refused (nothing typed) and previewed, as a browser posts them."""
    client = site.app.test_client()
    states = {}
    for slug, fields in SIGNERS.items():
        path = f"{language_prefix}/c/{slug}"
        refused = client.post(path, data={})
        assert refused.status_code == 400
        states[f"{slug}-errors"] = refused.get_data(as_text=True)
        previewed = client.post(path, data=dict(fields, preview="1"))
        assert previewed.status_code == 200
        states[f"{slug}-preview"] = previewed.get_data(as_text=True)
    return states


def test_every_public_page_is_valid_html(site, pages, tmp_path):
    client = site.app.test_client()
    documents: dict[Path, str] = {}
    for number, page in enumerate(pages):
        path = tmp_path / f"{number:03d}.html"
        path.write_text(client.get(page.url_path).get_data(as_text=True), encoding="utf-8")
        documents[path] = page.name
    for prefix in sorted({page.prefix for page in pages}):
        for state, html in _form_state_documents(site, prefix).items():
            path = tmp_path / f"{prefix.strip('/') or 'en'}-{state}.html"
            path.write_text(html, encoding="utf-8")
            documents[path] = f"{prefix or 'en'} {state}"

    errors = vnu_errors(list(documents))
    report = [f"{documents[Path(e['url'].removeprefix('file:'))]} line {e.get('lastLine')}: {e['message']}"
              f"\n    {e.get('extract', '').strip()}" for e in errors]
    assert not report, "\n".join(report)


def _form_states(page, site: LiveServer, prefix: str) -> Iterator[str]:
    """Bring ``page`` to each campaign's sign form refused (nothing typed) and then previewed,
    as a supporter would; yield the state's name each time."""
    for slug, fields in SIGNERS.items():
        page.goto(site.url(f"{prefix}/c/{slug}"))
        with page.expect_navigation():
            page.locator("#sign-form button[type=submit]:not([name])").click()
        yield f"{prefix.strip('/') or 'en'} {slug} form with errors"
        fill_sign_form(page, fields)
        with page.expect_navigation():
            page.locator("#sign-form button[name=preview]").click()
        yield f"{prefix.strip('/') or 'en'} {slug} preview"


def _sweep(browser, site: LiveServer, pages: list[Page], viewport: dict[str, int],
           check: Callable[[Any], Any]) -> list[tuple[str, Any]]:
    """``check(page)`` on each of ``pages`` and each sign form state in their language (all of
    ``pages`` share one); the pages where it found something, with what it found."""
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    found = []
    try:
        for target in pages:
            page.goto(site.url(target.url_path))
            found.append((target.name, check(page)))
        for state in _form_states(page, site, pages[0].prefix):
            found.append((state, check(page)))
    finally:
        context.close()
    return [(name, problem) for name, problem in found if problem]


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_page_breaks_wcag_2_2_aa(site, pages, browser_thread, language):
    source = axe_source()
    mine = [page for page in pages if page.language == language]
    found = browser_thread.run(lambda browser, expect: _sweep(
        browser, site, mine, DESKTOP, lambda page: axe_violations(page, source)))
    assert not found, "axe-core found WCAG 2.2 AA violations:\n" + "\n".join(
        describe_violations(name, violations) for name, violations in found)


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_page_is_wider_than_a_320_px_screen(site, pages, browser_thread, language):
    mine = [page for page in pages if page.language == language]
    found = browser_thread.run(lambda browser, expect: _sweep(
        browser, site, mine, SMALLEST_SCREEN, lambda page: page.evaluate(_OVERFLOW)))
    assert not found, "pages wider than 320 px:\n" + "\n".join(
        f"{name}: {o['scrollWidth']} px wide; widest: {o['element']} reaches {o['right']} px: {o['html']}"
        for name, o in found)
