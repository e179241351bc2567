"""The ``self_submit`` channel end to end on the seed campaign, with a real SMTP server: the
letter e-mailed after confirming (in the supporter's language), "I have sent it" only where there
is somewhere to send it, the page once it is pressed, the one reminder, and ``campaigns check``."""
from __future__ import annotations

import dataclasses
import datetime as dt
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


@pytest.mark.config(BELARUS_STATE_DEPT_CONTACT_FORM_URL=FORM)
def test_once_reported_the_page_counts_the_letter_as_sent_and_stops_asking(app, smtp_server):
    client = app.test_client()
    thanks = confirm(app, smtp_server, client, **STATE_DEPT_SIGNER)
    page = client.get(thanks).get_data(as_text=True)
    assert "I have sent it" in page and "Now send your letter through the official form" in page

    client.post(thanks.replace("/thanks/", "/sent/"), data={"csrf_token": form_inputs(page)["csrf_token"]})
    page = client.get(thanks).get_data(as_text=True)
    assert "Your letter is counted as sent" in page
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


def test_campaigns_check_flags_a_missing_form_address_as_incomplete(runner):
    result = runner.invoke(args=["campaigns", "check"])
    assert result.exit_code == 2
    assert f"INCOMPLETE {SLUG}: " in result.output and "contact_form_url" in result.output
    assert "2 campaigns ok, 0 problems, 1 incomplete" in result.output
