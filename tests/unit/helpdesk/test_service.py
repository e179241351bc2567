"""The help desk's writes (helpdesk/service.py): a request and its e-mails in one transaction,
answers kept in the thread and e-mailed in the supporter's language, closing and reopening with
an audit entry holding ids only, the open count and the 24-hour mark."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import select

from tests.support.helpdesk import IVAN, SLUG
from undersigned.audit.log import entries
from undersigned.contract import utcnow
from undersigned.contract.state import registry_of
from undersigned.extensions import db
from undersigned.helpdesk import service
from undersigned.helpdesk.models import ANSWERED, CLOSED, NEW, HelpRequest
from undersigned.mail.models import OutboxMessage


def submit(campaign, **changes):
    return service.submit(campaign, **dict(IVAN, **changes))


def outbox() -> dict[str, OutboxMessage]:
    return {message.kind: message for message in db.session.scalars(select(OutboxMessage))}


@pytest.mark.config(HELP_EMAIL="help@example.org")
def test_a_request_queues_the_acknowledgement_in_the_reply_language_and_the_notice_with_a_console_link(app):
    with app.test_request_context("/c/belarus_state_dept/help"):
        help_request = submit(registry_of().get(SLUG))
        mail = outbox()
    ack, notice = mail[service.ACKNOWLEDGEMENT], mail[service.NOTICE]
    assert ack.to_address == "ivan@example.org" and ack.language == "ru"
    assert ack.subject.startswith("Мы получили ваш запрос о помощи")
    assert "в течение 24 часов" in ack.body_text
    # nothing the sender typed (their address has proved nothing): a link to the request's page
    assert "Не могу найти форму" not in ack.body_text and "Иван" not in ack.body_text
    assert f"http://undersigned.test/ru/c/{SLUG}/help/" in ack.body_text
    assert notice.to_address == "help@example.org" and notice.language == "en"
    assert f"/console/campaigns/{SLUG}/help/{help_request.id}" in notice.body_text
    assert notice.body_text.count("http://undersigned.test/console/") == 1


@pytest.mark.config(HELP_EMAIL="help@example.org")
def test_the_campaigns_own_help_address_comes_before_the_setting(app):
    with app.test_request_context("/"):
        campaign = dataclasses.replace(registry_of().get(SLUG), help_address="state-dept-help@example.org")
        submit(campaign)
        assert outbox()[service.NOTICE].to_address == "state-dept-help@example.org"


def test_without_any_help_address_the_request_waits_in_the_console(app):
    with app.test_request_context("/"):
        help_request = submit(registry_of().get(SLUG))
        assert set(outbox()) == {service.ACKNOWLEDGEMENT}
        assert list(db.session.scalars(service.listing(SLUG))) == [help_request]


def test_an_answer_is_kept_and_mailed_with_the_wrapper_in_the_requested_language(app):
    with app.test_request_context("/"):
        campaign = registry_of().get(SLUG)
        help_request = submit(campaign, language="be")
        reply = service.answer(help_request, campaign, body="Form: https://example.gov/contact", author="org@example.org")
        message = outbox()[service.ANSWER]
        assert help_request.status == ANSWERED and help_request.messages == [reply]
        assert message.to_address == "ivan@example.org" and not message.automatic
        assert "Form: https://example.gov/contact" in message.body_text
        assert "адказалі на ваш запыт" in message.body_text and "Иван" not in message.body_text
        [audit] = entries(SLUG)
        assert audit.action == "help.answer" and audit.details == {"request": help_request.id, "message": reply.id}


def test_close_and_reopen_are_audited_with_ids_only_and_open_count_follows(app):
    with app.test_request_context("/"):
        campaign = registry_of().get(SLUG)
        first, second = submit(campaign), submit(campaign)
        assert service.open_count(SLUG) == 2
        service.close(first)
        assert first.status == CLOSED and service.open_count(SLUG) == 1
        service.reopen(first)
        assert first.status == NEW and service.open_count(SLUG) == 2
        service.answer(second, campaign, body="Done.", author="org@example.org")
        service.close(second)
        service.reopen(second)
        assert second.status == ANSWERED
        actions = [(entry.action, entry.details) for entry in reversed(entries(SLUG))]
        assert actions[:2] == [("help.close", {"request": first.id}), ("help.reopen", {"request": first.id})]
        assert all("ivan" not in str(details).lower() for _action, details in actions)
        assert service.open_count("belarus_senate") == 0


def test_a_request_is_overdue_after_24_hours_without_an_answer(app):
    with app.test_request_context("/"):
        campaign = registry_of().get(SLUG)
        help_request = submit(campaign)
        now = utcnow()
        assert not service.overdue(help_request, now)
        help_request.created_at = now - dt.timedelta(hours=25)
        assert service.overdue(help_request, now)
        service.answer(help_request, campaign, body="Here.", author="org@example.org")
        assert not service.overdue(help_request, now)


def test_request_of_finds_a_request_only_in_its_own_campaign(app):
    with app.test_request_context("/"):
        help_request = submit(registry_of().get(SLUG))
        assert service.request_of(SLUG, help_request.id) is help_request
        assert service.request_of("belarus_senate", help_request.id) is None


def test_erase_empties_personal_data_and_keeps_what_counts(app):
    with app.test_request_context("/"):
        campaign = registry_of().get(SLUG)
        help_request = submit(campaign)
        service.answer(help_request, campaign, body="Dear Ivan Petrov, ...", author="org@example.org")
        assert service.erasable_count([SLUG]) == 1
        assert service.erase([SLUG]) == 1
        db.session.commit()
        db.session.expire_all()
        erased = db.session.get(HelpRequest, help_request.id)
        assert (erased.name, erased.email, erased.message) == ("", None, "")
        assert [message.body for message in erased.messages] == [""]
        assert (erased.country, erased.state, erased.status, erased.language) == ("US", "OR", ANSWERED, "ru")
        assert erased.erased_at is not None and service.erasable_count([SLUG]) == 0


def test_the_whole_life_of_a_request_on_each_database(backend_app):
    with backend_app.test_request_context("/"):
        campaign = registry_of().get(SLUG)
        help_request = submit(campaign)
        service.answer(help_request, campaign, body="Here.", author="org@example.org")
        service.close(help_request)
        assert service.open_count(SLUG) == 0 and list(db.session.scalars(service.listing(SLUG, CLOSED))) == [help_request]
        assert service.erase([SLUG]) == 1
        db.session.commit()
        db.session.expire_all()
        assert db.session.get(HelpRequest, help_request.id).messages[0].body == ""
