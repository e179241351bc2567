"""Child processes the tests and benchmarks start (gunicorn masters, outbox workers)."""
from __future__ import annotations

import subprocess


def stop(process: subprocess.Popen, timeout: float = 20) -> None:
    """Ask ``process`` to stop (SIGTERM: gunicorn and the worker finish what is in hand), and
    kill it if it has not stopped within ``timeout`` seconds."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
