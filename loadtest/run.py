#!/usr/bin/env python
"""Load test: 50 concurrent users against the app under gunicorn on PostgreSQL, then a DB check.

    .venv/bin/python loadtest/run.py [--users 50] [--seconds 60] [--database-url postgres://…]

It makes a throwaway database, serves the app on 127.0.0.1 only, runs Locust for a bounded time
(custodians saving results, reviewers reading scorecards), stops everything and checks that every
save the server acknowledged is in the database and that no request got a 5xx. Exits non-zero
if a save was lost or a server error happened.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import psycopg

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def recreate_database(url: str) -> None:
    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the app did not answer at {url}")


def check_database(url: str, acks_path: Path) -> tuple[int, int, list[str]]:
    """Every acknowledged save is there: each target holds the last value acknowledged for it."""
    last: dict[int, str] = {}
    count = 0
    for line in acks_path.read_text(encoding="utf-8").splitlines():
        ack = json.loads(line)
        last[ack["target"]] = ack["value"]
        count += 1
    problems = []
    with psycopg.connect(url) as connection:
        rows = dict(
            connection.execute(
                "SELECT target_id, value FROM indicators_result"
                " WHERE year = 2021 AND target_id = ANY(%s)",
                [list(last)],
            ).fetchall()
        )
        history = connection.execute(
            "SELECT count(*) FROM indicators_historicalresult"
            " WHERE year = 2021 AND target_id = ANY(%s)",
            [list(last)],
        ).fetchone()[0]
    for target, value in last.items():
        saved = rows.get(target)
        if saved is None or f"{saved:.2f}" != value:
            problems.append(f"target {target}: last acknowledged {value}, database has {saved}")
    if history < count:
        problems.append(f"{count} acknowledged saves but only {history} history rows")
    return count, len(last), problems


RAMP_MARGIN = 30
GOAL_P95_MS = 1000
SAVES, SIGN_INS = {"save result"}, {"sign in", "sign-in form"}


def percentiles_by_kind(times_path: Path) -> dict[str, Any]:
    """p50 and p95 in ms of page views (every GET but the sign-in form) and of saves once every
    user has signed in (the steady window), and of every sign-in, ramp-up included."""
    kinds: dict[str, list[float]] = {"page_views": [], "saves": [], "sign_ins": []}
    window: list[float] = []
    for line in times_path.read_text(encoding="utf-8").splitlines():
        method, name, milliseconds, _ok, steady, at = json.loads(line)
        if name in SIGN_INS:
            kinds["sign_ins"].append(milliseconds)
        elif steady:
            window.append(at)
            kinds["saves" if name in SAVES else "page_views"].append(milliseconds)
    steady_seconds = round(max(window) - min(window), 1) if window else 0
    return {"steady_seconds": steady_seconds} | {
        kind: _percentiles(values) for kind, values in kinds.items()
    }


def _percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {"requests": 0}
    values = sorted(values)

    def at(share: float) -> float:
        return round(values[min(len(values) - 1, int(share * len(values)))], 1)

    return {"requests": len(values), "p50_ms": at(0.50), "p95_ms": at(0.95), "max_ms": values[-1]}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--custodians", type=int, default=35, help="of the users, how many save")
    parser.add_argument(
        "--seconds", type=int, default=60, help="the steady window, once every user signed in"
    )
    parser.add_argument("--spawn-rate", type=int, default=5, help="users started per second")
    parser.add_argument("--port", type=int, default=8100)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/gap_load")
    args = parser.parse_args()
    if urlparse(args.database_url).hostname not in {"127.0.0.1", "localhost", "::1"}:
        raise SystemExit("the load test only talks to a database on this machine")

    host = f"http://127.0.0.1:{args.port}"
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "AXES_ENABLED": "0",
    }
    print(f"Preparing {args.database_url} …", flush=True)
    recreate_database(args.database_url)
    manage(env, "migrate", "--noinput")
    manage(env, "load_plan")
    manage(env, "collectstatic", "--noinput")
    reviewers = args.users - args.custodians
    plan = json.loads(
        subprocess.run(
            [sys.executable, "loadtest/setup_data.py", str(args.custodians), str(reviewers)],
            cwd=ROOT,
            env={**env, "DJANGO_SETTINGS_MODULE": "config.settings", "PYTHONPATH": str(ROOT)},
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    plan["custodian_users"], plan["reviewer_users"] = args.custodians, reviewers

    work = Path(tempfile.mkdtemp(prefix="gap-load-"))
    (work / "plan.json").write_text(json.dumps(plan))
    acks = work / "acks.jsonl"
    acks.touch()
    times = work / "times.jsonl"
    times.touch()
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--workers",
            str(args.workers),
            "--threads",
            "2",
            "--worker-class",
            "gthread",
            "--error-logfile",
            str(work / "gunicorn.log"),
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_for(f"{host}/accounts/login/")
        # The ramp-up: users start at the spawn rate and each signs in (a deliberately slow
        # password hash); RAMP_MARGIN leaves the last sign-ins time to finish under that load.
        run_seconds = args.seconds + math.ceil(args.users / args.spawn_rate) + RAMP_MARGIN
        print(
            f"Running {args.users} users ({args.custodians} custodians saving, {reviewers} "
            f"reviewers reading) for {run_seconds} s, ramp-up included, against {host} …",
            flush=True,
        )
        subprocess.run(
            [
                str(BIN / "locust"),
                "-f",
                "loadtest/locustfile.py",
                "--headless",
                "--only-summary",
                "-u",
                str(args.users),
                "-r",
                str(args.spawn_rate),
                "-t",
                f"{run_seconds}s",
                "--host",
                host,
                "--csv",
                str(work / "stats"),
                "--stop-timeout",
                "10",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env={
                **os.environ,
                "LOAD_PLAN": str(work / "plan.json"),
                "LOAD_ACKS": str(acks),
                "LOAD_TIMES": str(times),
            },
            check=False,
        )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    with open(work / "stats_stats.csv", newline="") as handle:
        total = next(row for row in csv.DictReader(handle) if row["Name"] == "Aggregated")
    with open(work / "stats_failures.csv", newline="") as handle:
        failures = list(csv.DictReader(handle))
    server_errors = [f for f in failures if "50" in f["Error"] or "HTTPError('5" in f["Error"]]
    acknowledged, targets, problems = check_database(args.database_url, acks)
    summary = {
        "users": args.users,
        "seconds": args.seconds,
        "requests": int(total["Request Count"]),
        "failures": int(total["Failure Count"]),
        "server_errors": sum(int(f["Occurrences"]) for f in server_errors),
        "requests_per_second": round(float(total["Requests/s"]), 1),
        "p50_ms": float(total["50%"]),
        "p95_ms": float(total["95%"]),
        **percentiles_by_kind(times),
        "acknowledged_saves": acknowledged,
        "targets_saved": targets,
        "lost_saves": len(problems),
    }
    page_p95 = summary["page_views"].get("p95_ms")
    summary["goal"] = f"page views p95 under {GOAL_P95_MS} ms, 0 errors, 0 lost saves: " + (
        "met"
        if page_p95 is not None
        and page_p95 < GOAL_P95_MS
        and not (problems or summary["server_errors"] or summary["failures"])
        else "missed"
    )
    print(json.dumps(summary, indent=1))
    for failure in failures:
        print(
            f"  failure: {failure['Method']} {failure['Name']}: {failure['Error']}"
            f" ×{failure['Occurrences']}"
        )
    for problem in problems:
        print(f"  LOST: {problem}")
    if problems or summary["server_errors"] or summary["failures"]:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
