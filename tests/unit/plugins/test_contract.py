"""The contract as a plugin author meets it (``undersigned.contract``): one package to import from;
a plugin states the version it needs and is told clearly when this platform is too old; a name
that moved keeps working with a warning naming its new home, reported by ``flask campaigns check``."""
from __future__ import annotations

import importlib
import warnings

import pytest

from tests.conftest import make_app
from tests.support.plugins import cli, unique, write_plugin
from undersigned import contract
from undersigned.contract.version import CONTRACT_VERSION, unsupported

OLD_PATHS = [
    ("undersigned.plugins", "hookimpl", "undersigned.contract"),
    ("undersigned.campaigns.model", "Campaign", "undersigned.contract"),
    ("undersigned.campaigns.model", "Recipient", "undersigned.contract"),
    ("undersigned.delivery.base", "DeliveryChannel", "undersigned.contract"),
    ("undersigned.delivery.channels", "JointChannel", "undersigned.delivery.joint"),
    ("undersigned.delivery.channels", "EmailChannel", "undersigned.delivery.email.channel"),
    ("undersigned.delivery.channels", "SelfSubmitChannel", "undersigned.delivery.self_submit.channel"),
    ("undersigned.captcha.base", "CaptchaProvider", "undersigned.contract"),
    ("undersigned.mail.transports", "Transport", "undersigned.contract"),
    ("undersigned.mail.failures", "PermanentFailure", "undersigned.contract"),
    ("undersigned.plugins.events", "notify", "undersigned.contract"),
    ("undersigned.signing.counters", "totals", "undersigned.campaigns.counters"),
]


@pytest.mark.parametrize(("module", "name", "home"), OLD_PATHS)
def test_a_moved_name_still_works_and_warns_with_its_new_home(module, name, home):
    with pytest.warns(DeprecationWarning, match=rf"{module}\.{name} is deprecated.*import it from {home}"):
        old = getattr(importlib.import_module(module), name)
    assert old is getattr(importlib.import_module(home), name)


def test_the_contract_names_what_plugins_import():
    for name in ("Campaign", "Recipient", "FormField", "DeliveryChannel", "CaptchaProvider", "Transport",
                 "PermanentFailure", "hookimpl", "notify", "channel_of", "utcnow", "N_", "CONTRACT_VERSION"):
        assert name in contract.__all__ and hasattr(contract, name)


@pytest.mark.parametrize(("stated", "refused"), [
    (CONTRACT_VERSION, False), ("1.0", False), ("1", False),
    ("1.9", True), ("2.0", True), ("0.9", True), ("latest", True)])
def test_a_stated_contract_version_is_kept_or_refused(stated, refused):
    assert bool(unsupported(stated)) is refused


def test_a_plugin_needing_a_newer_contract_is_refused_with_the_reason(tmp_path, monkeypatch):
    folder = tmp_path / "campaigns"
    name = unique("future")
    write_plugin(folder, name, on_import='UNDERSIGNED_CONTRACT = "1.9"')
    app = make_app(tmp_path, monkeypatch, CAMPAIGNS_FOLDER=str(folder))

    assert app.test_client().get(f"/c/{name}").status_code == 404
    result = cli(app, "campaigns", "check")
    assert result.exit_code == 1
    assert (f"written for plugin contract 1.9, but this platform provides {CONTRACT_VERSION}: "
            "upgrade Undersigned") in result.output
    assert "belarus_senate" not in result.output  # every other campaign still loads


@pytest.mark.parametrize("stated", ["1.0", "1.1", CONTRACT_VERSION])
def test_a_plugin_stating_this_contract_or_an_earlier_minor_loads(tmp_path, monkeypatch, stated):
    folder = tmp_path / "campaigns"
    name = unique("current")
    write_plugin(folder, name, on_import=f'UNDERSIGNED_CONTRACT = "{stated}"')
    app = make_app(tmp_path, monkeypatch, CAMPAIGNS_FOLDER=str(folder))
    assert app.test_client().get(f"/c/{name}").status_code == 200
    assert f"FAILED {name}" not in cli(app, "campaigns", "check").output


def test_a_plugin_on_old_names_is_served_and_check_says_what_to_change(tmp_path, monkeypatch):
    folder = tmp_path / "campaigns"
    name = unique("oldnames")
    old = '''\
    from pathlib import Path

    from undersigned.campaigns.model import Campaign, Recipient
    from undersigned.plugins import hookimpl

    HERE = Path(__file__).resolve().parent


    @hookimpl
    def undersigned_campaigns(config):
        return [Campaign(slug={slug!r}, title="Old names", summary="Written for contract 1.0.",
                         recipient=Recipient(name="Ana Gomez", email="mayor@city.example"), channel="email",
                         fields=(), template_folder=HERE / "templates")]
    '''.format(slug=name)
    write_plugin(folder, name, source=old, templates={"letter.txt": "Dear mayor,\n{{ letter_name }}",
                                                      "letter.html": "<p>Dear mayor,</p><p>{{ letter_name }}</p>"})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        app = make_app(tmp_path, monkeypatch, CAMPAIGNS_FOLDER=str(folder))

    assert app.test_client().get(f"/c/{name}").status_code == 200
    result = cli(app, "campaigns", "check")
    assert result.exit_code != 1 and f"FAILED {name}" not in result.output  # a notice is never fatal
    assert f"NOTICE {name}: undersigned.campaigns.model.Campaign is deprecated" in result.output
    assert "import it from undersigned.contract" in result.output
    assert result.output.count(f"NOTICE {name}: undersigned.plugins.hookimpl is deprecated") == 1
