"""The catalogs are compiled before the first i18n test of each test process."""
from __future__ import annotations

import pytest

from tests.support.catalogs import compile_repository_catalogs


@pytest.fixture(scope="session", autouse=True)
def compiled(tmp_path_factory):
    compile_repository_catalogs(tmp_path_factory.mktemp("catalogs"))
