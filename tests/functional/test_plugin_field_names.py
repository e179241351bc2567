"""A campaign's field names are its own, whatever the platform added after the contract was first
documented: a ``status`` field loads, signs, reaches the letter and is exported as
``field:status`` beside the signature's ``status``; a co-signer's own ``id`` is the one the joint
letter prints; a campaign's own ``letter_name`` is asked as the campaign wrote it."""
from __future__ import annotations

import csv
import io
import re
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from tests.conftest import make_app
from tests.support.console import create_user, login
from tests.support.outbox import deliver, mails_to, plain_text
from tests.support.plugins import (STREET, cli, confirm_by_email, forget_scaffolds,  # noqa: F401 (a fixture)
                                   unique, write_plugin)
from tests.support.signing import form_inputs, sign
from undersigned.extensions import db
from undersigned.signing.models import Signature

pytestmark = pytest.mark.usefixtures("forget_scaffolds")

STATUS = ('FormField("status", "Your status", type="select", '
          'choices=(("student", "Student"), ("worker", "Worker"), ("retired", "Retired"))),')
STATUS_LETTER = ("Dear {{ recipient.display_name }},\n\nI am {{ status }} and live on {{ street }}.\n\n"
                 "{{ letter_name }}\n")
SUPPORTER = {"first_name": "Ana", "last_name": "Lima", "letter_name": "Ana Lima", "email": "ana@example.org",
             "street": "Elm Street"}


def campaign_app(tmp_path, monkeypatch, name: str, **plugin):
    """An app serving the drop-in plugin ``name`` (written with ``plugin``), which loaded cleanly."""
    write_plugin(tmp_path / "campaigns", name, **plugin)
    app = make_app(tmp_path, monkeypatch, CAMPAIGNS_FOLDER=str(tmp_path / "campaigns"))
    registry = app.extensions["undersigned"].campaigns
    assert [problem.message for problem in registry.problems if problem.plugin == name] == []
    assert name in registry.campaigns
    return app


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def test_a_campaign_with_a_status_field_loads_signs_and_exports_it_beside_the_signatures_status(
        tmp_path, monkeypatch):
    name = unique("made_status")
    app = campaign_app(tmp_path, monkeypatch, name, fields=STREET + STATUS, templates={
        "letter.txt": STATUS_LETTER, "letter.html": "<p>I am {{ status }} and live on {{ street }}.</p>\n"})
    client = app.test_client()
    page = client.get(f"/c/{name}").get_data(as_text=True)
    select = re.search(r'<select[^>]*name="status".*?</select>', page, re.S).group(0)
    assert all(f'value="{value}">{label}<' in select
               for value, label in (("student", "Student"), ("worker", "Worker"), ("retired", "Retired")))
    assert '<label for="status">Your status</label>' in page

    assert sign(client, app, name, **SUPPORTER, status="retired").status_code == 302
    confirmed = confirm_by_email(client, app, SUPPORTER["email"])
    assert confirmed.status_code == 302
    assert "1 signature" in client.get(f"/c/{name}").get_data(as_text=True)
    deliver(app)
    assert "I am retired and live on Elm Street." in plain_text(mails_to(app, "mayor@city.example")[-1])

    thanks = client.get(urlsplit(confirmed.location).path).get_data(as_text=True)
    copy_path = re.search(r'action="([^"]+/copy/[^"]+)"', thanks).group(1)
    assert client.post(copy_path, data={"csrf_token": form_inputs(thanks)["csrf_token"]}).status_code == 302
    deliver(app)
    copy = plain_text(mails_to(app, SUPPORTER["email"])[-1])
    answers, recorded = copy.split("What we recorded about your signature:")
    assert "Your status: retired" in answers and "Your status" not in recorded

    output = tmp_path / "export.csv"
    assert cli(app, "signatures", "export", name, "--output", str(output)).exit_code == 0
    create_user(app, "org@example.org", campaigns=(name,))
    organizer = app.test_client()
    login(organizer, "org@example.org")
    console = organizer.get(f"/console/campaigns/{name}/export.csv").get_data(as_text=True)
    for table in (read_csv(output.read_text(encoding="utf-8")), read_csv(console)):
        assert [(row["status"], row["field:status"], row["field:street"]) for row in table] == [
            ("confirmed", "retired", "Elm Street")]


