"""The supporter's pages a person finishes (issue 11): the form at hand and marked, a captcha that
can be renewed, the campaign's progress, a check-e-mail page that names the address and can send
again or to a corrected address, a confirmation that says what is confirmed, one <h1> a page."""
from __future__ import annotations

import dataclasses
import re

import pytest
from sqlalchemy import select

from tests.support.outbox import deliver, mails_to, plain_text
from tests.support.signing import captcha_challenge, page_inputs, SENATE_SIGNER, STATE_DEPT_SIGNER, form_inputs, link_in, sign
from undersigned.campaigns import counters
from undersigned.contract.state import registry_of
from undersigned.extensions import db
from undersigned.mail.models import OutboxMessage
from undersigned.signing.models import Signature

STATE = "belarus_state_dept"
SENATE = "belarus_senate"


def label(html: str, field_id: str) -> str:
    """The label of ``field_id`` and the mark beside it."""
    match = re.search(rf'<label for="{field_id}">(.*?</label>(?: <span class="mark"[^>]*>[^<]*</span>)?)', html, re.S)
    assert match, field_id
    return match.group(1)


def tag(html: str, element: str, element_id: str) -> str:
    match = re.search(rf'<{element}\b[^>]*\bid="{element_id}"[^>]*>', html)
    assert match, element_id
    return match.group(0)


def confirm_mails(app, to: str | None = None) -> list[OutboxMessage]:
    """The confirmation e-mails sent (to ``to``), oldest first, as they went out."""
    deliver(app)
    with app.app_context():
        query = select(OutboxMessage).filter_by(kind="confirm").order_by(OutboxMessage.id)
        if to:
            query = query.filter_by(to_address=to)
        return list(db.session.scalars(query))


def signature(app, slug: str = STATE) -> Signature:
    with app.app_context():
        return db.session.scalars(select(Signature).filter_by(campaign=slug).order_by(Signature.id)).first()


# --- the form: at hand, marked, and the captcha --------------------------------------------------

def test_the_page_reads_count_form_letter_then_what_to_do_and_the_letter_is_open(client):
    html = client.get(f"/c/{STATE}").get_data(as_text=True)
    parts = ['<h1>', 'class="progress"', 'id="sign-form"', 'id="letter-heading"', 'id="instructions-heading"',
             'id="recipient-heading"', 'id="share-heading"']
    positions = [html.index(part) for part in parts]
    assert positions == sorted(positions), dict(zip(parts, positions))
    # open, not folded: the letter itself right under its heading
    assert re.search(r'<h2 id="letter-heading">The letter</h2>\s*(<!--.*?-->\s*)?<div class="letter" lang="en" '
                     r'role="region" aria-labelledby="letter-heading" tabindex="0">', html)
    # the count and the summary: the summary now opens "What to do"
    assert html.index("<p class=\"lead\">Step-by-step instructions") > html.index('id="instructions-heading"')


def test_below_the_name_fields_the_letters_signature_fills_in_as_typed(app, client):
    html = client.get(f"/c/{STATE}").get_data(as_text=True)
    line = html[html.index('<p class="signature-preview" hidden>'):]
    line = line[:line.index("</p>")]
    assert html.index('id="last_name"') < html.index('class="signature-preview"') < html.index('id="letter_name"')
    assert '<span class="letter-field" data-field="letter_name" data-empty="[Your name as it should appear in the letter]">' in line
    russian = client.get(f"/ru/c/{STATE}").get_data(as_text=True)
    assert "Ваша подпись в письме:" in russian
    inputs = form_inputs(html)
    previewed = client.post(f"/c/{STATE}", data=dict(STATE_DEPT_SIGNER, preview="1", csrf_token=inputs.get("csrf_token")))
    line = previewed.get_data(as_text=True).split('<p class="signature-preview" hidden>', 1)[1].split("</p>", 1)[0]
    assert ">Jane Doe</span>" in line


