"""Choosing the reader's language (i18n.locale): the URL prefix, then the cookie, then
Accept-Language; alternates and links stay in the language; dates and numbers follow it."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask_babel import force_locale


def test_the_url_prefix_then_the_cookie_then_accept_language_choose(client):
    assert 'lang="ru"' in client.get("/ru/").get_data(as_text=True)
    assert 'lang="be"' in client.get("/be/c/belarus_senate").get_data(as_text=True)
    assert 'lang="ru"' in client.get("/", headers={"Accept-Language": "ru,en;q=0.5"}).get_data(as_text=True)
    switched = client.get("/language/be?next=/be/")
    assert switched.status_code == 302 and urlsplit(switched.location).path == "/be/"
    assert 'lang="be"' in client.get("/", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert 'lang="en"' in client.get("/en/").get_data(as_text=True)


def test_every_page_has_hreflang_alternates_and_links_stay_in_the_language(client):
    html = client.get("/ru/c/belarus_state_dept").get_data(as_text=True)
    for code, href in (("en", "/c/belarus_state_dept"), ("ru", "/ru/c/belarus_state_dept"),
                       ("be", "/be/c/belarus_state_dept")):
        assert f'hreflang="{code}" href="{href}"' in html
    assert 'action="/ru/c/belarus_state_dept' in html


def test_dates_and_numbers_follow_the_locale(app):
    from flask_babel import format_date, format_number
    import datetime as dt
    with app.test_request_context("/ru/"), force_locale("ru"):
        assert format_number(12345) == "12\xa0345"
        assert "ноября" in format_date(dt.date(2026, 11, 23), "long")
    with app.test_request_context("/be/"), force_locale("be"):
        assert "лістапада" in format_date(dt.date(2026, 11, 23), "long")
