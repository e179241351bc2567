"""The README stays true: its settings table is the settings ``config.py`` defines (both ways),
each is read by the code or by the library it configures, and its map names the module that
serves each URL and each command."""
from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from tests.conftest import REPO, make_app
from undersigned import config

README = (REPO / "README.md").read_text(encoding="utf-8")
PACKAGE = REPO / "platform" / "undersigned"
#: The libraries whose settings config.py sets for them.
LIBRARIES = ("flask", "flask_babel", "flask_limiter", "flask_login", "flask_mail", "flask_migrate",
             "flask_sqlalchemy", "flask_wtf")


def table(header: str) -> list[list[str]]:
    """The rows of the README table whose first header cell is ``header``, as cells."""
    lines = README.splitlines()
    start = next(i for i, line in enumerate(lines) if re.match(rf"^\|\s*{re.escape(header)}\s*\|", line))
    rows = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip().strip("|").split(" | ")])
    return rows


def names_in(cell: str) -> list[str]:
    return re.findall(r"`([^`]+)`", cell)


def readme_settings() -> dict[str, str]:
    """Each setting in the README's settings table, with the environment variable it names."""
    settings = {}
    for row in table("setting"):
        for name, variable in zip(names_in(row[0]), names_in(row[1]), strict=True):
            settings[name] = variable
    return settings


def defined_settings() -> set[str]:
    return set(config.defaults("/instance"))


def test_the_readme_names_every_setting_config_defines():
    missing = defined_settings() - set(readme_settings())
    assert not missing, f"README.md's settings table misses {sorted(missing)}"


def test_every_setting_the_readme_names_is_defined_in_config():
    unknown = set(readme_settings()) - defined_settings()
    assert not unknown, f"README.md lists settings config.py does not define: {sorted(unknown)}"


def test_each_setting_is_named_with_its_environment_variable():
    assert {name: f"FLASK_{name}" for name in readme_settings()} == readme_settings()


def sources(*folders: Path) -> str:
    return "\n".join(path.read_text(encoding="utf-8") for folder in folders for path in folder.rglob("*.py"))


def library_sources() -> str:
    folders = [Path(importlib.util.find_spec(name).origin).parent for name in LIBRARIES]
    return sources(*folders)


def test_every_setting_is_read_by_the_code_or_the_library_it_configures():
    ours = "\n".join(path.read_text(encoding="utf-8") for path in PACKAGE.rglob("*.py")
                     if path != PACKAGE / "config.py")
    theirs = library_sources()
    unread = {name for name in defined_settings()
              if not re.search(rf"[\"']{name}[\"']", ours) and not re.search(rf"[\"']{name}[\"']", theirs)}
    assert not unread, f"settings nothing reads: {sorted(unread)}"


def test_each_seed_campaign_setting_is_read_by_a_seed_campaign():
    campaigns = sources(REPO / "campaigns")
    rows = table("campaign setting")
    assert rows
    for row in rows:
        [name], [variable] = names_in(row[0]), names_in(row[1])
        assert variable == f"FLASK_{name}"
        assert f'"{name}"' in campaigns, f"no seed campaign reads {name}"


# --- the map of URLs and commands ---------------------------------------------------------------

def modules_in(cell: str) -> list[str]:
    """The modules a "served by" cell names, as import paths."""
    return ["undersigned." + name.removesuffix(".py").replace("/", ".") for name in names_in(cell)
            if name.endswith(".py")]


def module_of(cell: str) -> str:
    """The module a "served by" cell names first: the one serving the row."""
    return modules_in(cell)[0]


def url_map() -> dict[str, str]:
    """Each URL prefix of the README's map: the module it names."""
    return {re.sub(r"<[^>]+>", "<>", prefix): module_of(row[1])
            for row in table("URL") for prefix in names_in(row[0])}


@pytest.fixture(scope="module")
def debug_app(tmp_path_factory):
    monkeypatch = pytest.MonkeyPatch()
    app = make_app(tmp_path_factory.mktemp("readme"), monkeypatch, DEBUG=True)  # the mailbox too
    yield app
    monkeypatch.undo()


def covers(prefix: str, path: str) -> bool:
    """Whether the map's ``prefix`` covers the rule ``path`` (``/`` covers only itself)."""
    return path == prefix or (prefix != "/" and path.startswith(prefix.rstrip("/") + "/"))


def served_by(app, rule) -> str:
    view = app.view_functions[rule.endpoint]
    blueprint = app.blueprints.get(rule.endpoint.rpartition(".")[0])
    if view.__module__.startswith("flask") and blueprint is not None:  # a blueprint's static files
        return blueprint.import_name
    return view.__module__


def test_the_url_map_names_the_module_serving_every_page(debug_app):
    prefixes = url_map()
    for rule in debug_app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        path = re.sub(r"<[^>]+>", "<>", rule.rule)
        matching = [prefix for prefix in prefixes if covers(prefix, path)]
        assert matching, f"README.md's map has no row for {rule.rule}"
        best = max(matching, key=len)
        assert prefixes[best] == served_by(debug_app, rule), \
            f"{rule.rule}: README.md says {prefixes[best]}, served by {served_by(debug_app, rule)}"


def test_every_url_in_the_map_is_served(debug_app):
    paths = [re.sub(r"<[^>]+>", "<>", rule.rule) for rule in debug_app.url_map.iter_rules()]
    for prefix in url_map():
        assert any(covers(prefix, path) for path in paths), f"nothing serves {prefix}"


def test_the_command_map_names_the_module_of_every_command_group(debug_app):
    listed = {names_in(row[0])[0].removeprefix("flask "): row[1] for row in table("command")}
    assert set(listed) == set(debug_app.cli.commands)
    for name, group in debug_app.cli.commands.items():
        modules = {command.callback.__module__ for command in group.commands.values()}
        if name == "db":
            assert modules == {"flask_migrate.cli"} and "Flask-Migrate" in listed[name]
        else:
            assert module_of(listed[name]) in modules and modules <= set(modules_in(listed[name])), \
                f"flask {name}: README.md says {listed[name]}; its commands are in {sorted(modules)}"
