"""The CSV export of every signature, rows a second and peak memory: ``flask signatures export``
to a file, and the console's download through gunicorn."""
from __future__ import annotations

import http.client
import re
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

from common import ROOT, gunicorn
from tests.support.console import PASSWORD, create_user
from tests.support.signing import form_inputs

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


def export_over_http(app, slug: str, env: dict[str, str], rows: int) -> tuple[float, float, float]:
    """(rows a second, the worker's peak resident memory in MB, and its memory before the
    download) of the console's CSV download from gunicorn (``deploy/gunicorn.conf.py``, one
    worker), read as fast as the client can."""
    create_user(app, "bench-organizer@example.org", role="admin")
    with gunicorn("undersigned:create_app()", env, workers=1) as server:
        cookie = _signed_in(server.port)
        worker = Path(f"/proc/{server.process.pid}/task/{server.process.pid}/children").read_text().split()[0]
        before = _megabytes(worker, "VmRSS")
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=600)
        started = time.perf_counter()
        connection.request("GET", f"/console/campaigns/{slug}/export.csv", headers={"Cookie": cookie})
        response = connection.getresponse()
        lines = 0
        while chunk := response.read(1 << 20):
            lines += chunk.count(b"\n")
        seconds = time.perf_counter() - started
        if response.status != 200 or lines - 1 != rows:
            raise RuntimeError(f"the download answered {response.status} with {lines - 1} rows, expected {rows}")
        return rows / seconds, _megabytes(worker, "VmHWM"), before


def _megabytes(pid: str, field: str) -> float:
    """A memory ``field`` of ``/proc/PID/status`` (``VmRSS``, ``VmHWM``) in MB."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(rf"{field}:\s+(\d+) kB", status).group(1)) / 1024


def _signed_in(port: int) -> str:
    """The session cookie of the benchmark's console user, signed in through the sign-in form."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/console/login")
    page = connection.getresponse()
    cookie = page.getheader("Set-Cookie").split(";", 1)[0]
    form = urllib.parse.urlencode({"csrf_token": form_inputs(page.read().decode())["csrf_token"],
                                   "email": "bench-organizer@example.org", "password": PASSWORD})
    connection.request("POST", "/console/login", body=form,
                       headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})
    signed = connection.getresponse()
    signed.read()
    if signed.status != 302:
        raise RuntimeError(f"the benchmark's user could not sign in ({signed.status})")
    return signed.getheader("Set-Cookie").split(";", 1)[0]
