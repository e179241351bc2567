"""The hostile-input battery: every field of both seed campaigns' sign forms gets line breaks,
markup and script, overlong values, null bytes and controls, look-alike and broken Unicode; then
missing and repeated fields, wrong content types, previews, and replayed confirmation
tokens (replayed captcha answers: tests/unit/captcha/).

For every case: no 5xx; a rejected request writes no row (no signature, no e-mail); the form
comes back with what was typed; every payload shown is escaped (never raw markup, no new
script); an accepted value is stored as typed (in Unicode NFC). Accepted markup is then followed
through the thank-you page, the joint letter and the CSV export, and kept out of the confirmation
e-mail (which carries nothing typed to an address that has proved nothing).
"""
from __future__ import annotations

import itertools
import json
import re
import subprocess
import sys
import time
import unicodedata
from dataclasses import dataclass
from typing import Any, Callable

import pytest
from markupsafe import escape
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from tests.conftest import REPO, make_app
from tests.support.outbox import deliver
from tests.support.signing import captcha_challenge, page_inputs, SENATE_SIGNER, STATE_DEPT_SIGNER, captcha_answer, form_inputs, link_in
from undersigned.extensions import db
from undersigned.mail.models import OutboxMessage
from undersigned.signing.models import Signature
from undersigned.signing.validators import visible

STATE, SENATE = "belarus_state_dept", "belarus_senate"
BASE = {STATE: STATE_DEPT_SIGNER, SENATE: SENATE_SIGNER}


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """One app for the whole battery (limits off: they are tested in tests/unit/security/test_limits.py)."""
    with pytest.MonkeyPatch.context() as patch:
        yield make_app(tmp_path_factory.mktemp("hostile"), patch, RATELIMIT_ENABLED=False)


def counts(app) -> tuple[int, int]:
    with app.app_context():
        return (db.session.scalar(select(func.count()).select_from(Signature)),
                db.session.scalar(select(func.count()).select_from(OutboxMessage)))


def nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value)


@dataclass(frozen=True)
class Payload:
    id: str
    value: str
    name_ok: bool  # acceptable in a name, title or organization field

    @property
    def too_large(self) -> bool:
        return len(self.value.encode()) > 64 * 1024


CRLF = [
    Payload("crlf-bcc-header", "Jane\r\nBcc: victim@example.org", False),
    Payload("lf-subject-header", "Jane\nSubject: injected", False),
    Payload("cr-only", "Jane\rDoe", False),
    Payload("crlf-alone", "\r\n", False),
    Payload("line-separator", "Jane\u2028Doe", False),
    Payload("vertical-tab", "Jane\x0bDoe", False),
]
MARKUP = [
    Payload("script-tag", "<script>alert(1)</script>", True),
    Payload("attribute-breakout", "\"><img src=x onerror=alert(1)>", True),
    Payload("single-quote-breakout", "' onmouseover='alert(1)", True),
    Payload("textarea-breakout", "</textarea><script>alert(2)</script>", True),
    Payload("svg-onload", "<svg/onload=alert(3)>", True),
    Payload("template-expression", "{{ 7*191 }}", True),
    Payload("template-statement", "{% raw %}x{% endraw %}", True),
    Payload("javascript-url", "javascript:alert(4)", True),
    Payload("pre-escaped", "&lt;b&gt;pre-escaped&lt;/b&gt;", True),
    Payload("html-comment", "<!-- hidden -->", True),
    Payload("cdata", "]]><![CDATA[x", True),
    Payload("url-encoded", "%3Cscript%3Ealert(5)%3C/script%3E", True),
]
OVERLONG = [
    Payload("300-characters", "J" * 300, False),
    Payload("10000-characters", "J" * 10_000, False),
    Payload("over-the-request-limit", "J" * 100_000, False),
]
CONTROLS = [
    Payload("null-inside", "Ja\x00ne", False),
    Payload("null-alone", "\x00", False),
    Payload("c1-next-line", "Jane\x85Doe", False),
    Payload("escape-sequence", "Jane\x1b[31mDoe", False),
]
UNICODE = [
    Payload("cyrillic-a-in-latin-word", "J\u0430ne", False),
    Payload("greek-omicron-in-latin-word", "J\u03bfhn", False),
    Payload("latin-o-in-cyrillic-word", "Св\u006fтлана", False),
    Payload("two-scripts-two-words", "Иван Ivanov", True),
    Payload("cyrillic", "Святлана", True),
    Payload("greek", "Ιωάννης", True),
    Payload("han", "王小明", True),
    Payload("arabic", "محمد", True),
    Payload("emoji", "Jane \U0001F33B", True),
    Payload("decomposed-accent", "Jose\u0301", True),
    Payload("combining-flood", "J\u0301\u0302\u0303\u0304\u0305\u0306ane", False),
    Payload("rtl-override", "\u202eenaJ", False),
    Payload("rtl-isolate", "Jane\u2067x\u2069", False),
    Payload("replacement-character", "Ja\ufffdne", False),
    Payload("private-use", "Ja\ue000ne", False),
    Payload("noncharacter", "Ja\U0010fffene", False),
    Payload("zero-width-space", "Ja\u200bne", False),
    Payload("byte-order-mark", "\ufeffJane", False),
]
BLANK = [Payload("only-spaces", "   ", False)]
PAYLOADS = CRLF + MARKUP + OVERLONG + CONTROLS + UNICODE + BLANK
#: Fine in a name, but not in a field printed as typed in an English letter.
NOT_LATIN = {"two-scripts-two-words", "cyrillic", "greek", "han", "arabic"}

