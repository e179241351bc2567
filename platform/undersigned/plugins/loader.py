"""Finding and loading plugins: the core's own by name, then the ``undersigned.campaigns`` entry
points, then a folder.

Each plugin loads in its own try/except: one that fails is reported, never fatal. A plugin that
states a contract this platform does not provide (``UNDERSIGNED_CONTRACT``) is refused with the
reason; one that uses a deprecated name is served, and the warning is reported with it.
"""
from __future__ import annotations

import importlib
import importlib.util
import logging
import sys
import warnings
from importlib.metadata import entry_points
from pathlib import Path
from types import ModuleType
from typing import Callable, Iterable

import pluggy

from undersigned.contract import hookspecs
from undersigned.contract.problems import TRACEBACK_HINT, PluginProblem, describe, format_traceback
from undersigned.contract.version import ATTRIBUTE, unsupported

ENTRY_POINT_GROUP = "undersigned.campaigns"
log = logging.getLogger(__name__)


#: Deprecation warnings met while importing each plugin module (by name and file): a module is
#: imported once per process, and every app built from it reports them again.
_import_warnings: dict[tuple[str, str | None], list[str]] = {}


def create_plugin_manager(core_plugins: Iterable[str]) -> pluggy.PluginManager:
    """A fresh manager holding the contract and the core's own plugins, registered by dotted name."""
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    for name in core_plugins:
        pm.register(importlib.import_module(name), name=name)
    return pm


def load_plugins(pm: pluggy.PluginManager, folder: str | None
                 ) -> tuple[dict[str, str], list[PluginProblem], list[PluginProblem]]:
    """Register every plugin found; return each plugin's source, the problems that kept a plugin
    out, and the notices of those served (deprecated names they use)."""
    sources: dict[str, str] = {}
    problems: list[PluginProblem] = []
    notices: list[PluginProblem] = []
    for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        source = f"entry point {ep.value}"
        _register(pm, ep.name, source, ep.load, sources, problems, notices)
    if folder and Path(folder).is_dir():
        for path in sorted(Path(folder).iterdir()):
            if not (path / "__init__.py").is_file() or path.name in sources:
                continue
            source = f"folder {path}"
            _register(pm, path.name, source, lambda p=path: _import_folder(p), sources, problems, notices)
    return sources, problems, notices


def _register(pm: pluggy.PluginManager, name: str, source: str, load: Callable[[], ModuleType],
              sources: dict[str, str], problems: list[PluginProblem], notices: list[PluginProblem]) -> None:
    try:
        module = _import_noting_deprecations(load)
        refusal = unsupported(getattr(module, ATTRIBUTE)) if hasattr(module, ATTRIBUTE) else None
        if refusal:
            raise RuntimeError(refusal)
        pm.register(module, name=name)
    except Exception as exc:  # a broken plugin must not take the platform down
        # one line, the reason: every command and worker logs it; `campaigns check -v` shows the traceback
        log.error("campaign plugin %s (%s) failed to load: %s (%s)", name, source, describe(exc), TRACEBACK_HINT)
        problems.append(PluginProblem(plugin=name, source=source, message=describe(exc),
                                      traceback=format_traceback(exc)))
        return
    sources[name] = source
    for message in _import_warnings.get(_key(module), ()):
        log.warning("campaign plugin %s (%s): %s", name, source, message)
        notices.append(PluginProblem(plugin=name, source=source, message=message))


def _import_noting_deprecations(load: Callable[[], ModuleType]) -> ModuleType:
    """``load()``, keeping the deprecation warnings the platform raises while it imports."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DeprecationWarning)
        module = load()
    noted = deprecations(caught)
    if noted:
        _import_warnings[_key(module)] = noted
    return module


def _key(module: ModuleType) -> tuple[str, str | None]:
    """A module by its name and its file: two folders may hold plugins of the same name."""
    return module.__name__, getattr(module, "__file__", None)


def deprecations(caught: Iterable[warnings.WarningMessage]) -> list[str]:
    """The platform's own deprecation warnings among ``caught``, as messages."""
    return list(dict.fromkeys(str(w.message) for w in caught
                              if issubclass(w.category, DeprecationWarning) and "plugin contract" in str(w.message)))


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
