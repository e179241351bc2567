"""An organizer adds a delivery channel from a plugin outside the core: a ``postcard`` channel
with its own page, next-step template and CLI command, and a campaign that uses it, signed,
confirmed and delivered end to end without touching the core."""
from __future__ import annotations

import sys
import textwrap
import uuid
from urllib.parse import urlsplit

import pytest

from tests.conftest import make_app
from tests.support.outbox import deliver, mails_to
from tests.support.signing import form_inputs, link_in, sign
from undersigned.contract import hookimpl

POSTCARD_PLUGIN = '''\
"""Postcards: each confirmed letter is printed on a postcard and posted to the recipient."""
from pathlib import Path

import click
from flask import render_template
from flask.cli import with_appcontext
from sqlalchemy import select

from undersigned.campaigns.lookup import campaign_or_404, campaign_or_fail
from undersigned.contract import Campaign, DeliveryChannel, FormField, Recipient, hookimpl
from undersigned.delivery.lookup import channel_blueprint
from undersigned.extensions import db
from undersigned.mail.models import OutboxMessage
from undersigned.mail.outbox import enqueue
from undersigned.signing.letter import render_letter_text
from undersigned.signing.models import CONFIRMED, Signature

HERE = Path(__file__).resolve().parent
PRINT_SHOP = "orders@print-shop.example"
POSTCARD = "postcard"

bp = channel_blueprint("postcard", __name__)


@bp.get("/postcard")
def front(slug):
    return render_template("postcard/front.html", campaign=campaign_or_404(slug))


@click.command("print-postcards")
@click.argument("slug")
@with_appcontext
def print_postcards(slug):
    """Send the print shop every confirmed letter of SLUG not printed yet."""
    campaign = campaign_or_fail(slug)
    printed = select(OutboxMessage.signature_id).where(OutboxMessage.kind == POSTCARD)
    waiting = db.session.scalars(select(Signature).where(
        Signature.campaign == slug, Signature.status == CONFIRMED, Signature.id.not_in(printed)))
    count = 0
    for signature in waiting:
        enqueue(kind=POSTCARD, to=PRINT_SHOP, subject=f"Postcard to {campaign.recipient.name}",
                template="emails/letter", language=campaign.letter_language, campaign=slug,
                signature_id=signature.id, letter=render_letter_text(campaign, signature.fields))
        count += 1
    db.session.commit()
    click.echo(f"postcards sent to the print shop: {count}")


class PostcardChannel(DeliveryChannel):
    name = "postcard"
    next_step_template = "postcard/next_step.html"
    template_folder = HERE / "channel_templates"
    blueprint = bp
    cli_commands = (print_postcards,)

    def problems(self, campaign):
        return [] if campaign.recipient.address else ["channel 'postcard' needs recipient.address"]

    def delivered(self, message):
        return message.kind == POSTCARD


@hookimpl
def undersigned_delivery_channel(name):
    return PostcardChannel() if name == "postcard" else None


@hookimpl
def undersigned_campaigns(config):
    return [Campaign(
        slug=SLUG, title="Postcards for Elm Street",
        summary="Ask the mayor, by postcard, to fix the potholes on our street.",
        recipient=Recipient(name="Ana Gomez", honorific="Mayor",
                            address=("City Hall", "1 Main Street", "Springfield")),
        channel="postcard", fields=(FormField("street", "Your street"),),
        template_folder=HERE / "templates",
    )]
'''

TEMPLATES = {
    "templates/letter.txt": "Dear {{ recipient.display_name }},\n\nPlease fix {{ street }}.\n\n"
                            "{{ first_name }} {{ last_name }}\n",
    "templates/letter.html": "<p>Dear {{ recipient.display_name }},</p><p>Please fix {{ street }}.</p>"
                             "<p>{{ first_name }} {{ last_name }}</p>",
    "templates/instructions.html": "<p>Sign, and we post your letter on a postcard.</p>",
    "channel_templates/next_step.html":
        '<section class="next-step"><h2>Your postcard</h2>'
        "<p>We print your letter on a postcard and post it to {{ campaign.recipient.address|join(', ') }}.</p>"
        '<p><a href="{{ url_for(\'postcard.front\', slug=campaign.slug) }}">See the postcard</a></p></section>',
    "channel_templates/front.html":
        '{% extends "base.html" %}{% block content %}<h1>Greetings from {{ campaign.title }}</h1>'
        "<p>Every postcard goes to {{ campaign.recipient.display_name }}.</p>{% endblock %}",
}


