"""One app per distinct configuration, built once per test process and lent to each test that
asks for ``app`` with that configuration, then put back as it was built.

Building an app (plugins, campaigns, URL map) and compiling the templates its first pages use
costs 0.1 to 0.4 s; most tests only send it requests. Between two tests the app is given back:
its configuration, plugins registered on its plugin manager, Flask-Mail's settings, and what it
keeps in memory (rate-limit counts and single-use markers, cached fragments, the captcha
provider, the counters' cache) are restored or emptied. Each test gets an empty database: on
SQLite a copy of the one the app was built with, at the path a test's own apps use
(``tmp_path/test.sqlite3``, so an app the test makes besides shares it); on the session's
PostgreSQL database, the same database emptied. A test that changed what cannot be put back (a
route, a hook, a campaign of the registry, its database engine, an attribute of the app
replaced) or left a database connection in use leaves the app behind: the next test of that
configuration gets a new one.
"""
from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any, Callable, Hashable

import pytest
import sqlalchemy as sa
from flask import Flask
from limits.storage import MemoryStorage

from undersigned.campaigns import counters
from undersigned.contract.state import state_of
from undersigned.extensions import db
from undersigned.i18n.fragments import forget_fragments
from undersigned.security.limits import EXTENSION as LIMITS, Limits

#: What an app fills in as it serves, emptied between tests instead of compared.
LAZY_EXTENSIONS = {"undersigned.captcha", "undersigned_fragments"}
#: Flask's lists of functions run around requests; a test that adds one leaves the app behind.
HOOK_LISTS = ("before_request_funcs", "after_request_funcs", "teardown_request_funcs",
              "teardown_appcontext_funcs", "url_value_preprocessors", "url_default_functions",
              "template_context_processors")


def fingerprint(app: Flask) -> dict[str, Any]:
    """What a test must leave as it was for the app to be lent again (identities, not values;
    call in an app context)."""
    state = state_of(app)
    return {
        "attributes": {name: id(value) for name, value in vars(app).items() if name != "_got_first_request"},
        "extensions": {name: id(value) for name, value in app.extensions.items() if name not in LAZY_EXTENSIONS},
        "rules": [(rule.rule, rule.endpoint) for rule in app.url_map.iter_rules()],
        "views": {name: id(view) for name, view in app.view_functions.items()},
        "hooks": [_count(getattr(app, name)) for name in HOOK_LISTS],
        "errors": sorted((blueprint or "", code or 0, kind.__name__, id(handler))
                         for blueprint, codes in app.error_handler_spec.items()
                         for code, handlers in codes.items() for kind, handler in handlers.items()),
        "commands": sorted(app.cli.commands),
        "jinja": (sorted(app.jinja_env.globals), sorted(app.jinja_env.filters), id(app.jinja_loader)),
        "plugins": state.plugins.list_name_plugin(),
        "hookspecs": sorted(vars(state.plugins.hook)),
        "campaigns": {slug: id(campaign) for slug, campaign in state.campaigns.campaigns.items()},
        "problems": [id(problem) for problem in state.campaigns.problems],
        "channels": {name: id(channel) for name, channel in state.channels.items()},
        "binds": sorted(bind or "" for bind in db.engines),
    }


def _count(functions: list | dict[Any, list]) -> int:
    """How many functions a Flask hook list holds (per blueprint, for most)."""
    return len(functions) if isinstance(functions, list) else sum(map(len, functions.values()))


