"""A campaign dropped into the campaigns folder is served at once, signed, confirmed and its letter
e-mailed, with plugins hearing each event."""
from __future__ import annotations

from tests.conftest import make_app
from tests.support.outbox import deliver
from tests.support.plugins import Recorder, body, confirm_by_email, mails, unique, write_plugin
from tests.support.signing import sign


def test_a_dropped_in_campaign_is_served_at_once_and_emails_its_letter(tmp_path, monkeypatch):
    folder = tmp_path / "campaigns"
    slug = unique("dropin")
    write_plugin(folder, slug, title="Fix the potholes on Elm Street")
    app = make_app(tmp_path, monkeypatch, CAMPAIGNS_FOLDER=str(folder))
    client = app.test_client()
    recorder = Recorder()
    app.extensions["undersigned"].plugins.register(recorder, name="recorder")

    assert "Fix the potholes on Elm Street" in client.get("/").get_data(as_text=True)
    page = client.get(f"/c/{slug}").get_data(as_text=True)
    assert "Mayor Ana Gomez" in page and "Sign the letter and we e-mail it to the mayor." in page
    assert 'name="street"' in page

    signer = {"first_name": "Rosa", "last_name": "Parks", "email": "rosa@example.org", "street": "Elm Street"}
    assert sign(client, app, slug, **signer).status_code == 302
    assert confirm_by_email(client, app, "rosa@example.org").status_code == 302
    deliver(app)
    letter = [m for m in mails(app) if m["To"] == "mayor@city.example"]
    assert len(letter) == 1
    assert letter[0]["Reply-To"] == "rosa@example.org"
    assert letter[0]["Subject"] == "Potholes on our street"
    assert "Please fix the potholes on Elm Street." in body(letter[0]) and "Rosa Parks" in body(letter[0])
    # the letter reached the mail server: plugins hear it was delivered
    assert [event[0] for event in recorder.events] == ["created", "confirmed", "delivered"]
