"""Campaign plugins as an organizer meets them: drop a folder in, see it served at once; a
broken plugin is reported (registry, ``flask campaigns list/check``, the log) and skipped while
every other campaign keeps serving; plugins can replace the core's providers by name and hear
every signature event."""
from __future__ import annotations

import email
import email.policy
import logging
import sys
import textwrap
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from tests.conftest import REPO, make_app
from tests.support.signing import STATE_DEPT_SIGNER, SENATE_SIGNER, form_inputs, link_in, sign
from undersigned.delivery.channels import JointChannel
from undersigned.extensions import db
from undersigned.mail.outbox import enqueue
from undersigned.mail.worker import deliver_due
from undersigned.plugins import hookimpl
from undersigned.signing.models import Signature

SEEDS = ("belarus_state_dept", "belarus_senate")

PLUGIN = '''\
from pathlib import Path

from undersigned.campaigns.model import Campaign, FormField, Recipient
from undersigned.plugins import hookimpl

HERE = Path(__file__).resolve().parent
{on_import}

@hookimpl
def undersigned_campaigns(config):
    {on_call}
    return [Campaign(
        slug={slug!r},
        title={title!r},
        summary="Ask the mayor to fix the potholes on our street.",
        recipient=Recipient(name="Ana Gomez", honorific="Mayor", email="mayor@city.example"),
        channel={channel!r},
        subject="Potholes on our street",
        fields=({fields}),
        template_folder=HERE / "templates",
    )]
'''

TEMPLATES = {
    "letter.txt": "Dear {{ recipient.display_name }},\n\nPlease fix the potholes on {{ street }}.\n\n"
                  "{{ first_name }} {{ last_name }}\n",
    "letter.html": "<p>Dear {{ recipient.display_name }},</p>\n<p>Please fix the potholes on {{ street }}.</p>\n"
                   "<p>{{ first_name }} {{ last_name }}</p>\n",
    "instructions.html": "<p>Sign the letter and we e-mail it to the mayor.</p>\n",
}
STREET = 'FormField("street", "Your street"),'


def unique(prefix: str) -> str:
    """A module name (and slug) no other test uses: folder plugins are top-level modules."""
    return f"{prefix}_{uuid.uuid4().hex[:10]}"


@pytest.fixture(autouse=True)
def forget_dropins():
    """Drop the folder plugins this test imported from ``sys.modules`` afterwards."""
    before = set(sys.modules)
    yield
    for name in set(sys.modules) - before:
        if name.startswith(("dropin_", "broken_", "recorder_")):
            del sys.modules[name]


def write_plugin(folder: Path, name: str, *, slug: str | None = None, title: str | None = None,
                 channel: str = "email", fields: str = STREET, on_import: str = "",
                 on_call: str = "", templates: dict[str, str | None] | None = None,
                 source: str | None = None) -> Path:
    """Write a drop-in campaign plugin ``folder/name`` (``templates`` maps a name to its text,
    ``None`` leaves that template out)."""
    plugin = folder / name
    (plugin / "templates").mkdir(parents=True)
    if source is None:
        source = PLUGIN.format(slug=slug or name, title=title or f"Fix the potholes ({name})",
                               channel=channel, fields=fields, on_import=on_import,
                               on_call=on_call or "pass")
    (plugin / "__init__.py").write_text(textwrap.dedent(source))
    for template, text in {**TEMPLATES, **(templates or {})}.items():
        if text is not None:
            (plugin / "templates" / template).write_text(text)
    return plugin


def deliver(app) -> int:
    with app.app_context():
        return deliver_due(app)


def mails(app) -> list[email.message.EmailMessage]:
    """What the ``mailbox`` transport wrote, oldest first."""
    folder = Path(app.config["MAILBOX_FOLDER"])
    return [email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            for path in sorted(folder.glob("*.eml"))]


def body(message: email.message.EmailMessage) -> str:
    return message.get_body(("plain",)).get_content()


