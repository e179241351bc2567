"""The ``self_submit`` channel end to end on the seed campaign, with a real SMTP server: the
letter e-mailed after confirming (in the supporter's language), "I have sent it" only where there
is somewhere to send it, the page once it is pressed, the one reminder, ``campaigns check``, and
while debugging the stand-in for a contact form not configured."""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from tests.conftest import use_smtp
from tests.support.outbox import deliver, plain_text
from tests.support.signing import STATE_DEPT_SIGNER, form_inputs, link_in, sign
from undersigned.extensions import db
from undersigned.security.tokens import SIGNER, read_token
from undersigned.signing.models import Signature

SLUG = "belarus_state_dept"
FORM = "https://contact.example.gov/form"
LETTER_LINE = "Jane Doe"  # the letter is signed with the supporter's name
STAND_IN = f"/c/{SLUG}/stand-in-form"


def confirm(app, smtp_server, client, prefix: str = "", **signer) -> str:
    """Sign (under ``prefix``, e.g. ``/ru``), follow the e-mailed link, confirm: the thank-you path."""
    use_smtp(app, smtp_server)
    assert sign(client, app, SLUG, prefix, **signer).status_code == 302
    deliver(app)
    link = urlsplit(link_in(smtp_server.text_of())).path
    csrf = form_inputs(client.get(link).get_data(as_text=True))["csrf_token"]
    confirmed = client.post(link, data={"csrf_token": csrf})
    assert confirmed.status_code == 302
    return urlsplit(confirmed.location).path


def mails_to(smtp_server, address: str):
    return [message for message in smtp_server.messages if message["To"] == address]


@pytest.mark.config(BELARUS_STATE_DEPT_CONTACT_FORM_URL=FORM)
def test_the_supporter_gets_the_finished_letter_by_email_in_their_language(app, smtp_server):
    client = app.test_client()
    thanks = confirm(app, smtp_server, client, "/ru", **STATE_DEPT_SIGNER)
    assert thanks.startswith("/ru/")
    assert deliver(app) == 1

    copy = mails_to(smtp_server, "Jane.Doe@example.org")[-1]
    body = plain_text(copy)
    assert copy["Subject"].startswith("Ваше письмо для отправки: ")
    assert "Отправьте его через официальную форму обратной связи:" in body
    assert FORM in body
    assert "Тема: Letter in Support of Belarus" in body
    assert LETTER_LINE in body and "Dear Mr. Pompeo" in body  # the letter itself, in English
    mailed = urlsplit(link_in(body.split("одним нажатием", 1)[1])).path.rsplit("/", 1)[1]
    with app.app_context():  # the same signature's link (a token made a second later differs in bytes)
        assert read_token(SIGNER, mailed) == read_token(SIGNER, thanks.rsplit("/", 1)[1]) is not None


def test_without_a_form_address_the_email_says_so_and_nobody_is_asked_to_report(app, smtp_server):
    client = app.test_client()
    thanks = confirm(app, smtp_server, client, **STATE_DEPT_SIGNER)
    deliver(app)
    body = plain_text(mails_to(smtp_server, "Jane.Doe@example.org")[-1])
    assert "have not published the address of the official contact form yet" in body
    assert LETTER_LINE in body

    page = client.get(thanks).get_data(as_text=True)
    assert "have not published the address" in page
    assert "I have sent it" not in page
    assert "/sent/" not in page
    # outside debug mode no address is ever made up
    assert STAND_IN not in page and STAND_IN not in body
    assert client.get(STAND_IN).status_code == 404


@pytest.mark.config(DEBUG=True)
def test_debugging_without_a_form_address_the_step_opens_a_stand_in_that_sends_nothing(app, smtp_server):
    client = app.test_client()
    thanks = confirm(app, smtp_server, client, **STATE_DEPT_SIGNER)
    page = client.get(thanks).get_data(as_text=True)
    assert "Debug mode: no official contact form is configured" in page
    assert f'<a href="http://undersigned.test{STAND_IN}" target="_blank">Not the official contact form</a>' in page
    assert "I have sent it" in page  # so the whole journey can be walked
    deliver(app)
    body = plain_text(mails_to(smtp_server, "Jane.Doe@example.org")[-1])
    assert f"http://undersigned.test{STAND_IN}" in body and "Send it through the official contact form" not in body

    form = client.get(STAND_IN).get_data(as_text=True)
    assert "<h1>Not the official contact form</h1>" in form and "Nothing you enter here is sent anywhere." in form
    sent = client.post(STAND_IN, data={"csrf_token": form_inputs(form)["csrf_token"], "message": LETTER_LINE})
    assert sent.status_code == 200 and "Nothing was sent." in sent.get_data(as_text=True)
    assert deliver(app) == 0
    russian = client.get(f"/ru{STAND_IN}").get_data(as_text=True)
    assert "<h1>Это не официальная форма обратной связи</h1>" in russian
    assert "<h1>Гэта не афіцыйная форма зваротнай сувязі</h1>" in client.get(f"/be{STAND_IN}").get_data(as_text=True)


@pytest.mark.config(DEBUG=True, BELARUS_STATE_DEPT_CONTACT_FORM_URL=FORM)
def test_a_configured_form_address_is_never_stood_in_for(app, smtp_server):
    client = app.test_client()
    page = client.get(confirm(app, smtp_server, client, **STATE_DEPT_SIGNER)).get_data(as_text=True)
    assert f'<a href="{FORM}"' in page and STAND_IN not in page
    assert client.get(STAND_IN).status_code == 404


