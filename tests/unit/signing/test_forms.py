"""The sign form (signing.forms): the honeypot is invisible to people."""
from __future__ import annotations

import re
from html.parser import HTMLParser

from tests.support.captcha import SLUG


class _Honeypot(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[dict] = []
        self.found: tuple[list[dict], dict] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "input" and attributes.get("name") == "website":
            self.found = (list(self.stack), attributes)
        elif tag not in ("input", "br", "img", "link", "meta"):
            self.stack.append(attributes)

    def handle_endtag(self, tag):
        if self.stack and tag not in ("input", "br", "img", "link", "meta"):
            self.stack.pop()


def test_the_honeypot_is_skipped_by_keyboards_and_screen_readers(client):
    parser = _Honeypot()
    parser.feed(client.get(f"/c/{SLUG}").get_data(as_text=True))
    assert parser.found, "no honeypot field"
    ancestors, field = parser.found
    assert field.get("tabindex") == "-1" and field.get("autocomplete") == "off"
    assert field.get("aria-hidden") == "true"
    assert any(a.get("aria-hidden") == "true" and "honeypot" in (a.get("class") or "") for a in ancestors)


def state_names(client, prefix: str) -> list[str]:
    html = client.get(f"{prefix}/c/{SLUG}").get_data(as_text=True)
    select = html.split('name="us_state"', 1)[1].split("</select>", 1)[0]
    return re.findall(r'<option value="[A-Z]{2}">([^<]+)</option>', select)


def test_the_states_are_named_and_ordered_in_each_readers_language(client):
    for _ in range(2):  # the second time from the per-language cache: still each its own
        english, russian, belarusian = (state_names(client, prefix) for prefix in ("", "/ru", "/be"))
        assert english.index("Hawaii") < english.index("Wyoming")
        assert russian.index("Вайоминг") < russian.index("Гавайи")  # В before Г
        assert belarusian.index("Ваёмінг") < belarusian.index("Гаваі")
        assert len(english) == len(russian) == len(belarusian) > 50