def path_of(url: str) -> str:
    return urlsplit(url).path


def confirm_by_email(client, app, to: str):
    """Send the outbox, follow the confirmation link mailed to ``to`` and press the button."""
    deliver(app)
    link = link_in(body([m for m in mails(app) if m["To"] == to][-1]))
    page = client.get(path_of(link))
    return client.post(path_of(link), data={"csrf_token": form_inputs(page.get_data(as_text=True))["csrf_token"]})


def cli(app, *args: str):
    return app.test_cli_runner().invoke(args=list(args))


# --- a good drop-in campaign ------------------------------------------------------------------

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


# --- broken plugins are reported and skipped ----------------------------------------------------

def raises_on_import(folder: Path, name: str):
    write_plugin(folder, name, on_import='raise RuntimeError("CITY_API_KEY is not set")')
    return None, "RuntimeError: CITY_API_KEY is not set"


def hook_raises(folder: Path, name: str):
    write_plugin(folder, name, on_call='raise LookupError("no recipient configured for this city")')
    return None, "LookupError: no recipient configured for this city"


def duplicate_slug(folder: Path, name: str):
    write_plugin(folder, name, slug="belarus_senate", title="An impostor letter")
    return "belarus_senate", "duplicate slug 'belarus_senate': already provided by entry point belarus_senate"


def missing_template(folder: Path, name: str):
    write_plugin(folder, name, templates={"instructions.html": None})
    return name, "missing template 'instructions.html'"


def unknown_placeholder(folder: Path, name: str):
    letter = TEMPLATES["letter.txt"] + "My shoe size is {{ shoe_size }}.\n"
    write_plugin(folder, name, templates={"letter.txt": letter})
    return name, "template 'letter.txt' uses placeholder 'shoe_size', which the form does not provide"


def unknown_field_type(folder: Path, name: str):
    write_plugin(folder, name, fields=STREET + ' FormField("born", "Date of birth", type="date"),')
    return name, "field 'born' has unknown type 'date'"


def unknown_channel(folder: Path, name: str):
    write_plugin(folder, name, channel="fax")
    return name, "unknown delivery channel 'fax'"


BROKEN = [raises_on_import, hook_raises, duplicate_slug, missing_template, unknown_placeholder,
          unknown_field_type, unknown_channel]


@pytest.mark.parametrize("breakage", BROKEN, ids=[b.__name__ for b in BROKEN])
def test_a_broken_plugin_is_reported_and_every_other_campaign_keeps_serving(
        breakage, tmp_path, monkeypatch, caplog):
    folder = tmp_path / "campaigns"
    good, broken = unique("dropin"), unique("broken")
    write_plugin(folder, good, title="Fix the potholes on Elm Street")
    broken_slug, message = breakage(folder, broken)

    caplog.set_level(logging.ERROR)
    app = make_app(tmp_path, monkeypatch, CAMPAIGNS_FOLDER=str(folder))

    # the registry: the good ones served, the broken one skipped with its reason
    registry = app.extensions["undersigned"].campaigns
    assert set(registry.campaigns) == {*SEEDS, good}
    problems = [p for p in registry.problems if p.plugin == broken]
    assert len(problems) >= 1 and any(message in p.message for p in problems), registry.problems
    assert all(p.source == f"folder {folder / broken}" for p in problems)
    assert [p for p in registry.problems if p.plugin != broken] == []

    # the log
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert any(broken in text and message in text for text in errors), errors

    # flask campaigns list: every good campaign, then the failure in words
    listed = cli(app, "campaigns", "list")
    assert listed.exit_code == 0, listed.output
    assert "[failed]" in listed.output and message in listed.output
    assert f"plugin {broken}" in listed.output
    for slug in (*SEEDS, good):
        assert f"{slug}  [open]" in listed.output

    # flask campaigns check: non-zero, naming the problem
    checked = cli(app, "campaigns", "check")
    assert checked.exit_code != 0
    assert message in checked.output and "3 campaigns ok" in checked.output

    # the site: seeds and the good drop-in serve; the broken campaign does not
    client = app.test_client()
    for slug in (*SEEDS, good):
        assert client.get(f"/c/{slug}").status_code == 200, slug
    if broken_slug == "belarus_senate":
        page = client.get("/c/belarus_senate").get_data(as_text=True)
        assert "Joint letter to the Secretary of State on Belarus" in page
        assert "An impostor letter" not in page
    else:
        assert client.get(f"/c/{broken}").status_code == 404
    signer = {"first_name": "Rosa", "last_name": "Parks", "email": "rosa@example.org", "street": "Elm Street"}
    assert sign(client, app, good, **signer).status_code == 302
    assert sign(client, app, "belarus_state_dept", **STATE_DEPT_SIGNER).status_code == 302
    with app.app_context():
        assert sorted(db.session.scalars(select(Signature.campaign))) == sorted([good, "belarus_state_dept"])


