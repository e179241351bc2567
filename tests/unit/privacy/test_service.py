"""Erasure and the retention purge (privacy/service.py): personal data goes, counts, statuses,
countries and dates stay; ``flask signatures purge`` is safe to run daily and has a dry run."""
from __future__ import annotations

import dataclasses
import datetime as dt
import sys
import uuid

import pytest
from sqlalchemy import func, select

from tests.conftest import make_app
from tests.support.outbox import mails_to
from undersigned.campaigns import counters
from undersigned.contract.state import registry_of
from undersigned.extensions import db
from undersigned.helpdesk import service as helpdesk
from undersigned.helpdesk.models import HelpRequest
from undersigned.mail.models import QUEUED, SENT, OutboxMessage
from undersigned.mail.outbox import enqueue
from undersigned.mail.worker import deliver_due
from undersigned.privacy import service as privacy
from undersigned.signing import service
from undersigned.signing.models import CONFIRMED, PENDING, WITHDRAWN, Signature

PLUGIN = '''
import dataclasses
import datetime as dt
from pathlib import Path

from undersigned.contract import Campaign, FormField, Recipient, hookimpl

HERE = Path(__file__).resolve().parent


@hookimpl
def undersigned_campaigns(config):
    recipient = Recipient(name="Ana Gomez", email="mayor@city.example")
    fields = (FormField("country", "Country", type="country"),
              FormField("comment", "Comment", type="textarea", required=False))
    return [Campaign(slug=SLUG + "_closed", title="Closed long ago", summary="-", recipient=recipient,
                     channel="email", template_folder=HERE, fields=fields,
                     closes=dt.date.today() - dt.timedelta(days=CLOSED_DAYS_AGO)),
            Campaign(slug=SLUG + "_open", title="Still open", summary="-", recipient=recipient,
                     channel="email", template_folder=HERE, fields=fields)]
'''
CLOSED_DAYS_AGO = 40


@pytest.fixture
def app(tmp_path, monkeypatch):
    """Two drop-in campaigns: one closed 40 days ago, one open; ``PURGE_AFTER_DAYS`` 30."""
    module = f"privacy_{uuid.uuid4().hex[:10]}"
    folder = tmp_path / "campaigns" / module
    folder.mkdir(parents=True)
    (folder / "__init__.py").write_text(f"SLUG = {module!r}\nCLOSED_DAYS_AGO = {CLOSED_DAYS_AGO}\n" + PLUGIN)
    for name in ("letter.txt", "letter.html"):
        (folder / name).write_text("Dear Mayor, {{ comment }} {{ first_name }} {{ last_name }}\n")
    (folder / "instructions.html").write_text("<p>Sign.</p>")
    app = make_app(tmp_path, monkeypatch, CAMPAIGNS_FOLDER=str(folder.parent), PURGE_AFTER_DAYS=30)
    app.closed, app.open = f"{module}_closed", f"{module}_open"
    yield app
    sys.modules.pop(module, None)


def add_signature(app, slug: str, n: int, *, confirm: bool = True) -> int:
    """Sign ``slug`` as signer ``n`` through the service (confirmed unless told), with its e-mails."""
    with app.test_request_context():
        campaign = registry_of().get(slug)
        signature = service.sign(
            campaign, {"first_name": f"Name{n}", "last_name": f"Surname{n}", "country": "BY",
                       "comment": f"my aunt lives in Hrodna {n}"},
            email=f"signer{n}@example.org", email_canonical=f"signer{n}@example.org", locale="ru",
            ip_hash=f"hash{n}", public_name=True, referral="friend")
        if confirm:
            service.confirm(signature, campaign)
        return signature.id


def personal(app, slug: str) -> list[str]:
    """Everything personal still held about ``slug``'s signers and in its e-mails."""
    with app.app_context():
        rows = db.session.scalars(select(Signature).where(Signature.campaign == slug)).all()
        held = [value for s in rows for value in (s.email, s.ip_hash, s.fields.get("first_name"),
                                                  s.fields.get("comment")) if value]
        messages = db.session.scalars(select(OutboxMessage).where(OutboxMessage.campaign == slug)).all()
        held += [value for m in messages for value in (m.to_address, m.body_text, m.body_html) if value]
        return held


