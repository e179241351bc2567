"""Admins and translators keep the catalogs complete from the console."""
from __future__ import annotations

import re
import shutil

import polib
import pytest

from tests.conftest import REPO, make_app
from tests.support.signing import form_inputs
from undersigned.audit.log import entries


@pytest.fixture
def catalog_app(tmp_path, monkeypatch):
    """An app whose core catalogs are a scratch copy, so edits never touch the repository."""
    folder = tmp_path / "translations"
    shutil.copytree(REPO / "translations", folder)
    app = make_app(tmp_path, monkeypatch, BABEL_TRANSLATION_DIRECTORIES=str(folder))
    runner = app.test_cli_runner()
    assert runner.invoke(args=["translations", "compile"]).exit_code == 0
    for email, role in (("tr@example.org", "translator"), ("org@example.org", "organizer")):
        result = runner.invoke(args=["users", "create", email, "--role", role], env={"UNDERSIGNED_PASSWORD": "quiet-lantern-orbit-58"})
        assert result.exit_code == 0, result.output
    return app


def login(client, email: str, password: str = "quiet-lantern-orbit-58"):
    page = client.get("/console/login")
    csrf = form_inputs(page.get_data(as_text=True))["csrf_token"]
    return client.post("/console/login", data={"csrf_token": csrf, "email": email, "password": password})


def test_only_translators_and_admins_reach_the_translation_page(catalog_app):
    client = catalog_app.test_client()
    assert client.get("/console/translations/").status_code == 302  # to the login page
    assert login(client, "org@example.org").status_code == 302
    assert client.get("/console/translations/").status_code == 403
    assert login(catalog_app.test_client(), "org@example.org", "wrong").status_code == 400


def test_coverage_matrix_lists_every_domain_and_language(catalog_app):
    client = catalog_app.test_client()
    login(client, "tr@example.org")
    html = client.get("/console/translations/").get_data(as_text=True)
    for domain in ("Platform texts", "belarus_state_dept", "belarus_senate"):  # not "messages"
        assert f">{domain}</th>" in html
    assert "Русский" in html and "Беларуская" in html
    assert "translated," in html and "%" in html


def test_editing_a_translation_changes_the_page_without_a_restart(catalog_app):
    client = catalog_app.test_client()
    login(client, "tr@example.org")
    po_path = catalog_app.config["BABEL_TRANSLATION_DIRECTORIES"] + "/ru/LC_MESSAGES/messages.po"
    index = next(i for i, entry in enumerate(polib.pofile(po_path)) if entry.msgid == "Add your name")

    page = client.get("/console/translations/messages/ru?show=all").get_data(as_text=True)
    csrf = form_inputs(page)["csrf_token"]
    response = client.post(f"/console/translations/messages/ru/{index}",
                           data={"csrf_token": csrf, "msgstr": "Поставьте свою подпись здесь"},
                           follow_redirects=True)
    assert "Saved and compiled." in response.get_data(as_text=True)
    assert "Поставьте свою подпись здесь" in catalog_app.test_client().get("/ru/").get_data(as_text=True)
    assert polib.pofile(po_path)[index].msgstr == "Поставьте свою подпись здесь"
    with catalog_app.app_context():
        entry = entries()[0]
        assert (entry.actor, entry.action, entry.details) == (
            "tr@example.org", "translation.save", {"domain": "messages", "locale": "ru", "entry": index})


def test_a_translation_with_wrong_placeholders_is_refused(catalog_app):
    client = catalog_app.test_client()
    login(client, "tr@example.org")
    po_path = catalog_app.config["BABEL_TRANSLATION_DIRECTORIES"] + "/be/LC_MESSAGES/messages.po"
    entries = polib.pofile(po_path)
    index = next(i for i, e in enumerate(entries) if e.msgid == "To: %(recipient)s")
    before = entries[index].msgstr
    csrf = form_inputs(client.get("/console/translations/messages/be?show=all").get_data(as_text=True))["csrf_token"]
    response = client.post(f"/console/translations/messages/be/{index}",
                           data={"csrf_token": csrf, "msgstr": "Каму: %(name)s"}, follow_redirects=True)
    assert "Not saved" in response.get_data(as_text=True)
    assert polib.pofile(po_path)[index].msgstr == before


def test_plural_forms_are_edited_together(catalog_app):
    client = catalog_app.test_client()
    login(client, "tr@example.org")
    po_path = catalog_app.config["BABEL_TRANSLATION_DIRECTORIES"] + "/be/LC_MESSAGES/messages.po"
    index = next(i for i, e in enumerate(polib.pofile(po_path)) if e.msgid == "%(num)s signature")
    csrf = form_inputs(client.get("/console/translations/messages/be?show=all").get_data(as_text=True))["csrf_token"]
    half = client.post(f"/console/translations/messages/be/{index}", follow_redirects=True,
                       data={"csrf_token": csrf, "msgstr_plural_0": "%(num)s подпіс"})
    assert "Please fill in all 3 plural forms." in half.get_data(as_text=True)
    forms = {"msgstr_plural_0": "%(num)s подпіс!", "msgstr_plural_1": "%(num)s подпісы!",
             "msgstr_plural_2": "%(num)s подпісаў!"}
    client.post(f"/console/translations/messages/be/{index}", data=dict(forms, csrf_token=csrf))
    home = catalog_app.test_client().get("/be/").get_data(as_text=True)
    assert "0 подпісаў!" in home


