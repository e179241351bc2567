"""The catalogs are compiled before each i18n test."""
from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def compiled(app):
    assert app.test_cli_runner().invoke(args=["translations", "compile"]).exit_code == 0