def test_a_co_signers_own_id_is_the_one_the_joint_letter_prints(tmp_path, monkeypatch):
    name = unique("made_joint")
    blocks = ("{% for signatory in signatories %}<p>{{ signatory.full_name }}, member {{ signatory.id }}</p>"
              "{% endfor %}\n")
    app = campaign_app(tmp_path, monkeypatch, name, channel="joint",
                       fields='FormField("id", "Your membership number"),',
                       templates={"letter.txt": "We ask for safer streets.\n" + blocks,
                                  "letter.html": "<p>We ask for safer streets.</p>\n" + blocks})
    client = app.test_client()
    signer = {**SUPPORTER, "id": "M-4711", "public_name": "y"}
    del signer["street"]
    assert sign(client, app, name, **signer).status_code == 302
    assert confirm_by_email(client, app, signer["email"]).status_code == 302
    with app.app_context():
        signature_id = db.session.scalar(select(Signature.id).where(Signature.campaign == name))
    assert cli(app, "signatures", "approve", name, str(signature_id)).exit_code == 0

    assert "Ana Lima, member M-4711" in client.get(f"/c/{name}/letter").get_data(as_text=True)
    assert cli(app, "signatures", "freeze", name).exit_code == 0
    assert cli(app, "signatures", "deliver", name, "1", "--by", "hand").exit_code == 0
    deliver(app)
    assert "has been delivered to its recipient" in plain_text(mails_to(app, signer["email"])[-1])


def test_a_campaigns_own_letter_name_field_is_asked_as_the_campaign_wrote_it(tmp_path, monkeypatch):
    name = unique("made_letter_name")
    app = campaign_app(tmp_path, monkeypatch, name,
                       fields=STREET + 'FormField("letter_name", "Sign the letter as"), '
                                       'FormField("houseNumber", "House number"),',
                       templates={"letter.txt": "Please fix {{ street }} {{ houseNumber }}.\n\n{{ letter_name }}\n",
                                  "letter.html": "<p>Please fix {{ street }} {{ houseNumber }}.</p>\n"})
    client = app.test_client()
    page = client.get(f"/c/{name}").get_data(as_text=True)
    assert page.count('name="letter_name"') == 1 and "Sign the letter as" in page
    assert "Your name as it should appear in the letter" not in page and 'id="transliteration"' not in page

    signer = {**SUPPORTER, "first_name": "Анна", "last_name": "Ліма", "letter_name": "The Elm Street residents",
              "houseNumber": "12"}
    assert sign(client, app, name, **signer).status_code == 302
    assert confirm_by_email(client, app, signer["email"]).status_code == 302
    deliver(app)
    letter = plain_text(mails_to(app, "mayor@city.example")[-1])
    assert "Please fix Elm Street 12.\n\nThe Elm Street residents" in letter.replace("\r\n", "\n")
    output = tmp_path / "export.csv"
    assert cli(app, "signatures", "export", name, "--output", str(output)).exit_code == 0
    [row] = read_csv(output.read_text(encoding="utf-8"))
    assert (row["field:letter_name"], row["field:houseNumber"]) == ("The Elm Street residents", "12")
    assert "letter_name" not in row  # the form did not ask the platform's


def test_a_campaigns_own_letter_name_left_empty_is_named_by_its_own_label(tmp_path, monkeypatch):
    name = unique("empty_letter_name")
    app = campaign_app(tmp_path, monkeypatch, name, fields=STREET + 'FormField("letter_name", "Sign the letter as"),',
                       templates={"letter.txt": "Please fix {{ street }}.\n\n{{ letter_name }}\n",
                                  "letter.html": "<p>Please fix {{ street }}.</p>\n"})
    response = sign(app.test_client(), app, name, **dict(SUPPORTER, letter_name=""))
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "Fill in “Sign the letter as”." in html
    assert "Enter your name as it should appear in the letter." not in html  # the platform's field's words
