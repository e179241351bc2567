"""The help form (helpdesk/views.py, helpdesk/forms.py): reachable from the campaign's pages in
the reader's language; bad input answered like the sign form (summary, message by each field,
what was typed kept, nothing written); honeypot, captcha and rate limits."""
from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from tests.support.console import create_user, login
from tests.support.helpdesk import IVAN, SLUG, ask, counts
from tests.support.outbox import deliver
from tests.support.pager import next_page, pager_links
from tests.support.signing import form_inputs, link_in
from undersigned.audit.log import entries
from undersigned.contract import utcnow
from undersigned.contract.state import registry_of
from undersigned.extensions import db
from undersigned.helpdesk import service
from undersigned.helpdesk.models import HelpRequest
from undersigned.mail.models import OutboxMessage
from undersigned.security.tokens import SIGNER, make_token


def test_every_campaign_page_links_to_its_help_form_in_the_readers_language(app, client):
    for path in (f"/ru/c/{SLUG}", f"/ru/c/{SLUG}/check-email"):
        assert f'href="/ru/c/{SLUG}/help"' in client.get(path).get_data(as_text=True), path
    page = client.get(f"/ru/c/{SLUG}/help").get_data(as_text=True)
    assert "Страна проживания" in page and 'lang="ru"' in page
    assert '<option selected value="ru">Русский</option>' in page  # the answer's language: the page's


def test_a_request_is_stored_and_the_supporter_sees_it_was_received(app, client):
    response = ask(client, app, prefix="/be", **IVAN)
    assert response.status_code == 302 and response.location.endswith(f"/be/c/{SLUG}/help/sent")
    assert counts(app) == (1, 0, 1)  # no help address configured: only the acknowledgement
    assert "24" in client.get(response.location).get_data(as_text=True)


@pytest.mark.parametrize("field, value, message", [
    ("email", "not-an-address", "Please enter a valid e-mail address"),
    ("name", "", "Fill in “Your name”."),
    ("message", "", "Fill in “How can we help?”."),
    ("state", "", "Choose an answer for “State (if you live in the United States)”."),  # the country is the US
    ("country", "XX", "Please choose one of the options."),
    ("language", "de", "Please choose one of the options."),
    ("message", "x" * 5001, "Please use at most 5000 characters."),
])
def test_bad_input_is_explained_by_its_field_keeps_what_was_typed_and_writes_nothing(app, client, field, value,
                                                                                   message):
    response = ask(client, app, **dict(IVAN, **{field: value}))
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'class="error-summary"' in html and f'id="{field}-error"' in html and message in html
    assert 'value="Иван Петров"' in html or field == "name"
    assert "Не могу найти форму" in html or field == "message"
    assert counts(app) == (0, 0, 0)


def test_a_wrong_captcha_keeps_the_form_and_writes_nothing(app, client):
    response = ask(client, app, captcha="000000x", **IVAN)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "The code you entered does not match the picture" in html
    assert 'value="ivan@example.org"' in html and "Не могу найти форму" in html
    assert counts(app) == (0, 0, 0)


def test_an_expired_form_keeps_what_was_typed(app, client):
    response = client.post(f"/c/{SLUG}/help", data=dict(IVAN, csrf_token="stale"))
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "This form has expired" in html and "Не могу найти форму" in html
    assert counts(app) == (0, 0, 0)


def test_a_filled_honeypot_looks_like_success_and_writes_nothing(app, client):
    response = ask(client, app, website="http://spam.example", **IVAN)
    assert response.status_code == 302 and response.location.endswith("/help/sent")
    assert counts(app) == (0, 0, 0)


@pytest.mark.config(RATELIMIT_HELP="2 per minute")
def test_the_per_client_limit_answers_429(app, client):
    for _ in range(2):
        assert ask(client, app, **IVAN).status_code == 302
    over = ask(client, app, **IVAN)
    assert over.status_code == 429 and over.headers["Retry-After"]
    assert counts(app)[0] == 2


@pytest.mark.config(RATELIMIT_HELP_EMAIL="1 per hour")
def test_the_per_mailbox_limit_counts_one_mailbox_however_it_is_spelled(app, client):
    assert ask(client, app, **IVAN).status_code == 302
    assert ask(client, app, **dict(IVAN, email="Ivan+again@Example.org")).status_code == 429
    assert counts(app)[0] == 1


