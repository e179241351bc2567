"""Captcha providers looked up by name (captcha.providers): every built-in one through the hook,
an unknown name refuses to start."""
from __future__ import annotations

import pytest

from tests.conftest import make_app


def test_an_unknown_provider_refuses_to_start(tmp_path, monkeypatch):
    with pytest.raises(RuntimeError, match="no such captcha provider"):
        make_app(tmp_path, monkeypatch, CAPTCHA_PROVIDER="nope")


@pytest.mark.parametrize("name", ["image", "altcha", "test"])
def test_every_built_in_provider_is_found_by_name_through_the_hook(tmp_path, monkeypatch, name):
    app = make_app(tmp_path, monkeypatch, CAPTCHA_PROVIDER=name)
    with app.app_context():
        provider = app.extensions["undersigned"].plugins.hook.undersigned_captcha_provider(name=name, app=app)
        assert provider.name == name and provider.template.startswith("captcha/")
