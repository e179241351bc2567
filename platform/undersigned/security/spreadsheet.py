"""CSV for organizers that a spreadsheet opens as text, never as a formula.

A cell a signer controls that starts with ``=``, ``+``, ``-``, ``@`` (or their full-width
forms), a tab or a carriage return would be run as a formula by Excel, LibreOffice or Google
Sheets ("CSV injection"); such a cell gets a leading apostrophe, which the spreadsheet shows as
text and does not display. Quotes, commas and line breaks are quoted by the ``csv`` module.
"""
from __future__ import annotations

import csv
from typing import IO, Any, Iterable, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def neutralise(value: Any) -> str:
    """``value`` as a CSV cell that cannot start a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value)
    if text.lstrip(" ").startswith(FORMULA_STARTS):
        return "'" + text
    return text


def write_csv(stream: IO[str], header: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Write ``header`` and ``rows`` (every cell neutralised); return the number of rows."""
    writer = csv.writer(stream, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([neutralise(cell) for cell in header])
    count = 0
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
        count += 1
    return count
