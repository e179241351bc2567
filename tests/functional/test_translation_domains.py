"""``flask translations ... --domain NAME`` works on one catalog and leaves every other one as it
was, byte for byte; extracting and updating the core's own catalog keeps it complete. Every
catalog written here is a copy in a temporary folder."""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO, make_app
from tests.support.plugins import cli, forget_scaffolds, unique  # noqa: F401 (a fixture)


pytestmark = pytest.mark.usefixtures("forget_scaffolds")


def fingerprints(*folders: Path) -> dict[Path, str]:
    """Every file under ``folders`` with the SHA-256 of its bytes."""
    return {path: hashlib.sha256(path.read_bytes()).hexdigest()
            for folder in folders for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.fixture
def copies(tmp_path, monkeypatch):
    """An app on a copy of the core's catalogs, with two campaigns made by ``campaigns new``."""
    core = tmp_path / "translations"
    shutil.copytree(REPO / "translations", core, ignore=shutil.ignore_patterns("*.mo"))
    folder = tmp_path / "campaigns"
    folder.mkdir()
    names = unique("made"), unique("made")
    maker = make_app(tmp_path, monkeypatch, CAMPAIGNS_FOLDER=str(folder), BABEL_TRANSLATION_DIRECTORIES=str(core))
    for name in names:
        assert cli(maker, "campaigns", "new", name).exit_code == 0
    app = make_app(tmp_path, monkeypatch, CAMPAIGNS_FOLDER=str(folder), BABEL_TRANSLATION_DIRECTORIES=str(core))
    return app, core, folder, names


def test_extract_and_update_of_one_campaign_leave_every_other_catalog_unchanged(copies):
    app, core, folder, (mine, other) = copies
    seeds = [REPO / "campaigns" / seed / "translations" for seed in ("belarus_senate", "belarus_state_dept")]
    untouched = fingerprints(core, folder / other, *seeds)
    before = cli(app, "translations", "status", "--domain", mine, "--min-percent", "0").output

    for command in ("extract", "update", "compile"):
        result = cli(app, "translations", command, "--domain", mine)
        assert result.exit_code == 0, result.output
        expected = ["compiled 2 catalogs"] if command == "compile" else [mine] * (1 if command == "extract" else 2)
        assert [line.split(":")[0].split("/")[0] if command != "compile" else line
                for line in result.output.splitlines()] == expected, result.output

    assert fingerprints(core, folder / other, *seeds) == untouched
    assert cli(app, "translations", "status", "--domain", mine, "--min-percent", "0").output == before
    for domain in ("messages", "belarus_senate", "belarus_state_dept"):
        status = cli(app, "translations", "status", "--domain", domain)
        assert status.exit_code == 0, status.output
        assert status.output.count("100.0%") == 2


def test_status_of_one_domain_shows_only_that_domain(copies):
    app, _, _, (mine, other) = copies
    status = cli(app, "translations", "status", "--domain", mine, "--min-percent", "0")
    assert status.exit_code == 0, status.output
    rows = status.output.splitlines()[1:]
    assert [row.split()[:2] for row in rows] == [[mine, "ru"], [mine, "be"]]


def test_an_unknown_domain_is_refused_with_the_known_ones(copies):
    app, *_ = copies
    result = cli(app, "translations", "extract", "--domain", "nosuch")
    assert result.exit_code == 2
    assert "no catalog domain 'nosuch'; known: messages, belarus_senate" in result.output


def test_extracting_and_updating_the_core_keeps_it_complete(copies):
    """The core's catalogs hold every text its code and templates mark, so a fresh extract
    and update adds nothing untranslated."""
    app, core, folder, (mine, _) = copies
    campaign = fingerprints(folder / mine)
    for command in ("extract", "update"):
        assert cli(app, "translations", command, "--domain", "messages").exit_code == 0
    status = cli(app, "translations", "status", "--domain", "messages")
    assert status.exit_code == 0, status.output
    assert fingerprints(folder / mine) == campaign
