"""gunicorn's settings for Undersigned in production, one machine of several behind a proxy.

    gunicorn -c deploy/gunicorn.conf.py

Every value can be changed without editing this file: ``GUNICORN_BIND``, ``GUNICORN_WORKERS``,
``GUNICORN_THREADS``, ``GUNICORN_TIMEOUT`` and ``GUNICORN_FORWARDED_ALLOW_IPS`` here, or gunicorn's own
``GUNICORN_CMD_ARGS`` (``--workers 8``), which wins over this file. The app's settings come from
``FLASK_*`` variables as always (README.md); docs/operations.md explains the whole set-up.
"""
from __future__ import annotations

import multiprocessing
import os

wsgi_app = "undersigned:create_app()"

#: Where the proxy reaches this machine. Bind to a private address (or a socket), never the world.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
#: A few processes per core keep the cores busy while one waits on the database. Each holds its
#: own database pool: workers x threads x machines must stay below PostgreSQL's ``max_connections``.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
#: Threaded workers, one request at a time by default (``GUNICORN_THREADS``): the worker's main
#: thread keeps its heartbeat while a request runs, so a long download (the console's CSV export,
#: streamed row by row, issue 19 #5) is never killed half-way by ``timeout``. A sync worker
#: would be, ending the file mid-row.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
#: A worker that stops answering its master for this many seconds is stuck: it is killed and
#: replaced. It bounds a frozen worker, not a long request: the proxy's read timeout does that.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
#: On SIGTERM (a deploy), requests in flight get this long to finish.
graceful_timeout = 30
#: The proxy keeps connections open to this machine; a little longer than none saves handshakes.
keepalive = 5
#: Each worker is replaced after about this many requests, so a slow leak never grows for long.
max_requests = 10_000
max_requests_jitter = 1_000
#: The proxy's addresses, whose ``X-Forwarded-Proto`` gunicorn believes. The app reads the
#: client's address and scheme through ``FLASK_PROXY_FIX_X_FOR`` / ``_X_PROTO`` (README.md).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
#: Never a raw request line with a token or an IP address: the redacting logger, and a format
#: without the client's address. ``FLASK_LOG_FORMAT=json`` makes each line a JSON object.
logger_class = "undersigned.security.logs.GunicornLogger"
accesslog = "-"
errorlog = "-"
loglevel = "info"
access_log_format = '%(t)s "%(r)s" %(s)s %(b)s %(M)sms'
