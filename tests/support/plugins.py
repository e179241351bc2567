"""Drop-in campaign plugins as an organizer writes them, and what the tests do with them: send
the outbox, read the mailbox, confirm by e-mail, hear signature events."""
from __future__ import annotations

import email
import email.policy
import sys
import textwrap
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.support.outbox import deliver
from tests.support.signing import form_inputs, link_in
from undersigned.contract import hookimpl
from undersigned.delivery.joint import JointChannel
from undersigned.mail.outbox import enqueue

PLUGIN = '''\
from pathlib import Path

from undersigned.contract import Campaign, FormField, Recipient, hookimpl

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


@pytest.fixture
def forget_scaffolds():
    """Folder plugins are top-level modules: forget the ones a test scaffolded (``made_*``), so
    the next test's app imports its own."""
    before = set(sys.modules)
    yield
    for name in set(sys.modules) - before:
        if name.startswith("made_"):
            del sys.modules[name]


def unique(prefix: str) -> str:
    """A module name (and slug) no other test uses: folder plugins are top-level modules."""
    return f"{prefix}_{uuid.uuid4().hex[:10]}"


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


class AlertingJointChannel(JointChannel):
    """The guide's example: the joint channel, plus an e-mail to the organizers per co-signer."""

    def on_confirmed(self, signature, campaign) -> None:
        enqueue(kind="letter", to="organizers@example.org", subject=f"New co-signer on {campaign.slug}",
                template="emails/letter", language="en", campaign=campaign.slug,
                signature_id=signature.id, letter=f"{signature.full_name} waits for approval.")


class AlertingPlugin:
    """Registers :class:`AlertingJointChannel` in place of the core's ``joint``."""

    @hookimpl
    def undersigned_delivery_channel(self, name):
        return AlertingJointChannel() if name == "joint" else None
