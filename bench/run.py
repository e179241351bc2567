"""``make bench``: every benchmark, each beside its reference in the same run, and the table in
``bench/results.md``.

    .venv/bin/python bench/run.py            # the full run (1,000,000 signatures; takes a while)
    .venv/bin/python bench/run.py --quick    # small sizes and short runs, to check the harness
    .venv/bin/python bench/run.py --only export   # only the CSV export and the query plans

PostgreSQL is ``BENCH_POSTGRES_URL`` (default: the local server as ``postgres``); each database
is created for the run and dropped after. Figures depend on the machine and on whatever else runs
on it: compare a row with its hello-world reference, measured the same minute, not across runs.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import subprocess
import sys
from pathlib import Path

from common import ROOT, Figures, database, environment, folder, gunicorn, make_app
import charts as charts_bench
import export as export_bench
import joint as joint_bench
import load as load_bench
import queries
import sign_steps
import web as web_bench
from seed import seed
from undersigned.extensions import db

RESULTS = Path(__file__).resolve().parent / "results.md"
BACKENDS = ("sqlite", "postgresql")
SECTIONS = ("web", "steps", "export", "charts", "joint", "outbox", "load")


def options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, 3-second runs: check the harness")
    parser.add_argument("--signatures", type=int, help="signatures in the full database (default 1,000,000)")
    parser.add_argument("--seconds", type=float, help="each wrk run (default 10)")
    parser.add_argument("--co-signers", type=int, help="co-signers on the joint letter (default 10,000)")
    parser.add_argument("--load", type=int, help="signatures in the load test (default 10,000)")
    parser.add_argument("--messages", type=int, help="messages in the outbox benchmark (default 2,000)")
    parser.add_argument("--only", choices=SECTIONS, help="run this section alone (export: the CSV export and "
                        "the query plans on the full databases, without the web measurements)")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()
    quick = args.quick
    args.signatures = args.signatures or (20_000 if quick else 1_000_000)
    args.seconds = args.seconds or (3 if quick else 10)
    args.co_signers = args.co_signers or (1_000 if quick else 10_000)
    args.load = args.load or (500 if quick else 10_000)
    args.messages = args.messages or (300 if quick else 2_000)
    return args


def ratio(ours: Figures, hello: Figures) -> str:
    return f"{ours.rate / hello.rate:.3f}" if hello.rate else "-"


def web_rows(args, out: list[str], plans: dict[str, str], exports: list[str]) -> None:
    """Pages and signing on each backend, empty and with ``args.signatures`` signatures; on the
    full databases the export, and on PostgreSQL's the console queries' plans (only those two
    with ``--only export``)."""
    web = args.only != "export"
    if web:
        out += ["## Campaign page and signing (gunicorn, 2 sync workers; wrk -t1 -c8)", "",
                "| test | database | signatures | Undersigned req/s | p50 ms | p99 ms | hello-world req/s | p50 ms | p99 ms | ratio | failed |",
                "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    names = {"page": "campaign page GET (built-in picture captcha)", "sign": "sign POST (test captcha, limits off) / bare form POST"}
    for backend in BACKENDS:
        for size in (0, args.signatures) if web else (args.signatures,):
            where = folder()
            with database(backend, where) as url:
                app = make_app(url, where)
                if size:
                    with app.app_context():
                        seed(web_bench.SLUG, size)
                        db.session.remove()
                        db.engine.dispose()
                env = environment(url, where)
                if size:  # before signing adds rows
                    print(f"export: {backend}, {size:,} signatures", flush=True)
                    rate, memory = export_bench.export(web_bench.SLUG, env, where, size)
                    exports.append(f"| `flask signatures export` | {backend} | {size:,} | {rate:,.0f} | {memory:.0f} | - |")
                    rate, memory, before = export_bench.export_over_http(app, web_bench.SLUG, env, size)
                    exports.append(f"| console download through gunicorn | {backend} | {size:,} | {rate:,.0f} | "
                                   f"{memory:.0f} | {before:.0f} |")
                    if backend == "postgresql":
                        with app.app_context():
                            plans.update(queries.console_plans(web_bench.SLUG, "seed12345@example.org"))
                if web:
                    print(f"web: {backend}, {size:,} signatures", flush=True)
                    for case, (ours, hello) in web_bench.measure(app, env, where, args.seconds).items():
                        out.append(f"| {names[case]} | {backend} | {size:,} | {ours.rate:.0f} | {ours.p50:.1f} | "
                                   f"{ours.p99:.1f} | {hello.rate:.0f} | {hello.p50:.1f} | {hello.p99:.1f} | "
                                   f"{ratio(ours, hello)} | {ours.bad} |")
                with app.app_context():
                    db.session.remove()
                    db.engine.dispose()
    if web:
        out.append("")


def steps_rows(args, out: list[str]) -> None:
    """``bench/sign_steps.py`` on each backend: each step's share of a sign POST."""
    count = 50 if args.quick else 300
    out += ["## Where a sign POST's time goes (in-process, cProfile; steps nest)", ""]
    for backend in BACKENDS:
        where = folder()
        with database(backend, where) as url:
            print(f"sign steps: {backend}", flush=True)
            out += sign_steps.table(backend, count, sign_steps.shares(sign_steps.profile(url, count)))