def test_required_and_optional_fields_are_marked_in_words_and_for_assistive_technology(app, client):
    campaign = registry_of(app).get(SENATE)
    optional = dataclasses.replace(campaign.fields[0], required=False)
    registry_of(app).campaigns[SENATE] = dataclasses.replace(campaign, fields=(optional,) + campaign.fields[1:])
    html = client.get(f"/c/{SENATE}").get_data(as_text=True)
    assert label(html, "first_name").endswith('<span class="mark">(required)</span>')
    first = tag(html, "input", "first_name")
    assert " required" in first and 'aria-required="true"' in first
    assert label(html, optional.name).endswith('<span class="mark">(optional)</span>')
    assert "required" not in tag(html, "input", optional.name)
    assert "(required)" in label(html, "captcha_answer")
    assert "mark" not in label(html, "public_name")  # a choice, neither required nor optional

    russian = client.get(f"/ru/c/{STATE}").get_data(as_text=True)
    assert "(обязательно)" in label(russian, "email")
    assert "(абавязкова)" in label(client.get(f"/be/c/{STATE}").get_data(as_text=True), "email")


def test_the_state_is_marked_required_but_never_blocks_the_form_and_its_hint_stays(client):
    html = client.get(f"/c/{STATE}").get_data(as_text=True)
    assert "(required)" in label(html, "us_state")
    select_tag = tag(html, "select", "us_state")
    assert " required" not in select_tag and 'aria-describedby="us_state-hint"' in select_tag
    assert 'data-show-if-field="country" data-show-if-value="US"' in html
    assert "Only if you live in the United States." in html


def test_a_list_left_on_choose_asks_to_choose(app, client):
    response = sign(client, app, STATE, **dict(STATE_DEPT_SIGNER, country=""))
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Choose an answer for “Country of residence”." in html
    assert "Fill in “" not in html  # a list asks to choose, not to fill in
    assert "Выберыце" not in html
    russian = sign(client, app, STATE, "/ru", **dict(STATE_DEPT_SIGNER, country=""))
    assert "Выберите значение в поле «Страна проживания»." in russian.get_data(as_text=True)


def test_a_wrong_code_is_said_by_the_captcha_and_linked_from_the_summary(app, client):
    response = sign(client, app, STATE, captcha="000000x", **STATE_DEPT_SIGNER)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    start = html.index('class="error-summary"')
    summary = html[start:html.index("</ul>", start)]
    assert '<a href="#captcha_answer">The code you entered does not match the picture.' in summary
    box = html[html.index('<div id="captcha"'):html.index("</fieldset>")]
    assert '<p class="error" id="captcha-error">' in box
    answer = tag(html, "input", "captcha_answer")
    assert 'aria-invalid="true"' in answer and 'aria-describedby="captcha-error"' in answer


def test_a_new_picture_keeps_everything_typed_and_says_nothing_is_wrong(app, client):
    first = page_inputs(client, f"/c/{STATE}")
    typed = dict(STATE_DEPT_SIGNER, country="DE", us_state="", captcha_token=first["captcha_token"],
                 captcha_refresh="1", last_name="")
    response = client.post(f"/c/{STATE}", data=typed)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'value="Jane"' in html and 'value="Jane.Doe@Example.org"' in html
    assert '<option selected value="DE">' in html
    assert "error-summary" not in html and 'class="error"' not in html  # last name empty: not yet
    assert captcha_challenge(client, html) != first["captcha_token"]  # the new picture brings a new one
    assert f'formaction="/c/{STATE}#captcha"' in html and 'name="captcha_refresh"' in html
    assert db_rows(app) == 0


def db_rows(app) -> int:
    with app.app_context():
        return len(db.session.scalars(select(Signature)).all())


def test_preview_returns_to_the_form_with_the_letter_filled_in(app, client):
    inputs = page_inputs(client, f"/c/{STATE}")
    html = client.get(f"/c/{STATE}").get_data(as_text=True)
    assert f'formaction="/c/{STATE}#preview"' in html and '<div class="actions" id="preview">' in html
    response = client.post(f"/c/{STATE}", data=dict(STATE_DEPT_SIGNER, preview="1", csrf_token=inputs.get("csrf_token")))
    html = response.get_data(as_text=True)
    letter = html[html.index('<div class="letter" lang="en" role="region"'):html.index('id="instructions-heading"')]
    assert '<p class="signature"><span class="letter-field" data-field="letter_name"' in letter and "Jane Doe" in letter
    # Enter in a field signs: the first submit button of the form is "Sign the letter"
    form = html[html.index('id="sign-form"'):]
    assert re.search(r"<button[^>]*>", form).group(0) == '<button type="submit" name="implicit_sign" value="1" class="implicit-submit" tabindex="-1" aria-hidden="true">'


