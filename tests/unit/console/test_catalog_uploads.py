"""Replacing a catalog by upload asks first and can be undone (console/catalog_uploads.py): the
upload shows what it changes and changes nothing; confirming makes it live and keeps the catalog
before it; the catalog's page then undoes it; cancelling leaves everything as it was; a bad file
is refused at once with the reason. Translators and admins only, every step behind its CSRF token."""
from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

import polib
import pytest

from tests.support.catalogs import po_path, scratch_catalog_app, set_translation, signed_in_translator
from tests.support.console import create_user, login, post
from tests.support.signing import form_inputs
from undersigned.audit.log import entries
from undersigned.i18n import uploads

CATALOG = "/console/translations/messages/ru"
#: Three entries the upload changes: one translation changed, one emptied, one filled in.
CHANGED, EMPTIED, FILLED = "Add your name", "To: %(recipient)s", "Look up"


@pytest.fixture
def catalog_app(tmp_path, monkeypatch):
    app = scratch_catalog_app(tmp_path, monkeypatch)
    set_translation(app, "ru", FILLED, "")  # untranslated before the upload
    return app


def edited_catalog(app) -> bytes:
    """The Russian catalog as a translator would upload it: one translation changed, one
    emptied, one filled in."""
    po = polib.pofile(str(po_path(app, "ru")))
    po.find(CHANGED).msgstr = "Подпишите письмо сегодня"
    po.find(EMPTIED).msgstr = ""
    po.find(FILLED).msgstr = "Найти подпись"
    return str(po).encode()


def upload(client, content: bytes, name: str = "messages-ru.po"):
    csrf = form_inputs(client.get(CATALOG).get_data(as_text=True))["csrf_token"]
    return client.post(f"{CATALOG}/upload", data={"csrf_token": csrf, "catalog": (BytesIO(content), name)})


def confirm_form(page: str) -> tuple[str, dict[str, str]]:
    """The address and fields of the confirmation page's "Replace" form."""
    action = re.search(r'<form method="post" action="([^"]+)" class="inline">', page).group(1)
    return action, form_inputs(page.split(action, 1)[1])


def live_home(app) -> str:
    return app.test_client().get("/ru/").get_data(as_text=True)


def test_an_upload_first_shows_what_it_changes_and_changes_nothing(catalog_app):
    client = signed_in_translator(catalog_app)
    before = po_path(catalog_app, "ru").read_bytes()
    answer = upload(client, edited_catalog(catalog_app))
    assert answer.status_code == 302 and "/upload/" in answer.location
    page = client.get(answer.location).get_data(as_text=True)
    assert "Replace the catalog Platform texts · Русский?" in page
    assert "messages-ru.po, uploaded by tr@example.org on" in page
    assert "1 translation is changed." in page and "1 translation is added." in page
    assert "1 translation is removed or emptied" in page
    entries_in_file = sum(not e.obsolete for e in polib.pofile(str(po_path(catalog_app, "ru"))))
    assert f"The file holds {entries_in_file:,} entries." in page
    assert "Подпишите письмо сегодня" in page and "Найти подпись" in page  # each change shown
    assert po_path(catalog_app, "ru").read_bytes() == before and "Подпишите письмо сегодня" not in live_home(catalog_app)
    kept = list((Path(catalog_app.instance_path) / "catalog-uploads").glob("*.po"))
    assert len(kept) == 1 and kept[0].read_bytes() == edited_catalog(catalog_app)  # kept on disk, not in the session
    with catalog_app.app_context():
        assert [e.action for e in entries()].count("translation.upload") == 0


def test_confirming_makes_it_live_and_the_catalog_page_can_undo_it(catalog_app):
    client = signed_in_translator(catalog_app)
    before = po_path(catalog_app, "ru").read_bytes()
    page = client.get(upload(client, edited_catalog(catalog_app)).location).get_data(as_text=True)
    action, fields = confirm_form(page)
    done = client.post(action, data=fields, follow_redirects=True).get_data(as_text=True)
    assert "Platform texts · Русский is replaced by the upload, compiled and live." in done
    assert "Подпишите письмо сегодня" in live_home(catalog_app)
    assert "Undo the last upload" in done and "The last upload, by tr@example.org on" in done
    with catalog_app.app_context():
        entry = entries()[0]
        assert (entry.action, entry.details) == ("translation.upload", {
            "domain": "messages", "locale": "ru", "changed": 1, "added": 1, "removed": 1,
            "messages": entry.details["messages"]})
    kept = list((Path(catalog_app.instance_path) / "catalog-history" / "messages" / "ru").glob("*.po"))
    assert [path.read_bytes() for path in kept] == [before]

    undo = form_inputs(done.split('id="undo"', 1)[1])
    undone = client.post(f"{CATALOG}/undo", data=undo, follow_redirects=True).get_data(as_text=True)
    assert "The upload is undone: Platform texts · Русский is back as it was before it" in undone
    assert po_path(catalog_app, "ru").read_bytes() == before
    home = live_home(catalog_app)
    assert "Подпишите письмо сегодня" not in home and polib.pofile(str(po_path(catalog_app, "ru"))).find(
        CHANGED).msgstr in home
    assert "Undo the last upload" not in undone
    with catalog_app.app_context():
        assert entries()[0].action == "translation.upload_undo"
    again = client.post(f"{CATALOG}/undo", data=undo, follow_redirects=True).get_data(as_text=True)
    assert "Nothing changed: that upload was undone already" in again