class DeliveredRecorder:
    def __init__(self) -> None:
        self.delivered: list[tuple[int, str]] = []

    @hookimpl
    def undersigned_signature_delivered(self, signature, campaign):
        self.delivered.append((signature.id, campaign.slug))


@pytest.fixture
def postcard_app(tmp_path, monkeypatch):
    """An app with the seed campaigns and a drop-in plugin providing the postcard channel."""
    module = f"postcards_{uuid.uuid4().hex[:10]}"
    plugin = tmp_path / "campaigns" / module
    for name, text in TEMPLATES.items():
        (plugin / name).parent.mkdir(parents=True, exist_ok=True)
        (plugin / name).write_text(text)
    (plugin / "__init__.py").write_text(f"SLUG = {module!r}\n" + textwrap.dedent(POSTCARD_PLUGIN))
    app = make_app(tmp_path, monkeypatch, CAMPAIGNS_FOLDER=str(plugin.parent))
    app.postcard_slug = module
    yield app
    sys.modules.pop(module, None)


def test_a_plugin_channel_signs_confirms_and_delivers_a_campaign_end_to_end(postcard_app):
    app, slug = postcard_app, postcard_app.postcard_slug
    assert app.extensions["undersigned"].campaigns.problems == []
    recorder = DeliveredRecorder()
    app.extensions["undersigned"].plugins.register(recorder, name="delivered-recorder")
    client = app.test_client()

    signer = {"first_name": "Rosa", "last_name": "Parks", "email": "rosa@example.org", "street": "Elm Street"}
    assert sign(client, app, slug, **signer).status_code == 302
    deliver(app)
    link = urlsplit(link_in(mails_to(app, "rosa@example.org")[0].get_body(("plain",)).get_content())).path
    page = client.get(link).get_data(as_text=True)
    thanks = client.post(link, data={"csrf_token": form_inputs(page)["csrf_token"]})
    assert thanks.status_code == 302

    # the thank-you page includes the channel's own next step, linking its own page
    html = client.get(thanks.location).get_data(as_text=True)
    assert "We print your letter on a postcard and post it to City Hall, 1 Main Street, Springfield." in html
    assert f'href="/c/{slug}/postcard"' in html
    front = client.get(f"/c/{slug}/postcard")
    assert front.status_code == 200
    assert "Greetings from Postcards for Elm Street" in front.get_data(as_text=True)
    assert "Every postcard goes to Mayor Ana Gomez." in front.get_data(as_text=True)
    # each channel's pages serve only the campaigns that use it
    assert client.get("/c/belarus_senate/postcard").status_code == 404
    assert client.get(f"/c/{slug}/letter").status_code == 404

    # confirming sent the confirmation e-mail only: nothing delivered yet
    assert deliver(app) == 0 and recorder.delivered == []

    runner = app.test_cli_runner()
    result = runner.invoke(args=["signatures", "print-postcards", slug])
    assert result.exit_code == 0, result.output
    assert result.output == "postcards sent to the print shop: 1\n"
    assert deliver(app) == 1
    [order] = mails_to(app, "orders@print-shop.example")
    assert "Please fix Elm Street." in order.get_body(("plain",)).get_content()
    assert recorder.delivered == [(1, slug)]

    # a second run prints nothing again and delivers nothing twice
    assert runner.invoke(args=["signatures", "print-postcards", slug]).output == "postcards sent to the print shop: 0\n"
    assert deliver(app) == 0 and recorder.delivered == [(1, slug)]

    assert "channel: postcard" in runner.invoke(args=["campaigns", "list"]).output
    # the channel's command sits beside the core's and the joint channel's
    commands = runner.invoke(args=["signatures", "--help"]).output
    assert all(name in commands for name in ("print-postcards", "approve", "list", "export", "invalidate"))