def test_an_unknown_campaign_has_no_help_form(client):
    assert client.get("/c/nope/help").status_code == 404


def request_page_link(app) -> str:
    """The path of the request's page, as the acknowledgement e-mailed it."""
    deliver(app)
    with app.app_context():
        body = db.session.scalars(select(OutboxMessage.body_text).where(OutboxMessage.kind == service.ACKNOWLEDGEMENT)).one()
    return urlsplit(link_in(body)).path


def test_the_acknowledgement_links_to_the_requests_page_in_the_answers_language(app, client):
    assert ask(client, app, **IVAN).status_code == 302
    path = request_page_link(app)
    assert path.startswith(f"/ru/c/{SLUG}/help/")
    page = app.test_client().get(path)  # another browser: the link alone opens it
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'lang="ru"' in html
    assert "Ваш запрос о помощи" in html and "Не могу найти форму" in html and "Ждёт ответа" in html
    assert "ivan@example.org" not in html and "Иван Петров" not in html
    with app.app_context():
        help_request = db.session.scalars(select(HelpRequest)).one()
        service.answer(help_request, registry_of().get(SLUG), body="Вот форма.", author="org@example.org")
    answered = app.test_client().get(path).get_data(as_text=True)
    assert "Вот форма." in answered and "Есть ответ" in answered and "org@example.org" not in answered


def test_a_forged_foreign_or_erased_requests_page_is_not_found(app, client):
    assert ask(client, app, **IVAN).status_code == 302
    path = request_page_link(app)
    token = path.rsplit("/", 1)[1]
    assert client.get(f"/c/{SLUG}/help/{token[:-2]}xx").status_code == 404
    assert client.get(f"/c/belarus_senate/help/{token}").status_code == 404
    with app.test_request_context("/"):
        assert client.get(f"/c/{SLUG}/help/{make_token(SIGNER, '1')}").status_code == 404  # another purpose
    with app.app_context():
        service.erase([SLUG])
        db.session.commit()
    assert client.get(path).status_code == 404


# --- the console -------------------------------------------------------------------------------

def organizer(app, email: str = "org@example.org", *campaigns: str):
    """A signed-in client of an organizer granted ``campaigns`` (the seed campaign by default)."""
    create_user(app, email)
    result = app.test_cli_runner().invoke(args=["users", "grant", email, *(campaigns or (SLUG,))])
    assert result.exit_code == 0, result.output
    client = app.test_client()
    assert login(client, email).status_code == 302
    return client


def stored(app, **changes) -> int:
    """A help request written through the service; its id."""
    with app.test_request_context("/"):
        campaign = registry_of().get(changes.pop("slug", SLUG))
        help_request = service.submit(campaign, **dict(IVAN, **changes))
        return help_request.id


def test_the_console_lists_requests_fifty_a_page_with_their_total(app):
    ids = [stored(app) for _ in range(52)]
    client = organizer(app)
    first = client.get(f"/console/campaigns/{SLUG}/help").get_data(as_text=True)
    assert "52 requests; 50 a page." in first and f"/help/{ids[0]}\"" in first and f"/help/{ids[51]}\"" not in first
    further = client.get(next_page(first, "Requests")).get_data(as_text=True)
    assert f"/help/{ids[51]}\"" in further and f"/help/{ids[0]}\"" not in further
    assert "52 requests; 50 a page." in further and "Page 2 of 2" in further
    assert "next" not in pager_links(further) and "prev" in pager_links(further)
    waiting_only = client.get(f"/console/campaigns/{SLUG}/help?status=new").get_data(as_text=True)
    assert "status=new" in next_page(waiting_only, "Requests")  # the filter kept


def test_the_console_lists_requests_and_marks_those_unanswered_for_more_than_24_hours(app):
    fresh, old = stored(app), stored(app, name="Old Request")
    with app.app_context():
        db.session.get(HelpRequest, old).created_at = utcnow() - dt.timedelta(hours=30)
        db.session.commit()
    client = organizer(app)
    assert f'href="/console/campaigns/{SLUG}/help"' in client.get("/console/").get_data(as_text=True)
    page = client.get(f"/console/campaigns/{SLUG}/help").get_data(as_text=True)
    assert f"/help/{fresh}" in page and f"/help/{old}" in page
    assert page.count('class="overdue"') == 1 and "Not answered for 30 hours" in page
    assert page.index(f"/help/{old}") < page.index(f"/help/{fresh}")  # the longest waiting first
    russian = client.get(f"/ru/console/campaigns/{SLUG}/help").get_data(as_text=True)
    assert "Без ответа 30 часов" in russian


