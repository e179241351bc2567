"""Placeholders a campaign's letter still holds: text in square brackets left for the organizer to
replace (``[Write here what you ask for…]``, ``[Напишите здесь…]``), as ``flask campaigns new``
writes them. ``flask campaigns check`` warns about each."""
from __future__ import annotations

import re
from pathlib import Path

from undersigned.contract import Campaign

#: Bracketed words outside Jinja's tags: «[Write here…]», not ``{{ letterhead[0] }}``.
PLACEHOLDER = re.compile(r"\[(?=[^\]\n]*[^\W\d_][^\]\n]*[^\W\d_])[^\[\]<>\n]{2,}\]")
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
#: The letter and its reading translations.
LETTERS = ("letter.txt", "letter.html", "letter.*.html")


def leftover_placeholders(campaign: Campaign) -> list[tuple[str, str]]:
    """Each placeholder left in ``campaign``'s letter templates, as (template, placeholder)."""
    folder = Path(campaign.template_folder)
    paths = sorted({path for pattern in LETTERS for path in folder.glob(pattern)})
    return [(path.name, found.group()) for path in paths
            for found in PLACEHOLDER.finditer(JINJA.sub("", path.read_text(encoding="utf-8")))]
