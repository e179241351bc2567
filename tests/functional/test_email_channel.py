"""The ``email`` channel end to end with a real SMTP server: letters paced per recipient, the
daily digest (once a day, none twice, none missed), the delivered count and the delivery log."""
from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

from sqlalchemy import select

from tests.support.clients import cli
from tests.conftest import use_smtp
from tests.support.signing import form_inputs, link_in, sign
from tests.support.outbox import deliver
from tests.unit.delivery.conftest import campaign_app  # noqa: F401 (a fixture)
from tests.unit.delivery.test_base import login_organizer
from undersigned.extensions import db
from undersigned.mail.models import QUEUED, OutboxMessage

MAYOR = "mayor@city.example"
SIGNERS = [{"first_name": first, "last_name": last, "email": f"{first.lower()}@example.org"}
           for first, last in (("Rosa", "Parks"), ("Ada", "Lovelace"), ("Alan", "Turing"))]


def sign_and_confirm(app, smtp_server, **signer) -> None:
    client = app.test_client()
    assert sign(client, app, app.slug, **signer).status_code == 302
    deliver(app)
    [mail] = [message for message in smtp_server.messages if message["To"] == signer["email"]]
    link = urlsplit(link_in(mail.get_body(("plain",)).get_content())).path
    page = client.get(link).get_data(as_text=True)
    assert client.post(link, data={"csrf_token": form_inputs(page)["csrf_token"]}).status_code == 302


def letters(smtp_server):
    return [message for message in smtp_server.messages if message["To"] == MAYOR]


def counts(app) -> str:
    """The counts ``flask campaigns list`` shows for the test's campaign."""
    lines = cli(app, "campaigns", "list").output.splitlines()
    return lines[lines.index(f"{app.slug}  [open]  Fix the potholes") + 2].strip()


def move_back(app, kind: str, *, written: bool = False, **delta) -> None:
    """Time passes: what was scheduled for later is due (and, if ``written``, what was written
    today is from an earlier day)."""
    with app.app_context():
        for message in db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind)):
            message.next_attempt_at -= dt.timedelta(**delta)
            if written:
                message.created_at -= dt.timedelta(**delta)
        db.session.commit()


def test_letters_to_one_recipient_are_paced_and_counted_as_delivered(campaign_app, smtp_server):
    app = campaign_app("email", extra="OPTIONS = {'letters_per_hour': 2, 'subject': 'Potholes'}")
    use_smtp(app, smtp_server)
    for signer in SIGNERS:
        sign_and_confirm(app, smtp_server, **signer)
    deliver(app)
    assert [letter["Reply-To"] for letter in letters(smtp_server)] == ["rosa@example.org"]
    assert "Rosa Parks" in letters(smtp_server)[0].get_body(("plain",)).get_content()
    assert letters(smtp_server)[0]["Subject"] == "Potholes"
    assert letters(smtp_server)[0]["From"] == app.config["MAIL_DEFAULT_SENDER"]  # from the platform
    assert counts(app) == "confirmed: 3  delivered: 1"

    move_back(app, "letter", minutes=30)  # half an hour later: the second slot
    deliver(app)
    assert [letter["Reply-To"] for letter in letters(smtp_server)] == ["rosa@example.org", "ada@example.org"]
    move_back(app, "letter", minutes=30)
    deliver(app)
    assert len(letters(smtp_server)) == 3
    assert counts(app) == "confirmed: 3  delivered: 3"
    console = login_organizer(app).get("/console/").get_data(as_text=True)
    rows = re.findall(r'<tr><td><a href="/console/campaigns/([^/"]+)/">.*?</td>\s*<td[^>]*>[^<]*</td>\s*<td[^>]*>([^<]*)</td>'
                      r'\s*<td[^>]*>([^<]*)</td>\s*<td[^>]*>([^<]*)</td></tr>', console, re.S)
    cells = {slug: tuple(rest) for slug, *rest in rows}
    assert cells[app.slug] == ("3", "3", "–")  # confirmed, delivered, reported sent
    assert cells["belarus_state_dept"] == ("0", "–", "0")

    log = cli(app, "signatures", "log", app.slug, "Ada@Example.org").output.splitlines()
    assert [line.split()[2:4] for line in log] == [["confirm", "sent"], ["letter", "sent"]]


def test_a_digest_carries_each_days_letters_once_and_misses_none(campaign_app, smtp_server):
    app = campaign_app("email", extra="OPTIONS = {'digest': True, 'subject': 'Potholes'}")
    use_smtp(app, smtp_server)
    for signer in SIGNERS[:2]:
        sign_and_confirm(app, smtp_server, **signer)
    deliver(app)
    assert letters(smtp_server) == []  # no letter goes on its own
    assert cli(app, "signatures", "digest").output.strip() == f"{app.slug}: 0 letters in today's digest"
    log = cli(app, "signatures", "log", app.slug, "rosa@example.org").output.splitlines()
    assert log[-1].split()[2:4] == ["letter", "held"]

    move_back(app, "letter", written=True, days=1)  # a day later, the digest carries yesterday's two letters
    sign_and_confirm(app, smtp_server, **SIGNERS[2])  # confirmed today: tomorrow's digest
    assert cli(app, "signatures", "digest", app.slug).output.strip() == f"{app.slug}: 2 letters in today's digest"
    assert cli(app, "signatures", "digest", app.slug).output.strip() == f"{app.slug}: 0 letters in today's digest"
    deliver(app)
    [digest] = letters(smtp_server)
    body = digest.get_body(("plain",)).get_content()
    assert digest["Subject"] == "Potholes: 2 letters"
    assert digest["Reply-To"] is None
    assert "Letter 1 of 2 · reply to: rosa@example.org" in body and "Rosa Parks" in body
    assert "Letter 2 of 2 · reply to: ada@example.org" in body and "Ada Lovelace" in body
    assert "Alan Turing" not in body
    assert counts(app) == "confirmed: 3  delivered: 2"
    [letter] = [line for line in cli(app, "signatures", "log", app.slug, "rosa@example.org").output
                .splitlines() if line.split()[2] == "letter"]
    assert letter.split()[3] == "sent" and "in digest" in letter

    move_back(app, "letter", written=True, days=1)
    assert cli(app, "signatures", "digest").output.strip() == f"{app.slug}: 1 letters in today's digest"
    deliver(app)
    assert "Alan Turing" in letters(smtp_server)[-1].get_body(("plain",)).get_content()
    assert len(letters(smtp_server)) == 2
    assert counts(app) == "confirmed: 3  delivered: 3"
    with app.app_context():
        assert db.session.scalar(select(OutboxMessage).where(OutboxMessage.status == QUEUED)) is None


def test_a_campaign_asking_for_fewer_than_one_letter_an_hour_is_reported(campaign_app):
    app = campaign_app("email", extra="OPTIONS = {'letters_per_hour': 0}")
    checked = cli(app, "campaigns", "check")
    assert checked.exit_code == 1
    assert "letters_per_hour must be at least 1" in checked.output
