"""``flask signatures export`` of every signature: rows a second and the process's peak memory."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from common import ROOT


def export(slug: str, env: dict[str, str], where: Path, rows: int) -> tuple[float, float]:
    """(rows a second, peak resident memory in MB) of the CLI writing the CSV to a file."""
    target = where / "export.csv"
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "flask", "--app", "undersigned", "signatures", "export", slug,
                                "-o", str(target)], env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if status != 0:
        raise RuntimeError(f"export failed: {process.stderr.read().decode()}")
    written = sum(1 for _ in target.open(encoding="utf-8-sig")) - 1
    if written != rows:
        raise RuntimeError(f"export wrote {written} rows, expected {rows}")
    target.unlink()
    return rows / seconds, usage.ru_maxrss / 1024
