"""Finding and loading plugins: the ``undersigned.campaigns`` entry points, then a folder.

Each plugin loads in its own try/except: one that fails is reported, never fatal.
"""
from __future__ import annotations

import importlib.util
import logging
import sys
import traceback
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path
from types import ModuleType

import pluggy

from undersigned.plugins import defaults, hookspecs

ENTRY_POINT_GROUP = "undersigned.campaigns"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PluginProblem:
    """Why a plugin or one of its campaigns is not being served; ``traceback`` is the
    formatted traceback when the plugin raised (``flask campaigns check --verbose`` shows it)."""

    plugin: str
    source: str
    message: str
    slug: str | None = None
    traceback: str = ""


def create_plugin_manager() -> pluggy.PluginManager:
    """A fresh manager holding the contract and the core's default implementations."""
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    pm.register(defaults, name="undersigned.defaults")
    return pm


def load_plugins(pm: pluggy.PluginManager, folder: str | None) -> tuple[dict[str, str], list[PluginProblem]]:
    """Register every plugin found; return each plugin's source and the problems met."""
    sources: dict[str, str] = {}
    problems: list[PluginProblem] = []
    for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        source = f"entry point {ep.value}"
        _register(pm, ep.name, source, ep.load, sources, problems)
    if folder and Path(folder).is_dir():
        for path in sorted(Path(folder).iterdir()):
            if not (path / "__init__.py").is_file() or path.name in sources:
                continue
            source = f"folder {path}"
            _register(pm, path.name, source, lambda p=path: _import_folder(p), sources, problems)
    return sources, problems


def _register(pm, name, source, load, sources, problems) -> None:
    try:
        module = load()
        pm.register(module, name=name)
    except Exception as exc:  # a broken plugin must not take the platform down
        log.error("campaign plugin %s (%s) failed to load: %s", name, source, describe(exc), exc_info=exc)
        problems.append(PluginProblem(plugin=name, source=source, message=describe(exc),
                                      traceback=format_traceback(exc)))
    else:
        sources[name] = source


def _import_folder(path: Path) -> ModuleType:
    """Import a drop-in campaign folder as a top-level module named after the folder."""
    init = path / "__init__.py"
    existing = sys.modules.get(path.name)
    if existing is not None:
        if Path(getattr(existing, "__file__", "") or "").resolve() == init.resolve():
            return existing
        raise ImportError(f"the folder name {path.name!r} is already taken by the module "
                          f"{getattr(existing, '__file__', None) or path.name}; rename the folder")
    try:
        installed = importlib.util.find_spec(path.name)
    except (ImportError, ValueError):
        installed = None
    if installed is not None and installed.origin and Path(installed.origin).resolve() != init.resolve():
        raise ImportError(f"the folder name {path.name!r} is already taken by the module "
                          f"{installed.origin}; rename the folder")
    spec = importlib.util.spec_from_file_location(path.name, init, submodule_search_locations=[str(path)])
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {init}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[path.name]
        raise
    return module


def describe(exc: BaseException) -> str:
    """One line for an exception: its type and message."""
    return f"{type(exc).__name__}: {exc}"


def format_traceback(exc: BaseException) -> str:
    """The exception's full traceback, as the log prints it."""
    return "".join(traceback.format_exception(exc)).rstrip()
