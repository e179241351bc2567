"""The help desk in a real browser (Debian's chromium): a supporter asks for help from the
campaign page's link, and an organizer answers from the console; the supporter's mailbox gets
the answer in the language they asked for."""
from __future__ import annotations

import pytest

from tests.support.browser import browser_thread, captcha_challenge_in, in_browser, live_server  # noqa: F401
from tests.support.console import PASSWORD, create_user
from tests.support.helpdesk import IVAN, SLUG
from tests.support.signing import captcha_answer

pytestmark = pytest.mark.browser
ANSWER = "The official form is at https://contact.example.gov/form"


def test_an_organizer_answers_a_help_request_from_the_console(live_server, in_browser):
    create_user(live_server.app, "org@example.org")
    assert live_server.app.test_cli_runner().invoke(args=["users", "grant", "org@example.org", SLUG]).exit_code == 0

    def body(page, expect) -> None:
        page.goto(live_server.url(f"/ru/c/{SLUG}"))
        page.get_by_role("link", name="Нужна помощь с этой кампанией? Спросите организаторов").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Попросить о помощи")
        page.get_by_label("Ваше имя").fill(IVAN["name"])
        page.get_by_label("Адрес электронной почты").fill(IVAN["email"])
        page.get_by_label("Страна проживания").select_option("US")
        page.get_by_label("Штат (если вы живёте в США)").select_option("OR")
        page.get_by_label("Чем мы можем помочь?").fill(IVAN["message"])
        page.locator("#captcha_answer").fill(captcha_answer(live_server.app, captcha_challenge_in(page)))
        page.get_by_role("button", name="Отправить вопрос").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Мы получили ваш вопрос")

        page.goto(live_server.url("/console/login"))
        page.get_by_label("E-mail address").fill("org@example.org")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.get_by_role("link", name="help requests").click()
        page.get_by_role("link", name="Request 1").click()
        expect(page.locator(".thread")).to_contain_text("Не могу найти форму")
        page.get_by_label("Your answer").fill(ANSWER)
        page.get_by_role("button", name="Send the answer").click()
        expect(page.locator(".notice[role=status]")).to_contain_text("Your answer is on its way")
        expect(page.locator(".thread .from-organizer")).to_contain_text(ANSWER)
        expect(page.locator(".help-request")).to_contain_text("Answered")

    in_browser(body)
    assert live_server.deliver_mail() == 2  # the acknowledgement (no help address set) and the answer
    answer = [m for m in live_server.messages() if str(m["To"]) == IVAN["email"]][-1]
    text = answer.get_body(preferencelist=("plain",)).get_content()
    assert ANSWER in text and "ответили на ваш запрос о помощи" in text
