"""The personal paragraph's "no links" check (signing.validators.no_links): a letter delivered in
the signer's name carries nothing a mail client could turn into a link or an address, however it
is spelled, while ordinary prose (full stops, abbreviations, numbers, times) passes."""
from __future__ import annotations

from types import SimpleNamespace

import pytest
from wtforms.validators import ValidationError

from undersigned.signing.validators import no_links

REFUSED = [
    # with a scheme, however it is spaced, defanged or mistyped
    "Photos at https://evil.example/x of our street.",
    "HTTP://EVIL.EXAMPLE",
    "Go to https ://evil.example/verify now.",
    "Go to https: //evil.example/verify now.",
    "Go to hxxps://evil-example[.]com/verify now.",
    "Go to hXXp://evil-example.com now.",
    "Go to https//evil-example.com now.",
    "Go to //evil-example.com/verify now.",
    "ftp://files.example/leak.zip",
    # bare domains and short links
    "Please check evil-example.com/verify today.",
    "Please check bit.ly/3xYz12 today.",
    "Details: t.me/some_channel",
    "See example.org for more.",
    "See www.example for more.",
    "See Example.COM.",
    "See xn--e1afmkfd.xn--p1ai for more.",
    "Смотрите пример.рф и сайт.бел.",
    "Open 192.168.0.1/admin to see.",
    # spelled to slip past a plain pattern
    "Photos at ｈｔｔｐｓ：／／evil．example",
    "Photos at evil。example today.",
    "Photos at evil[.]example and evil(dot)com.",
    "Photos at evil\u00ad.com today.",
    # schemes that need no slashes
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "Read file:///etc/passwd there.",
    "Read file:C:/Users/report.txt there.",
    "Call tel:+12025550100 today.",
    "Call tel: 555 0100 today.",
    "Write mailto:someone@example.org today.",
    "javascript:alert(1) in the middle of words",
    "Text sms:+12025550100 now.",
    "Ping me skype:jane.doe?call now.",
    # e-mail addresses and telephone numbers
    "Write to jane.doe@example.org about it.",
    "Write to jane＠example．org about it.",
    "Write to ivan@пример.рф about it.",
    "Call +1 (202) 555-0100 about it.",
]

PROSE = [
    "I live in Minsk. The police came at 3 a.m. and took my brother.",
    "E.g. the U.S. Senate passed it; i.e. 3.5 million people, 10.000 signatures.",
    "Prices rose 2.5% in Jan. 2021, see p. 4, No. 5, Ph.D. students, etc.",
    "Dr. Smith wrote at 10:30 on 12.08.2020. Wait... what? Yes/no, 24/7, and/or 1/2.",
    "Note: the data: 30 people; my file: lost. A ratio of 3:1 and +5 degrees.",
    "Version v2.0 weighs 4.5kg and runs 1.5x faster.",
    "Святлана Ціханоўская, т.е. и т.д., г.Минск, г. Гомель, см.рис. 3.",
    "Follow @freedom on the radio. I am 100% sure.",
    "My grandmother (born 1931) said: “Never again.”",
]


def refuses(text: str) -> bool:
    try:
        no_links(None, SimpleNamespace(data=text))
    except ValidationError:
        return True
    return False


@pytest.mark.parametrize("text", REFUSED)
def test_anything_a_mail_client_could_turn_into_a_link_or_address_is_refused(text):
    assert refuses(text), text


@pytest.mark.parametrize("text", PROSE)
def test_ordinary_prose_with_full_stops_abbreviations_and_numbers_passes(text):
    assert not refuses(text), text
