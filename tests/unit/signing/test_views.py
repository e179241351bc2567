"""The sign form: bad input gets a clear message, keeps what was typed, and writes nothing."""
from __future__ import annotations

import re

from sqlalchemy import func, select

from tests.support.outbox import deliver
from tests.support.signing import page_inputs, SENATE_SIGNER, STATE_DEPT_SIGNER, captcha_answer, form_inputs, link_in, sign
from undersigned.extensions import db
from undersigned.mail.models import OutboxMessage
from undersigned.signing.models import Signature


SLUG = "belarus_state_dept"


def rows(app) -> tuple[int, int]:
    with app.app_context():
        return (db.session.scalar(select(func.count()).select_from(Signature)),
                db.session.scalar(select(func.count()).select_from(OutboxMessage)))


def test_campaign_page_shows_instructions_recipient_letter_and_form(client):
    html = client.get("/c/belarus_state_dept").get_data(as_text=True)
    assert "Letter in Support of Belarus" in html
    assert "The Honorable Mike Pompeo" in html and "2201 C Street, N.W." in html
    assert "Dear Mr. Pompeo and the State Department Team," in html
    assert 'data-field="letter_name"' in html and "[Your name as it should appear in the letter]" in html
    assert 'name="country"' in html and 'name="us_state"' in html
    assert "Enter the displayed code" in html


def test_home_lists_every_open_campaign_with_its_count(client):
    html = client.get("/").get_data(as_text=True)
    assert "Letter to the US Department of State in Support of Belarus" in html
    assert "Joint letter to the Secretary of State on Belarus" in html
    assert html.count("0 signatures") == 2


def test_a_wrong_captcha_keeps_what_was_typed_and_writes_nothing(app, client):
    response = sign(client, app, "belarus_state_dept", captcha="WRONG", **STATE_DEPT_SIGNER)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "does not match the picture" in html
    assert 'value="Jane"' in html and 'value="Doe"' in html and 'value="Jane.Doe@example.org"' in html
    assert '<option selected value="OR">' in html
    assert rows(app) == (0, 0)


def test_a_missing_field_is_named_and_the_rest_is_kept(app, client):
    response = sign(client, app, "belarus_senate", **dict(SENATE_SIGNER, title=""))
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Fill in “Title”." in html
    assert 'value="Oregon State Senate"' in html
    assert rows(app) == (0, 0)


def test_the_us_state_is_required_only_for_us_residents(app, client):
    response = sign(client, app, "belarus_state_dept", **dict(STATE_DEPT_SIGNER, us_state=""))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Choose an answer for “State”." in html and "Fill in “" not in html
    abroad = dict(STATE_DEPT_SIGNER, country="DE", us_state="", email="jane@example.de")
    assert sign(client, app, "belarus_state_dept", **abroad).status_code == 302
    assert rows(app) == (1, 1)


def test_an_invalid_email_is_refused_politely(app, client):
    response = sign(client, app, "belarus_state_dept", **dict(STATE_DEPT_SIGNER, email="jane@"))
    assert response.status_code == 400
    assert "Please enter a valid e-mail address" in response.get_data(as_text=True)
    assert rows(app) == (0, 0)


def test_a_choice_outside_the_list_is_refused(app, client):
    response = sign(client, app, "belarus_state_dept", **dict(STATE_DEPT_SIGNER, country="XX"))
    assert response.status_code == 400
    assert "Please choose one of the options." in response.get_data(as_text=True)


def test_the_honeypot_pretends_success_and_writes_nothing(app, client):
    response = sign(client, app, "belarus_state_dept", website="http://spam.example", **STATE_DEPT_SIGNER)
    assert response.status_code == 302
    assert rows(app) == (0, 0)


def test_a_form_from_another_site_keeps_what_was_typed(app, client):
    page = page_inputs(client, "/c/belarus_senate")
    data = dict(SENATE_SIGNER, captcha_token=page["captcha_token"], captcha_answer=captcha_answer(app, page["captcha_token"]))
    response = client.post("/c/belarus_senate", data=data, headers={"Sec-Fetch-Site": "cross-site"})
    html = response.get_data(as_text=True)
    assert response.status_code == 403
    assert "This form was sent from another site" in html and 'value="Ada"' in html
    assert rows(app) == (0, 0)


def test_preview_without_javascript_personalises_the_letter_and_signs_nothing(app, client):
    page = page_inputs(client, "/c/belarus_state_dept")
    response = client.post("/c/belarus_state_dept", data=dict(
        STATE_DEPT_SIGNER, csrf_token=page.get("csrf_token"), preview="1", letter_name="<b>Jane</b>"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert ('data-field="letter_name" data-empty="[Your name as it should appear in the letter]">'
            '&lt;b&gt;Jane&lt;/b&gt;</span>') in html
    assert rows(app) == (0, 0)


def test_confirmation_links_are_signed(client):
    assert client.get("/c/belarus_state_dept/confirm/not-a-token").status_code == 404
    assert client.get("/c/belarus_state_dept/thanks/not-a-token").status_code == 404
    assert client.get("/c/no_such_campaign").status_code == 404


def test_pages_carrying_a_signers_token_are_neither_cached_nor_referred(app):
    client = app.test_client()
    assert sign(client, app, SLUG, **STATE_DEPT_SIGNER).status_code == 302
    deliver(app)
    with app.app_context():
        body = db.session.scalars(select(OutboxMessage.body_text)).one()
    path = re.sub(r"^https?://[^/]+", "", link_in(body))
    confirm = client.get(path)
    assert confirm.headers["Cache-Control"] == "private, no-store" and confirm.headers["Referrer-Policy"] == "no-referrer"
    csrf_token = form_inputs(confirm.get_data(as_text=True))["csrf_token"]
    thanks = client.post(path, data={"csrf_token": csrf_token}, follow_redirects=True)
    assert thanks.headers["Cache-Control"] == "private, no-store" and thanks.headers["Referrer-Policy"] == "no-referrer"
    assert "Jane" in thanks.get_data(as_text=True)
