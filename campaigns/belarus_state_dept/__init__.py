"""Campaign: each US resident sends their own letter to the Secretary of State through the
State Department's contact form (seed 000). Channel ``self_submit``."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from undersigned.contract import N_, Campaign, FormField, Recipient, hookimpl

HERE = Path(__file__).resolve().parent
SLUG = "belarus_state_dept"
#: The official contact form's address comes from configuration, never from code.
CONTACT_FORM_SETTING = "BELARUS_STATE_DEPT_CONTACT_FORM_URL"


@hookimpl
def undersigned_campaigns(config: Mapping[str, Any]) -> list[Campaign]:
    return [Campaign(
        slug=SLUG,
        title=N_("Letter to the US Department of State in Support of Belarus"),
        summary=N_("Step-by-step instructions and a letter template to reach out to Secretary "
                   "Mike Pompeo and the US Department of State. Please submit it as soon "
                   "as you can: we need to keep our voices heard."),
        recipient=Recipient(
            name=N_("Mike Pompeo"), honorific="The Honorable", title=N_("Secretary of State"),
            organization="U.S. Department of State",
            address=("U.S. Department of State", "2201 C Street, N.W.", "Washington, D.C. 20520"),
            contact_form_url=config.get(CONTACT_FORM_SETTING) or None),
        channel="self_submit",
        subject="Letter in Support of Belarus",
        fields=(
            FormField("country", N_("Country of residence"), type="country"),
            FormField("us_state", N_("State"), type="us_state", required_if=("country", "US"),
                      description=N_("Only if you live in the United States.")),
        ),
        template_folder=HERE / "templates",
        translations_folder=HERE / "translations",
    )]
