"""The benchmark's second database: the smallest plan alone, in an otherwise empty database.

A small plan's pages should cost the same whether the database holds nothing else or plans of
100,000 targets beside it. The benchmark's own database holds every plan it has generated, so
the smallest plan is generated a second time in a database of its own, kept between runs like
the first: on SQLite a file beside the first (``bench-alone.sqlite3``), on PostgreSQL a database
named after the first with ``_alone`` (created here if missing). Both are served at once and
their pages are timed in the same rounds.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import psycopg
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent


def alone_database_url(url: str) -> str:
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        path = Path(parsed.path[1:])  # sqlite:///relative or sqlite:////absolute
        return f"sqlite:///{path.with_name(f'{path.stem}-alone{path.suffix}')}"
    return parsed._replace(path=f"{parsed.path}_alone").geturl()


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database if it is missing (SQLite makes its file itself)."""
    parsed = urlparse(url)
    if not parsed.scheme.startswith("postgres"):
        return
    name = parsed.path.lstrip("/")
    with psycopg.connect(parsed._replace(path="/postgres").geturl(), autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')


def alone_site(url: str, *, targets: int) -> dict[str, Any]:
    """The plan of ``targets`` targets in the database ``url``: made ready, its pages listed."""
    ensure_database(url)
    env = {"DATABASE_URL": url, "SECRET_KEY": settings.SECRET_KEY, "DEBUG": "0"}
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.plan_site", "--targets", str(targets)],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise RuntimeError(f"preparing {url} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout)
