"""The plugin contract (``contract/hookspecs.py``) stays honest, as Datasette keeps its own: every
hook has a heading in the plugin guide with the hookspec's signature, and a ``test_hook_<name>``;
then one ``test_hook_<name>`` per hook, each showing what the contract promises a plugin."""
from __future__ import annotations

import ast
import inspect
import re
import sys
import textwrap
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.conftest import REPO, make_app
from tests.support.signing import SENATE_SIGNER, STATE_DEPT_SIGNER, sign
from undersigned.audit import log as audit
from undersigned.audit.models import AuditEntry
from undersigned.captcha.fixed import FixedAnswerCaptcha
from undersigned.contract import Transport, hookimpl, hookspecs
from undersigned.contract.state import registry_of
from undersigned.delivery.joint import JointChannel
from undersigned.delivery.self_submit import service as self_submit
from undersigned.extensions import db
from undersigned.mail.worker import deliver_due
from undersigned.privacy import service as privacy
from undersigned.signing import service
from undersigned.signing.models import Signature

GUIDE = REPO / "docs" / "plugins.md"
TESTS = REPO / "tests"


def hook_signatures() -> dict[str, list[str]]:
    """Every hook the contract declares (functions carrying pluggy's spec marker), with the
    names of its arguments in order."""
    marker = f"{hookspecs.PROJECT}_spec"
    return {name: list(inspect.signature(value).parameters)
            for name, value in sorted(vars(hookspecs).items()) if callable(value) and hasattr(value, marker)}


def guide_signatures() -> dict[str, list[str]]:
    """Every heading of the guide written as a call, ``### `name(a, b)` ``: name -> arguments."""
    headings = re.findall(r"^#{1,6}\s+`?(\w+)\(([^)]*)\)`?\s*$", GUIDE.read_text(encoding="utf-8"), re.MULTILINE)
    return {name: [arg.strip() for arg in args.split(",") if arg.strip()] for name, args in headings}