NAME_FIELDS = {STATE: ("first_name", "last_name"), SENATE: ("title", "organization")}
FIELD_KIND = {"first_name": "name", "last_name": "name", "letter_name": "latin", "title": "latin",
              "organization": "latin",
              "email": "email", "country": "choice", "us_state": "choice", "public_name": "checkbox",
              "website": "honeypot", "captcha_answer": "captcha", "captcha_token": "captcha"}
STATE_FIELDS = ("first_name", "last_name", "letter_name", "email", "country", "us_state", "public_name",
                "website", "captcha_answer", "captcha_token")


def expected(field: str, payload: Payload) -> str:
    """``accepted``, ``rejected``, ``pretended`` (the honeypot) or ``too large``."""
    if payload.too_large:
        return "too large"
    kind = FIELD_KIND[field]
    if field == "letter_name" and not payload.value.strip():
        return "accepted"  # left blank: the server fills in the (Latin) name typed
    if kind == "name" or field == "letter_name":  # a person's name has a letter
        if not any(ch.isalpha() for ch in payload.value):
            return "rejected"
    if kind == "name":
        return "accepted" if payload.name_ok else "rejected"
    if kind == "latin":
        return "accepted" if payload.name_ok and payload.id not in NOT_LATIN else "rejected"
    if kind == "checkbox":
        return "accepted"  # any value ticks the box; nothing of it is stored or shown
    if kind == "honeypot":
        return "pretended"
    return "rejected"  # none of these is an e-mail address, a listed choice, a code or a token


def fresh_form(app, slug: str):
    client = app.test_client()
    html = client.get(f"/c/{slug}").get_data(as_text=True)
    inputs = dict(form_inputs(html), captcha_token=captcha_challenge(client, html))
    return client, inputs, html.count("<script")


_serial = itertools.count()


def valid_data(app, slug: str, inputs: dict[str, str]) -> dict[str, str]:
    data = dict(BASE[slug], email=f"case{next(_serial)}@example.org",
                captcha_token=inputs["captcha_token"], captcha_answer=captcha_answer(app, inputs["captcha_token"]))
    return data


