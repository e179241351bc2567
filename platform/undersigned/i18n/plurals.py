"""Which numbers each plural form of a catalog serves, to label a translator's fields with
examples in the language's own terms: Russian "1, 21…", "2–4, 22…", "5–20, 25…"; English "1",
"other numbers"."""
from __future__ import annotations

import gettext

from flask_babel import gettext as _

#: The numbers tried: enough to show each form's pattern.
SAMPLE = range(1, 101)


def form_labels(plural_forms: str, count: int) -> list[str]:
    """A label for each of the ``count`` forms of the ``Plural-Forms`` header ``plural_forms``
    (``nplurals=3; plural=(...);``); plainly numbered if the header cannot be read."""
    try:
        rule = gettext.c2py(plural_forms.split("plural=", 1)[1].strip().rstrip(";"))
    except (IndexError, ValueError, SyntaxError):
        return [_("Form %(num)s", num=index + 1) for index in range(count)]
    served = [[n for n in SAMPLE if rule(n) == index] for index in range(count)]
    return [_label(numbers) if numbers else _("Form %(num)s", num=index + 1)
            for index, numbers in enumerate(served)]


def _label(numbers: list[int]) -> str:
    runs = _runs(numbers)
    if len(runs) == 1 and runs[0][1] == SAMPLE[-1]:
        return _("Form for other numbers") if runs[0][0] > 1 else _("Form for every number")
    shown = _run(runs[0]) + (f", {runs[1][0]}" if len(runs) > 1 else "")
    more = len(runs) > 1 or runs[0][1] == SAMPLE[-1]
    return _("Form for %(numbers)s", numbers=shown + ("…" if more else ""))


def _runs(numbers: list[int]) -> list[tuple[int, int]]:
    """``numbers`` (ascending) as runs of consecutive ones: ``[(1, 1), (21, 21), ...]``."""
    runs: list[tuple[int, int]] = []
    for n in numbers:
        if runs and runs[-1][1] == n - 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    return runs


def _run(run: tuple[int, int]) -> str:
    first, last = run
    return str(first) if first == last else f"{first}–{last}"