def test_the_copy_button_has_a_polite_live_region_to_speak_through(client):
    html = client.get(f"/c/{STATE}").get_data(as_text=True)
    assert '<p id="live-status" class="visually-hidden" role="status" aria-live="polite" data-copied="Copied to the clipboard.">' in html


# --- progress --------------------------------------------------------------------------------

def with_goal(app, slug: str, goal: int, milestones: tuple[int, ...], confirmed: int) -> None:
    registry = registry_of(app)
    registry.campaigns[slug] = dataclasses.replace(registry.get(slug), goal=goal, milestones=milestones)
    with app.app_context():
        counters.add(slug, counters.CONFIRMED, confirmed)
        db.session.commit()


def test_the_campaign_page_shows_the_goal_the_bar_and_the_milestones_in_each_language(app, client):
    with_goal(app, STATE, 5000, (1000, 2500, 5000), 1234)
    html = client.get(f"/c/{STATE}").get_data(as_text=True)
    assert "1,234 of 5,000 signatures" in html
    assert re.search(r'<progress max="5000" value="1234"[^>]*>25%</progress>', html)
    assert "Milestone reached: 1,000" in html and "Next milestone: 2,500" in html
    russian = client.get(f"/ru/c/{STATE}").get_data(as_text=True)
    assert "1\xa0234 из 5\xa0000 подписей" in russian and "Следующий рубеж: 2\xa0500" in russian
    belarusian = client.get(f"/be/c/{STATE}").get_data(as_text=True)
    assert "1\xa0234 з 5\xa0000 подпісаў" in belarusian
    home = client.get("/").get_data(as_text=True)
    assert "1,234 of 5,000 signatures" in home


def test_a_goal_of_one_uses_the_singular_forms(app, client):
    with_goal(app, SENATE, 1, (), 0)
    assert "0 of 1 signature<" in client.get(f"/c/{SENATE}").get_data(as_text=True)
    assert "0 из 1 подписи" in client.get(f"/ru/c/{SENATE}").get_data(as_text=True)
    assert "0 з 1 подпісу" in client.get(f"/be/c/{SENATE}").get_data(as_text=True)


def test_past_the_goal_the_bar_is_full_and_no_next_milestone_is_promised(app, client):
    with_goal(app, SENATE, 10, (5, 10), 12)
    html = client.get(f"/c/{SENATE}").get_data(as_text=True)
    assert "12 of 10 signatures" in html and re.search(r'<progress max="10" value="10"', html)
    assert "Milestone reached: 10" in html and "Next milestone" not in html


# --- the check-e-mail page: the address, resend, correct ------------------------------------

def test_check_email_names_the_address_masked_and_resends(app, client):
    response = sign(client, app, STATE, **STATE_DEPT_SIGNER)
    shown = client.get(response.headers["Location"])
    page = shown.get_data(as_text=True)
    assert "to J•••@example.org." in page and "Jane.Doe@example.org" not in page
    assert shown.headers["Cache-Control"] == "private, no-store"
    csrf = form_inputs(page)["csrf_token"]
    again = client.post(f"/c/{STATE}/check-email/resend", data={"csrf_token": csrf}, follow_redirects=True)
    assert "we have sent the message again to J•••@example.org" in again.get_data(as_text=True)
    mails = confirm_mails(app, "Jane.Doe@example.org")
    assert len(mails) == 2
    fresh = link_in(mails[1].body_text).replace("http://undersigned.test", "")
    assert "Yes, confirm my signature" in client.get(fresh).get_data(as_text=True)


@pytest.mark.parametrize("language, first, button", [
    ("en", "It can take a few minutes to arrive.", "Send the link again"),
    ("ru", "Она может прийти не сразу, а через несколько минут.", "Отправить ссылку ещё раз"),
    ("be", "Яна можа прыйсці не адразу, а праз некалькі хвілін.", "Даслаць спасылку яшчэ раз"),
])
def test_check_email_says_first_the_link_takes_minutes_and_resending_is_secondary(app, client, language, first,
                                                                                 button):
    prefix = "" if language == "en" else f"/{language}"
    page = client.get(sign(client, app, STATE, prefix, **STATE_DEPT_SIGNER).location).get_data(as_text=True)
    main = page[page.index("<main"):page.index("</main>")]
    opening = re.search(r"</h1>\s*<p[^>]*>(.*?)</p>", main, re.S).group(1)
    assert opening.endswith(first)
    assert main.index(first) < main.index(button)
    assert f'<button type="submit" class="secondary">{button}</button>' in main
    assert re.findall(r'<button type="submit">', main) == []  # no primary action right after signing