def check_response(app, slug, response, before, outcome, *, scripts: int, shown: dict[str, str],
                   payload: str | None = None, stored: dict[str, Any] | None = None) -> None:
    """The invariants every case shares."""
    html = response.get_data(as_text=True)
    assert response.status_code < 500, (response.status_code, html[:300])
    after = counts(app)
    if outcome == "accepted":
        assert response.status_code == 302 and response.location.endswith(f"/c/{slug}/check-email")
        assert after == (before[0] + 1, before[1] + 1)
        if stored:
            with app.app_context():
                row = db.session.scalars(select(Signature).order_by(Signature.id.desc())).first()
                for name, value in stored.items():
                    actual = row.public_name if name == "public_name" else row.fields.get(name, row.email)
                    assert actual == value, (name, actual, value)
        return
    assert after == before, "a refused request wrote something"
    if outcome == "pretended":
        assert response.status_code == 302 and response.location.endswith(f"/c/{slug}/check-email")
        return
    if outcome == "too large":
        assert response.status_code == 413 and "That was too much to send" in html
        return
    assert response.status_code in (400, 403, 409), response.status_code
    assert 'class="error-summary"' in html  # the person is told what to fix
    assert html.count("<script") == scripts  # no script came in with the payload
    for name, value in shown.items():  # the form keeps what was typed (a line without its blank ends), escaped
        kept = visible(nfc(value)) if FIELD_KIND.get(name) in ("name", "latin") else nfc(value)
        assert f'name="{name}"' in html and str(escape(kept)) in html, name
    if payload and any(ch in payload for ch in "<>\"'&"):
        assert payload not in html, "a payload was shown unescaped"


def kept_fields(slug: str, data: dict[str, str], mutated: set[str]) -> dict[str, str]:
    text = [name for name in (*NAME_FIELDS[slug], "first_name", "last_name", "letter_name", "email") if name in data]
    return {name: data[name] for name in text if name not in mutated}


# --- every field x every payload ----------------------------------------------------------------

CASES = [(STATE, field, payload) for field in STATE_FIELDS for payload in PAYLOADS]
CASES += [(SENATE, field, payload) for field in NAME_FIELDS[SENATE] for payload in PAYLOADS]


@pytest.mark.parametrize("slug, field, payload", CASES,
                         ids=[f"{slug.split('_')[1]}-{field}-{p.id}" for slug, field, p in CASES])
def test_a_hostile_value_in_a_field(app, slug, field, payload):
    client, inputs, scripts = fresh_form(app, slug)
    data = valid_data(app, slug, inputs)
    data[field] = payload.value
    before = counts(app)
    response = client.post(f"/c/{slug}", data=data)
    outcome = expected(field, payload)
    shown = kept_fields(slug, data, set())
    if FIELD_KIND[field] not in ("name", "latin", "email"):
        shown.pop(field, None)
    stored = None
    if outcome == "accepted":
        stored = {"public_name": True} if field == "public_name" else {field: nfc(payload.value)}
        if field == "letter_name" and not payload.value.strip():
            stored = {field: "Jane Doe"}
    check_response(app, slug, response, before, outcome, scripts=scripts, shown=shown,
                   payload=payload.value, stored=stored)


# --- missing and repeated fields -----------------------------------------------------------------

MISSING = [(STATE, name, "rejected") for name in ("first_name", "last_name", "email", "country", "us_state",
                                                  "captcha_answer")]
MISSING += [(STATE, "captcha_token", "accepted"),  # the picture handed it over (a cookie): the form needs none
            (STATE, "public_name", "accepted"), (STATE, "website", "accepted"),
            (STATE, "letter_name", "accepted"),  # a Latin name needs no check: the server fills it in
            (SENATE, "title", "rejected"), (SENATE, "organization", "rejected"), (SENATE, "*", "rejected")]


@pytest.mark.parametrize("slug, field, outcome", MISSING, ids=[f"{s.split('_')[1]}-{f}" for s, f, _ in MISSING])
def test_a_missing_field(app, slug, field, outcome):
    client, inputs, scripts = fresh_form(app, slug)
    data = valid_data(app, slug, inputs)
    data.pop("public_name", None)
    data = {} if field == "*" else {k: v for k, v in data.items() if k != field}
    before = counts(app)
    response = client.post(f"/c/{slug}", data=data)
    check_response(app, slug, response, before, outcome, scripts=scripts,
                   shown=kept_fields(slug, data, {field}) if outcome == "rejected" else {})


REPEATED = [(name, same) for name in ("first_name", "last_name", "email", "country", "us_state", "public_name",
                                      "captcha_answer", "captcha_token") for same in (True, False)]