@pytest.mark.config(BELARUS_STATE_DEPT_CONTACT_FORM_URL=FORM)
def test_once_reported_the_page_counts_the_letter_as_sent_and_stops_asking(app, smtp_server):
    client = app.test_client()
    thanks = confirm(app, smtp_server, client, **STATE_DEPT_SIGNER)
    page = client.get(thanks).get_data(as_text=True)
    assert "I have sent it" in page and "Now send your letter through the official form" in page

    reported = client.post(thanks.replace("/thanks/", "/sent/"), data={"csrf_token": form_inputs(page)["csrf_token"]},
                           follow_redirects=True)
    page = reported.get_data(as_text=True)
    assert "Your letter is counted as sent" in page
    main = page[page.index("<main"):page.index("</main>")]
    said = re.sub(r'<pre class="letter-copy".*?</pre>', "", main, flags=re.S)  # the letter thanks its reader too
    assert said.count("Thank you") == 1 and "<h1>Thank you, Jane!</h1>" in said  # one thank-you, not three
    assert 'class="notice notice-success" role="status"' not in main
    assert "I have sent it" not in page
    assert "Now send your letter through the official form" not in page
    assert LETTER_LINE in page  # still there to read

    listed = app.test_cli_runner().invoke(args=["campaigns", "list"])
    assert "reported sent: 1" in listed.output


def age_confirmations(app, days: int) -> None:
    with app.app_context():
        for signature in db.session.scalars(select(Signature)):
            signature.confirmed_at -= dt.timedelta(days=days)
        db.session.commit()


def remind(app):
    result = app.test_cli_runner().invoke(args=["signatures", "remind", SLUG])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


@pytest.mark.config(BELARUS_STATE_DEPT_CONTACT_FORM_URL=FORM, SELF_SUBMIT_REMINDER_DAYS=3)
def test_one_reminder_to_those_who_have_not_reported_and_never_after_the_campaign_closes(app, smtp_server):
    jane = app.test_client()
    confirm(app, smtp_server, jane, "/ru", **STATE_DEPT_SIGNER)
    reporter = app.test_client()
    thanks = confirm(app, smtp_server, reporter, **dict(STATE_DEPT_SIGNER, first_name="Rosa",
                                                        last_name="Parks", email="rosa@example.org"))
    csrf = form_inputs(reporter.get(thanks).get_data(as_text=True))["csrf_token"]
    reporter.post(thanks.replace("/thanks/", "/sent/"), data={"csrf_token": csrf})
    deliver(app)

    assert remind(app).output.strip() == f"{SLUG}: 0 reminders queued"  # too early
    age_confirmations(app, 4)
    assert remind(app).output.strip() == f"{SLUG}: 1 reminders queued"
    assert remind(app).output.strip() == f"{SLUG}: 0 reminders queued"  # once at most
    assert deliver(app) == 1

    reminders = [m for m in smtp_server.messages if m["Subject"].startswith("Напоминание")]
    assert [m["To"] for m in reminders] == ["Jane.Doe@example.org"]  # not Rosa, who reported
    assert "Это наше единственное напоминание." in plain_text(reminders[0])
    assert FORM in plain_text(reminders[0]) and LETTER_LINE in plain_text(reminders[0])
    assert not [m for m in mails_to(smtp_server, "rosa@example.org") if "eminder" in m["Subject"]]


@pytest.mark.config(BELARUS_STATE_DEPT_CONTACT_FORM_URL=FORM, SELF_SUBMIT_REMINDER_DAYS=3)
def test_no_reminder_once_the_campaign_has_closed(app, smtp_server):
    confirm(app, smtp_server, app.test_client(), **STATE_DEPT_SIGNER)
    deliver(app)
    age_confirmations(app, 10)
    registry = app.extensions["undersigned"].campaigns
    registry.campaigns[SLUG] = dataclasses.replace(registry.campaigns[SLUG],
                                                   closes=dt.date.today() - dt.timedelta(days=1))
    assert remind(app).output.strip() == f"{SLUG}: 0 reminders queued"
    assert deliver(app) == 0


def test_reminders_are_off_unless_configured(app, smtp_server):
    confirm(app, smtp_server, app.test_client(), **STATE_DEPT_SIGNER)
    age_confirmations(app, 30)
    assert "reminders are off" in remind(app).output
    deliver(app)
    assert deliver(app) == 0


@pytest.mark.config(BELARUS_STATE_DEPT_CONTACT_FORM_URL=FORM, SELF_SUBMIT_REMINDER_DAYS=3, SERVER_NAME=None,
                    PUBLIC_URL=None)
def test_reminders_without_a_public_address_say_what_to_set(app, smtp_server):
    confirm(app, smtp_server, app.test_client(), **STATE_DEPT_SIGNER)
    age_confirmations(app, 30)
    result = app.test_cli_runner().invoke(args=["signatures", "remind", SLUG])
    assert result.exit_code == 1 and "PUBLIC_URL must be set" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)  # a message, no traceback


def test_campaigns_check_flags_a_missing_form_address_as_incomplete(runner):
    result = runner.invoke(args=["campaigns", "check"])
    assert result.exit_code == 2
    assert f"INCOMPLETE {SLUG}: " in result.output and "contact_form_url" in result.output
    assert "2 campaigns ok, 0 problems, 1 incomplete" in result.output