# --- the seeds, listed and checked --------------------------------------------------------------

def test_campaigns_list_describes_each_seed_campaign(runner):
    result = runner.invoke(args=["campaigns", "list"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    expected = {
        "belarus_state_dept": ("Letter to the US Department of State in Support of Belarus", "self_submit"),
        "belarus_senate": ("Joint letter to the Secretary of State on Belarus", "joint"),
    }
    for slug, (title, channel) in expected.items():
        index = lines.index(f"{slug}  [open]  {title}")
        assert lines[index + 1].split() == ["languages:", "en,", "ru,", "be", "channel:", channel,
                                            "source:", "entry", "point", slug]
    assert "[failed]" not in result.output


def test_campaigns_check_passes_with_only_the_seeds(runner):
    result = runner.invoke(args=["campaigns", "check"])
    assert result.exit_code == 0, result.output
    assert "2 campaigns ok, 0 problems" in result.output
    assert "FAILED" not in result.output


def test_a_folder_plugin_named_like_an_installed_entry_point_is_not_loaded_twice(tmp_path, monkeypatch):
    folder = tmp_path / "campaigns"
    # a stale copy of an installed plugin: importing it would fail loudly
    write_plugin(folder, "belarus_senate", slug="belarus_senate",
                 on_import='raise RuntimeError("the folder copy was imported")')
    good = unique("dropin")
    write_plugin(folder, good)
    app = make_app(tmp_path, monkeypatch, CAMPAIGNS_FOLDER=str(folder))

    checked = cli(app, "campaigns", "check")
    assert checked.exit_code == 0, checked.output
    assert "3 campaigns ok, 0 problems" in checked.output
    registry = app.extensions["undersigned"].campaigns
    assert registry.sources["belarus_senate"] == "entry point belarus_senate"
    assert registry.sources[good] == f"folder {folder / good}"
    plugin_names = [name for name, _ in app.extensions["undersigned"].plugins.list_name_plugin()]
    assert plugin_names.count("belarus_senate") == 1
    assert app.test_client().get("/c/belarus_senate").status_code == 200


def test_the_default_campaigns_folder_does_not_load_the_seeds_a_second_time(app):
    # the repository's campaigns/ folder holds the seeds that are also installed entry points
    assert app.config["CAMPAIGNS_FOLDER"] == str(REPO / "campaigns")
    registry = app.extensions["undersigned"].campaigns
    assert registry.problems == []
    assert sorted(registry.campaigns) == sorted(SEEDS)


# --- providers: a plugin replaces the core's by name ------------------------------------------

TRANSPORT_PLUGIN = '''\
from undersigned.plugins import hookimpl

SENT = []


class Recorder:
    def send(self, message):
        SENT.append(message.to_address)


@hookimpl
def undersigned_mail_transport(name, app):
    return Recorder() if name == "mailbox" else None
'''


def test_a_folder_plugin_replaces_the_mailbox_transport(tmp_path, monkeypatch):
    folder = tmp_path / "campaigns"
    name = unique("recorder")
    write_plugin(folder, name, source=TRANSPORT_PLUGIN)
    app = make_app(tmp_path, monkeypatch, CAMPAIGNS_FOLDER=str(folder), MAIL_TRANSPORT="mailbox")
    client = app.test_client()

    assert sign(client, app, "belarus_state_dept", **STATE_DEPT_SIGNER).status_code == 302
    assert deliver(app) == 1
    assert sys.modules[name].SENT == ["Jane.Doe@example.org"]
    assert mails(app) == []  # the core's mailbox wrote nothing


class RiddleCaptcha:
    """A captcha that takes one fixed answer (as a hosted provider's test key would)."""

    name = "image"
    template = "captcha/image.html"

    def challenge(self):
        return {"token": "riddle"}

    def verify(self, form) -> bool:
        return form.get("captcha_answer") == "open sesame"


class RiddlePlugin:
    @hookimpl
    def undersigned_captcha_provider(self, name, app):
        return RiddleCaptcha() if name == "image" else None


def test_a_plugin_replaces_the_image_captcha(app, client):
    app.extensions["undersigned"].plugins.register(RiddlePlugin(), name="riddle")

    refused = sign(client, app, "belarus_state_dept", captcha="WRONG", **STATE_DEPT_SIGNER)
    assert refused.status_code == 400
    assert "does not match the picture" in refused.get_data(as_text=True)
    assert sign(client, app, "belarus_state_dept", captcha="open sesame", **STATE_DEPT_SIGNER).status_code == 302


class AlertingJointChannel(JointChannel):
    """The joint channel, plus an e-mail to the organizers for each new co-signer."""

    def on_confirmed(self, signature, campaign) -> None:
        enqueue(kind="letter", to="organizers@example.org", subject=f"New co-signer on {campaign.slug}",
                template="emails/letter", language="en", campaign=campaign.slug,
                signature_id=signature.id, letter=f"{signature.full_name} waits for approval.")


class AlertingPlugin:
    @hookimpl
    def undersigned_delivery_channel(self, name):
        return AlertingJointChannel() if name == "joint" else None


def test_a_plugin_replaces_the_joint_delivery_channel(app, client):
    app.extensions["undersigned"].plugins.register(AlertingPlugin(), name="alerting")

    assert sign(client, app, "belarus_senate", **SENATE_SIGNER).status_code == 302
    thanks = confirm_by_email(client, app, "ada@example.org")
    assert thanks.status_code == 302
    assert "check every co-signer" in client.get(thanks.location).get_data(as_text=True)
    deliver(app)
    alerts = [m for m in mails(app) if m["To"] == "organizers@example.org"]
    assert [m["Subject"] for m in alerts] == ["New co-signer on belarus_senate"]
    assert "Ada Lovelace waits for approval." in body(alerts[0])


# --- signature events ---------------------------------------------------------------------------

class Recorder:
    """Hears every signature event, noting what the signature looked like at that moment."""

    def __init__(self) -> None:
        self.events: list[tuple] = []

    def note(self, event, signature, campaign, *extra):
        self.events.append((event, signature.id, signature.status, campaign.slug, *extra))

    @hookimpl
    def undersigned_signature_created(self, signature, campaign):
        self.note("created", signature, campaign)

    @hookimpl
    def undersigned_signature_confirmed(self, signature, campaign):
        self.note("confirmed", signature, campaign)

    @hookimpl
    def undersigned_signature_delivered(self, signature, campaign):
        self.note("delivered", signature, campaign, signature.reported_sent_at is not None)

    @hookimpl
    def undersigned_signature_removed(self, signature, campaign, reason):
        self.note("removed", signature, campaign, reason)


def test_plugins_hear_created_confirmed_delivered_and_removed(app, client):
    recorder = Recorder()
    app.extensions["undersigned"].plugins.register(recorder, name="recorder")
    slug = "belarus_state_dept"

    assert sign(client, app, slug, **STATE_DEPT_SIGNER).status_code == 302
    with app.app_context():
        signature_id = db.session.scalar(select(Signature.id))
    assert recorder.events == [("created", signature_id, "pending", slug)]

    confirmed = confirm_by_email(client, app, "Jane.Doe@example.org")
    assert confirmed.status_code == 302
    assert recorder.events[-1] == ("confirmed", signature_id, "confirmed", slug)

    thanks = client.get(confirmed.location).get_data(as_text=True)
    assert "I have sent it" in thanks
    sent_url = path_of(confirmed.location).replace("/thanks/", "/sent/")
    client.post(sent_url, data={"csrf_token": form_inputs(thanks)["csrf_token"]})
    assert recorder.events[-1] == ("delivered", signature_id, "confirmed", slug, True)
    client.post(sent_url, data={"csrf_token": form_inputs(thanks)["csrf_token"]})  # a second click
    assert [e[0] for e in recorder.events].count("delivered") == 1

    result = app.test_cli_runner().invoke(args=["signatures", "invalidate", slug, str(signature_id)])
    assert result.exit_code == 0, result.output
    assert recorder.events[-1] == ("removed", signature_id, "invalidated", slug, "invalidated")
    assert [e[0] for e in recorder.events] == ["created", "confirmed", "delivered", "removed"]


RECORDING_PLUGIN = '''\
from undersigned.plugins import hookimpl

EVENTS = []


@hookimpl
def undersigned_signature_created(signature, campaign):
    EVENTS.append(("created", campaign.slug, signature.fields.get("street")))


@hookimpl
def undersigned_signature_confirmed(signature, campaign):
    EVENTS.append(("confirmed", campaign.slug, signature.fields.get("street")))
'''


def test_a_folder_plugin_hears_events_of_another_plugins_campaign(tmp_path, monkeypatch):
    folder = tmp_path / "campaigns"
    slug, listener = unique("dropin"), unique("recorder")
    write_plugin(folder, slug)
    write_plugin(folder, listener, source=RECORDING_PLUGIN)
    app = make_app(tmp_path, monkeypatch, CAMPAIGNS_FOLDER=str(folder))
    client = app.test_client()

    signer = {"first_name": "Rosa", "last_name": "Parks", "email": "rosa@example.org", "street": "Elm Street"}
    assert sign(client, app, slug, **signer).status_code == 302
    assert confirm_by_email(client, app, "rosa@example.org").status_code == 302
    assert sys.modules[listener].EVENTS == [("created", slug, "Elm Street"), ("confirmed", slug, "Elm Street")]


def test_a_folder_named_like_an_installed_module_is_refused_not_shadowing_it(tmp_path, monkeypatch):
    import colorsys
    monkeypatch.setitem(sys.modules, "colorsys", colorsys)  # restored afterwards whatever happens
    folder = tmp_path / "campaigns"
    write_plugin(folder, "colorsys", slug="colours")
    app = make_app(tmp_path, monkeypatch, CAMPAIGNS_FOLDER=str(folder))

    assert sys.modules["colorsys"] is colorsys
    assert any(p.plugin == "colorsys" for p in app.extensions["undersigned"].campaigns.problems)
    assert cli(app, "campaigns", "check").exit_code != 0


class Broken:
    @hookimpl
    def undersigned_signature_created(self, signature, campaign):
        raise RuntimeError("analytics service is down")


def test_an_event_hook_that_raises_neither_breaks_signing_nor_silences_other_plugins(app, client, caplog):
    recorder = Recorder()
    app.extensions["undersigned"].plugins.register(recorder, name="recorder")
    app.extensions["undersigned"].plugins.register(Broken(), name="broken-analytics")

    response = sign(client, app, "belarus_state_dept", **STATE_DEPT_SIGNER)
    assert response.status_code == 302
    assert [e[0] for e in recorder.events] == ["created"]
    assert any("broken-analytics" in r.getMessage() for r in caplog.records if r.levelno == logging.ERROR)
