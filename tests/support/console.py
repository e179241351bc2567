"""An app with a scratch copy of the core catalogs and a translator, for console tests."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import REPO, make_app
from tests.support.signing import form_inputs

TRANSLATOR = "tr@example.org"
PASSWORD = "pw-123456"


def scratch_catalog_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Flask:
    """An app whose core catalogs are a compiled scratch copy (edits never touch the
    repository), with the translator :data:`TRANSLATOR`."""
    folder = tmp_path / "translations"
    shutil.copytree(REPO / "translations", folder)
    app = make_app(tmp_path, monkeypatch, BABEL_TRANSLATION_DIRECTORIES=str(folder))
    runner = app.test_cli_runner()
    assert runner.invoke(args=["translations", "compile"]).exit_code == 0
    result = runner.invoke(args=["users", "create", TRANSLATOR, "--role", "translator"],
                           env={"UNDERSIGNED_PASSWORD": PASSWORD})
    assert result.exit_code == 0, result.output
    return app


def po_path(app: Flask, locale: str) -> Path:
    return Path(app.config["BABEL_TRANSLATION_DIRECTORIES"]) / locale / "LC_MESSAGES" / "messages.po"


def signed_in_translator(app: Flask) -> FlaskClient:
    client = app.test_client()
    csrf = form_inputs(client.get("/console/login").get_data(as_text=True))["csrf_token"]
    response = client.post("/console/login", data={"csrf_token": csrf, "email": TRANSLATOR, "password": PASSWORD})
    assert response.status_code == 302
    return client
