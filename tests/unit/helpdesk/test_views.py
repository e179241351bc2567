"""The help form (helpdesk/views.py, helpdesk/forms.py): reachable from the campaign's pages in
the reader's language; bad input answered like the sign form (summary, message by each field,
what was typed kept, nothing written); honeypot, captcha and rate limits."""
from __future__ import annotations

import pytest

from tests.support.helpdesk import IVAN, SLUG, ask, counts
from tests.support.signing import STATE_DEPT_SIGNER, sign


def test_every_campaign_page_links_to_its_help_form_in_the_readers_language(app, client):
    for path in (f"/ru/c/{SLUG}", f"/ru/c/{SLUG}/check-email"):
        assert f'href="/ru/c/{SLUG}/help"' in client.get(path).get_data(as_text=True), path
    page = client.get(f"/ru/c/{SLUG}/help").get_data(as_text=True)
    assert "Страна проживания" in page and 'lang="ru"' in page
    assert '<option selected value="ru">Русский</option>' in page  # the answer's language: the page's


def test_the_thank_you_page_links_to_the_help_form(app, client):
    from urllib.parse import urlsplit

    from tests.support.outbox import deliver
    from tests.support.signing import form_inputs, link_in
    from undersigned.mail.models import OutboxMessage
    from undersigned.extensions import db

    assert sign(client, app, SLUG, **STATE_DEPT_SIGNER).status_code == 302
    with app.app_context():
        link = urlsplit(link_in(db.session.query(OutboxMessage).one().body_text)).path
    csrf = form_inputs(client.get(link).get_data(as_text=True))["csrf_token"]
    thanks = client.post(link, data={"csrf_token": csrf}).location
    assert f'href="/c/{SLUG}/help"' in client.get(thanks).get_data(as_text=True)
    deliver(app)


def test_a_request_is_stored_and_the_supporter_sees_it_was_received(app, client):
    response = ask(client, app, prefix="/be", **IVAN)
    assert response.status_code == 302 and response.location.endswith(f"/be/c/{SLUG}/help/sent")
    assert counts(app) == (1, 0, 1)  # no help address configured: only the acknowledgement
    assert "24" in client.get(response.location).get_data(as_text=True)


@pytest.mark.parametrize("field, value, message", [
    ("email", "not-an-address", "Please enter a valid e-mail address"),
    ("name", "", "Please fill in this field."),
    ("message", "", "Please fill in this field."),
    ("state", "", "Please fill in this field."),  # the country is the United States
    ("country", "XX", "Please choose one of the options."),
    ("language", "de", "Please choose one of the options."),
    ("message", "x" * 5001, "Please use at most 5000 characters."),
])
def test_bad_input_is_explained_by_its_field_keeps_what_was_typed_and_writes_nothing(app, client, field, value,
                                                                                   message):
    response = ask(client, app, **dict(IVAN, **{field: value}))
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'class="error-summary"' in html and f'id="{field}-error"' in html and message in html
    assert 'value="Иван Петров"' in html or field == "name"
    assert "Не могу найти форму" in html or field == "message"
    assert counts(app) == (0, 0, 0)


def test_a_wrong_captcha_keeps_the_form_and_writes_nothing(app, client):
    response = ask(client, app, captcha="000000x", **IVAN)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "The code you entered does not match the picture" in html
    assert 'value="ivan@example.org"' in html and "Не могу найти форму" in html
    assert counts(app) == (0, 0, 0)


def test_an_expired_form_keeps_what_was_typed(app, client):
    response = client.post(f"/c/{SLUG}/help", data=dict(IVAN, csrf_token="stale"))
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "This form has expired" in html and "Не могу найти форму" in html
    assert counts(app) == (0, 0, 0)


def test_a_filled_honeypot_looks_like_success_and_writes_nothing(app, client):
    response = ask(client, app, website="http://spam.example", **IVAN)
    assert response.status_code == 302 and response.location.endswith("/help/sent")
    assert counts(app) == (0, 0, 0)


@pytest.mark.config(RATELIMIT_HELP="2 per minute")
def test_the_per_client_limit_answers_429(app, client):
    for _ in range(2):
        assert ask(client, app, **IVAN).status_code == 302
    over = ask(client, app, **IVAN)
    assert over.status_code == 429 and over.headers["Retry-After"]
    assert counts(app)[0] == 2


@pytest.mark.config(RATELIMIT_HELP_EMAIL="1 per hour")
def test_the_per_mailbox_limit_counts_one_mailbox_however_it_is_spelled(app, client):
    assert ask(client, app, **IVAN).status_code == 302
    assert ask(client, app, **dict(IVAN, email="Ivan+again@Example.org")).status_code == 429
    assert counts(app)[0] == 1


def test_an_unknown_campaign_has_no_help_form(client):
    assert client.get("/c/nope/help").status_code == 404
