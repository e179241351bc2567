"""Campaign plugins as an organizer meets them (plugins.loader): drop a folder in, see it served at
once; a broken plugin is reported (registry, ``flask campaigns list/check``, the log, with its
traceback in the log and ``check --verbose``) and skipped while every other campaign keeps serving;
no plugin is loaded twice or shadows an installed module."""
from __future__ import annotations

import importlib
import logging
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.conftest import REPO, make_app
from tests.support.plugins import STREET, TEMPLATES, cli, unique, write_plugin
from tests.support.signing import STATE_DEPT_SIGNER, sign
from undersigned.app import CORE_PLUGINS
from undersigned.extensions import db
from undersigned.plugins.loader import create_plugin_manager
from undersigned.signing.models import Signature

SEEDS = ("belarus_state_dept", "belarus_senate")


# --- a good drop-in campaign ------------------------------------------------------------------


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


def reserved_field_name(folder: Path, name: str):
    write_plugin(folder, name, fields=STREET + ' FormField("website", "Your website"),')
    return name, "field 'website' has a reserved name (a name the sign form already posts)"


BROKEN = [raises_on_import, hook_raises, duplicate_slug, missing_template, unknown_placeholder,
          unknown_field_type, unknown_channel, reserved_field_name]


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


# --- each plugin loaded once -------------------------------------------------------------------


def test_a_folder_plugin_named_like_an_installed_entry_point_is_not_loaded_twice(tmp_path, monkeypatch):
    folder = tmp_path / "campaigns"
    # a stale copy of an installed plugin: importing it would fail loudly
    write_plugin(folder, "belarus_senate", slug="belarus_senate",
                 on_import='raise RuntimeError("the folder copy was imported")')
    good = unique("dropin")
    write_plugin(folder, good)
    app = make_app(tmp_path, monkeypatch, CAMPAIGNS_FOLDER=str(folder),
                   BELARUS_STATE_DEPT_CONTACT_FORM_URL="https://contact.example.gov/form")

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


def test_a_folder_named_like_an_installed_module_is_refused_not_shadowing_it(tmp_path, monkeypatch):
    import colorsys
    monkeypatch.setitem(sys.modules, "colorsys", colorsys)  # restored afterwards whatever happens
    folder = tmp_path / "campaigns"
    write_plugin(folder, "colorsys", slug="colours")
    app = make_app(tmp_path, monkeypatch, CAMPAIGNS_FOLDER=str(folder))

    assert sys.modules["colorsys"] is colorsys
    assert any(p.plugin == "colorsys" for p in app.extensions["undersigned"].campaigns.problems)
    assert cli(app, "campaigns", "check").exit_code != 0


# --- tracebacks ----------------------------------------------------------------------------------

RAISES_ON_IMPORT = '''\
def read_key():
    raise RuntimeError("CITY_API_KEY is not set")


read_key()
'''

RAISES_IN_HOOK = '''\
from undersigned.contract import hookimpl


def city_campaigns():
    raise LookupError("no city called Springfield")


@hookimpl
def undersigned_campaigns(config):
    return city_campaigns()
'''


@pytest.fixture
def broken_app(tmp_path, monkeypatch):
    """An app whose campaigns folder holds the two seeds, one plugin that raises on import and
    one whose ``undersigned_campaigns`` raises."""
    folder = tmp_path / "campaigns"
    names = {"import": unique("broken"), "hook": unique("broken")}
    for name, source in ((names["import"], RAISES_ON_IMPORT), (names["hook"], RAISES_IN_HOOK)):
        (folder / name).mkdir(parents=True)
        (folder / name / "__init__.py").write_text(source)
    for seed in ("belarus_state_dept", "belarus_senate"):
        (folder / seed).symlink_to(REPO / "campaigns" / seed)
    return make_app(tmp_path, monkeypatch, CAMPAIGNS_FOLDER=str(folder)), names


def test_a_plugin_that_raises_on_import_is_logged_in_one_line_its_traceback_kept_for_check(
        tmp_path, monkeypatch, caplog):
    folder = tmp_path / "campaigns"
    name = unique("broken")
    (folder / name).mkdir(parents=True)
    (folder / name / "__init__.py").write_text(RAISES_ON_IMPORT)
    with caplog.at_level(logging.ERROR, logger="undersigned.plugins.loader"):
        app = make_app(tmp_path, monkeypatch, CAMPAIGNS_FOLDER=str(folder))

    [record] = [r for r in caplog.records if r.name == "undersigned.plugins.loader"]
    assert record.getMessage().endswith("failed to load: RuntimeError: CITY_API_KEY is not set "
                                        "(flask campaigns check --verbose shows the traceback)")
    assert "Traceback" not in caplog.text and record.exc_info is None  # not once per command
    [problem] = app.extensions["undersigned"].campaigns.problems
    assert f"{name}/__init__.py\", line 2, in read_key" in problem.traceback
    assert set(app.extensions["undersigned"].campaigns.campaigns) == {"belarus_state_dept", "belarus_senate"}


def test_campaigns_check_verbose_shows_each_traceback(broken_app):
    app, names = broken_app
    result = app.test_cli_runner().invoke(args=["campaigns", "check", "--verbose"])

    assert result.exit_code == 1
    output = result.output
    assert f"FAILED {names['import']}: RuntimeError: CITY_API_KEY is not set" in output
    assert f"FAILED {names['hook']}: LookupError: no city called Springfield" in output
    assert output.count("Traceback (most recent call last)") == 2
    assert 'line 2, in read_key\n    raise RuntimeError("CITY_API_KEY is not set")' in output
    assert 'in city_campaigns\n    raise LookupError("no city called Springfield")' in output
    assert "2 campaigns ok, 2 problems" in output


def test_campaigns_check_without_verbose_keeps_one_line_per_problem(broken_app):
    app, names = broken_app
    result = app.test_cli_runner().invoke(args=["campaigns", "check"])

    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert f"FAILED {names['import']}: RuntimeError: CITY_API_KEY is not set" in result.output


def test_core_plugins_are_registered_by_dotted_name_and_importing_one_registers_nothing():
    for name in CORE_PLUGINS:
        importlib.import_module(name)
    assert create_plugin_manager(()).get_plugins() == set()  # no registration as an import's side effect
    plugins = create_plugin_manager(CORE_PLUGINS)
    assert {name: plugins.get_plugin(name) for name in CORE_PLUGINS} == \
        {name: sys.modules[name] for name in CORE_PLUGINS}  # a plugin may block or replace one by that name
