"""CSV cells no spreadsheet runs as formulas (security.spreadsheet)."""
from __future__ import annotations

from undersigned.security.spreadsheet import neutralise


FORMULAS = ["=HYPERLINK(\"http://evil.example\",\"click\")", "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1+1",
            "\r=1+1", " =1+1", "＝1+1", "=cmd|' /C calc'!A0"]


def test_formula_injection_is_neutralised_in_every_form():
    for value in FORMULAS:
        assert neutralise(value).startswith("'"), value
    assert neutralise("Jane") == "Jane" and neutralise("O'Brien") == "O'Brien"
    assert neutralise(None) == "" and neutralise(True) == "yes" and neutralise(42) == "42"