def purge(app, *args: str):
    result = app.test_cli_runner().invoke(args=["signatures", "purge", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_purge_anonymises_closed_campaigns_and_keeps_their_counts(app):
    for n in range(3):
        add_signature(app, app.closed, n)
    add_signature(app, app.closed, 3, confirm=False)
    add_signature(app, app.open, 9)
    with app.app_context():
        assert deliver_due(app) == 5 + 4  # confirmations, and each confirmed letter to the mayor
        before = counters.totals(app.closed)
    assert before["confirmed"] == 3

    dry = purge(app, "--dry-run")
    assert "would anonymise 4 signatures" in dry and "would empty 7 e-mails" in dry
    assert app.closed in dry and app.open not in dry
    assert any("Name0" in value for value in personal(app, app.closed))  # a dry run changes nothing

    done = purge(app)
    assert "anonymised 4 signatures" in done and "emptied 7 e-mails of 1 campaigns" in done
    assert "Name" not in done and "@" not in done  # counts only
    assert personal(app, app.closed) == []
    with app.app_context():
        assert counters.totals(app.closed) == before
        rows = db.session.scalars(select(Signature).where(Signature.campaign == app.closed)
                                  .order_by(Signature.id)).all()
        assert [s.status for s in rows] == [CONFIRMED] * 3 + [PENDING]
        assert all(s.fields == {"country": "BY"} and s.locale == "ru" and s.created_at and s.erased_at
                   for s in rows)
        assert all(s.confirmed_at for s in rows[:3]) and not any(s.public_name for s in rows)
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage)
                                 .where(OutboxMessage.campaign == app.closed, OutboxMessage.status == SENT)) == 7
    assert any("Name9" in value for value in personal(app, app.open))  # the open campaign is untouched

    again = purge(app)
    assert "anonymised 0 signatures" in again and "emptied 0 e-mails" in again


def test_purge_erases_the_help_requests_of_closed_campaigns_and_their_mail(app):
    with app.test_request_context():
        for slug in (app.closed, app.open):
            help_request = helpdesk.submit(registry_of().get(slug), name="Ivan Petrov", email="ivan@example.org",
                                           country="US", state="OR", language="ru", message="Where is the form?")
            helpdesk.answer(help_request, registry_of().get(slug), body="Dear Ivan, here.", author="org@example.org")
        deliver_due(app)

    assert "would anonymise 1 help requests" in purge(app, "--dry-run")
    assert "anonymised 1 help requests" in purge(app)
    with app.app_context():
        closed, still = (db.session.scalar(select(HelpRequest).filter_by(campaign=slug)) for slug in (app.closed, app.open))
        assert (closed.name, closed.email, closed.message, closed.messages[0].body) == ("", None, "", "")
        assert (closed.country, closed.state, closed.status) == ("US", "OR", "answered")
        assert still.email == "ivan@example.org" and still.messages[0].body == "Dear Ivan, here."
    assert personal(app, app.closed) == []
    assert "anonymised 0 help requests" in purge(app)


def test_purge_waits_for_the_configured_days(app):
    add_signature(app, app.closed, 0)
    app.config["PURGE_AFTER_DAYS"] = CLOSED_DAYS_AGO
    assert "no campaign closed more than 40 days ago" in purge(app)
    assert personal(app, app.closed)
    app.config["PURGE_AFTER_DAYS"] = CLOSED_DAYS_AGO - 1
    assert "anonymised 1 signatures" in purge(app)


def test_purge_leaves_unsent_mail_to_be_sent_and_empties_it_on_a_later_run(app):
    add_signature(app, app.closed, 0)
    with app.app_context():
        enqueue(kind="notice", to="signer0@example.org", subject="A notice", template="emails/letter",
                language="en", campaign=app.closed, letter="The campaign has closed, Name0.")
        db.session.commit()
    purge(app)
    with app.app_context():
        message = db.session.scalar(select(OutboxMessage).filter_by(kind="notice"))
        assert message.status == QUEUED and message.to_address == "signer0@example.org"
        assert deliver_due(app) == 2  # the letter to the recipient and the notice (not the confirmation)
    assert "emptied 2 e-mails" in purge(app)
    assert personal(app, app.closed) == []


def test_a_confirmation_still_unsent_when_its_signature_is_anonymised_is_never_sent(app):
    add_signature(app, app.closed, 0, confirm=False)
    purge(app)
    with app.app_context():
        assert deliver_due(app) == 0
        assert db.session.scalar(select(OutboxMessage)) is None
    assert mails_to(app, "signer0@example.org") == []
    assert personal(app, app.closed) == []


def test_withdrawing_erases_and_drops_the_unsent_mail_and_erasing_changes_no_count_twice(app):
    first, second = add_signature(app, app.open, 1), add_signature(app, app.open, 2)
    with app.test_request_context():
        campaign = registry_of().get(app.open)
        assert counters.confirmed_count(app.open) == 2
        signature = db.session.get(Signature, first)
        assert privacy.withdraw(signature, campaign)
        assert counters.confirmed_count(app.open) == 1
        assert signature.status == WITHDRAWN and signature.email is None
        assert signature.email_canonical == f"erased-{first}"
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage)
                                 .where(OutboxMessage.signature_id == first)) == 0  # never sent
        assert not privacy.withdraw(db.session.get(Signature, first), campaign)  # once only
        assert counters.confirmed_count(app.open) == 1
        assert db.session.get(Signature, second).email == "signer2@example.org"
    # once the campaign has closed, the purge leaves the withdrawn one as it is and moves no count
    with app.app_context():
        closed = dataclasses.replace(registry_of().get(app.open), closes=dt.date.today())
        report = privacy.purge([closed], after_days=0, today=dt.date.today() + dt.timedelta(days=1))
        assert report.signatures == 1  # only the second was left to anonymise
        assert counters.confirmed_count(app.open) == 1
        assert db.session.get(Signature, second).email is None
