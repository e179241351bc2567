"""The console's list pages, each on its first page and the next one its pager links to, and the
pages of a catalog upload (what it changes; the undo it leaves), in English and Russian, every
list long enough to page, as an admin sees them: valid HTML by the W3C Nu checker, no WCAG 2.2
AA violation axe-core finds, and nothing wider than a 320 px screen."""
from __future__ import annotations

import datetime as dt
import shutil
from io import BytesIO
from pathlib import Path
from typing import Any, Callable, Iterator

import polib
import pytest
from sqlalchemy import insert

from tests.conftest import REPO
from tests.support.browser import LiveServer, browser_thread, live_app  # noqa: F401
from tests.support.checkers import axe_source, axe_violations, describe_violations, vnu_errors
from tests.support.console import PASSWORD, create_user, login
from tests.support.pager import next_page
from tests.support.signing import form_inputs
from tests.unit.console.campaigns.conftest import SENATE, STATE, insert_signatures
from undersigned.contract import utcnow
from undersigned.contract.state import registry_of
from undersigned.delivery.joint import service as joint
from undersigned.extensions import db
from undersigned.helpdesk.models import HelpRequest
from undersigned.mail.models import FAILED, WITHHELD, OutboxMessage
from undersigned.security.models import Block
from undersigned.suppression.models import Suppression
from undersigned.users import invitations
from undersigned.users.models import User

MANY = 51
ADMIN = "admin@example.org"
DESKTOP, SMALLEST_SCREEN = {"width": 1280, "height": 900}, {"width": 320, "height": 640}
#: Each list page, and the name of the list whose next page is checked too.
LISTS = {
    "/console/users": ["Users", "Pending invitations"],
    "/console/suppressions/": [None],
    "/console/outbox/": ["Dead messages", "Withheld messages"],
    "/console/audit/": [None],
    f"/console/campaigns/{STATE}/signatures": ["All signatures", "Block lists"],
    f"/console/campaigns/{STATE}/signatures/bursts?window=1h&since=3h&min=1": [None],
    f"/console/campaigns/{STATE}/sharing": [None],
    f"/console/campaigns/{STATE}/help": [None],
    f"/console/campaigns/{SENATE}/cosigners": ["Waiting for approval", "On the letter, in order"],
    f"/console/campaigns/{SENATE}/letter/v1": [None],
    "/console/translations/messages/ru?show=all": [None],
}
#: The names of the lists on pages with two, as the Russian pagers say them.
RUSSIAN = {"Users": "Пользователи", "Pending invitations": "Ожидающие приглашения",
           "Dead messages": "Неотправленные сообщения", "Withheld messages": "Задержанные сообщения",
           "All signatures": "Все подписи", "Block lists": "Списки блокировки",
           "Waiting for approval": "Ждут одобрения", "On the letter, in order": "В письме, по порядку"}


def seed(app) -> None:
    """More than a page of everything each list shows."""
    now = utcnow()
    with app.app_context():
        db.session.execute(insert(User), [{"email": f"user{n:02d}@example.org", "password_hash": "x",
                                           "roles": "organizer"} for n in range(MANY)])
        db.session.execute(insert(Suppression), [{"address_hash": f"{n:032x}", "masked": f"p{n}•••@example.org",
                                                  "reason": "bounce", "soft_bounces": 0, "suppressed_at": now}
                                                 for n in range(MANY)])
        db.session.execute(insert(OutboxMessage), [
            {"kind": "confirm", "to_address": f"m{n}@example.org", "subject": "s", "body_text": "b", "status": status,
             "last_error": "550 mailbox unavailable"} for status in (FAILED, WITHHELD) for n in range(MANY)])
        db.session.execute(insert(Block), [{"campaign": STATE, "kind": "domain", "value": f"spam{n}.example"}
                                           for n in range(MANY)])
        db.session.execute(insert(HelpRequest), [
            {"campaign": STATE, "name": f"Supporter {n}", "email": f"h{n}@example.org", "country": "US",
             "language": "ru", "message": "?", "status": "new", "created_at": now - dt.timedelta(hours=n)}
            for n in range(MANY)])
        db.session.commit()
        insert_signatures(STATE, [{"ip_hash": f"{n:032x}", "email": f"s{n}@d{n}.example", "referral": f"code{n}",
                                   "created_at": now - dt.timedelta(minutes=30)} for n in range(MANY)])
        insert_signatures(SENATE, [{"fields": {"first_name": f"N{n}", "last_name": "Senator", "title": "Senator"},
                                    "approved_at": now if n % 2 else None} for n in range(4 * MANY)])
        joint.freeze(registry_of().get(SENATE))
    with app.test_request_context("/"):
        for n in range(MANY):
            invitations.invite(f"invited{n}@example.org", ["translator"], [])


