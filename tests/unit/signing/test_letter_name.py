"""Names in the recipient's script: a letter in English carries the signer's name in Latin
letters, as they spell it (signing.forms, signing.letter; the whole way to the joint letter and
the export in tests/functional/signing/test_letter_name.py)."""
from __future__ import annotations

import re

from sqlalchemy import func, select

from tests.support.signing import page_inputs, SENATE_SIGNER, STATE_DEPT_SIGNER, captcha_answer, form_inputs, sign
from undersigned.contract.state import registry_of
from undersigned.extensions import db
from undersigned.mail.models import OutboxMessage
from undersigned.signing import service
from undersigned.signing.letter import render_letter_text
from undersigned.signing.models import Signature

STATE, SENATE = "belarus_state_dept", "belarus_senate"
BELARUSIAN = dict(STATE_DEPT_SIGNER, first_name="Аляксандр", last_name="Ўладзіміравіч", email="ales@example.org")
del BELARUSIAN["letter_name"]
LATIN = "Aliaksandr Uladzimiravich"


def rows(app) -> tuple[int, int]:
    with app.app_context():
        return (db.session.scalar(select(func.count()).select_from(Signature)),
                db.session.scalar(select(func.count()).select_from(OutboxMessage)))


def post(client, app, path: str, **fields):
    """POST the form at ``path`` as a browser without JavaScript would, captcha solved."""
    inputs = page_inputs(client, path)
    data = {"csrf_token": inputs.get("csrf_token"), "captcha_token": inputs["captcha_token"],
            "captcha_answer": captcha_answer(app, inputs["captcha_token"]), **fields}
    return client.post(path, data=data)


def test_the_form_asks_for_the_name_in_latin_letters_only_where_the_letter_uses_them(client):
    html = client.get(f"/ru/c/{STATE}").get_data(as_text=True)
    assert 'name="letter_name"' in html
    assert "Ваше имя так, как оно должно быть в письме" in html
    assert 'id="transliteration"' in html  # the table letter.js suggests with, from the server's source
    assert html.index('name="last_name"') < html.index('name="letter_name"') < html.index('name="email"')


def test_without_javascript_the_preview_suggests_the_latin_spelling(app, client):
    response = post(client, app, f"/ru/c/{STATE}", preview="1", **BELARUSIAN)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and rows(app) == (0, 0)
    assert form_inputs(html)["letter_name"] == LATIN
    assert re.search(rf'data-field="letter_name" data-empty="\[[^"]+\]">{LATIN}</span>', html)  # the preview
    assert form_inputs(html)["first_name"] == "Аляксандр"  # the name as typed stays as typed


def test_cyrillic_in_title_or_office_is_refused_in_the_supporters_language(app, client):
    page = client.get(f"/ru/c/{SENATE}").get_data(as_text=True)
    assert "В письме это будет так, как вы введёте, поэтому пишите латиницей." in page  # said before anyone types
    typed = dict(SENATE_SIGNER, title="Сенатор штата", organization="Сенат штата Орегон")
    response = post(client, app, f"/ru/c/{SENATE}", **typed)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and rows(app) == (0, 0)
    assert html.count("Напишите это латиницей") >= 2  # each field says it
    inputs = form_inputs(html)
    assert inputs["title"] == "Сенатор штата" and inputs["organization"] == "Сенат штата Орегон"


def test_a_letter_name_in_another_script_is_refused(app, client):
    response = post(client, app, f"/be/c/{STATE}", **dict(BELARUSIAN, letter_name="Аляксандр"))
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and rows(app) == (0, 0)
    assert "Напішыце імя лацінкай — у лісце яно будзе такім, як вы яго ўвядзеце." in html
    assert form_inputs(html)["letter_name"] == "Аляксандр"


def test_a_latin_name_left_blank_is_filled_in_without_a_second_round(app, client):
    response = sign(client, app, STATE, **dict(STATE_DEPT_SIGNER, letter_name=""))
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalars(select(Signature)).one().fields["letter_name"] == "Jane Doe"


def test_a_signature_from_before_the_question_gets_the_suggested_spelling(app):
    with app.test_request_context():
        campaign = registry_of().get(STATE)
        signature = service.sign(campaign, dict(BELARUSIAN), email=BELARUSIAN["email"],
                                 email_canonical=BELARUSIAN["email"], locale="be", ip_hash=None,
                                 public_name=False, referral=None)
        assert "letter_name" not in signature.fields
        letter = render_letter_text(campaign, signature.fields)
    assert LATIN in letter and "Аляксандр" not in letter
