"""Campaign: one joint letter to the Secretary of State in the style of the Senate's letter of
September 29, 2020 (seed 001), co-signed by many signatories. Channel ``joint``."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from undersigned.contract import N_, Campaign, FormField, Recipient, hookimpl

HERE = Path(__file__).resolve().parent
#: Organizers change the letterhead in configuration (one line per line), never in code: it fits
#: only while the approved co-signers are senators. Empty: no letterhead.
LETTERHEAD_SETTING = "BELARUS_SENATE_LETTERHEAD"
DEFAULT_LETTERHEAD = (N_("United States Senate"), N_("WASHINGTON, DC 20510"))


def letterhead(value: str | list[str] | None) -> tuple[str, ...]:
    """The letterhead's lines from the setting: text with one line per line, or a list (as a
    JSON environment variable gives); unset means the default."""
    if value is None:
        return DEFAULT_LETTERHEAD
    lines = value.splitlines() if isinstance(value, str) else [str(line) for line in value]
    return tuple(line.strip() for line in lines if line.strip())


@hookimpl
def undersigned_campaigns(config: Mapping[str, Any]) -> list[Campaign]:
    return [Campaign(
        slug="belarus_senate",
        title=N_("Joint letter to the Secretary of State on Belarus"),
        summary=N_("A joint letter in the style of the US Senate's letter of September 2020: "
                   "solidarity with the people of Belarus and five concrete actions. Co-sign it "
                   "with your name, title and office."),
        recipient=Recipient(
            name=N_("Mike Pompeo"), honorific="The Honorable", title=N_("Secretary of State"),
            organization="U.S. Department of State",
            address=("U.S. Department of State", "2201 C Street, N.W.", "Washington, D.C. 20520")),
        channel="joint",
        subject="Joint letter in support of the people of Belarus",
        fields=(
            FormField("title", N_("Title"), max_length=120, in_letter=True,
                      description=N_("As it should appear under your name, e.g. “United States Senator”.")),
            FormField("organization", N_("Office or organization"), max_length=160, in_letter=True),
        ),
        template_folder=HERE / "templates",
        translations_folder=HERE / "translations",
        letterhead=letterhead(config.get(LETTERHEAD_SETTING)),
    )]