def test_cancelling_leaves_the_catalog_as_it_was(catalog_app):
    client = signed_in_translator(catalog_app)
    before = po_path(catalog_app, "ru").read_bytes()
    address = upload(client, edited_catalog(catalog_app)).location
    page = client.get(address).get_data(as_text=True)
    cancel = re.search(r'action="([^"]+/cancel)"', page).group(1)
    done = client.post(cancel, data={"csrf_token": form_inputs(page)["csrf_token"]}, follow_redirects=True)
    assert "The upload is cancelled: Platform texts · Русский is unchanged." in done.get_data(as_text=True)
    assert po_path(catalog_app, "ru").read_bytes() == before and "Подпишите письмо сегодня" not in live_home(catalog_app)
    assert client.get(address).status_code == 404  # the upload is gone
    assert not list((Path(catalog_app.instance_path) / "catalog-uploads").glob("*.po"))
    assert "Undo the last upload" not in done.get_data(as_text=True)


def test_a_bad_file_is_refused_at_the_first_step_with_the_reason(catalog_app):
    client = signed_in_translator(catalog_app)
    po = polib.pofile(str(po_path(catalog_app, "ru")))
    po.find("%(num)s signature").msgstr_plural = {0: "%(num)s подпись", 1: "%(num)s подписи", 2: "подписей"}
    refused = upload(client, str(po).encode())
    assert refused.location.endswith(CATALOG)
    page = client.get(refused.location).get_data(as_text=True)
    assert "Not uploaded: The placeholders or plural forms differ from the original:" in page
    assert "plural form 3 has placeholders []" in page
    assert not list((Path(catalog_app.instance_path) / "catalog-uploads").glob("*.po"))


def test_a_catalog_changed_meanwhile_is_not_replaced_unseen(catalog_app):
    client = signed_in_translator(catalog_app)
    page = client.get(upload(client, edited_catalog(catalog_app)).location).get_data(as_text=True)
    set_translation(catalog_app, "ru", "Look up", "Искать")  # another translator saves meanwhile
    action, fields = confirm_form(page)
    answer = client.post(action, data=fields)
    assert answer.status_code == 409
    assert "The catalog changed since you opened this page." in answer.get_data(as_text=True)
    assert "Подпишите письмо сегодня" not in live_home(catalog_app)


def test_every_step_needs_its_csrf_token_and_the_translate_permission(catalog_app):
    client = signed_in_translator(catalog_app)
    address = upload(client, edited_catalog(catalog_app)).location
    action, fields = confirm_form(client.get(address).get_data(as_text=True))
    before = po_path(catalog_app, "ru").read_bytes()
    no_token = {name: value for name, value in fields.items() if name != "csrf_token"}
    assert client.post(action, data=no_token).status_code == 400
    assert client.post(f"{action}/cancel").status_code == 400
    assert client.post(f"{CATALOG}/undo", data={"upload": "x"}).status_code == 400
    assert client.post(f"{CATALOG}/upload", data={"catalog": (BytesIO(b"x"), "x.po")}).status_code == 400
    assert po_path(catalog_app, "ru").read_bytes() == before

    create_user(catalog_app, "org@example.org", "organizer")
    organizer = catalog_app.test_client()
    login(organizer, "org@example.org")
    assert organizer.get(address).status_code == 403
    assert post(organizer, action, no_token).status_code == 403
    assert post(organizer, f"{CATALOG}/undo", {"upload": "x"}).status_code == 403
    assert po_path(catalog_app, "ru").read_bytes() == before


def test_a_campaigns_catalog_is_named_by_its_title(catalog_app):
    client = signed_in_translator(catalog_app)
    page = client.get("/console/translations/belarus_senate/ru").get_data(as_text=True)
    assert re.search(r"<h1>Texts of the campaign “[^”]+” · Русский</h1>", page)


def test_an_upload_confirmed_twice_at_once_is_replaced_once_without_an_error(catalog_app, monkeypatch):
    client = signed_in_translator(catalog_app)
    page = client.get(upload(client, edited_catalog(catalog_app)).location).get_data(as_text=True)
    action, fields = confirm_form(page)
    find = uploads.pending

    def found_then_taken(*args):
        kept = find(*args)
        kept.path.unlink()  # another request confirms it a moment after this one found it
        return kept

    monkeypatch.setattr(uploads, "pending", found_then_taken)
    late = client.post(action, data=fields, follow_redirects=True)
    assert late.status_code == 200
    assert "Not uploaded: That upload was confirmed or cancelled a moment ago." in late.get_data(as_text=True)
    with catalog_app.app_context():
        assert [e.action for e in entries()].count("translation.upload") == 0