@pytest.mark.parametrize("field, same", REPEATED, ids=[f"{f}-{'same' if s else 'different'}" for f, s in REPEATED])
def test_a_repeated_field_is_refused(app, field, same):
    client, inputs, scripts = fresh_form(app, STATE)
    data = valid_data(app, STATE, inputs)
    data["public_name"] = "y"
    pairs = list(data.items()) + [(field, data[field] if same else "<b>other</b>")]
    before = counts(app)
    response = client.post(f"/c/{STATE}", data=MultiDict(pairs))
    check_response(app, STATE, response, before, "rejected", scripts=scripts, payload="<b>other</b>",
                   shown=kept_fields(STATE, data, {field}))
    assert "sent more than once" in response.get_data(as_text=True)


@pytest.mark.parametrize("order", [("", "http://spam.example"), ("http://spam.example", ""), ("", " ")])
def test_a_repeated_honeypot_still_catches_the_bot(app, order):
    client, inputs, _ = fresh_form(app, STATE)
    data = valid_data(app, STATE, inputs)
    pairs = list(data.items()) + [("website", order[0]), ("website", order[1])]
    before = counts(app)
    response = client.post(f"/c/{STATE}", data=MultiDict(pairs))
    check_response(app, STATE, response, before, "pretended", scripts=0, shown={})


# --- wrong content types ------------------------------------------------------------------------

def _multipart(fields: dict[str, str], *, file_field: str | None = None, boundary: str = "XyZ") -> bytes:
    parts = []
    for name, value in fields.items():
        disposition = f'form-data; name="{name}"'
        if name == file_field:
            disposition += '; filename="name.txt"'
        parts.append(f"--{boundary}\r\nContent-Disposition: {disposition}\r\n\r\n{value}\r\n")
    return ("".join(parts) + f"--{boundary}--\r\n").encode()


def _urlencoded(fields: dict[str, str]) -> str:
    from urllib.parse import urlencode
    return urlencode(fields)


CONTENT_TYPES: dict[str, tuple[Callable[[dict], tuple[bytes | str, str | None]], str]] = {
    "json": (lambda d: (json.dumps(d), "application/json"), "rejected"),
    "text-plain": (lambda d: (_urlencoded(d), "text/plain"), "rejected"),
    "xml": (lambda d: ("<signature><first_name>Jane</first_name></signature>", "application/xml"), "rejected"),
    "no-content-type": (lambda d: (_urlencoded(d), None), "rejected"),
    "multipart-valid": (lambda d: (_multipart(d), "multipart/form-data; boundary=XyZ"), "accepted"),
    "multipart-name-as-file": (lambda d: (_multipart(d, file_field="first_name"), "multipart/form-data; boundary=XyZ"),
                               "rejected"),
    "multipart-wrong-boundary": (lambda d: (_multipart(d, boundary="Other"), "multipart/form-data; boundary=XyZ"),
                                 "rejected"),
    "multipart-no-boundary": (lambda d: (_multipart(d), "multipart/form-data"), "rejected"),
    # Werkzeug keeps undecodable %-escapes as the text "%FF%FE": stored as typed, no broken characters
    "invalid-utf8": (lambda d: (_urlencoded(d).replace("first_name=Jane", "first_name=%FF%FEJane"),
                                "application/x-www-form-urlencoded"), "accepted"),
    "latin1-bytes": (lambda d: (_urlencoded(d).encode().replace(b"first_name=Jane", b"first_name=Jos\xe9"),
                                "application/x-www-form-urlencoded"), "rejected"),
    "utf16-body": (lambda d: (_urlencoded(d).encode("utf-16"), "application/x-www-form-urlencoded; charset=utf-16"),
                   "rejected"),
    "many-unknown-fields": (lambda d: (_urlencoded(d) + "&" + "&".join(f"x{n}=1" for n in range(1500)),
                                       "application/x-www-form-urlencoded"), "accepted"),  # ignored
    "too-many-multipart-parts": (lambda d: (_multipart(dict(d, **{f"x{n}": "1" for n in range(1500)})),
                                            "multipart/form-data; boundary=XyZ"), "too large"),
    "garbage-bytes": (lambda d: (bytes(range(256)) * 4, "application/x-www-form-urlencoded"), "rejected"),
}


