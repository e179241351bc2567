"""An app with a scratch copy of the core catalogs and a translator, for tests that edit them."""
from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import REPO, build_app, make_app
from tests.support.console import create_user, login
from undersigned.i18n.catalogs import compile_catalog
from undersigned.i18n.reload import forget_translations

TRANSLATOR = "tr@example.org"


def compile_repository_catalogs(folder: Path) -> None:
    """``flask translations compile`` on the repository's catalogs (the core's and the seed
    campaigns'), as ``make test`` does before the suite: for a run of pytest on its own."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        app = build_app(folder, monkeypatch, SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'catalogs.sqlite3'}")
    result = app.test_cli_runner().invoke(args=["translations", "compile"])
    assert result.exit_code == 0, result.output


def scratch_catalog_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Flask:
    """An app whose core catalogs are a compiled scratch copy (edits never touch the
    repository), with the translator :data:`TRANSLATOR`."""
    folder = tmp_path / "translations"
    shutil.copytree(REPO / "translations", folder)
    app = make_app(tmp_path, monkeypatch, BABEL_TRANSLATION_DIRECTORIES=str(folder))
    assert app.test_cli_runner().invoke(args=["translations", "compile"]).exit_code == 0
    create_user(app, TRANSLATOR, "translator")
    return app


def po_path(app: Flask, locale: str) -> Path:
    return Path(app.config["BABEL_TRANSLATION_DIRECTORIES"]) / locale / "LC_MESSAGES" / "messages.po"


def signed_in_translator(app: Flask) -> FlaskClient:
    client = app.test_client()
    assert login(client, TRANSLATOR).status_code == 302
    return client


def set_translation(app: Flask, locale: str, msgid: str, msgstr: str) -> None:
    """Write ``msgstr`` for ``msgid`` into the scratch catalog (adding the entry if it is new),
    compile it and make the app read it, as a translator's saved edit would."""
    path = po_path(app, locale)
    po = polib.pofile(str(path))
    entry = po.find(msgid)
    if entry is None:
        entry = polib.POEntry(msgid=msgid)
        po.append(entry)
    entry.msgstr = msgstr
    po.save(str(path))
    compile_catalog(path)
    with app.app_context():
        forget_translations(app)