def upload(client, po: polib.POFile) -> str:
    """Upload ``po`` as the Russian core catalog; the address of the page asking to confirm it."""
    page = client.get("/console/translations/messages/ru").get_data(as_text=True)
    answer = client.post("/console/translations/messages/ru/upload", data={
        "csrf_token": form_inputs(page)["csrf_token"], "catalog": (BytesIO(str(po).encode()), "messages-ru.po")})
    assert answer.status_code == 302, answer.get_data(as_text=True)
    return answer.location


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[LiveServer]:
    """The console over HTTP with more than a page of everything, and its own catalogs (a
    confirmed upload changes them), an admin signed in as ``ADMIN``."""
    folder = tmp_path_factory.mktemp("console")
    shutil.copytree(REPO / "translations", folder / "translations")
    with live_app(folder, RATELIMIT_ENABLED=False, BABEL_TRANSLATION_DIRECTORIES=str(folder / "translations")) as live:
        assert live.app.test_cli_runner().invoke(args=["translations", "compile"]).exit_code == 0
        seed(live.app)
        create_user(live.app, ADMIN, "admin")
        yield live


@pytest.fixture(scope="module")
def addresses(site) -> list[str]:
    """Each list page in English and Russian and the next page its pager links to; a catalog
    upload's page asking first (and its second page of changes), and a catalog page offering to
    undo the upload before."""
    client = site.app.test_client()
    assert login(client, ADMIN).status_code == 302
    found = []
    for address, names in LISTS.items():
        for prefix in ("", "/ru"):
            found.append(prefix + address)
            first = client.get(found[-1]).get_data(as_text=True)
            found += [next_page(first, RUSSIAN.get(name, name) if prefix and name else name) for name in names]
    po = polib.pofile(str(Path(site.app.config["BABEL_TRANSLATION_DIRECTORIES"]) / "ru/LC_MESSAGES/messages.po"))
    for entry in [entry for entry in po if entry.msgstr and "%" not in entry.msgid and "<" not in entry.msgid][:60]:
        entry.msgstr += " (изменено)"
    asked = upload(client, po)
    page = client.get(asked).get_data(as_text=True)
    confirm = page.split('<form method="post" action="', 1)[1].split('"', 1)[0]
    assert client.post(confirm, data=form_inputs(page.split(confirm, 1)[1])).status_code == 302
    found.append("/console/translations/messages/ru")
    assert "Undo the last upload" in client.get(found[-1]).get_data(as_text=True)
    for entry in po:
        if entry.msgstr.endswith(" (изменено)"):
            entry.msgstr = entry.msgstr.replace(" (изменено)", " (ещё раз)")
    asked = upload(client, po)
    found += [asked, asked.replace("/console/", "/ru/console/"), next_page(client.get(asked).get_data(as_text=True),
                                                                         "What changes")]
    return found


def test_the_console_pages_of_every_paged_list_are_valid_html(site, addresses, tmp_path):
    client = site.app.test_client()
    assert login(client, ADMIN).status_code == 302
    documents: dict[Path, str] = {}
    for number, address in enumerate(addresses):
        answer = client.get(address)
        assert answer.status_code == 200, address
        path = tmp_path / f"{number:03d}.html"
        path.write_text(answer.get_data(as_text=True), encoding="utf-8")
        documents[path] = address
    errors = vnu_errors(list(documents))
    report = [f"{documents[Path(e['url'].removeprefix('file:'))]} line {e.get('lastLine')}: {e['message']}"
              f"\n    {e.get('extract', '').strip()}" for e in errors]
    assert not report, "\n".join(report)


@pytest.mark.browser
def test_the_console_pages_of_every_paged_list_break_no_wcag_2_2_aa_rule(site, addresses, browser_thread):
    source = axe_source()

    found = browser_thread.run(lambda browser, expect: sweep(browser, site, addresses, DESKTOP,
                                                             lambda page: axe_violations(page, source)))
    assert not found, "axe-core found WCAG 2.2 AA violations:\n" + "\n".join(
        describe_violations(address, violations) for address, violations in found)


@pytest.mark.browser
def test_the_console_pages_of_every_paged_list_fit_a_320_px_screen(site, addresses, browser_thread):
    found = browser_thread.run(lambda browser, expect: sweep(
        browser, site, addresses, SMALLEST_SCREEN,
        lambda page: page.evaluate("document.documentElement.scrollWidth") > SMALLEST_SCREEN["width"]))
    assert not found, f"pages wider than 320 px: {[address for address, _wide in found]}"


def sweep(browser, site: LiveServer, addresses: list[str], viewport: dict[str, int],
          check: Callable[[Any], Any]) -> list[tuple[str, Any]]:
    """``check(page)`` on each of ``addresses``, signed in as the admin at ``viewport``; the
    addresses where it found something, with what it found."""
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    try:
        page.goto(site.url("/console/login"))
        page.get_by_label("E-mail address").fill(ADMIN)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(site.url("/console/"))
        found = []
        for address in addresses:
            page.goto(site.url(address))
            found.append((address, check(page)))
        return [(address, problem) for address, problem in found if problem]
    finally:
        context.close()