@pytest.mark.parametrize("kind", sorted(CONTENT_TYPES))
def test_a_wrong_content_type(app, kind):
    build, outcome = CONTENT_TYPES[kind]
    client, inputs, scripts = fresh_form(app, STATE)
    body, content_type = build(valid_data(app, STATE, inputs))
    before = counts(app)
    headers = {} if content_type else {"Content-Type": ""}
    response = client.post(f"/c/{STATE}", data=body, content_type=content_type, headers=headers)
    check_response(app, STATE, response, before, outcome, scripts=scripts, shown={})


# --- previews: whatever is typed is shown escaped, nothing is written ---------------------------

PREVIEWS = [(slug, field, payload) for slug, fields in ((STATE, ("letter_name",)),
                                                        (SENATE, ("letter_name", "title", "organization")))
            for field in fields for payload in MARKUP + CRLF[:2]]


@pytest.mark.parametrize("slug, field, payload", PREVIEWS,
                         ids=[f"{s.split('_')[1]}-{f}-{p.id}" for s, f, p in PREVIEWS])
def test_a_preview_shows_the_payload_escaped_in_the_letter(app, slug, field, payload):
    client, inputs, scripts = fresh_form(app, slug)
    data = dict(BASE[slug], csrf_token=inputs.get("csrf_token"), preview="1")
    data[field] = payload.value
    before = counts(app)
    response = client.post(f"/c/{slug}", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and counts(app) == before
    assert f'data-field="{field}"' in html
    assert re.search(rf'data-field="{field}" data-empty="[^"]*">{re.escape(str(escape(payload.value)))}</span>', html)
    assert html.count("<script") == scripts
    if any(ch in payload.value for ch in "<>\"'&"):
        assert payload.value not in html
    assert "1337" not in html  # no template ran


# --- replays -----------------------------------------------------------------------------------

def test_a_form_sent_from_another_site_is_refused(app):
    client, inputs, _ = fresh_form(app, STATE)
    before = counts(app)
    response = client.post(f"/c/{STATE}", data=valid_data(app, STATE, inputs), headers={"Origin": "https://evil.example"})
    summary = response.get_data(as_text=True).split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    assert response.status_code == 403 and "sent from another site" in summary
    assert counts(app) == before


def _signed_and_delivered(app, slug=STATE):
    client, inputs, _ = fresh_form(app, slug)
    data = valid_data(app, slug, inputs)
    assert client.post(f"/c/{slug}", data=data).status_code == 302
    deliver(app)
    with app.app_context():
        body = db.session.scalars(select(OutboxMessage.body_text).where(OutboxMessage.to_address == data["email"])).one()
    return client, re.sub(r"^https?://[^/]+", "", link_in(body)), data["email"]


def _confirmed(app, email: str) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Signature)
                                 .where(Signature.email == email, Signature.status == "confirmed"))


def _total_confirmed(app, slug=STATE) -> int:
    from undersigned.campaigns import counters
    with app.app_context():
        return counters.totals(slug).get("confirmed", 0)


def test_a_confirmation_link_replayed_counts_once(app):
    client, path, email = _signed_and_delivered(app)
    csrf = page_inputs(client, path)["csrf_token"]
    total = _total_confirmed(app)
    assert client.post(path, data={"csrf_token": csrf}).status_code == 302
    assert client.post(path, data={"csrf_token": csrf}).status_code == 302  # already done: thanks again
    assert client.post(path, data={"csrf_token": csrf}).status_code == 302
    assert _confirmed(app, email) == 1 and _total_confirmed(app) == total + 1


def test_a_confirmation_token_only_works_for_its_campaign_and_purpose(app):
    client, path, _ = _signed_and_delivered(app)
    csrf = page_inputs(client, path)["csrf_token"]
    token = path.rsplit("/", 1)[1]
    assert client.post(f"/c/{SENATE}/confirm/{token}", data={"csrf_token": csrf}).status_code == 404
    assert client.get(f"/c/{STATE}/thanks/{token}").status_code == 404  # not a signer token
    tampered = token[:-3] + ("abc" if not token.endswith("abc") else "xyz")
    assert client.post(f"/c/{STATE}/confirm/{tampered}", data={"csrf_token": csrf}).status_code == 404


