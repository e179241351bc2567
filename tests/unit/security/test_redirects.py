"""``next`` sends the reader only to a path on this site, read as a browser reads it: the
language switcher and the console sign-in alike."""
from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.support.console import create_user, login

HOSTILE = ["/\t/evil.example/", "/\n/evil.example/", "/\r\n/evil.example/", "\t//evil.example/",
           " //evil.example/", "/\\evil.example/", "\\\\evil.example/", "//evil.example/",
           "https://evil.example/", "javascript:alert(1)", "/\x00/evil.example", "\x01/\x01/evil.example",
           "/%0a/\n/evil.example", "evil.example", "/c/x\r\nSet-Cookie: a=b"]


@pytest.mark.parametrize("target", HOSTILE)
def test_the_language_switcher_never_leaves_the_site(client, target):
    response = client.get(f"/language/ru?next={quote(target, safe='')}")
    assert response.status_code == 302
    assert response.location == "/"
    assert response.headers["Set-Cookie"].startswith("lang=ru")


def test_the_language_switcher_keeps_a_path_on_the_site(client):
    response = client.get(f"/language/be?next={quote('/c/belarus_senate?ref=abc', safe='')}")
    assert response.location == "/c/belarus_senate?ref=abc"


@pytest.mark.parametrize("target", HOSTILE)
def test_console_sign_in_never_leaves_the_site(app, target):
    create_user(app, "org@example.org")
    response = login(app.test_client(), "org@example.org", query=f"?next={quote(target, safe='')}")
    assert response.status_code == 302
    assert response.location == "/console/"


def test_console_sign_in_goes_on_to_the_page_asked_for(app):
    create_user(app, "org@example.org")
    response = login(app.test_client(), "org@example.org", query="?next=%2Fconsole%2Ftranslations%2F")
    assert response.location == "/console/translations/"
