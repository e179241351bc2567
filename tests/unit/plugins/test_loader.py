"""A plugin that raises while loading (or while describing its campaigns) is reported with its
traceback, in the log and in ``flask campaigns check --verbose``; every other plugin loads."""
from __future__ import annotations

import logging
import sys
import uuid

import pytest

from tests.conftest import REPO, make_app

RAISES_ON_IMPORT = '''\
def read_key():
    raise RuntimeError("CITY_API_KEY is not set")


read_key()
'''

RAISES_IN_HOOK = '''\
from undersigned.plugins import hookimpl


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
    names = {"import": f"flyers_{uuid.uuid4().hex[:10]}", "hook": f"springfield_{uuid.uuid4().hex[:10]}"}
    for name, source in ((names["import"], RAISES_ON_IMPORT), (names["hook"], RAISES_IN_HOOK)):
        (folder / name).mkdir(parents=True)
        (folder / name / "__init__.py").write_text(source)
    for seed in ("belarus_state_dept", "belarus_senate"):
        (folder / seed).symlink_to(REPO / "campaigns" / seed)
    app = make_app(tmp_path, monkeypatch, CAMPAIGNS_FOLDER=str(folder))
    monkeypatch.delitem(sys.modules, names["hook"], raising=False)
    return app, names


def test_a_plugin_that_raises_on_import_is_logged_with_its_traceback(tmp_path, monkeypatch, caplog):
    folder = tmp_path / "campaigns"
    name = f"flyers_{uuid.uuid4().hex[:10]}"
    (folder / name).mkdir(parents=True)
    (folder / name / "__init__.py").write_text(RAISES_ON_IMPORT)
    with caplog.at_level(logging.ERROR, logger="undersigned.plugins.loader"):
        app = make_app(tmp_path, monkeypatch, CAMPAIGNS_FOLDER=str(folder))

    [record] = [r for r in caplog.records if r.name == "undersigned.plugins.loader"]
    assert record.getMessage().endswith("failed to load: RuntimeError: CITY_API_KEY is not set")
    assert "Traceback (most recent call last)" in caplog.text
    assert f"{name}/__init__.py\", line 2, in read_key" in caplog.text
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
