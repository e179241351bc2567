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
import re
from typing import IO, Any, Iterable, Iterator, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
#: Rows written at a time: the ``csv`` module writes a batch in C, and a batch is checked at once.
BATCH = 500
#: Where in a batch's CSV text a cell may need :func:`neutralise`: a cell (after a comma or a
#: line break, quoted or not) that starts, after spaces, as a formula; or a cell written as
#: ``True``/``False``, which may have been a boolean (``yes``/``no``). A match inside a quoted
#: cell is harmless: the batch is then written cell by cell, as it would be anyway. (The text
#: searched starts with a line break, so the first cell is one after a line break too; the
#: search skips quickly to each comma and line break.)
SUSPECT = re.compile(r'[,\n](?:"? *[' + re.escape("".join(FORMULA_STARTS)) + r"]|(?:True|False)[,\r])")


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
    """``header``, then ``rows``, as CSV text (every cell neutralised) a batch of lines at a
    time: for a response streamed however many rows there are."""
    return (text for text, _count in _batches(header, rows))


def write_csv(stream: IO[str], header: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Write ``header`` and ``rows`` (every cell neutralised); return the number of rows."""
    total = 0
    for text, count in _batches(header, rows):
        stream.write(text)
        total += count
    return total - 1  # the header


def _batches(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[tuple[str, int]]:
    """The CSV text of the header, then of each batch of rows, with its number of rows. A batch
    without a suspect cell (nearly all) is written as it is, in C; the others cell by cell, to
    the text they would have had anyway."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")

    def written(batch: list) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(batch)
        return buffer.getvalue()

    yield written([[neutralise(cell) for cell in header]]), 1
    rows = iter(rows)
    while batch := list(itertools.islice(rows, BATCH)):
        text = written(batch)
        if SUSPECT.search("\n" + text):
            text = written([[neutralise(cell) for cell in row] for row in batch])
        yield text, len(batch)
