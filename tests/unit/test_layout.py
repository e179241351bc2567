"""The repository's shape: the standard library stays importable, modules stay small, and the
platform's own imports sit where the layering check sees them."""
from __future__ import annotations

import ast
import subprocess
import sys
import sysconfig
from pathlib import Path

from tests.conftest import REPO


def test_platform_is_the_standard_library_module():
    import platform

    stdlib = Path(sysconfig.get_paths()["stdlib"]).resolve()
    assert Path(platform.__file__).resolve().parent == stdlib
    assert platform.python_version().startswith("3.")


def test_platform_folder_is_never_a_package():
    assert not (REPO / "platform" / "__init__.py").exists()


def test_flask_imports_with_the_repository_root_on_the_path():
    # `python -c` from the repository root puts the root on sys.path first, as a newcomer would
    result = subprocess.run([sys.executable, "-c", "import platform, uuid, flask; print(platform.system())"],
                            cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()


def test_every_module_of_the_core_is_small_enough_to_read_in_one_sitting():
    core = REPO / "platform" / "undersigned"
    sizes = {str(path.relative_to(core)): len(path.read_text(encoding="utf-8").splitlines())
             for path in core.rglob("*.py") if "migrations" not in path.parts}
    assert {name: lines for name, lines in sizes.items() if lines > 300} == {}


def test_nothing_imports_inside_a_function_to_dodge_the_layering():
    """Every import of the platform's own modules sits at the top of its module, where
    import-linter and a reader see it."""
    core = REPO / "platform" / "undersigned"
    hidden = []
    for path in core.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in (node for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))):
            for node in ast.walk(function):
                module = node.module if isinstance(node, ast.ImportFrom) else \
                    next((a.name for a in node.names), "") if isinstance(node, ast.Import) else None
                if module and module.split(".")[0] == "undersigned":
                    hidden.append(f"{path.relative_to(core)}:{node.lineno}")
    assert hidden == []
