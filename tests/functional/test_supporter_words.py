"""The supporter's words (issue 20): the confirmation e-mail is a link, not a letter; an empty
field or code box says which; a date in mail ends its sentence with one full stop."""
from __future__ import annotations

import re

import pytest

from tests.support.outbox import deliver, mails_to, plain_text
from tests.support.signing import SENATE_SIGNER, STATE_DEPT_SIGNER, sign
from tests.unit.delivery.conftest import sign_and_confirm

STATE = "belarus_state_dept"
SENATE = "belarus_senate"
PREFIX = {"en": "", "ru": "/ru", "be": "/be"}


def words(html: str) -> str:
    """The words of ``html``, tags dropped."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).lower()


@pytest.mark.parametrize("language, link, letter", [("ru", "ссылк", "письм"), ("be", "спасылк", "ліст")])
def test_the_check_email_page_offers_the_link_again_never_the_letter(app, client, language, link, letter):
    signed = sign(client, app, STATE, PREFIX[language], **STATE_DEPT_SIGNER)
    page = client.get(signed.location).get_data(as_text=True)
    main = page[page.index("<main"):page.index("</main>")]
    # what follows the first paragraph (which names the campaign, whose title is a letter's)
    rest = words(main[main.index("</p>"):])
    assert link in rest and letter not in rest

    resent = client.post(f"{PREFIX[language]}/c/{STATE}/check-email/resend",
                         data={"csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)},
                         follow_redirects=True)
    notice = re.search(r'<p class="notice notice-success" role="status">(.*?)</p>', resent.get_data(as_text=True))
    assert link in words(notice.group(1)) and letter not in words(notice.group(1))


EMPTY = {
    "en": ["Enter your first name.", "Enter your last name.", "Enter your e-mail address.",
           "Choose an answer for “Country of residence”.", "Enter the code from the picture."],
    "ru": ["Введите имя.", "Введите фамилию.", "Введите адрес электронной почты.",
           "Выберите значение в поле «Страна проживания».", "Введите код с картинки."],
    "be": ["Увядзіце імя.", "Увядзіце прозвішча.", "Увядзіце адрас электроннай пошты.",
           "Выберыце значэнне ў полі «Краіна пражывання».", "Увядзіце код з малюнка."],
}


@pytest.mark.parametrize("language", sorted(EMPTY))
def test_an_empty_field_or_code_box_says_which(app, client, language):
    blank = dict.fromkeys(STATE_DEPT_SIGNER, "")
    response = sign(client, app, STATE, PREFIX[language], captcha="", **blank)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert [message for message in EMPTY[language] if message not in html] == []
    # a code typed wrong still says it does not match, not that it is missing
    wrong = sign(client, app, STATE, PREFIX[language], captcha="000000x", **STATE_DEPT_SIGNER)
    assert EMPTY[language][-1] not in wrong.get_data(as_text=True)


@pytest.mark.parametrize("language, message", [
    ("en", "Fill in “Title”."), ("ru", "Заполните поле «Должность»."), ("be", "Запоўніце поле «Пасада»."),
])
def test_a_campaigns_own_field_left_empty_is_named_by_its_label(app, client, language, message):
    response = sign(client, app, SENATE, PREFIX[language], **dict(SENATE_SIGNER, title=""))
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and f'<p class="error" id="title-error">{message}</p>' in html


@pytest.mark.parametrize("how", ["hand", "post"])
def test_a_date_in_mail_ends_its_sentence_with_one_full_stop(app, runner, how):
    signers = {language: dict(SENATE_SIGNER, email=f"{language}@example.org") for language in PREFIX}
    for language, signer in signers.items():
        sign_and_confirm(app, SENATE, prefix=PREFIX[language], **signer)
    assert runner.invoke(args=["signatures", "approve", SENATE, "1", "2", "3"]).exit_code == 0
    assert runner.invoke(args=["signatures", "freeze", SENATE]).exit_code == 0
    assert runner.invoke(args=["signatures", "deliver", SENATE, "1", "--by", how]).exit_code == 0
    deliver(app)
    for language, signer in signers.items():
        [note] = mails_to(app, signer["email"])[-1:]
        body = plain_text(note)
        assert re.search(r"\b20\d\d\b", body), language  # the note dates the delivery
        assert ".." not in body, (language, body)
