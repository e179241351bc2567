"""Translations are text: a translator cannot put HTML on a page, and a msgid that carries HTML
keeps exactly its own tags in every language (issue 8, item 4)."""
from __future__ import annotations

import logging

import pytest
from flask import render_template_string
from flask_babel import force_locale
from sqlalchemy import select

from tests.support.catalogs import scratch_catalog_app, set_translation
from tests.support.outbox import deliver
from tests.support.signing import STATE_DEPT_SIGNER, sign
from undersigned.extensions import db
from undersigned.i18n.markup import markup_difference, translation_markup
from undersigned.i18n.translate import lazy_gettext
from undersigned.mail.models import OutboxMessage

REFRESH = '<meta http-equiv="refresh" content="0;url=https://evil.example">'
SHOWN_AS_TEXT = "&lt;meta http-equiv=&#34;refresh&#34; content=&#34;0;url=https://evil.example&#34;&gt;"
LINK = 'Read <a href="%(url)s">the letter</a> and share it.'
PUBLIC_PAGES = ["/", "/c/belarus_state_dept", "/c/belarus_senate", "/c/belarus_senate/letter",
                "/c/belarus_state_dept/check-email", "/console/login", "/no-such-page"]


@pytest.fixture
def catalog_app(tmp_path, monkeypatch):
    return scratch_catalog_app(tmp_path, monkeypatch)


def test_a_translation_with_html_is_shown_as_text_on_every_page(catalog_app):
    set_translation(catalog_app, "ru", "Skip to content", REFRESH)  # every page (base.html)
    set_translation(catalog_app, "ru", "E-mail address", REFRESH)   # a form label (lazy string)
    client = catalog_app.test_client()
    for path in PUBLIC_PAGES:
        html = client.get(f"/ru{path}").get_data(as_text=True)
        assert "http-equiv" not in html.replace(SHOWN_AS_TEXT, ""), path
        assert SHOWN_AS_TEXT in html, path
    for path in ("/c/belarus_state_dept", "/console/login"):
        label = client.get(f"/ru{path}").get_data(as_text=True)
        assert f">{SHOWN_AS_TEXT}</label>" in label, path


def test_the_html_e_mail_shows_a_translation_as_text_and_the_text_e_mail_keeps_it(catalog_app):
    set_translation(catalog_app, "ru", "Confirm my signature", "<script>alert(1)</script> Подтвердить")
    set_translation(catalog_app, "ru", "Hello,", "Здравствуйте & добро пожаловать!")
    assert sign(catalog_app.test_client(), catalog_app, "belarus_state_dept", "/ru",
                **STATE_DEPT_SIGNER).status_code == 302
    deliver(catalog_app)
    with catalog_app.app_context():
        message = db.session.scalars(select(OutboxMessage)).one()
    assert "<script>" not in message.body_html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Подтвердить</a>" in message.body_html
    assert "Здравствуйте &amp; добро пожаловать!" in message.body_html
    assert "Здравствуйте & добро пожаловать!" in message.body_text  # plain text stays text


def render_link(app, url: str = "https://example.org/letter?a=1&b=2", message: str = LINK) -> str:
    with app.test_request_context("/"), force_locale("ru"):
        return render_template_string("{{ _(message, url=url) }}", message=message, url=url)


def test_a_msgid_with_html_keeps_its_link_in_translation(catalog_app):
    set_translation(catalog_app, "ru", LINK, 'Прочтите <a href="%(url)s">письмо</a> и поделитесь им.')
    assert render_link(catalog_app) == ('Прочтите <a href="https://example.org/letter?a=1&amp;b=2">письмо</a> '
                                        'и поделитесь им.')
    # a variable is still escaped, even inside the source's own attribute
    assert '<a href="&#34;&gt;&lt;script&gt;">' in render_link(catalog_app, '"><script>')


@pytest.mark.parametrize("translation", [
    'Прочтите <a href="%(url)s">письмо</a><script>alert(1)</script>',
    'Прочтите <a href="%(url)s" onclick="steal()">письмо</a>',
    'Прочтите <a href="https://evil.example">письмо</a>',
    'Прочтите <a href="%(url)s">письмо</a> <img src=x onerror=steal()>',
    'Прочтите письмо <a href="%(url)s">',
    'Прочтите <a href="%(url)s">письмо</a> <meta http-equiv="refresh" content="0;url=https://evil.example"',
])
def test_a_translation_that_changes_the_tags_of_a_msgid_shows_the_original(catalog_app, translation):
    set_translation(catalog_app, "ru", LINK, translation)
    html = render_link(catalog_app)
    assert html == 'Read <a href="https://example.org/letter?a=1&amp;b=2">the letter</a> and share it.'


def test_the_log_names_a_refused_translation_once_without_personal_data(catalog_app, caplog):
    message = 'Share <a href="%(url)s">this page</a>.'
    set_translation(catalog_app, "ru", message, 'Поделитесь <a href="%(url)s" onclick="steal()">ею</a>.')
    with caplog.at_level(logging.WARNING, logger="undersigned.i18n.markup"):
        for _ in range(3):
            render_link(catalog_app, "https://example.org/?email=jane@example.org", message)
    records = [record.getMessage() for record in caplog.records if record.name == "undersigned.i18n.markup"]
    assert len(records) == 1 and "Share <a" in records[0] and "jane@example.org" not in records[0]


def test_text_around_the_tags_of_a_msgid_is_escaped():
    shown = translation_markup(LINK, 'Прочтите <a href="%(url)s">письмо</a> &lt;b&gt; & 1 < 2')
    assert shown == 'Прочтите <a href="%(url)s">письмо</a> &lt;b&gt; &amp; 1 &lt; 2'
    assert translation_markup("Add your name", "<b>Подпишите</b>") == "&lt;b&gt;Подпишите&lt;/b&gt;"


def test_lazy_strings_are_text_in_templates(catalog_app):
    set_translation(catalog_app, "ru", "E-mail address", REFRESH)
    with catalog_app.test_request_context("/"), force_locale("ru"):
        label = lazy_gettext("E-mail address")
        assert str(label) == REFRESH  # as text, for code that wants the text
        assert render_template_string("{{ label }}", label=label) == SHOWN_AS_TEXT


def test_markup_difference_names_what_a_translation_adds_or_drops():
    assert markup_difference(LINK, 'Прочтите <a  href="%(url)s">письмо</a>') == []
    assert markup_difference("Add your name", REFRESH) == [REFRESH]
    assert markup_difference(LINK, "Прочтите письмо") == ['<a href="%(url)s">', "</a>"]
    assert markup_difference("Add your name", "1 < 2, &lt;b&gt; <3") == []
    assert markup_difference("Add your name", "Подпишите <!-- x") == ["<!--"]
    assert markup_difference("Add your name", "Подпишите <![%# x") == ["Подпишите <![%# x"]  # html.parser gives up


def test_a_translation_the_parser_gives_up_on_shows_the_original():
    assert translation_markup(LINK, 'Прочтите <a href="%(url)s">письмо</a> <![%# x') == LINK
