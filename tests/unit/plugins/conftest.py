"""Folder plugins are top-level modules: each test's are forgotten afterwards."""
from __future__ import annotations

import sys

import pytest


@pytest.fixture(autouse=True)
def forget_dropins():
    """Drop the folder plugins this test imported from ``sys.modules`` afterwards."""
    before = set(sys.modules)
    yield
    for name in set(sys.modules) - before:
        if name.startswith(("dropin_", "broken_", "recorder_")):
            del sys.modules[name]