def test_functions() -> set[str]:
    """The name of every test function under ``tests/`` (parsed, so comments and strings do not
    count), methods of test classes included."""
    names = set()
    for path in TESTS.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        names |= {node.name for node in ast.walk(tree)
                  if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test_")}
    return names


test_functions.__test__ = False  # a helper, not a test


def test_the_contract_declares_the_hooks_the_design_asks_for():
    # guards the parametrized tests below against passing on an empty list
    assert {"undersigned_campaigns", "undersigned_captcha_provider", "undersigned_delivery_channel",
            "undersigned_mail_transport", "undersigned_signature_created",
            "undersigned_signature_confirmed", "undersigned_signature_removed",
            "undersigned_signature_delivered"} <= set(hook_signatures())


@pytest.mark.parametrize("hook", hook_signatures())
def test_plugin_hooks_are_documented(hook):
    documented = guide_signatures()
    assert hook in documented, f"docs/plugins.md needs a heading `{hook}(...)`"
    expected = f"{hook}({', '.join(hook_signatures()[hook])})"
    assert documented[hook] == hook_signatures()[hook], \
        f"docs/plugins.md documents {hook}({', '.join(documented[hook])}); the hookspec is {expected}"


@pytest.mark.parametrize("hook", hook_signatures())
def test_plugin_hooks_have_tests(hook):
    if f"test_hook_{hook}" not in test_functions():
        pytest.fail(f"no test function named test_hook_{hook} under tests/")


@pytest.mark.parametrize("hook", hook_signatures())
def test_each_hookspec_says_when_it_is_called_and_what_a_raise_does(hook):
    doc = inspect.getdoc(getattr(hookspecs, hook)) or ""
    assert "*When*" in doc and "raising" in doc.lower(), f"{hook}'s docstring must say when it is called and what raising does"


def test_the_coverage_check_ignores_a_hook_named_only_in_a_comment_or_a_string(tmp_path, monkeypatch):
    tests = tmp_path / "tests"
    tests.mkdir()
    (tests / "test_mentions.py").write_text(textwrap.dedent('''\
        # test_hook_undersigned_campaigns
        NOTE = "test_hook_undersigned_campaigns"

        def test_hook_undersigned_mail_transport():
            pass
    '''))
    monkeypatch.setattr(f"{__name__}.TESTS", tests)
    assert test_functions() == {"test_hook_undersigned_mail_transport"}


# --- one test per hook ---------------------------------------------------------------------------

CAMPAIGN_PLUGIN = '''\
from pathlib import Path

from undersigned.contract import Campaign, Recipient, hookimpl

HERE = Path(__file__).resolve().parent


@hookimpl
def undersigned_campaigns(config):
    return [Campaign(slug=__name__, title=config["POTHOLES_TITLE"], summary="Fix Elm Street.",
                     recipient=Recipient(name="Ana Gomez", email="mayor@city.example"), channel="email",
                     template_folder=HERE / "templates")]
'''


def test_hook_undersigned_campaigns(tmp_path, monkeypatch):
    slug = f"potholes_{uuid.uuid4().hex[:10]}"  # folder plugins are top-level modules: a fresh name
    plugin = tmp_path / "campaigns" / slug
    (plugin / "templates").mkdir(parents=True)
    (plugin / "__init__.py").write_text(CAMPAIGN_PLUGIN)
    for name, text in {"letter.txt": "Dear {{ recipient.display_name }},\n{{ first_name }}\n",
                       "letter.html": "<p>{{ first_name }}</p>", "instructions.html": "<p>Sign.</p>"}.items():
        (plugin / "templates" / name).write_text(text)
    app = make_app(tmp_path, monkeypatch, CAMPAIGNS_FOLDER=str(plugin.parent),
                   POTHOLES_TITLE="Fix the potholes on Elm Street")

    monkeypatch.delitem(sys.modules, slug)

    assert registry_of(app).get(slug).title == "Fix the potholes on Elm Street"
    assert "Fix the potholes on Elm Street" in app.test_client().get(f"/c/{slug}").get_data(as_text=True)


class FixedCaptchaPlugin:
    @hookimpl
    def undersigned_captcha_provider(self, name, app):
        return FixedAnswerCaptcha(app) if name == "image" else None


def test_hook_undersigned_captcha_provider(app, client):
    app.extensions["undersigned"].plugins.register(FixedCaptchaPlugin(), name="fixed-captcha")

    answer = app.config["CAPTCHA_TEST_ANSWER"]
    assert sign(client, app, "belarus_state_dept", captcha="wrong", **STATE_DEPT_SIGNER).status_code == 400
    assert sign(client, app, "belarus_state_dept", captcha=answer, **STATE_DEPT_SIGNER).status_code == 302


class NotingJointChannel(JointChannel):
    def __init__(self) -> None:
        self.confirmed: list[tuple[int, str]] = []

    def on_confirmed(self, signature, campaign):
        self.confirmed.append((signature.id, campaign.slug))


class NotingChannelPlugin:
    def __init__(self) -> None:
        self.channel = NotingJointChannel()

    @hookimpl
    def undersigned_delivery_channel(self, name):
        return self.channel if name == "joint" else None


def test_hook_undersigned_delivery_channel(app, client):
    plugin = NotingChannelPlugin()
    app.extensions["undersigned"].plugins.register(plugin, name="noting-channel")

    assert sign(client, app, "belarus_senate", **SENATE_SIGNER).status_code == 302
    with app.app_context():
        signature = db.session.scalar(select(Signature))
        assert service.confirm(signature, registry_of().get("belarus_senate"))
        assert plugin.channel.confirmed == [(signature.id, "belarus_senate")]


class CollectingTransport(Transport):
    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    def send(self, message):
        self.sent.append((message.kind, message.to_address))


class CollectingTransportPlugin:
    def __init__(self) -> None:
        self.transport = CollectingTransport()

    @hookimpl
    def undersigned_mail_transport(self, name, app):
        return self.transport if name == "mailbox" else None


def test_hook_undersigned_mail_transport(app, client):
    plugin = CollectingTransportPlugin()
    app.extensions["undersigned"].plugins.register(plugin, name="collecting-transport")

    assert sign(client, app, "belarus_state_dept", **STATE_DEPT_SIGNER).status_code == 302
    with app.app_context():
        assert deliver_due(app) == 1
    assert plugin.transport.sent == [("confirm", "Jane.Doe@example.org")]
    assert not list(Path(app.config["MAILBOX_FOLDER"]).glob("*.eml"))  # the core's mailbox was replaced


class Recorder:
    """Hears every signature event, noting what the signature looked like at that moment."""

    def __init__(self) -> None:
        self.events: list[tuple] = []

    @hookimpl
    def undersigned_signature_created(self, signature, campaign):
        self.events.append(("created", signature.id, signature.status, campaign.slug))

    @hookimpl
    def undersigned_signature_confirmed(self, signature, campaign):
        self.events.append(("confirmed", signature.id, signature.status, campaign.slug))

    @hookimpl
    def undersigned_signature_removed(self, signature, campaign, reason):
        self.events.append(("removed", signature.id, signature.status, campaign.slug, reason))

    @hookimpl
    def undersigned_signature_delivered(self, signature, campaign):
        self.events.append(("delivered", signature.id, signature.reported_sent_at is not None, campaign.slug))


SLUG = "belarus_state_dept"


@pytest.fixture
def recorder(app, client):
    """A listening plugin, and one pending signature on ``belarus_state_dept``."""
    recorder = Recorder()
    app.extensions["undersigned"].plugins.register(recorder, name="recorder")
    assert sign(client, app, SLUG, **STATE_DEPT_SIGNER).status_code == 302
    return recorder


def signature_and_campaign():
    return db.session.scalar(select(Signature)), registry_of().get(SLUG)


def test_hook_undersigned_signature_created(app, recorder):
    with app.app_context():
        signature_id = db.session.scalar(select(Signature.id))
    assert recorder.events == [("created", signature_id, "pending", SLUG)]


def test_hook_undersigned_signature_confirmed(app, recorder):
    with app.app_context():
        signature, campaign = signature_and_campaign()
        assert service.confirm(signature, campaign)
        signature_id = signature.id
        assert not service.confirm(signature, campaign)  # a second confirmation is not an event
    assert recorder.events[1:] == [("confirmed", signature_id, "confirmed", SLUG)]


def test_hook_undersigned_signature_removed(app, recorder):
    with app.app_context():
        signature, campaign = signature_and_campaign()
        assert service.remove(signature, campaign, "withdrawn")
        signature_id = signature.id
    assert recorder.events[1:] == [("removed", signature_id, "withdrawn", SLUG, "withdrawn")]


def test_hook_undersigned_signature_delivered(app, recorder):
    with app.app_context():
        signature, campaign = signature_and_campaign()
        service.confirm(signature, campaign)
        assert self_submit.report_sent(signature, campaign)
        signature_id = signature.id
        assert not self_submit.report_sent(signature, campaign)  # reported once
    assert recorder.events[2:] == [("delivered", signature_id, True, SLUG)]


class SentMessages:
    """Hears every message the outbox worker sends."""

    def __init__(self) -> None:
        self.sent: list[tuple] = []

    @hookimpl
    def undersigned_message_sent(self, message, campaign):
        self.sent.append((message.kind, message.to_address, campaign.slug if campaign else None))


def test_hook_undersigned_message_sent(app, client):
    listener = SentMessages()
    app.extensions["undersigned"].plugins.register(listener, name="sent-messages")
    assert sign(client, app, SLUG, **STATE_DEPT_SIGNER).status_code == 302
    assert listener.sent == []  # queued, not sent yet
    with app.app_context():
        assert deliver_due(app) == 1
        assert deliver_due(app) == 0  # sent once, heard once
    assert listener.sent == [("confirm", "Jane.Doe@example.org", SLUG)]


class Queuer:
    """Queues an audit entry for each change it hears inside the change's transaction, noting
    what it saw there: the event, the signature's status, and whether it runs in a savepoint."""

    def __init__(self) -> None:
        self.heard: list[tuple] = []

    @hookimpl
    def undersigned_event_before_commit(self, event, record, campaign):
        self.heard.append((event, record.id, record.status, record.email is None, db.session().in_nested_transaction()))
        audit.record("test.queued", campaign=campaign.slug, signature=record.id, event=event)


def test_hook_undersigned_event_before_commit(app, recorder):
    queuer = Queuer()
    app.extensions["undersigned"].plugins.register(queuer, name="queuer")
    with app.test_request_context():
        signature, campaign = signature_and_campaign()
        assert service.confirm(signature, campaign)
        assert self_submit.report_sent(signature, campaign)
        assert privacy.withdraw(signature, campaign)
        signature_id = signature.id
        queued = list(db.session.scalars(select(AuditEntry.details).where(AuditEntry.action == "test.queued")))
    assert queuer.heard == [("signature.confirmed", signature_id, "confirmed", False, True),
                            ("letter.delivered", signature_id, "confirmed", False, True),
                            ("signature.withdrawn", signature_id, "withdrawn", True, True),
                            ("signature.erased", signature_id, "withdrawn", True, True)]
    assert [entry["event"] for entry in queued] == [event for event, *_ in queuer.heard]  # committed with each
