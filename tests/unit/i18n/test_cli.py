"""``flask translations status`` (i18n.cli): complete catalogs pass, below the threshold fails."""
from __future__ import annotations



def test_catalogs_are_complete_and_placeholders_match(runner):
    result = runner.invoke(args=["translations", "status"])
    assert result.exit_code == 0, result.output
    assert "refused" not in result.output


def test_status_fails_below_the_threshold(runner, tmp_path):
    po = tmp_path / "ru" / "LC_MESSAGES"
    po.mkdir(parents=True)
    result = runner.invoke(args=["translations", "status", "--min-percent", "101"])
    assert result.exit_code == 1
