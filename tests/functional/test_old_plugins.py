"""Old plugins are tests: each release's worked example campaign, kept exactly as that release's
``docs/plugins.md`` showed it (``tests/fixtures/plugins/<release>/``, see its README), loads as a
drop-in folder and a supporter signs and confirms through it: the campaign counts the signature
and its letter reaches the mayor. A fixture that fails here is a break of the plugin contract,
to be fixed in the platform, never in the fixture."""
from __future__ import annotations

import sys

import pytest

from tests.conftest import REPO, make_app
from tests.support.outbox import deliver, mails_to, plain_text
from tests.support.plugins import confirm_by_email
from tests.support.signing import sign

FIXTURES = REPO / "tests" / "fixtures" / "plugins"
RELEASES = sorted(path.name for path in FIXTURES.iterdir() if path.is_dir())
SUPPORTER = {"first_name": "Ana", "last_name": "Lima", "letter_name": "Ana Lima", "email": "ana@example.org",
             "street": "Elm Street"}


@pytest.fixture
def forget_potholes():
    """Every release's plugin is the top-level module ``potholes``: forget it after the test, so
    the next release's is imported from its own folder."""
    yield
    for name in [name for name in sys.modules if name == "potholes" or name.startswith("potholes.")]:
        del sys.modules[name]


def test_every_release_with_its_own_example_is_kept():
    # guards the parametrised test below against passing on an empty list
    assert {"stop-05", "stop-13"} <= set(RELEASES)


@pytest.mark.parametrize("release", RELEASES)
def test_a_releases_documented_campaign_loads_and_signs_unchanged(release, tmp_path, monkeypatch, forget_potholes):
    app = make_app(tmp_path, monkeypatch, CAMPAIGNS_FOLDER=str(FIXTURES / release))
    registry = app.extensions["undersigned"].campaigns
    assert [problem.message for problem in registry.problems if problem.plugin == "potholes"] == []
    assert registry.sources["potholes"] == f"folder {FIXTURES / release / 'potholes'}"

    client = app.test_client()
    page = client.get("/c/potholes").get_data(as_text=True)
    assert "Fix the potholes on Elm Street" in page and 'name="street"' in page
    assert sign(client, app, "potholes", **SUPPORTER).status_code == 302
    assert confirm_by_email(client, app, SUPPORTER["email"]).status_code == 302
    assert "1 signature" in client.get("/c/potholes").get_data(as_text=True)

    deliver(app)
    [letter] = mails_to(app, "mayor@city.example")
    assert letter["Subject"] == "Potholes on Elm Street"
    assert "Dear Mayor Ana Gomez" in plain_text(letter)
    assert "Please fix the potholes on Elm Street." in plain_text(letter) and "Ana Lima" in plain_text(letter)
