"""What every benchmark shares: databases made and dropped for the run, the app on them,
gunicorn started beside the hello-world reference with identical settings, and wrk."""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import sqlalchemy as sa
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.processes import stop  # noqa: E402
from undersigned import create_app  # noqa: E402
from undersigned.extensions import db  # noqa: E402

POSTGRES_ENV = "BENCH_POSTGRES_URL"
POSTGRES_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
SECRET = "bench-secret-key-bench-secret-key-bench-secret-key"
#: The Undersigned settings of every HTTP benchmark: the cheap captcha (it needs TESTING), no limits.
SETTINGS = {"TESTING": True, "SECRET_KEY": SECRET, "CAPTCHA_PROVIDER": "test", "RATELIMIT_ENABLED": False,
            "CAMPAIGNS_FOLDER": str(ROOT / "campaigns"), "SESSION_COOKIE_SECURE": False}


def folder() -> Path:
    return Path(tempfile.mkdtemp(prefix="undersigned-bench-"))


@contextmanager
def database(backend: str, where: Path) -> Iterator[str]:
    """A URL to an empty database for the run (a SQLite file, or a PostgreSQL database created
    on ``BENCH_POSTGRES_URL`` and dropped after)."""
    if backend == "sqlite":
        yield f"sqlite:///{where / f'bench-{uuid.uuid4().hex[:6]}.sqlite3'}"
        return
    base = os.environ.get(POSTGRES_ENV, POSTGRES_DEFAULT)
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    name = f"undersigned_bench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def make_app(url: str, where: Path, **overrides):
    """The app on ``url`` with the benchmark settings, its schema created."""
    os.environ["FLASK_INSTANCE_PATH"] = str(where / "instance")
    app = create_app({**SETTINGS, "SQLALCHEMY_DATABASE_URI": url, "MAILBOX_FOLDER": str(where / "mailbox"),
                      **overrides})
    with app.app_context():
        db.create_all()
    return app


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(url: str, where: Path) -> dict[str, str]:
    """``SETTINGS`` as ``FLASK_*`` variables, for gunicorn and the CLI."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLASK_")}
    env.update({f"FLASK_{name}": (str(value).lower() if isinstance(value, bool) else str(value))
                for name, value in SETTINGS.items()})
    env.update(FLASK_SQLALCHEMY_DATABASE_URI=url, FLASK_INSTANCE_PATH=str(where / "instance"),
               FLASK_MAILBOX_FOLDER=str(where / "mailbox"), PYTHONPATH=str(ROOT))
    return env


@dataclass
class Server:
    port: int
    process: subprocess.Popen

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@contextmanager
def gunicorn(app: str, env: dict[str, str], workers: int = 2) -> Iterator[Server]:
    """``app`` under gunicorn with ``deploy/gunicorn.conf.py`` (sync workers), no access log:
    the same command for Undersigned and the hello-world reference."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "deploy" / "gunicorn.conf.py"),
               "--workers", str(workers), "--bind", f"127.0.0.1:{port}", "--access-logfile", "/dev/null",
               "--error-logfile", "-", "--log-level", "warning", "--max-requests", "0", app]
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               text=True)
    server = Server(port, process)
    try:
        _wait_ready(server)
        yield server
    finally:
        stop(process)


def _wait_ready(server: Server) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited: {server.process.stderr.read()}")
        try:
            urllib.request.urlopen(server.url + "/", timeout=5).read()
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not start in 60 s")


@dataclass
class Figures:
    """What wrk measured: requests a second, the median and 99th percentile (ms), failures."""
    rate: float
    p50: float
    p99: float
    bad: int


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def wrk(url: str, seconds: float, script: Path | None = None) -> Figures:
    """wrk with 1 thread and 8 connections for ``seconds``; ``script`` (Lua) shapes the requests."""
    if not shutil.which("wrk"):
        raise RuntimeError("wrk is not installed (apt-get install wrk; `make bench` does it)")
    command = ["wrk", "-t1", "-c8", f"-d{max(1, round(seconds))}s", "--latency", "--timeout", "10s"]
    if script:
        command += ["-s", str(script)]
    out = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout

    def latency(percent: str) -> float:
        value, unit = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s|m)\s*$", out, re.M).groups()
        return float(value) * UNITS[unit]

    bad = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", out))
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    bad += sum(int(n) for n in errors.groups()) if errors else 0
    return Figures(float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), latency("50"), latency("99"), bad)
