"""The supporter's words (issue 20): an empty field or code box says which."""
from __future__ import annotations

import pytest

from tests.support.signing import SENATE_SIGNER, STATE_DEPT_SIGNER, sign

STATE = "belarus_state_dept"
SENATE = "belarus_senate"
PREFIX = {"en": "", "ru": "/ru", "be": "/be"}


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