def test_download_and_upload_a_po_file(catalog_app):
    client = catalog_app.test_client()
    login(client, "tr@example.org")
    downloaded = client.get("/console/translations/messages/ru.po")
    assert downloaded.status_code == 200
    po = polib.pofile(downloaded.get_data(as_text=True))
    next(e for e in po if e.msgid == "Add your name").msgstr = "Подпишите письмо сегодня"
    csrf = form_inputs(client.get("/console/translations/messages/ru").get_data(as_text=True))["csrf_token"]
    from io import BytesIO
    response = client.post("/console/translations/messages/ru/upload", follow_redirects=True,
                           data={"csrf_token": csrf, "catalog": (BytesIO(str(po).encode()), "messages-ru.po")})
    asked = response.get_data(as_text=True)
    assert "1 translation is changed." in asked  # asked first: nothing is live yet
    assert "Подпишите письмо сегодня" not in catalog_app.test_client().get("/ru/").get_data(as_text=True)
    replace = re.search(r'<form method="post" action="([^"]+)" class="inline">', asked).group(1)
    done = client.post(replace, data=form_inputs(asked.split(replace, 1)[1]), follow_redirects=True)
    assert "compiled and live" in done.get_data(as_text=True)
    assert "Подпишите письмо сегодня" in catalog_app.test_client().get("/ru/").get_data(as_text=True)

    wrong = client.post("/console/translations/messages/ru/upload", follow_redirects=True,
                        data={"csrf_token": csrf, "catalog": (BytesIO(b"not a catalog"), "x.po")})
    assert "Not uploaded" in wrong.get_data(as_text=True)




def test_plural_forms_that_drop_the_count_are_refused_on_save_upload_and_status(catalog_app):
    """A Russian form without %(num)s would print "подписей" with no number for 5, 25, 100..."""
    client = catalog_app.test_client()
    login(client, "tr@example.org")
    po_path = catalog_app.config["BABEL_TRANSLATION_DIRECTORIES"] + "/ru/LC_MESSAGES/messages.po"
    index = next(i for i, e in enumerate(polib.pofile(po_path)) if e.msgid == "%(num)s signature")
    before = polib.pofile(po_path)[index].msgstr_plural
    csrf = form_inputs(client.get("/console/translations/messages/ru?show=all").get_data(as_text=True))["csrf_token"]
    dropped = {"msgstr_plural_0": "%(num)s подпись", "msgstr_plural_1": "%(num)s подписи",
               "msgstr_plural_2": "подписей"}
    response = client.post(f"/console/translations/messages/ru/{index}", data=dict(dropped, csrf_token=csrf))
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "Not saved" in page and "plural form 3" in page
    assert polib.pofile(po_path)[index].msgstr_plural == before

    from io import BytesIO
    po = polib.pofile(po_path)
    po[index].msgstr_plural = {0: "%(num)s подпись", 1: "%(num)s подписи"}  # two forms of three
    upload = client.post("/console/translations/messages/ru/upload", follow_redirects=True,
                         data={"csrf_token": csrf, "catalog": (BytesIO(str(po).encode()), "messages-ru.po")})
    text = upload.get_data(as_text=True)
    assert "Not uploaded" in text and "2 plural forms filled, the language has 3" in text
    assert polib.pofile(po_path)[index].msgstr_plural == before

    po[index].msgstr_plural = {0: "%(num)s подпись", 1: "%(num)s подписи", 2: "подписей"}
    po.save(po_path)  # written behind the editor's back
    status = catalog_app.test_cli_runner().invoke(args=["translations", "status", "--domain", "messages"])
    assert status.exit_code == 1
    assert "refused: '%(num)s signature': plural form 3 has placeholders [], the original ['%(num)s']" in status.output


def test_the_editor_searches_filters_and_pages_by_fifty(catalog_app):
    client = catalog_app.test_client()
    login(client, "tr@example.org")
    everything = client.get("/console/translations/messages/ru?show=all").get_data(as_text=True)
    total = len([e for e in polib.pofile(catalog_app.config["BABEL_TRANSLATION_DIRECTORIES"]
                                         + "/ru/LC_MESSAGES/messages.po") if not e.obsolete])
    assert everything.count('<section class="entry"') == 50
    assert f"Entries 1–50 of {total:,}" in everything and "Next page" in everything
    assert "<h1>Platform texts · Русский</h1>" in everything
    second = client.get("/console/translations/messages/ru?show=all&page=2").get_data(as_text=True)
    assert "Entries 51–100" in second and "Previous page" in second

    by_source = client.get("/console/translations/messages/ru?show=all&q=to:+%25(recipient)").get_data(as_text=True)
    assert by_source.count('<section class="entry"') == 1 and "To: %(recipient)s" in by_source
    by_translation = client.get("/console/translations/messages/ru?show=all&q=ПОДПИСЕЙ").get_data(as_text=True)
    assert 'lang="en"><strong>%(num)s signature</strong>' in by_translation
    assert "No entry matches." in client.get("/console/translations/messages/ru?show=fuzzy").get_data(as_text=True)


def test_plural_fields_are_labelled_with_the_numbers_each_form_serves(catalog_app):
    client = catalog_app.test_client()
    login(client, "tr@example.org")
    page = client.get("/console/translations/messages/be?show=all&q=%25(num)s+signature").get_data(as_text=True)
    labels = re.findall(r'<label for="e\d+-\d">([^<]+)</label>', page)
    assert labels[:3] == ["Form for 1, 21…", "Form for 2–4, 22…", "Form for 5–20, 25…"]
    assert "Plural form" not in page