class Lent:
    """A shared app and what it looked like when it was built."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.config = copy.deepcopy(dict(app.config))
        self.mail = app.extensions["mail"]  # use_smtp initialises Flask-Mail again, with a new one
        self.mail_settings = dict(vars(self.mail))
        self.plugins = {id(plugin) for _, plugin in state_of(app).plugins.list_name_plugin()}
        self.attributes = set(vars(app))
        with app.app_context():
            self.fingerprint = fingerprint(app)
            self.engine = db.engine
            url = self.engine.url
            # SQLite: the file the app was built with stays empty; each test works on a copy
            self.template = Path(url.database) if url.get_backend_name() == "sqlite" and url.database else None
            self.engine.dispose()  # its log written into the file

    def use_copy_at(self, path: Path) -> bool:
        """Point the app at ``path``, a copy of its first, empty SQLite database (or the file
        another app of this test already made there); ``False`` if it is not on SQLite."""
        if self.template is None:
            return False
        if not path.exists():
            shutil.copyfile(self.template, path)
        url = f"sqlite:///{path}"
        app = self.app
        with app.app_context():
            db.engine.dispose()
            options = {**app.config["SQLALCHEMY_ENGINE_OPTIONS"], "echo": app.config["SQLALCHEMY_ECHO"]}
            self.engine = db.engines[None] = sa.create_engine(url, **options)
        app.config["SQLALCHEMY_DATABASE_URI"] = url
        return True

    def give_back(self) -> bool:
        """Undo what a test may change; ``False`` if it changed something that cannot be undone."""
        app = self.app
        with app.app_context():
            db.session.remove()
            plugins = state_of(app).plugins
            for _, plugin in plugins.list_name_plugin():
                if plugin is not None and id(plugin) not in self.plugins:
                    plugins.unregister(plugin)
            for name in set(vars(app)) - self.attributes:  # e.g. ``app.slug = ...`` in a fixture
                delattr(app, name)
            app.config.clear()
            app.config.update(copy.deepcopy(self.config))
            app.extensions["mail"] = self.mail
            vars(self.mail).update(self.mail_settings)
            if fingerprint(app) != self.fingerprint or db.engine is not self.engine:
                return False
            if db.engine.pool.checkedout():  # a thread or server of the test still holds one
                return False
            return self._forget_what_was_served()

    def _forget_what_was_served(self) -> bool:
        """Empty the app's memory of earlier requests (call in an app context)."""
        app = self.app
        limits: Limits = app.extensions[LIMITS]
        if not isinstance(limits.storage, MemoryStorage) or limits.storage_failed:
            return False  # Redis: emptying it would reach other processes' counts
        limits.storage.reset()  # the limiter's counts (its own storage when it is on) and the markers
        app.extensions.pop("undersigned.captcha", None)
        forget_fragments(app)
        for slug in state_of(app).campaigns.campaigns:
            counters._cache.forget(slug)  # keyed by the app, which outlives this test
        return True


class SharedApps:
    """The apps of one test process, by configuration."""

    def __init__(self, build: Callable[..., Flask], folder: Path) -> None:
        """``build(folder, monkeypatch, **settings)`` makes a new app (``tests.conftest.build_app``)."""
        self._build = build
        self._folder = folder
        self._lent: dict[Hashable, Lent] = {}
        self._built = 0

    def borrow(self, settings: dict[str, Any]) -> Flask:
        """The app for ``settings``, built if there is none (or the last test left it behind)."""
        key = repr(sorted(settings.items()))
        if key not in self._lent:
            self._built += 1
            folder = self._folder / f"app-{self._built}"
            with pytest.MonkeyPatch.context() as monkeypatch:
                self._lent[key] = Lent(self._build(folder, monkeypatch, **settings))
        return self._lent[key].app

    def use_copy_at(self, settings: dict[str, Any], path: Path) -> bool:
        """Give the app of ``settings`` an empty SQLite database at ``path``; ``False`` if its
        database is not a SQLite file (empty it otherwise)."""
        return self._lent[repr(sorted(settings.items()))].use_copy_at(path)

    def give_back(self, settings: dict[str, Any], keep_connections: bool) -> None:
        """Restore the app of ``settings`` after a test, or drop it; close its database
        connections unless ``keep_connections``."""
        key = repr(sorted(settings.items()))
        lent = self._lent[key]
        kept = lent.give_back()
        if not kept:
            del self._lent[key]
        if not kept or not keep_connections:
            with lent.app.app_context():
                db.engine.dispose()

    def close(self) -> None:
        for lent in self._lent.values():
            with lent.app.app_context():
                db.engine.dispose()
        self._lent.clear()
