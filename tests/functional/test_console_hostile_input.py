"""Every console route, as an admin, with hostile values (issue 19, #7): each URL parameter in
turn, then every form field and query argument the console reads, gets huge and negative numbers,
a NUL byte, 10,000 characters, impossible dates and durations. No answer is a 5xx: an id that
cannot exist is a 404, a value out of range a form error. Runs on SQLite and PostgreSQL (which
refuses NUL bytes and integers beyond 32 bits where SQLite takes them)."""
from __future__ import annotations

import html
import re
from collections import defaultdict

import pytest
from werkzeug.exceptions import HTTPException
from werkzeug.routing import Rule

from tests.support.console import create_user, login
from tests.support.helpdesk import ask
from tests.support.signing import SENATE_SIGNER, STATE_DEPT_SIGNER, form_inputs, sign
from tests.unit.console.campaigns.conftest import SENATE, STATE
from undersigned.extensions import db
from undersigned.users.models import User

HOSTILE = ["99999999999999999999999", "-1", "\x00", "a\x00b@example.org", "x" * 10_000, "99999-12-31",
           "99999999999w", "2026-13-45T25:61"]
#: Sent to each form field on its own (the whole list goes to every field at once).
ALONE = ["\x00", "99999999999999999999999"]
#: Console routes a walk must not take: signing the admin out ends the walk.
SKIPPED = {"users.logout"}
#: Where the form fields come from: what the console's views read and its forms send.
SOURCE_FIELD = re.compile(r"""request\.(?:args|form|values)\.get(?:list)?\(["'](\w+)["']""")
HTML_FIELD = re.compile(r"""<(?:input|select|textarea)[^>]*\sname="([^"]+)\"""")
FORM = re.compile(r"""<form\b([^>]*)>(.*?)</form>""", re.S)
ACTION = re.compile(r"""\saction="([^"]*)\"""")


@pytest.fixture
def site(backend_app):
    """The app with an admin signed in, another user, a signature on each seed campaign, a help request."""
    app = backend_app
    create_user(app, "admin@example.org", role="admin")
    create_user(app, "org@example.org", campaigns=(STATE, SENATE))
    assert sign(app.test_client(), app, STATE, **STATE_DEPT_SIGNER).status_code == 302
    assert sign(app.test_client(), app, SENATE, **SENATE_SIGNER).status_code == 302
    ask(app.test_client(), app, STATE)
    client = app.test_client()
    login(client, "admin@example.org")
    return app, client


def base_values(app) -> dict[str, str]:
    with app.app_context():
        other = db.session.scalar(db.select(User.id).where(User.email == "org@example.org"))
    return {"slug": STATE, "request_id": "1", "signature_id": "1", "name": "signatures", "locale": "ru",
            "index": "0", "user_id": str(other), "token": "not-a-token", "message_id": "1", "suppression_id": "1"}


def console_rules(app) -> list[Rule]:
    return [rule for rule in app.url_map.iter_rules()
            if rule.rule.startswith("/console") and rule.endpoint not in SKIPPED]


def path_of(rule: Rule, values: dict[str, str]) -> str:
    def fill(match: re.Match) -> str:
        return values.get(match.group(1), "1")  # an id of a route added later: the first row
    return re.sub(r"<(?:[a-z]+:)?(\w+)>", fill, rule.rule).replace("\x00", "%00")


def field_names(app, client, rules: list[Rule], values: dict[str, str]) -> dict[str, set[str]]:
    """For each console endpoint that takes a POST, every field it may read: those the forms
    posting to it send, those any page of its blueprint shows, and every argument its
    blueprint's views read (a field no view of the route's blueprint reads cannot reach it)."""
    read: dict[str, set[str]] = defaultdict(set)
    for endpoint, view in app.view_functions.items():
        code = getattr(view, "__code__", None)
        if code:
            with open(code.co_filename, encoding="utf-8") as source:
                read[blueprint_of(endpoint)] |= set(SOURCE_FIELD.findall(source.read()))
    shown: dict[str, set[str]] = defaultdict(set)
    posted: dict[str, set[str]] = defaultdict(set)
    adapter = app.url_map.bind("localhost")
    for rule in rules:
        if "GET" not in rule.methods:
            continue
        path = path_of(rule, values)
        page = client.get(path).get_data(as_text=True)
        shown[blueprint_of(rule.endpoint)] |= set(HTML_FIELD.findall(page))
        for attributes, form in FORM.findall(page):
            action = ACTION.search(attributes)
            target = html.unescape(action.group(1)).split("?")[0] if action else path
            try:
                endpoint, _ = adapter.match(target, method="POST")
            except HTTPException:
                continue
            posted[endpoint] |= set(HTML_FIELD.findall(form))
    return {rule.endpoint: (posted[rule.endpoint] | shown[blueprint_of(rule.endpoint)]
                            | read[blueprint_of(rule.endpoint)]) - {"csrf_token"}
            for rule in rules}


def blueprint_of(endpoint: str) -> str:
    return endpoint.rpartition(".")[0]


def csrf(client) -> str:
    return form_inputs(client.get("/console/account").get_data(as_text=True))["csrf_token"]


#: Limits off (they are tested on their own), and a failure answered as a 500 rather than raised.
LOOSE = dict(RATELIMIT_ENABLED=False, PROPAGATE_EXCEPTIONS=False, **dict.fromkeys(
    ("RATELIMIT_LOGIN", "RATELIMIT_LOGIN_EMAIL", "RATELIMIT_LOGIN_ACCOUNT", "RATELIMIT_2FA"), "100000 per minute"))


@pytest.mark.config(**LOOSE)
@pytest.mark.parametrize("backend_app", ["postgresql", "sqlite"], indirect=True)
def test_no_console_route_answers_hostile_input_with_a_5xx(site):
    app, client = site
    rules = console_rules(app)
    values = base_values(app)
    fields = field_names(app, client, rules, values)
    token = csrf(client)
    failures = []

    def attempt(method: str, path: str, data: dict[str, str]) -> None:
        if method == "GET":
            response = client.get(path, query_string=data)
        else:
            response = client.post(path, data={**data, "csrf_token": token}, query_string=data)
        if response.status_code >= 500:
            failures.append((method, path[:100], len(data), repr(next(iter(data.values()), ""))[:30]))
        if response.status_code == 302 and "/console/login" in response.location:
            login(client, "admin@example.org")

    for rule in rules:
        for method in sorted(rule.methods & {"GET", "POST"}):
            for argument in rule.arguments:
                for value in HOSTILE:
                    attempt(method, path_of(rule, {**values, argument: value}), {})
            names = sorted(fields[rule.endpoint])
            for value in HOSTILE:
                attempt(method, path_of(rule, values), dict.fromkeys(names, value))
            for value in ALONE if method == "POST" else ():
                for name in names:
                    attempt(method, path_of(rule, values), {name: value})
    assert failures == [], "\n".join(map(str, sorted(set(failures))))
