"""The privacy page (privacy/views.py) in each language, linked from every page's footer."""
from __future__ import annotations

from html.parser import HTMLParser

import pytest

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Outline(HTMLParser):
    """The headings of a page, and any tag closed out of order (not well-formed)."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.misnested: list[str] = []
        self.headings: list[tuple[str, str]] = []
        self._heading: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.open.append(tag)
        if tag in {"h1", "h2", "h3"}:
            self._heading, self._text = tag, ""

    def handle_endtag(self, tag):
        if not self.open or self.open.pop() != tag:
            self.misnested.append(tag)
        if tag == self._heading:
            self.headings.append((tag, self._text.strip()))
            self._heading = None

    def handle_data(self, data):
        if self._heading:
            self._text += data


def outline(html: str) -> Outline:
    parser = Outline()
    parser.feed(html)
    assert parser.misnested == [] and parser.open == [], (parser.misnested, parser.open)
    return parser


@pytest.mark.parametrize(("prefix", "title", "retention", "withdraw"), [
    ("", "Privacy", "erased 90 days after the campaign closes", "Withdraw: every confirmation e-mail"),
    ("/ru", "Конфиденциальность", "удаляются через 90 дней после закрытия", "Отозвать подпись: ссылка"),
    ("/be", "Прыватнасць", "выдаляюцца праз 90 дзён пасля закрыцця", "Адклікаць подпіс: спасылка"),
])
def test_the_privacy_page_in_each_language(client, prefix, title, retention, withdraw):
    response = client.get(f"{prefix}/privacy")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    page = outline(html)
    assert [h for h in page.headings if h[0] == "h1"] == [("h1", title)]
    assert len([h for h in page.headings if h[0] == "h2"]) == 4
    assert retention in html and withdraw in html
    assert f'<html lang="{prefix.strip("/") or "en"}">' in html


@pytest.mark.config(PURGE_AFTER_DAYS=1)
def test_the_page_states_the_configured_retention_with_its_plural(client):
    assert "erased 1 day after the campaign closes" in client.get("/privacy").get_data(as_text=True)
    assert "через 1 день после" in client.get("/ru/privacy").get_data(as_text=True)


def test_the_page_says_what_a_help_request_keeps_and_when_it_goes(client):
    html = client.get("/be/privacy").get_data(as_text=True)
    assert "Калі вы пішаце нам па дапамогу" in html
    assert "Запыты аб дапамозе па кампаніі выдаляюцца тады ж" in html


def test_every_page_links_to_it_in_the_footer(client):
    for path in ("/", "/c/belarus_state_dept", "/ru/c/belarus_senate/letter"):
        html = client.get(path).get_data(as_text=True)
        footer = html[html.index('<footer class="site-footer">'):]
        assert "/privacy\"" in footer, path
