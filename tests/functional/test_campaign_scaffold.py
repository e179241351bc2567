"""``flask campaigns new`` as an organizer uses it: the new campaign is served the next time the
app starts, passes ``flask campaigns check``, shows on the home page, is signed, confirmed and
delivered; its reading translations show; its own test passes; a bad or taken name is refused."""
from __future__ import annotations

import io
import subprocess
import sys
import zipfile

import pytest
from babel.messages.mofile import read_mo

from tests.conftest import make_app
from tests.support.outbox import deliver, mails_to
from tests.support.plugins import body, cli, confirm_by_email, forget_scaffolds, path_of, unique  # noqa: F401 (a fixture)
from tests.support.signing import sign

SEED_URL = {"BELARUS_STATE_DEPT_CONTACT_FORM_URL": "https://contact.example.gov/form"}


pytestmark = pytest.mark.usefixtures("forget_scaffolds")


def scaffold(tmp_path, monkeypatch, *args: str):
    """Run ``flask campaigns new ARGS`` in an app whose campaigns folder is ``tmp_path/campaigns``."""
    folder = tmp_path / "campaigns"
    folder.mkdir(exist_ok=True)
    app = make_app(tmp_path, monkeypatch, CAMPAIGNS_FOLDER=str(folder), **SEED_URL)
    return cli(app, "campaigns", "new", *args)


def test_a_new_campaign_is_served_checked_signed_and_delivered(tmp_path, monkeypatch):
    name = unique("made")
    made = scaffold(tmp_path, monkeypatch, name, "--title", "Fix the potholes on Elm Street")
    assert made.exit_code == 0, made.output
    assert f"created campaign {name}" in made.output

    app = make_app(tmp_path, monkeypatch, CAMPAIGNS_FOLDER=str(tmp_path / "campaigns"), **SEED_URL)
    checked = cli(app, "campaigns", "check")
    assert checked.exit_code == 0, checked.output
    assert "3 campaigns ok, 0 problems, 0 incomplete" in checked.output
    assert cli(app, "campaigns", "publish", name).exit_code == 0  # it starts as a draft

    client = app.test_client()
    home = client.get("/").get_data(as_text=True)
    assert "Fix the potholes on Elm Street" in home and f"/c/{name}" in home
    page = client.get(f"/c/{name}").get_data(as_text=True)
    assert "I am writing to ask for your help." in page and 'name="city"' in page

    signer = {"first_name": "Rosa", "last_name": "Parks", "letter_name": "Rosa Parks",
              "email": "rosa@example.org", "city": "Minsk"}
    assert sign(client, app, name, **signer).status_code == 302
    confirmed = confirm_by_email(client, app, "rosa@example.org")
    assert confirmed.status_code == 302
    thanks = client.get(path_of(confirmed.headers["Location"])).get_data(as_text=True)
    assert "Thank you, Rosa!" in thanks and "We are sending your letter to Alex Example." in thanks
    deliver(app)
    [letter] = mails_to(app, "office@example.org")
    assert letter["Subject"] == "Fix the potholes on Elm Street"
    assert "I live in Minsk." in body(letter) and "Rosa Parks" in body(letter)


def test_the_reading_translations_and_the_catalog_show_in_russian_and_belarusian(tmp_path, monkeypatch):
    name = unique("made")
    assert scaffold(tmp_path, monkeypatch, name, "--channel", "self_submit").exit_code == 0
    app = make_app(tmp_path, monkeypatch, CAMPAIGNS_FOLDER=str(tmp_path / "campaigns"), **SEED_URL)
    assert cli(app, "campaigns", "publish", name).exit_code == 0
    client = app.test_client()
    ru = client.get(f"/ru/c/{name}").get_data(as_text=True)
    assert "Я пишу, чтобы попросить Вас о помощи." in ru and "Ваш город" in ru
    be = client.get(f"/be/c/{name}").get_data(as_text=True)
    assert "Я пішу, каб папрасіць Вас аб дапамозе." in be and "Ваш горад" in be
    assert cli(app, "campaigns", "check").exit_code == 0


@pytest.mark.parametrize("channel", ["email", "self_submit", "joint"])
def test_a_campaign_made_for_each_core_channel_passes_the_check(tmp_path, monkeypatch, channel):
    name = unique("made")
    assert scaffold(tmp_path, monkeypatch, name, "--channel", channel).exit_code == 0
    app = make_app(tmp_path, monkeypatch, CAMPAIGNS_FOLDER=str(tmp_path / "campaigns"), **SEED_URL)
    checked = cli(app, "campaigns", "check")
    assert checked.exit_code == 0, checked.output
    assert app.extensions["undersigned"].campaigns.get(name).channel == channel


def test_the_new_campaigns_own_test_passes(tmp_path, monkeypatch):
    name = unique("made")
    assert scaffold(tmp_path, monkeypatch, name, "--folder", str(tmp_path / "elsewhere")).exit_code == 0
    test_file = tmp_path / "elsewhere" / name / f"test_{name}.py"
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(test_file)],
                         cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "4 passed" in run.stdout


@pytest.mark.parametrize("args, message", [
    (["Bad-Name"], "'Bad-Name' is not a campaign name"),
    (["x"], "'x' is not a campaign name"),
    (["belarus_senate"], "a campaign or plugin named 'belarus_senate' is already loaded"),
    (["json"], "'json' is already the name of an installed module"),
    (["made_ok", "--channel", "fax"], "no delivery channel is called 'fax'"),
])
def test_a_bad_name_or_channel_is_refused_and_nothing_is_written(tmp_path, monkeypatch, args, message):
    result = scaffold(tmp_path, monkeypatch, *args)
    assert result.exit_code != 0
    assert message in result.output
    assert list((tmp_path / "campaigns").iterdir()) == []


def test_an_existing_folder_is_never_overwritten(tmp_path, monkeypatch):
    name = unique("made")
    (tmp_path / "campaigns" / name).mkdir(parents=True)
    (tmp_path / "campaigns" / name / "notes.txt").write_text("mine")
    result = scaffold(tmp_path, monkeypatch, name)
    assert result.exit_code == 1 and "already exists" in result.output
    assert [path.name for path in (tmp_path / "campaigns" / name).iterdir()] == ["notes.txt"]


def test_a_new_campaign_builds_a_wheel_carrying_its_compiled_catalogs(tmp_path, monkeypatch):
    """The guide's recommendation for a pip-installed campaign: compile, then build; the wheel
    holds the templates, the .mo files the app reads, and the entry point that loads it."""
    name = unique("made")
    assert scaffold(tmp_path, monkeypatch, name, "--title", "Fix the potholes").exit_code == 0
    campaign = tmp_path / "campaigns" / name
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"),
                            str(campaign)], capture_output=True, text=True, timeout=600)
    if build.returncode != 0 and "setuptools" in build.stderr and "No matching distribution" in build.stderr:
        pytest.skip("pip cannot fetch setuptools to build the wheel (no package index reachable)")
    assert build.returncode == 0, build.stderr
    [wheel] = (tmp_path / "dist").glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        assert {f"{name}/__init__.py", f"{name}/templates/letter.txt", f"{name}/templates/letter.ru.html",
                f"{name}/translations/ru/LC_MESSAGES/{name}.mo",
                f"{name}/translations/be/LC_MESSAGES/{name}.mo"} <= names
        catalog = read_mo(io.BytesIO(archive.read(f"{name}/translations/be/LC_MESSAGES/{name}.mo")))
        entry_points = archive.read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert catalog.get("Your city").string == "Ваш горад"
    assert f"[undersigned.campaigns]\n{name} = {name}" in entry_points
