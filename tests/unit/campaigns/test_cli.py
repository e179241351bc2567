"""``flask campaigns list`` and ``check`` (campaigns.cli) with only the seed campaigns installed."""
from __future__ import annotations

import pytest


def test_campaigns_list_describes_each_seed_campaign(runner):
    result = runner.invoke(args=["campaigns", "list"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    expected = {
        "belarus_state_dept": ("Letter to the US Department of State in Support of Belarus", "self_submit"),
        "belarus_senate": ("Joint letter to the Secretary of State on Belarus", "joint"),
    }
    for slug, (title, channel) in expected.items():
        index = lines.index(f"{slug}  [open]  {title}")
        assert lines[index + 1].split() == ["languages:", "en,", "ru,", "be", "channel:", channel,
                                            "source:", "entry", "point", slug]
    assert "[failed]" not in result.output


@pytest.mark.config(BELARUS_STATE_DEPT_CONTACT_FORM_URL="https://contact.example.gov/form")
def test_campaigns_check_passes_with_only_the_seeds(runner):
    result = runner.invoke(args=["campaigns", "check"])
    assert result.exit_code == 0, result.output
    assert "2 campaigns ok, 0 problems, 0 incomplete" in result.output
    assert "FAILED" not in result.output
