"""``flask signatures export`` of every signature: rows a second and the process's peak memory."""
from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

from common import ROOT

#: The CLI, run so that it reports its own peak resident memory as it exits: the kernel's
#: ``ru_maxrss`` of a child carries over its parent's memory at the fork (the benchmark's own,
#: after seeding a million rows), while ``VmHWM`` starts afresh at exec.
CLI = """
import atexit, sys
from flask.cli import main
def peak():
    print(next(line for line in open("/proc/self/status") if line.startswith("VmHWM")), file=sys.stderr)
atexit.register(peak)
sys.argv = ["flask", "--app", "undersigned", "signatures", "export", *sys.argv[1:]]
main()
"""


def export(slug: str, env: dict[str, str], where: Path, rows: int) -> tuple[float, float]:
    """(rows a second, peak resident memory in MB) of the CLI writing the CSV to a file."""
    target = where / "export.csv"
    started = time.perf_counter()
    process = subprocess.run([sys.executable, "-c", CLI, slug, "-o", str(target)], env=env, cwd=ROOT,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise RuntimeError(f"export failed: {process.stderr}")
    written = sum(1 for _ in target.open(encoding="utf-8-sig")) - 1
    if written != rows:
        raise RuntimeError(f"export wrote {written} rows, expected {rows}")
    target.unlink()
    return rows / seconds, int(re.search(r"VmHWM:\s+(\d+) kB", process.stderr).group(1)) / 1024