def charts_rows(args, out: list[str]) -> None:
    """``bench/charts.py`` on PostgreSQL: the console's charts page and each picture."""
    out += charts_bench.table(args.signatures, *charts_bench.measure(args.signatures))


def joint_rows(args, out: list[str]) -> None:
    """``bench/joint.py`` on PostgreSQL: the letter's page and PDFs, and the campaign page while
    8 clients loop on the letter."""
    print("joint letter", flush=True)
    local, load = joint_bench.measure("postgresql", args.co_signers, args.seconds)
    out += joint_bench.table("postgresql", args.co_signers, local, load)


def outbox_rows(args, out: list[str]) -> None:
    """``bench/outbox.py`` on each backend: the worker beside a bare smtplib loop that builds
    the same messages (and one that only sends bytes built beforehand)."""
    out += [f"## Outbox to a local SMTP sink ({args.messages:,} messages)", "",
            "| database | bare loop, sending only msg/s | bare smtplib loop msg/s | outbox worker msg/s "
            "| ratio (goal >= 0.6) |", "| --- | --- | --- | --- | --- |"]
    for backend in BACKENDS:
        where = folder()
        with database(backend, where) as url:
            print(f"outbox: {backend}", flush=True)
            env = dict(os.environ, BENCH_DATABASE_URL=url, BENCH_MESSAGES=str(args.messages))
            text = subprocess.run([sys.executable, str(ROOT / "bench" / "outbox.py")], env=env, check=True,
                                  capture_output=True, text=True).stdout
            sending, bare, worker, share = (
                re.search(rf"{label}\s+([\d.]+)", text).group(1)
                for label in ("bare loop, sending only", "bare smtplib loop", "outbox worker", r"ratio \(goal >= 0.6\)"))
            out.append(f"| {backend} | {sending} | {bare} | {worker} | {share} |")
    out.append("")


def load_rows(args, out: list[str]) -> None:
    out += [f"## Load test: {args.load:,} signatures at once through gunicorn (2 sync workers) to PostgreSQL", "",
            "| signatures sent | accepted (302) | rows stored | 5xx | other answers | seconds | signatures/s |",
            "| --- | --- | --- | --- | --- | --- | --- |"]
    where = folder()
    with database("postgresql", where) as url:
        app = make_app(url, where)
        print("load test", flush=True)
        with gunicorn("undersigned:create_app()", environment(url, where)) as server:
            result = load_bench.load_test(app, server.port, args.load)
        others = {s: n for s, n in result["answers"].items() if s != 302}
        out.append(f"| {args.load:,} | {result['accepted']:,} | {result['rows']:,} | {result['server_errors']} | "
                   f"{others or '-'} | {result['seconds']:.1f} | {args.load / result['seconds']:.0f} |")
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    out.append("")


def main() -> None:
    args = options()
    out = [f"# Benchmark results{' (--quick: small sizes, for checking the harness only)' if args.quick else ''}", "",
           f"{dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC on {platform.node()}: {os.cpu_count()} cores, "
           f"load average {os.getloadavg()[0]:.1f} at the start; Python {platform.python_version()}. "
           "Written by `make bench` (`bench/run.py`); every Undersigned figure is measured beside the "
           "hello-world reference (`bench/hello.py`) under identical gunicorn settings in the same run.", ""]
    plans: dict[str, str] = {}
    exports: list[str] = []
    sections = {
        "web": lambda: web_rows(args, out, plans, exports),
        "steps": lambda: steps_rows(args, out),
        "export": lambda: export_and_plan_rows(args, out, plans, exports),
        "charts": lambda: charts_rows(args, out),
        "joint": lambda: joint_rows(args, out),
        "outbox": lambda: outbox_rows(args, out),
        "load": lambda: load_rows(args, out),
    }
    if args.only == "export":
        web_rows(args, out, plans, exports)  # its full databases measure the export and the plans
    for name, section in sections.items():
        if args.only and name != args.only:
            continue
        section()
        args.output.write_text("\n".join(out))  # a long run stopped part-way keeps what it measured
    print("\n".join(out))


def export_and_plan_rows(args, out: list[str], plans: dict[str, str], exports: list[str]) -> None:
    """The export figures and the console queries' plans that :func:`web_rows` measured."""
    out += ["## CSV export (goal: 200,000 rows/s through HTTP, under 150 MB)", "",
            "The command's figures are its whole process; the download's are gunicorn's one worker "
            "(`deploy/gunicorn.conf.py`), read by a client as fast as it can.", "",
            "| export | database | rows | rows/s | peak memory MB | before the download MB |",
            "| --- | --- | --- | --- | --- | --- |", *exports, ""]
    out += [f"## Query plans on {args.signatures:,} signatures (PostgreSQL, EXPLAIN (ANALYZE, BUFFERS))", ""]
    for name, text in plans.items():
        out += [f"### {name}", "", "```", text, "```", ""]


if __name__ == "__main__":
    main()
