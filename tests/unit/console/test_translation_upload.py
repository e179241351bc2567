"""An uploaded ``.po`` is read as content only, never as a path on the server (issue 8, item 5)."""
from __future__ import annotations

from io import BytesIO

import pytest

from tests.support.catalogs import po_path, scratch_catalog_app, signed_in_translator
from tests.support.signing import form_inputs


@pytest.fixture
def catalog_app(tmp_path, monkeypatch):
    return scratch_catalog_app(tmp_path, monkeypatch)


def upload(client, locale: str, content: bytes):
    csrf = form_inputs(client.get(f"/console/translations/messages/{locale}").get_data(as_text=True))["csrf_token"]
    return client.post(f"/console/translations/messages/{locale}/upload", follow_redirects=True,
                       data={"csrf_token": csrf, "catalog": (BytesIO(content), "messages.po")})


@pytest.mark.parametrize("named", ["/etc/passwd", "catalog"])
def test_an_upload_naming_a_server_file_is_not_read_from_that_path(catalog_app, named):
    client = signed_in_translator(catalog_app)
    target = po_path(catalog_app, "ru")
    path = str(target) if named == "catalog" else named
    before = target.read_bytes()
    html = upload(client, "ru", path.encode()).get_data(as_text=True)
    assert "Not uploaded: This is not a valid .po file in UTF-8." in html
    assert path not in html and "root:" not in html and "compiled and live" not in html
    assert target.read_bytes() == before


def test_a_broken_upload_gets_a_plain_message_without_the_parsers_details(catalog_app):
    client = signed_in_translator(catalog_app)
    html = upload(client, "ru", b'msgid "a"\nmsgstr "b" "\n').get_data(as_text=True)
    assert "Not uploaded: This is not a valid .po file in UTF-8." in html
    assert "/tmp" not in html and "Syntax error" not in html
    latin1 = upload(client, "ru", 'msgid "Add your name"\nmsgstr "Signez é"\n'.encode("latin-1"))
    assert "This is not a valid .po file in UTF-8." in latin1.get_data(as_text=True)