def test_resend_without_a_csrf_token_is_refused(app, client):
    sign(client, app, STATE, **STATE_DEPT_SIGNER)
    assert client.post(f"/c/{STATE}/check-email/resend").status_code == 400
    assert len(confirm_mails(app)) == 1


def test_resend_answers_the_same_whether_or_not_anything_was_sent(app, client):
    sign(client, app, STATE, **STATE_DEPT_SIGNER)
    stranger = app.test_client()
    page = stranger.get(f"/c/{STATE}/check-email").get_data(as_text=True)
    assert "Send the link again" not in page  # nothing to send for this session
    csrf = page_inputs(client, f"/c/{STATE}/check-email")["csrf_token"]
    stranger_csrf = page_inputs(stranger, "/console/login")["csrf_token"]
    answer = stranger.post(f"/c/{STATE}/check-email/resend", data={"csrf_token": stranger_csrf}, follow_redirects=True)
    assert "If your signature still waits for confirmation, we have sent the message again" in answer.get_data(as_text=True)
    assert len(confirm_mails(app)) == 1
    # once confirmed, nothing is sent again, and the answer is the same
    with app.app_context():
        db.session.execute(Signature.__table__.update().values(status="confirmed"))
        db.session.commit()
    answer = client.post(f"/c/{STATE}/check-email/resend", data={"csrf_token": csrf}, follow_redirects=True)
    assert "If your signature still waits for confirmation, we have sent the message again to J•••@example.org" in answer.get_data(as_text=True)
    assert len(confirm_mails(app)) == 1


def test_a_repeat_signature_gets_the_same_page_and_its_resend_reminds_the_mailbox(app, client):
    sign(client, app, STATE, **STATE_DEPT_SIGNER)
    other = app.test_client()
    sign(other, app, STATE, **dict(STATE_DEPT_SIGNER, email="jane.doe@example.org"))
    page = other.get(f"/c/{STATE}/check-email").get_data(as_text=True)
    assert "to j•••@example.org." in page and "Wrong address?" in page
    csrf = form_inputs(page)["csrf_token"]
    other.post(f"/c/{STATE}/check-email/resend", data={"csrf_token": csrf})
    with app.app_context():
        kinds = [m.kind for m in db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))]
    assert kinds == ["confirm", "reminder", "reminder"]
    # "correcting" someone else's signature changes nothing, and looks the same
    answer = other.post(f"/c/{STATE}/check-email/correct", data={"csrf_token": csrf, "email": "mallory@example.org"},
                        follow_redirects=True)
    assert "to m•••@example.org" in answer.get_data(as_text=True)
    assert signature(app).email == "Jane.Doe@example.org" and confirm_mails(app, "mallory@example.org") == []


@pytest.mark.config(RATELIMIT_RESEND="2 per hour")
def test_resending_is_limited(app, client):
    sign(client, app, STATE, **STATE_DEPT_SIGNER)
    csrf = page_inputs(client, f"/c/{STATE}/check-email")["csrf_token"]
    statuses = [client.post(f"/c/{STATE}/check-email/resend", data={"csrf_token": csrf}).status_code
                for _ in range(3)]
    assert statuses == [302, 302, 429]
    assert len(confirm_mails(app)) == 3


