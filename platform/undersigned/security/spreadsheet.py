"""CSV for organizers that a spreadsheet opens as text, never as a formula.

A cell a signer controls that starts with ``=``, ``+``, ``-``, ``@`` (or their full-width
forms), a tab or a carriage return would be run as a formula by Excel, LibreOffice or Google
Sheets ("CSV injection"); such a cell gets a leading apostrophe, which the spreadsheet shows as
text and does not display. Quotes, commas and line breaks are quoted by the ``csv`` module.
"""
from __future__ import annotations

import csv
import io
import itertools
from typing import IO, Any, Iterable, Iterator, Sequence

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


def csv_lines(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """``header``, then each of ``rows``, as CSV lines (every cell neutralised), one at a time:
    for a response streamed however many rows there are."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    for row in itertools.chain([header], rows):
        writer.writerow([neutralise(cell) for cell in row])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def write_csv(stream: IO[str], header: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Write ``header`` and ``rows`` (every cell neutralised); return the number of rows."""
    lines = csv_lines(header, rows)
    stream.write(next(lines))
    count = 0
    for line in lines:
        stream.write(line)
        count += 1
    return count
