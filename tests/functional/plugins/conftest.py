"""Folder plugins are top-level modules: each test's are forgotten afterwards."""
from tests.unit.plugins.conftest import forget_dropins  # noqa: F401 (an autouse fixture)
