"""The language switcher (i18n.views) never leaves the site."""
from __future__ import annotations

from urllib.parse import urlsplit


def test_the_switcher_never_redirects_off_site(client):
    assert urlsplit(client.get("/language/ru?next=//evil.example/").location).path == "/"
    assert client.get("/language/xx").status_code == 404