def test_the_list_filters_by_status(app):
    kept, closed = stored(app), stored(app)
    client = organizer(app)
    page = client.get(f"/console/campaigns/{SLUG}/help/{closed}").get_data(as_text=True)
    client.post(f"/console/campaigns/{SLUG}/help/{closed}/close", data={"csrf_token": form_inputs(page)["csrf_token"]})
    listed = client.get(f"/console/campaigns/{SLUG}/help?status=closed").get_data(as_text=True)
    assert f"/help/{closed}\"" in listed and f"/help/{kept}\"" not in listed
    listed = client.get(f"/console/campaigns/{SLUG}/help?status=new").get_data(as_text=True)
    assert f"/help/{kept}\"" in listed and f"/help/{closed}\"" not in listed


def test_an_organizer_answers_and_the_thread_keeps_it(app):
    request_id = stored(app)
    client = organizer(app)
    url = f"/console/campaigns/{SLUG}/help/{request_id}"
    page = client.get(url).get_data(as_text=True)
    assert "Не могу найти форму" in page and "ivan@example.org" in page and "Oregon" not in page
    csrf = form_inputs(page)["csrf_token"]

    empty = client.post(f"{url}/answer", data={"csrf_token": csrf, "body": "  "})
    assert empty.status_code == 400 and "Fill in “Your answer”." in empty.get_data(as_text=True)
    assert counts(app)[1] == 0

    done = client.post(f"{url}/answer", data={"csrf_token": csrf, "body": "The form is at https://example.gov."})
    assert done.status_code == 302
    thread = client.get(url).get_data(as_text=True)
    assert "The form is at https://example.gov." in thread and "Answered" in thread
    assert "Your answer is on its way" in thread
    with app.app_context():
        [entry] = entries(SLUG)
        assert entry.actor == "org@example.org" and entry.action == "help.answer"


def test_answering_without_the_csrf_token_is_refused(app):
    request_id = stored(app)
    client = organizer(app)
    response = client.post(f"/console/campaigns/{SLUG}/help/{request_id}/answer", data={"body": "Hi"})
    assert response.status_code == 400 and counts(app)[1] == 0


def test_close_and_reopen_from_the_thread(app):
    request_id = stored(app)
    client = organizer(app)
    url = f"/console/campaigns/{SLUG}/help/{request_id}"
    csrf = form_inputs(client.get(url).get_data(as_text=True))["csrf_token"]
    client.post(f"{url}/close", data={"csrf_token": csrf})
    closed = client.get(url).get_data(as_text=True)
    assert "Reopen" in closed and 'id="answer-form"' not in closed
    assert client.post(f"{url}/answer", data={"csrf_token": csrf, "body": "Late"}).status_code == 409
    client.post(f"{url}/reopen", data={"csrf_token": csrf})
    assert 'id="answer-form"' in client.get(url).get_data(as_text=True)
    with app.app_context():
        assert [entry.action for entry in reversed(entries(SLUG))] == ["help.close", "help.reopen"]


def test_a_request_of_another_campaign_is_not_found(app):
    other = stored(app, slug="belarus_senate")
    client = organizer(app, "org@example.org", SLUG, "belarus_senate")
    assert client.get(f"/console/campaigns/{SLUG}/help/{other}").status_code == 404
    csrf = form_inputs(client.get(f"/console/campaigns/belarus_senate/help/{other}").get_data(as_text=True))["csrf_token"]
    assert client.post(f"/console/campaigns/{SLUG}/help/{other}/close", data={"csrf_token": csrf}).status_code == 404


def test_an_organizer_without_the_campaigns_grant_is_refused(app):
    request_id = stored(app)
    client = organizer(app, "other@example.org", "belarus_senate")
    assert client.get(f"/console/campaigns/{SLUG}/help").status_code == 403
    assert client.get(f"/console/campaigns/{SLUG}/help/{request_id}").status_code == 403
    anonymous = app.test_client().get(f"/console/campaigns/{SLUG}/help")
    assert anonymous.status_code == 302 and "/console/login" in anonymous.location