def test_an_expired_confirmation_link_is_refused(app, monkeypatch):
    client, path, email = _signed_and_delivered(app)
    csrf = page_inputs(client, path)["csrf_token"]
    later = time.time() + (app.config["CONFIRM_MAX_AGE_DAYS"] + 1) * 86400
    monkeypatch.setattr("itsdangerous.timed.time.time", lambda: later)
    monkeypatch.setitem(app.config, "WTF_CSRF_TIME_LIMIT", None)
    assert client.post(path, data={"csrf_token": csrf}).status_code == 410  # gone: the page says why
    assert _confirmed(app, email) == 0


def test_a_replayed_i_have_sent_it_counts_once(app):
    client, path, _ = _signed_and_delivered(app)
    csrf = page_inputs(client, path)["csrf_token"]
    thanks = client.post(path, data={"csrf_token": csrf}).location
    sent = thanks.replace("/thanks/", "/sent/")
    from undersigned.campaigns import counters
    with app.app_context():
        before = counters.totals(STATE).get("reported_sent", 0)
    for _ in range(3):
        assert client.post(sent, data={"csrf_token": csrf}).status_code == 302
    with app.app_context():
        assert counters.totals(STATE).get("reported_sent", 0) == before + 1


# --- accepted markup, wherever it is shown later --------------------------------------------------

@pytest.mark.parametrize("payload", MARKUP, ids=[p.id for p in MARKUP])
def test_accepted_markup_stays_out_of_the_email_and_is_escaped_on_the_thanks_page_the_letter_and_the_export(app, payload):
    client, inputs, scripts = fresh_form(app, SENATE)
    data = valid_data(app, SENATE, inputs)
    data.update(first_name=f"Ada {payload.value}", title=payload.value, organization=payload.value)
    assert client.post(f"/c/{SENATE}", data=data).status_code == 302
    escaped = str(escape(payload.value))
    deliver(app)
    with app.app_context():
        message = db.session.scalars(select(OutboxMessage).where(OutboxMessage.to_address == data["email"])).one()
        signature_id = db.session.scalar(select(Signature.id).where(Signature.email == data["email"]))
    # the address has proved nothing yet: the confirmation carries nothing typed, escaped or not
    assert payload.value not in message.body_html and escaped not in message.body_html
    assert payload.value not in message.body_text
    assert payload.value not in message.subject and "\n" not in message.subject
    path = re.sub(r"^https?://[^/]+", "", link_in(message.body_text))
    csrf = page_inputs(client, path)["csrf_token"]
    thanks = client.post(path, data={"csrf_token": csrf}, follow_redirects=True).get_data(as_text=True)
    assert escaped in thanks and "1337" not in thanks
    if any(ch in payload.value for ch in "<>\"'&"):
        assert payload.value not in thanks
    result = app.test_cli_runner().invoke(args=["signatures", "approve", SENATE, str(signature_id)])
    assert result.exit_code == 0, result.output
    letter = client.get(f"/c/{SENATE}/letter").get_data(as_text=True)
    assert escaped in letter and "1337" not in letter
    assert letter.count("<script") == client.get("/").get_data(as_text=True).count("<script")
    if any(ch in payload.value for ch in "<>\"'&"):
        assert payload.value not in letter
    export = app.test_cli_runner().invoke(args=["signatures", "export", SENATE])
    assert export.exit_code == 0 and "1337" not in export.output


def test_the_battery_is_at_least_two_hundred_cases():
    """Counted from what pytest collects in this file: a case list that shrinks, or a test that is
    no longer collected, lowers the count."""
    listed = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
                             __file__], capture_output=True, text=True, cwd=REPO)
    assert listed.returncode == 0, listed.stdout + listed.stderr
    cases = [line for line in listed.stdout.splitlines()
             if "::test_" in line and "::test_the_battery_is_at_least_two_hundred_cases" not in line]
    assert len(cases) >= 200, len(cases)
