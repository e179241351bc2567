"""What a first-time reader gets of the public pages is the same bytes for everyone, so nginx or
any CDN can serve a surge of readers (issue 23): no cookie set, nothing per reader in the HTML,
``Cache-Control: public``, an ``ETag`` answered with 304; and nothing personal ever in it."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

import pytest
from sqlalchemy import event, select

from tests.support.signing import SENATE_SIGNER, STATE_DEPT_SIGNER, sign
from undersigned.contract.state import registry_of
from undersigned.extensions import db
from undersigned.signing import service
from undersigned.signing.models import Signature

SHARED_PAGES = ("/", "/ru/", "/c/belarus_state_dept", "/be/c/belarus_state_dept", "/c/belarus_senate",
                "/c/belarus_senate/letter", "/c/belarus_state_dept/widget", "/c/belarus_state_dept?ref=abcdefgh")


@contextmanager
def statements(app) -> Iterator[list[str]]:
    """The SQL statements run while the block runs."""
    seen: list[str] = []
    with app.app_context():
        engine = db.engine

    def record(conn, cursor, statement, *args) -> None:
        seen.append(statement)
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


@pytest.mark.parametrize("path", SHARED_PAGES)
def test_two_first_time_readers_get_the_same_bytes_and_no_cookie(app, path):
    first, second = (app.test_client().get(path) for _ in range(2))
    assert first.status_code == second.status_code == 200
    assert first.data == second.data and first.headers["ETag"] == second.headers["ETag"]
    for response in (first, second):
        assert "Set-Cookie" not in response.headers
        assert response.headers["Cache-Control"] == "public, max-age=10, stale-while-revalidate=60"
        assert "csrf_token" not in response.get_data(as_text=True)
        assert "'nonce-" not in response.headers["Content-Security-Policy"]
    vary = {part.strip() for part in first.headers["Vary"].split(",")}
    # a language prefix names the language; without one, the browser's choice (or cookie) does
    assert vary == ({"Cookie"} if path.startswith(("/ru/", "/be/")) else {"Cookie", "Accept-Language"})


@pytest.mark.parametrize("path", SHARED_PAGES)
def test_a_reader_with_the_page_already_gets_304(client, path):
    etag = client.get(path).headers["ETag"]
    again = client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert client.get(path, headers={"If-None-Match": '"something-else"'}).status_code == 200


def test_the_language_a_reader_asks_for_is_the_page_they_get(app):
    russian = app.test_client().get("/c/belarus_state_dept", headers={"Accept-Language": "ru"})
    english = app.test_client().get("/c/belarus_state_dept", headers={"Accept-Language": "en"})
    assert "(обязательно)" in russian.get_data(as_text=True) and "(required)" in english.get_data(as_text=True)
    assert russian.headers["ETag"] != english.headers["ETag"]


@pytest.mark.config(PUBLIC_PAGE_SECONDS=60)
def test_a_kept_page_is_served_without_a_database_query(app):
    for path in SHARED_PAGES:
        app.test_client().get(path)  # made and kept
        with statements(app) as seen:
            response = app.test_client().get(path)
        assert response.status_code == 200 and seen == [], path


@pytest.mark.config(CAPTCHA_PROVIDER="test")
def test_a_captcha_that_writes_its_challenge_in_the_page_gets_each_reader_a_page_of_their_own(app):
    # a provider without same_page_for_every_reader (a plugin's, as before): a fresh challenge each
    first, second = (app.test_client().get("/c/belarus_state_dept") for _ in range(2))
    for response in (first, second):
        assert response.headers["Cache-Control"] == "private, no-store" and "ETag" not in response.headers
    assert first.data != second.data  # two challenges, never one shared


def test_a_reader_with_a_session_gets_a_page_of_their_own(app, client):
    sign(client, app, "belarus_state_dept", **STATE_DEPT_SIGNER)  # the session remembers the signature
    for path in ("/", "/c/belarus_state_dept", "/c/belarus_senate/letter", "/c/belarus_state_dept?utm_source=x"):
        response = (client if "utm" not in path else app.test_client()).get(path)
        assert response.headers["Cache-Control"] == "private, no-store", path
        assert "ETag" not in response.headers, path


def test_the_sign_answer_and_the_pages_after_it_are_never_stored(app, client):
    refused = client.post("/c/belarus_state_dept", data=dict(STATE_DEPT_SIGNER))  # no captcha answer
    assert refused.status_code == 400 and refused.headers["Cache-Control"] == "private, no-store"
    signed = sign(client, app, "belarus_state_dept", **STATE_DEPT_SIGNER)
    assert signed.headers["Cache-Control"] == "private, no-store"
    assert client.get(signed.headers["Location"]).headers["Cache-Control"] == "private, no-store"


def test_no_personal_data_in_any_shared_page(app, client):
    sign(client, app, "belarus_state_dept", **STATE_DEPT_SIGNER)
    sign(app.test_client(), app, "belarus_senate", **dict(SENATE_SIGNER, public_name=None))
    with app.app_context():
        for signature in db.session.scalars(select(Signature)):
            service.confirm(signature, registry_of().get(signature.campaign))
    for path in SHARED_PAGES:
        response = app.test_client().get(path)
        html = response.get_data(as_text=True).lower()
        assert response.headers["Cache-Control"].startswith("public"), path
        for personal in ("jane", "doe@", "ada@", "lovelace", "oregon state senate"):
            assert personal not in html, (path, personal)
