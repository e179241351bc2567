"""One-click unsubscribe (RFC 8058) end to end on the seed ``self_submit`` campaign, with a real
SMTP server: the reminder carries it, the mail client's POST needs no CSRF token, a scanner's GET
changes nothing, later reminders skip the mailbox, and transactional mail never offers it."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from tests.functional.test_self_submit_channel import (
    FORM,
    age_confirmations,
    confirm,
    deliver,
    mails_to,
    remind,
)
from tests.support.signing import STATE_DEPT_SIGNER, form_inputs
from undersigned.extensions import db
from undersigned.security.tokens import SIGNER, make_token
from undersigned.unsubscribe.models import Unsubscription

REMINDING = pytest.mark.config(BELARUS_STATE_DEPT_CONTACT_FORM_URL=FORM, SELF_SUBMIT_REMINDER_DAYS=3,
                               PUBLIC_URL="https://undersigned.test")
ONE_CLICK = {"List-Unsubscribe": "One-Click"}


def unsubscriptions(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Unsubscription))


def reminders(smtp_server):
    return [m for m in smtp_server.messages if "reminder" in m["Subject"] or "Напоминание" in m["Subject"]]


def reminder_link(app, smtp_server, prefix: str = "") -> str:
    """Jane signs (under ``prefix``), is reminded; the path of her reminder's unsubscribe link."""
    confirm(app, smtp_server, app.test_client(), prefix, **STATE_DEPT_SIGNER)
    age_confirmations(app, 4)
    assert remind(app).output.strip() == "belarus_state_dept: 1 reminders queued"
    deliver(app)
    [reminder] = reminders(smtp_server)
    header = reminder["List-Unsubscribe"]
    assert header.startswith("<https://undersigned.test/") and header.endswith(">")
    return urlsplit(header[1:-1]).path


@REMINDING
def test_the_reminder_offers_one_click_unsubscribe_and_later_reminders_skip_the_mailbox(app, smtp_server):
    path = reminder_link(app, smtp_server)
    [reminder] = reminders(smtp_server)
    assert reminder["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert path.startswith("/unsubscribe/")

    # the mail client's one-click POST: no cookie, no CSRF token
    answer = app.test_client().post(path, data=ONE_CLICK)
    assert answer.status_code == 200
    assert "You are unsubscribed" in answer.get_data(as_text=True)
    assert unsubscriptions(app) == 1
    assert app.test_client().post(path, data=ONE_CLICK).status_code == 200  # twice is harmless
    assert unsubscriptions(app) == 1

    # the same mailbox signs again (a +tag reaches it), and someone else signs: only Bob is reminded
    for signer in ({"email": "jane.doe+again@example.org"}, {"first_name": "Bob", "email": "bob@example.org"}):
        confirm(app, smtp_server, app.test_client(), **dict(STATE_DEPT_SIGNER, **signer))
    age_confirmations(app, 4)
    assert remind(app).output.strip() == "belarus_state_dept: 1 reminders queued"
    deliver(app)
    assert [m["To"] for m in reminders(smtp_server)] == ["Jane.Doe@example.org", "bob@example.org"]


@REMINDING
def test_a_get_only_shows_the_page_whose_button_unsubscribes_with_csrf(app, smtp_server):
    path = reminder_link(app, smtp_server)
    client = app.test_client()
    page = client.get(path)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert html.count("<h1") == 1 and "Stop these e-mails" in html
    assert "<button" in html and html.lower().startswith("<!doctype html>")
    assert unsubscriptions(app) == 0  # a mail scanner following the link unsubscribes nobody

    assert client.post(path).status_code == 400  # neither one-click nor the page's CSRF token
    assert unsubscriptions(app) == 0
    csrf = form_inputs(html)["csrf_token"]
    assert client.post(path, data={"csrf_token": csrf}).status_code == 200
    assert unsubscriptions(app) == 1


@REMINDING
def test_the_page_speaks_the_reminders_language(app, smtp_server):
    path = reminder_link(app, smtp_server, "/ru")
    assert path.startswith("/ru/unsubscribe/")
    html = app.test_client().get(path).get_data(as_text=True)
    assert '<html lang="ru"' in html
    assert "Отписаться от этих сообщений" in html and ">Отписаться<" in html.replace("\n", "").replace(" <", "<")


def test_a_forged_token_is_not_found(app):
    with app.test_request_context():
        other_purpose = make_token(SIGNER, "abc")  # signed by us, but not an unsubscribe token
    client = app.test_client()
    for token in ("forged", "WyJhYmMiLCJiZWxhcnVzX3N0YXRlX2RlcHQiXQ.forged", other_purpose):
        assert client.get(f"/unsubscribe/{token}").status_code == 404
        assert client.post(f"/unsubscribe/{token}", data=ONE_CLICK).status_code == 404
    assert unsubscriptions(app) == 0


@REMINDING
def test_transactional_mail_offers_no_unsubscribe(app, smtp_server):
    confirm(app, smtp_server, app.test_client(), **STATE_DEPT_SIGNER)
    deliver(app)
    confirmation, letter_copy = mails_to(smtp_server, "Jane.Doe@example.org")
    assert "confirm" in confirmation["Subject"].lower() and "Your letter to send" in letter_copy["Subject"]
    assert confirmation["List-Unsubscribe"] is None and confirmation["List-Unsubscribe-Post"] is None
    assert letter_copy["List-Unsubscribe"] is None
