"""The console refuses a translation that adds HTML tags or attributes its source does not have,
on saving and on uploading, and keeps what the translator typed (issue 8, item 4)."""
from __future__ import annotations

from io import BytesIO

import polib
import pytest

from tests.support.catalogs import po_path, scratch_catalog_app, set_translation, signed_in_translator
from tests.support.signing import form_inputs

REFRESH = '<meta http-equiv="refresh" content="0;url=https://evil.example">'
TYPED = "&lt;meta http-equiv=&#34;refresh&#34; content=&#34;0;url=https://evil.example&#34;&gt;"
LINK = 'Read <a href="%(url)s">the letter</a> and share it.'


@pytest.fixture
def catalog_app(tmp_path, monkeypatch):
    return scratch_catalog_app(tmp_path, monkeypatch)


def index_of(app, locale: str, msgid: str) -> int:
    return next(i for i, entry in enumerate(polib.pofile(str(po_path(app, locale)))) if entry.msgid == msgid)


def save(client, locale: str, index: int, msgstr: str, prefix: str = ""):
    page = client.get(f"{prefix}/console/translations/messages/{locale}?show=all").get_data(as_text=True)
    return client.post(f"{prefix}/console/translations/messages/{locale}/{index}",
                       data={"csrf_token": form_inputs(page)["csrf_token"], "msgstr": msgstr, "show": "todo"})


def test_saving_html_in_a_plain_translation_is_refused_and_keeps_what_was_typed(catalog_app):
    client = signed_in_translator(catalog_app)
    index = index_of(catalog_app, "ru", "Add your name")
    before = po_path(catalog_app, "ru").read_bytes()
    response = save(client, "ru", index, f"Подпишите {REFRESH}")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f"Not saved: The HTML tags differ from the original: {TYPED}." in html
    assert f'aria-invalid="true" aria-describedby="e{index}-error" autofocus>Подпишите {TYPED}</textarea>' in html
    assert po_path(catalog_app, "ru").read_bytes() == before
    assert "http-equiv" not in catalog_app.test_client().get("/ru/").get_data(as_text=True)


def test_the_refusal_is_in_the_translators_language(catalog_app):
    client = signed_in_translator(catalog_app)
    html = save(client, "be", index_of(catalog_app, "be", "Add your name"), REFRESH, "/ru").get_data(as_text=True)
    assert "HTML-теги отличаются от оригинала" in html and "The HTML tags" not in html


def test_a_msgid_with_html_accepts_its_own_tags_and_refuses_more(catalog_app):
    set_translation(catalog_app, "ru", LINK, "")
    client = signed_in_translator(catalog_app)
    index = index_of(catalog_app, "ru", LINK)
    refused = save(client, "ru", index, 'Прочтите <a href="%(url)s">письмо</a><script>alert(1)</script>')
    assert refused.status_code == 400
    assert "The HTML tags differ from the original: &lt;script&gt; &lt;/script&gt;." in refused.get_data(as_text=True)
    other_link = save(client, "ru", index, 'Прочтите <a href="https://evil.example/?%(url)s">письмо</a>')
    assert "The HTML tags differ from the original" in other_link.get_data(as_text=True)
    assert save(client, "ru", index, 'Прочтите <a href="%(url)s">письмо</a> и поделитесь.').status_code == 302
    assert polib.pofile(str(po_path(catalog_app, "ru"))).find(LINK).msgstr == \
        'Прочтите <a href="%(url)s">письмо</a> и поделитесь.'


def test_uploading_a_catalog_with_added_html_is_refused(catalog_app):
    client = signed_in_translator(catalog_app)
    po = polib.pofile(client.get("/console/translations/messages/ru.po").get_data(as_text=True))
    po.find("Add your name").msgstr = REFRESH
    before = po_path(catalog_app, "ru").read_bytes()
    csrf = form_inputs(client.get("/console/translations/messages/ru").get_data(as_text=True))["csrf_token"]
    response = client.post("/console/translations/messages/ru/upload", follow_redirects=True,
                           data={"csrf_token": csrf, "catalog": (BytesIO(str(po).encode()), "messages-ru.po")})
    html = response.get_data(as_text=True)
    assert ("Not uploaded: The HTML tags in the translation of “Add your name” differ from the original: "
            f"{TYPED}.") in html
    assert po_path(catalog_app, "ru").read_bytes() == before
