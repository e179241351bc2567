"""Signature events (contract.events): plugins hear created, confirmed, delivered and removed;
events go through pluggy, so hook-call monitoring sees them and wrappers run; and a plugin that
raises is logged with its traceback and neither breaks signing nor silences the others."""
from __future__ import annotations

import logging
import sys

from tests.conftest import make_app
from tests.support.plugins import confirm_by_email, unique, write_plugin
from tests.support.signing import STATE_DEPT_SIGNER, sign
from undersigned.app import CORE_PLUGINS
from undersigned.contract import hookimpl
from undersigned.contract.events import notify_plugins
from undersigned.plugins.loader import create_plugin_manager


RECORDING_PLUGIN = '''\
from undersigned.contract import hookimpl

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


# --- through pluggy ----------------------------------------------------------------------------

EVENT = "undersigned_signature_removed"
#: The core's plugins but the API's, which listens to changes itself (its webhooks:
#: tests/unit/api/test_webhooks.py): these tests count the listeners they add.
QUIET_CORE = tuple(name for name in CORE_PLUGINS if name != "undersigned.api.plugin")
ARGS = {"signature": "a signature", "campaign": "a campaign", "reason": "withdrawn"}


class Listener:
    def __init__(self, heard: list[str], name: str) -> None:
        self.heard, self.name = heard, name

    @hookimpl
    def undersigned_signature_removed(self, signature, campaign, reason):
        self.heard.append(f"{self.name}: {reason}")


class Raising:
    @hookimpl
    def undersigned_signature_removed(self, signature, campaign, reason):
        raise RuntimeError("analytics service is down")


class Wrapper:
    def __init__(self, heard: list[str]) -> None:
        self.heard = heard

    @hookimpl(wrapper=True)
    def undersigned_signature_removed(self, signature, campaign, reason):
        self.heard.append("wrapper: before")
        try:
            return (yield)
        finally:
            self.heard.append("wrapper: after")


def test_hook_call_monitoring_sees_each_listener_called_with_the_event_arguments():
    pm = create_plugin_manager(QUIET_CORE)
    heard: list[str] = []
    first, second = Listener(heard, "first"), Listener(heard, "second")
    pm.register(first, name="first")
    pm.register(second, name="second")
    seen = []
    pm.add_hookcall_monitoring(
        lambda hook, impls, kwargs: seen.append((hook, [i.plugin_name for i in impls], dict(kwargs))),
        lambda outcome, hook, impls, kwargs: None)

    notify_plugins(pm, EVENT, **ARGS)

    assert heard == ["second: withdrawn", "first: withdrawn"]  # pluggy's order: last registered first
    assert seen == [(EVENT, ["second"], ARGS), (EVENT, ["first"], ARGS)]


def test_a_wrapper_runs_around_the_listeners():
    pm = create_plugin_manager(QUIET_CORE)
    heard: list[str] = []
    pm.register(Listener(heard, "listener"), name="listener")
    pm.register(Wrapper(heard), name="wrapper")

    notify_plugins(pm, EVENT, **ARGS)

    assert heard == ["wrapper: before", "listener: withdrawn", "wrapper: after"]


def test_a_raising_plugin_is_logged_with_its_traceback_and_the_next_one_still_hears(caplog):
    pm = create_plugin_manager(QUIET_CORE)
    heard: list[str] = []
    pm.register(Listener(heard, "after"), name="after")
    pm.register(Raising(), name="broken-analytics")  # registered last: called first
    pm.register(Wrapper(heard), name="wrapper")

    notify_plugins(pm, EVENT, **ARGS)

    assert "after: withdrawn" in heard
    assert heard.count("wrapper: after") == 2  # the wrapper saw the failing call end too
    [record] = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert record.getMessage() == f"plugin broken-analytics failed in {EVENT}"
    assert record.exc_info and "analytics service is down" in caplog.text and "Traceback" in caplog.text


def test_an_event_hook_that_raises_neither_breaks_signing_nor_silences_other_plugins(app, client, caplog):
    heard, seen = [], []

    class Created:
        @hookimpl
        def undersigned_signature_created(self, signature, campaign):
            heard.append(campaign.slug)

    class Broken:
        @hookimpl
        def undersigned_signature_created(self, signature, campaign):
            raise RuntimeError("analytics service is down")

    pm = app.extensions["undersigned"].plugins
    pm.register(Created(), name="listener")
    pm.register(Broken(), name="broken-analytics")
    pm.add_hookcall_monitoring(lambda hook, impls, kwargs: seen.append(hook), lambda *args: None)

    assert sign(client, app, "belarus_state_dept", **STATE_DEPT_SIGNER).status_code == 302
    assert heard == ["belarus_state_dept"]
    assert seen.count("undersigned_signature_created") == 2
    assert any("broken-analytics" in r.getMessage() for r in caplog.records if r.levelno == logging.ERROR)


def test_an_event_nobody_listens_to_is_a_no_op():
    notify_plugins(create_plugin_manager(QUIET_CORE), EVENT, **ARGS)
