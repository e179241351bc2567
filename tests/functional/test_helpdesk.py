"""The help desk end to end with a real SMTP server: a supporter asks in Russian, the organizers'
help address is told with a link to the console, the supporter is answered in Russian from there,
and the thread keeps both."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.conftest import use_smtp
from tests.support.console import create_user, login
from tests.support.helpdesk import IVAN, SLUG, ask
from tests.support.outbox import deliver
from tests.support.signing import form_inputs, link_in

HELP = "help@example.org"
ANSWER = "Форма Госдепартамента: https://contact.example.gov/form\nВставьте туда письмо целиком."


def mails_to(smtp_server, address: str):
    return [message for message in smtp_server.messages if message["To"] == address]


def text(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")


@pytest.mark.config(HELP_EMAIL=HELP)
def test_a_request_in_russian_is_announced_acknowledged_and_answered_in_russian(app, smtp_server):
    use_smtp(app, smtp_server)
    supporter = app.test_client()
    assert ask(supporter, app, prefix="/ru", **IVAN).status_code == 302
    assert deliver(app) == 2

    [notice] = mails_to(smtp_server, HELP)
    assert "Не могу найти форму Госдепартамента" in text(notice)
    console_link = link_in(text(notice))
    assert console_link.startswith("http://undersigned.test/console/campaigns/belarus_state_dept/help/")
    [acknowledgement] = mails_to(smtp_server, "ivan@example.org")
    assert acknowledgement["Subject"].startswith("Мы получили ваш запрос о помощи: ")
    assert text(acknowledgement).startswith("Здравствуйте, Иван Петров!")
    assert "Организаторы ответят вам на этот адрес в течение 24 часов." in text(acknowledgement)

    create_user(app, "org@example.org")
    assert app.test_cli_runner().invoke(args=["users", "grant", "org@example.org", SLUG]).exit_code == 0
    organizer = app.test_client()
    login(organizer, "org@example.org")
    thread_path = urlsplit(console_link).path
    page = organizer.get(thread_path).get_data(as_text=True)
    assert "Не могу найти форму" in page and "Русский" in page
    answered = organizer.post(f"{thread_path}/answer", data={"csrf_token": form_inputs(page)["csrf_token"],
                                                             "body": ANSWER})
    assert answered.status_code == 302
    assert deliver(app) == 1

    answer = mails_to(smtp_server, "ivan@example.org")[-1]
    body = text(answer)
    assert answer["Subject"].startswith("Ответ на ваш запрос о помощи: ")
    assert "Организаторы кампании «Письмо в Государственный департамент США в поддержку Беларуси» ответили" in body
    assert ANSWER in body  # the organizer's text as typed
    assert "напишите нам снова со страницы кампании" in body
    assert "Auto-Submitted" not in answer  # written by a person

    thread = organizer.get(thread_path).get_data(as_text=True)
    assert "Не могу найти форму" in thread and "Вставьте туда письмо целиком." in thread
    assert thread.index("Не могу найти форму") < thread.index("Вставьте туда письмо целиком.")
    assert "org@example.org" in thread
