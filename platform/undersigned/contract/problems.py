"""Why a plugin, or one of its campaigns, is not served: reported in the log, by
``flask campaigns list/check`` and in the console, never fatal to the other plugins."""
from __future__ import annotations

import traceback
from dataclasses import dataclass

#: Where a broken plugin's traceback is shown: the log line every command writes gives its reason only.
TRACEBACK_HINT = "flask campaigns check --verbose shows the traceback"


@dataclass(frozen=True)
class PluginProblem:
    """Why a plugin or one of its campaigns is not being served; ``traceback`` is the
    formatted traceback when the plugin raised (``flask campaigns check --verbose`` shows it)."""

    plugin: str
    source: str
    message: str
    slug: str | None = None
    traceback: str = ""


def describe(exc: BaseException) -> str:
    """One line for an exception: its type and message."""
    return f"{type(exc).__name__}: {exc}"


def format_traceback(exc: BaseException) -> str:
    """The exception's full traceback, as the log prints it."""
    return "".join(traceback.format_exception(exc)).rstrip()
