"""The repository's shape keeps the standard library importable."""
from __future__ import annotations

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
