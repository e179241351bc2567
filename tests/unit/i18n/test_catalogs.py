"""English, Russian and Belarusian: choosing the language, plurals, and nothing left in English."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import polib
import pytest
from flask_babel import force_locale, ngettext

from tests.conftest import REPO
from tests.support.signing import SENATE_SIGNER, STATE_DEPT_SIGNER, form_inputs, sign
from undersigned.extensions import db
from undersigned.mail.models import OutboxMessage

TARGETS = ("ru", "be")
PLURALS = {
    "ru": {1: "1 подпись", 2: "2 подписи", 5: "5 подписей", 11: "11 подписей", 21: "21 подпись",
           22: "22 подписи", 25: "25 подписей", 111: "111 подписей"},
    "be": {1: "1 подпіс", 2: "2 подпісы", 5: "5 подпісаў", 11: "11 подпісаў", 21: "21 подпіс",
           22: "22 подпісы", 25: "25 подпісаў", 111: "111 подпісаў"},
}


@pytest.fixture(autouse=True)
def compiled(app):
    assert app.test_cli_runner().invoke(args=["translations", "compile"]).exit_code == 0


def source_strings() -> set[str]:
    """Every English msgid of the core and the campaigns, as it would appear in a page."""
    strings: set[str] = set()
    for pot in [REPO / "translations" / "messages.pot", *REPO.glob("campaigns/*/translations/*.pot")]:
        for entry in polib.pofile(str(pot)):
            for text in (entry.msgid, entry.msgid_plural):
                # the literal parts between placeholders, long enough to be a phrase
                strings |= {part.strip() for part in re.split(r"%\(\w+\)\w|\{\w*\}", text or "")
                            if len(part.strip().split()) >= 2}
    return strings


def without_english_parts(html: str) -> str:
    """Drop what is meant to stay English: the delivered letter (lang="en" blocks), markup."""
    html = re.sub(r'<div class="letter[^"]*" lang="en">.*?</div>\s*(?=<(?:/section|details|/main))', "", html, flags=re.S)
    html = re.sub(r'<textarea[^>]*lang="en"[^>]*>.*?</textarea>|<input[^>]*lang="en"[^>]*>', "", html, flags=re.S)
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    html = re.sub(r"<[^>]+>", " ", html)
    return re.sub(r"\s+", " ", html)


def english_left(text: str) -> list[str]:
    from html import unescape
    text = unescape(text)
    return sorted(s for s in source_strings() if s in text)


@pytest.mark.parametrize("language", TARGETS)
@pytest.mark.parametrize("count", [1, 2, 5, 11, 21, 22, 25, 111])
def test_counts_use_the_languages_three_plural_forms(app, language, count):
    with app.test_request_context(f"/{language}/"), force_locale(language):
        text = ngettext("%(num)s signature", "%(num)s signatures", count)
    assert text == PLURALS[language][count]


def test_the_url_prefix_then_the_cookie_then_accept_language_choose(client):
    assert 'lang="ru"' in client.get("/ru/").get_data(as_text=True)
    assert 'lang="be"' in client.get("/be/c/belarus_senate").get_data(as_text=True)
    assert 'lang="ru"' in client.get("/", headers={"Accept-Language": "ru,en;q=0.5"}).get_data(as_text=True)
    switched = client.get("/language/be?next=/be/")
    assert switched.status_code == 302 and urlsplit(switched.location).path == "/be/"
    assert 'lang="be"' in client.get("/", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert 'lang="en"' in client.get("/en/").get_data(as_text=True)


def test_the_switcher_never_redirects_off_site(client):
    assert urlsplit(client.get("/language/ru?next=//evil.example/").location).path == "/"
    assert client.get("/language/xx").status_code == 404


def test_every_page_has_hreflang_alternates_and_links_stay_in_the_language(client):
    html = client.get("/ru/c/belarus_state_dept").get_data(as_text=True)
    for code, href in (("en", "/c/belarus_state_dept"), ("ru", "/ru/c/belarus_state_dept"),
                       ("be", "/be/c/belarus_state_dept")):
        assert f'hreflang="{code}" href="{href}"' in html
    assert 'action="/ru/c/belarus_state_dept' in html


@pytest.mark.parametrize("language", TARGETS)
def test_the_confirmation_email_is_in_the_signers_language(app, client, language):
    sign(client, app, "belarus_state_dept", f"/{language}", **STATE_DEPT_SIGNER)
    with app.app_context():
        message = db.session.scalars(db.select(OutboxMessage)).one()
    assert message.language == language
    assert f"/{language}/c/belarus_state_dept/confirm/" in message.body_text
    assert english_left(message.body_text) == []
    assert english_left(message.subject) == []


def public_pages(app, client, language: str) -> dict[str, str]:
    """Every page a supporter can reach, rendered in ``language``."""
    prefix = f"/{language}"
    pages = {"home": client.get(f"{prefix}/").get_data(as_text=True)}
    for slug, signer in (("belarus_state_dept", STATE_DEPT_SIGNER), ("belarus_senate", SENATE_SIGNER)):
        pages[slug] = client.get(f"{prefix}/c/{slug}").get_data(as_text=True)
        wrong = sign(client, app, slug, prefix, captcha="WRONG", **dict(signer, email=""))
        pages[f"{slug} errors"] = wrong.get_data(as_text=True)
        done = sign(client, app, slug, prefix, **signer)
        pages[f"{slug} check"] = client.get(done.location).get_data(as_text=True)
        again = sign(client, app, slug, prefix, **signer)
        pages[f"{slug} repeat"] = client.get(again.location).get_data(as_text=True)
        with app.app_context():
            body = db.session.scalars(db.select(OutboxMessage).filter_by(campaign=slug, kind="confirm")).one().body_text
        link = urlsplit(re.search(r"https?://\S+", body).group(0)).path
        confirm = client.get(link).get_data(as_text=True)
        pages[f"{slug} confirm"] = confirm
        thanks = client.post(link, data={"csrf_token": form_inputs(confirm)["csrf_token"]}, follow_redirects=True)
        pages[f"{slug} thanks"] = thanks.get_data(as_text=True)
    pages["joint letter"] = client.get(f"{prefix}/c/belarus_senate/letter").get_data(as_text=True)
    pages["not found"] = client.get(f"{prefix}/c/nothing-here").get_data(as_text=True)
    pages["expired form"] = client.post(f"{prefix}/c/belarus_senate/confirm/x", data={}).get_data(as_text=True)
    pages["login"] = client.get(f"{prefix}/console/login").get_data(as_text=True)
    return pages


@pytest.mark.parametrize("language", TARGETS)
def test_no_english_is_left_on_any_public_page_or_email(app, client, language):
    for name, html in public_pages(app, client, language).items():
        assert f'lang="{language}"' in html, name
        assert english_left(without_english_parts(html)) == [], name
    with app.app_context():
        messages = db.session.scalars(db.select(OutboxMessage)).all()
    assert {message.kind for message in messages} == {"confirm", "reminder"}
    for message in messages:
        assert message.language == language
        assert english_left(message.subject) == [] and english_left(message.body_text) == [], message.kind


@pytest.mark.parametrize("language", TARGETS)
def test_the_letter_can_be_read_in_translation_while_the_original_is_delivered(client, language):
    html = client.get(f"/{language}/c/belarus_state_dept").get_data(as_text=True)
    assert "Dear Mr. Pompeo and the State Department Team," in html  # the original, as delivered
    translation = html.split('class="letter-translation"', 1)[1]
    assert f'lang="{language}"' in translation
    assert "Dear Mr. Pompeo" not in translation


def test_catalogs_are_complete_and_placeholders_match(runner):
    result = runner.invoke(args=["translations", "status"])
    assert result.exit_code == 0, result.output
    assert "placeholder mismatch" not in result.output


def test_status_fails_below_the_threshold(runner, tmp_path):
    po = tmp_path / "ru" / "LC_MESSAGES"
    po.mkdir(parents=True)
    result = runner.invoke(args=["translations", "status", "--min-percent", "101"])
    assert result.exit_code == 1


def test_dates_and_numbers_follow_the_locale(app):
    from flask_babel import format_date, format_number
    import datetime as dt
    with app.test_request_context("/ru/"), force_locale("ru"):
        assert format_number(12345) == "12\xa0345"
        assert "ноября" in format_date(dt.date(2026, 11, 23), "long")
    with app.test_request_context("/be/"), force_locale("be"):
        assert "лістапада" in format_date(dt.date(2026, 11, 23), "long")


def test_every_translation_is_real_language_not_a_copy_of_the_source():
    for po_path in [*REPO.glob("translations/*/LC_MESSAGES/*.po"), *REPO.glob("campaigns/*/translations/*/LC_MESSAGES/*.po")]:
        for entry in polib.pofile(str(po_path)):
            if entry.msgstr and len(entry.msgid.split()) >= 3:
                assert entry.msgstr != entry.msgid, f"{po_path}: {entry.msgid!r} left in English"
            if Path(po_path).parts[-3] == "be":
                assert "ъ" not in entry.msgstr and "щ" not in entry.msgstr, f"Russian letters in be: {entry.msgstr!r}"


@pytest.mark.parametrize("language, before, after", [
    ("be", "Агаё", "Ілінойс"), ("be", "Аёва", "Арэгон"), ("ru", "Мэн", "Огайо"), ("en", "Alabama", "Wyoming")])
def test_lists_of_states_follow_the_readers_alphabet(client, language, before, after):
    html = client.get(f"/{language}/c/belarus_state_dept").get_data(as_text=True)
    states = html.split('name="us_state"', 1)[1].split("</select>", 1)[0]
    assert states.index(f">{before}<") < states.index(f">{after}<")
