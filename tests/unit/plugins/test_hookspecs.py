"""The plugin contract stays honest (as Datasette does it): every hook is documented in the
plugin guide, and every hook is exercised by some test."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from undersigned.plugins import hookspecs

REPO = Path(__file__).resolve().parents[3]
GUIDE = REPO / "docs" / "plugins.md"
HERE = Path(__file__).resolve()


def hook_names() -> list[str]:
    """Every hook the contract declares (functions carrying pluggy's spec marker)."""
    marker = f"{hookspecs.PROJECT}_spec"
    return sorted(name for name, value in vars(hookspecs).items()
                  if callable(value) and hasattr(value, marker))


def test_the_contract_declares_the_hooks_the_design_asks_for():
    # guards the two tests below against passing on an empty list
    assert {"undersigned_campaigns", "undersigned_captcha_provider", "undersigned_delivery_channel",
            "undersigned_mail_transport", "undersigned_signature_created",
            "undersigned_signature_confirmed", "undersigned_signature_removed",
            "undersigned_signature_delivered"} <= set(hook_names())


def guide_headings() -> set[str]:
    headings = re.findall(r"^#{1,6}\s+(.+?)\s*#*\s*$", GUIDE.read_text(encoding="utf-8"), re.MULTILINE)
    return {heading.strip().strip("`").strip() for heading in headings}


@pytest.mark.parametrize("hook", hook_names())
def test_plugin_hooks_are_documented(hook):
    assert hook in guide_headings(), f"docs/plugins.md needs a heading for {hook}"


def other_test_files() -> dict[Path, str]:
    return {path: path.read_text(encoding="utf-8") for path in sorted((REPO / "tests").rglob("*.py"))
            if path.resolve() != HERE}


@pytest.mark.parametrize("hook", hook_names())
def test_plugin_hooks_have_tests(hook):
    used = re.compile(rf"\b{re.escape(hook)}\b")
    assert any(used.search(text) for text in other_test_files().values()), \
        f"no test outside {HERE.name} mentions {hook}"