def test_a_mistyped_address_is_corrected_and_the_old_link_dies(app, client):
    sign(client, app, STATE, **dict(STATE_DEPT_SIGNER, email="jane@exmaple.org"))
    old_link = link_in(confirm_mails(app)[0].body_text)
    page = client.get(f"/c/{STATE}/check-email").get_data(as_text=True)
    csrf = form_inputs(page)["csrf_token"]
    refused = client.post(f"/c/{STATE}/check-email/correct", data={"csrf_token": csrf, "email": "jane@"})
    assert refused.status_code == 400 and "Please enter a valid e-mail address" in refused.get_data(as_text=True)
    answer = client.post(f"/c/{STATE}/check-email/correct", data={"csrf_token": csrf, "email": "jane@example.org"},
                         follow_redirects=True)
    html = answer.get_data(as_text=True)
    assert "to j•••@example.org." in html
    corrected = signature(app)
    assert (corrected.email, corrected.email_canonical, corrected.status) == ("jane@example.org", "jane@example.org", "pending")
    new_mail, = confirm_mails(app, "jane@example.org")
    assert client.get(old_link.replace("http://undersigned.test", "")).status_code == 404
    assert client.get(link_in(new_mail.body_text).replace("http://undersigned.test", "")).status_code == 200


def test_correcting_to_an_address_that_has_signed_keeps_one_signature_per_mailbox(app, client):
    sign(app.test_client(), app, STATE, **dict(STATE_DEPT_SIGNER, email="taken@example.org"))
    sign(client, app, STATE, **dict(STATE_DEPT_SIGNER, email="typo@example.org"))
    csrf = page_inputs(client, f"/c/{STATE}/check-email")["csrf_token"]
    answer = client.post(f"/c/{STATE}/check-email/correct", data={"csrf_token": csrf, "email": "Taken@example.org"},
                         follow_redirects=True)
    assert answer.status_code == 200 and "to T•••@example.org" in answer.get_data(as_text=True)
    with app.app_context():
        emails = sorted(s.email for s in db.session.scalars(select(Signature)))
        kinds = [m.kind for m in db.session.scalars(select(OutboxMessage).filter_by(to_address="Taken@example.org"))]
    assert emails == ["taken@example.org", "typo@example.org"] and kinds == ["reminder"]


def test_a_confirmed_signature_is_never_moved_to_another_address(app, client):
    sign(client, app, STATE, **STATE_DEPT_SIGNER)
    with app.app_context():
        db.session.execute(Signature.__table__.update().values(status="confirmed"))
        db.session.commit()
    csrf = page_inputs(client, f"/c/{STATE}/check-email")["csrf_token"]
    client.post(f"/c/{STATE}/check-email/correct", data={"csrf_token": csrf, "email": "new@example.org"})
    assert signature(app).email == "Jane.Doe@example.org" and confirm_mails(app, "new@example.org") == []


# --- confirming ------------------------------------------------------------------------------

def test_the_confirmation_page_says_what_is_confirmed(app, client):
    sign(client, app, SENATE, **SENATE_SIGNER)
    link = link_in(confirm_mails(app)[0].body_text).replace("http://undersigned.test", "")
    html = client.get(link).get_data(as_text=True)
    assert "Joint letter to the Secretary of State on Belarus" in html
    assert "<dd>Ada Lovelace</dd>" in html and "Secretary of State" in html


def test_the_confirmation_mail_says_how_long_the_link_works_and_has_a_button(app, client):
    sign(client, app, STATE, **STATE_DEPT_SIGNER)
    sign(client, app, SENATE, **SENATE_SIGNER)
    deliver(app)
    state, = mails_to(app, "Jane.Doe@example.org")
    text = plain_text(state)
    html = state.get_body(preferencelist=("html",)).get_content()
    assert "This link works for 14 days." in text and "This link works for 14 days." in html
    assert re.search(r'<table role="presentation"[^>]*>\s*<tr>\s*<td[^>]*bgcolor=', html)
    assert "the next step is to send the letter yourself" in text  # the self_submit channel says it
    senate, = mails_to(app, "ada@example.org")
    assert "next step" not in plain_text(senate)


@pytest.mark.config(CONFIRM_MAX_AGE_DAYS=1)
def test_the_link_lifetime_uses_the_languages_plural_forms(app, client):
    sign(client, app, STATE, "/ru", **STATE_DEPT_SIGNER)
    assert "Ссылка действует 1 день." in confirm_mails(app)[0].body_text


@pytest.mark.config(CONFIRM_MAX_AGE_DAYS=3)
def test_the_link_lifetime_in_belarusian(app, client):
    sign(client, app, STATE, "/be", **STATE_DEPT_SIGNER)
    assert "Спасылка дзейнічае 3 дні." in confirm_mails(app)[0].body_text
