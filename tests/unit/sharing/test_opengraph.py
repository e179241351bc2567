"""Open Graph and Twitter card tags (``sharing/opengraph.py``) and the page description, per
language, on ``PUBLIC_URL``."""
from __future__ import annotations

import re
from html import unescape

import pytest

from undersigned.sharing.opengraph import DESCRIPTION_LENGTH, description

PUBLIC = "https://sign.example.org"
SLUG = "belarus_senate"


def meta(html: str) -> dict[str, list[str]]:
    tags: dict[str, list[str]] = {}
    for name, content in re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)">', html):
        tags.setdefault(name, []).append(unescape(content))
    return tags


@pytest.mark.config(PUBLIC_URL=PUBLIC, SERVER_NAME="sign.example.org")
@pytest.mark.parametrize("prefix, locale, title", [
    ("", "en_US", "Joint letter to the Secretary of State on Belarus"),
    ("/ru", "ru_RU", "Совместное письмо государственному секретарю США о Беларуси"),
    ("/be", "be_BY", "Сумесны ліст дзяржаўнаму сакратару ЗША пра Беларусь"),
])
def test_the_campaign_page_has_open_graph_tags_in_the_readers_language(client, prefix, locale, title):
    tags = meta(client.get(f"{prefix}/c/{SLUG}").get_data(as_text=True))
    assert tags["og:title"] == [title] and tags["twitter:title"] == [title]
    assert tags["og:locale"] == [locale]
    assert sorted(tags["og:locale:alternate"]) == sorted({"en_US", "ru_RU", "be_BY"} - {locale})
    assert tags["og:url"] == [f"{PUBLIC}{prefix}/c/{SLUG}"]
    assert tags["og:image"] == tags["twitter:image"] == [f"{PUBLIC}{prefix}/c/{SLUG}/share.png"]
    assert tags["twitter:card"] == ["summary_large_image"]
    assert tags["og:description"] == tags["description"] == tags["twitter:description"]
    assert 0 < len(tags["description"][0]) <= DESCRIPTION_LENGTH


def test_the_description_follows_the_language_and_every_public_page_has_one(client):
    english = meta(client.get(f"/c/{SLUG}").get_data(as_text=True))["description"][0]
    russian = meta(client.get(f"/ru/c/{SLUG}").get_data(as_text=True))["description"][0]
    assert english != russian
    assert re.search("[а-яё]", russian)
    for path in ("/", "/ru/", "/c/belarus_state_dept/check-email", "/console/login"):
        assert len(meta(client.get(path).get_data(as_text=True))["description"]) == 1, path


def test_a_long_description_is_cut_at_a_word():
    text = "word " * 100
    cut = description(text)
    assert len(cut) <= DESCRIPTION_LENGTH and cut.endswith("word…")
    assert description("Short.") == "Short."
