"""The campaign page reuses what it rendered for earlier readers of the same campaign and
language, and never shows anything stale: another language, a translation edited in the
console, a campaign changed at run time, another supporter's typing."""
from __future__ import annotations

import dataclasses
import datetime as dt
from contextlib import contextmanager
from typing import Iterator

import polib
import pytest
from sqlalchemy import event

from tests.support.catalogs import po_path, scratch_catalog_app, signed_in_translator
from tests.support.signing import form_inputs, sign
from tests.unit.delivery.conftest import campaign_app  # noqa: F401 (a fixture)
from tests.unit.delivery.test_base import login_organizer
from undersigned.contract.state import registry_of
from undersigned.extensions import db

SLUG = "belarus_state_dept"


def page(client, path: str = f"/c/{SLUG}") -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def replace_campaign(app, slug: str, **changes) -> None:
    """What a settings change in the console does: the next lookup returns another campaign."""
    campaigns = registry_of(app).campaigns
    campaigns[slug] = dataclasses.replace(campaigns[slug], **changes)


def test_two_languages_do_not_share_the_letter_or_the_form(client):
    english = page(client, "/c/belarus_senate")
    russian = page(client, "/ru/c/belarus_senate")
    assert "letter-translation" not in english
    assert "letter-translation" in russian
    assert "(required)" in english and "(обязательно)" not in english
    assert "(обязательно)" in russian and "(required)" not in russian
    assert "(required)" in page(client, "/c/belarus_senate")  # English again, not the Russian kept


def test_what_one_supporter_typed_never_shows_to_the_next(app, client):
    page(client)  # the untouched page is now kept
    inputs = form_inputs(page(client))
    preview = client.post(f"/c/{SLUG}", data={"csrf_token": inputs.get("csrf_token"), "first_name": "Zinaida",
                                              "letter_name": "Zinaida Example", "country": "BY", "preview": "1"})
    assert "Zinaida Example" in preview.get_data(as_text=True)
    assert 'selected value="BY"' in preview.get_data(as_text=True)
    fresh = page(app.test_client())
    assert "Zinaida" not in fresh and 'selected value="BY"' not in fresh
    assert "[Your name as it should appear in the letter]" in fresh


def test_a_campaign_changed_at_run_time_shows_at_once(app, client):
    before = page(client, "/c/belarus_senate")
    assert "Friends of Belarus" not in before and "of 5,000 signatures" not in before
    replace_campaign(app, "belarus_senate", goal=5000, letterhead=("Friends of Belarus", "1 Main Street"))
    html = page(client, "/c/belarus_senate")
    assert "0 of 5,000 signatures" in html
    assert "<h2>Friends of Belarus</h2>" in html  # the letter's head, in the letter shown


def test_a_closed_campaign_stops_offering_the_form_at_once(app, client):
    assert 'id="sign-form"' in page(client)
    replace_campaign(app, SLUG, closes=dt.date(2000, 1, 1))
    html = page(client)
    assert 'id="sign-form"' not in html and "This campaign is not accepting signatures now." in html


@pytest.fixture
def catalog_app(tmp_path, monkeypatch):
    return scratch_catalog_app(tmp_path, monkeypatch)


@pytest.mark.parametrize("msgid, edited", [("Show my name publicly as a signer", "Показывать моё имя всем"), ("Oregon", "Орегон (штат)")])
def test_a_translation_edited_in_the_console_shows_on_the_campaign_page_at_once(catalog_app, msgid, edited):
    reader = catalog_app.test_client()
    assert edited not in page(reader, f"/ru/c/{SLUG}")  # rendered and kept before the edit
    translator = signed_in_translator(catalog_app)
    index = next(i for i, entry in enumerate(polib.pofile(str(po_path(catalog_app, "ru")))) if entry.msgid == msgid)
    csrf = form_inputs(translator.get("/console/translations/messages/ru?show=all").get_data(as_text=True))["csrf_token"]
    saved = translator.post(f"/console/translations/messages/ru/{index}",
                            data={"csrf_token": csrf, "msgstr": edited}, follow_redirects=True)
    assert "Saved and compiled." in saved.get_data(as_text=True)
    assert edited in page(reader, f"/ru/c/{SLUG}")


@contextmanager
def statements(app) -> Iterator[list[str]]:
    """The SQL the app runs inside the block."""
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:
        seen.append(" ".join(statement.lower().split()))
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_reading_the_counts_never_reads_the_signatures(app, client):
    for number in range(3):
        assert sign(client, app, SLUG, first_name="Ann", last_name=f"Signer{number}",
                    letter_name=f"Ann Signer{number}", email=f"ann{number}@example.org",
                    country="US", us_state="OR").status_code == 302
    with statements(app) as seen:
        for path in ("/", f"/c/{SLUG}", "/c/belarus_senate", f"/ru/c/{SLUG}", f"/be/c/{SLUG}"):
            page(app.test_client(), path)
    assert any("from counters" in statement for statement in seen)  # the counts are read...
    assert not [statement for statement in seen if "signatures" in statement or "count(" in statement]


def test_the_console_front_page_reads_its_counts_from_the_counters(campaign_app):
    app = campaign_app("email")  # a channel with a Delivered count
    client = login_organizer(app)
    with statements(app) as seen:
        html = page(client, "/console/")
    assert "Fix the potholes" in html
    assert not [statement for statement in seen
                if "count(" in statement or "from signatures" in statement or "from outbox" in statement]
