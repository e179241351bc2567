"""Drop-in campaigns on any delivery channel, for the delivery tests."""
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

CAMPAIGN = '''\
from pathlib import Path

from undersigned.contract import Campaign, Recipient, hookimpl

HERE = Path(__file__).resolve().parent
OPTIONS = {{}}  # more Campaign arguments: ``extra`` may set it
{extra}

@hookimpl
def undersigned_campaigns(config):
    return [Campaign(slug=SLUG, title="Fix the potholes", summary="Ask the mayor.",
                     recipient=Recipient(name="Ana Gomez", honorific="Mayor", email="mayor@city.example"),
                     channel={channel!r}, template_folder=HERE, **OPTIONS)]
'''
LETTER = "Dear {{ recipient.display_name }}, please fix the potholes. {{ first_name }} {{ last_name }}\n"


@pytest.fixture
def campaign_app(tmp_path, monkeypatch):
    """``campaign_app(channel, extra="")``: an app serving one drop-in campaign (its slug is
    ``app.slug``) on ``channel``; ``extra`` is more plugin source, e.g. a channel of its own."""
    modules = []

    def build(channel: str, extra: str = ""):
        module = f"delivery_{uuid.uuid4().hex[:10]}"
        plugin = tmp_path / "campaigns" / module
        plugin.mkdir(parents=True)
        source = f"SLUG = {module!r}\n" + CAMPAIGN.format(channel=channel, extra=textwrap.dedent(extra))
        (plugin / "__init__.py").write_text(source)
        for name in ("letter.txt", "letter.html"):
            (plugin / name).write_text(LETTER)
        (plugin / "instructions.html").write_text("<p>Sign the letter.</p>")
        modules.append(module)
        app = make_app(tmp_path, monkeypatch, CAMPAIGNS_FOLDER=str(plugin.parent))
        app.slug = module
        return app

    yield build
    for module in modules:
        sys.modules.pop(module, None)


class DeliveredRecorder:
    """Notes each ``undersigned_signature_delivered`` event."""

    def __init__(self) -> None:
        self.delivered: list[tuple[int, str]] = []

    @hookimpl
    def undersigned_signature_delivered(self, signature, campaign):
        self.delivered.append((signature.id, campaign.slug))


def record_delivered(app) -> DeliveredRecorder:
    recorder = DeliveredRecorder()
    app.extensions["undersigned"].plugins.register(recorder, name=f"recorder-{uuid.uuid4().hex[:6]}")
    return recorder


def sign_and_confirm(app, slug: str, **signer) -> str:
    """Sign ``slug`` as ``signer``, follow the e-mailed link, confirm; the thank-you page's path."""
    client = app.test_client()
    assert sign(client, app, slug, **signer).status_code == 302
    deliver(app)
    link = urlsplit(link_in(mails_to(app, signer["email"])[-1].get_body(("plain",)).get_content())).path
    page = client.get(link).get_data(as_text=True)
    confirmed = client.post(link, data={"csrf_token": form_inputs(page)["csrf_token"]})
    assert confirmed.status_code == 302
    return urlsplit(confirmed.location).path
