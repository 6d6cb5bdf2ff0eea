"""The app served as in production, for the pages' timing: gunicorn, DEBUG off, whitenoise.

Static files are collected once per run into a folder of the run's own (never the project's
``staticfiles/``): the production settings are used as they are, ``STATIC_ROOT`` pointed there
through the environment as a deployment would. Each server listens on a free port of 127.0.0.1
only.

Workers: one gunicorn worker (gthread, one thread) per server. The benchmark sends one request at
a time over one kept-alive connection, which a single worker serves from start to end; more
workers would sit idle, and on this 2-core machine the other core is left to the benchmark's
own client and to the database server, so a page's time is not that of a worker fighting them
for a core. (Production runs more: docs/deployment.md; the load test measures concurrency.)
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
WORKERS, THREADS = 1, 1
SIGN_IN = "/accounts/login/"
NO_CACHE = "dummy://"  # CACHE_URL of a server that keeps nothing between requests


def served_environment(
    folder: Path, database_url: str, cache_url: str | None = None
) -> dict[str, str]:
    """Production settings (DEBUG off) for plain HTTP on 127.0.0.1, on ``database_url``; the
    cache as ``cache_url`` says (``dummy://`` keeps nothing), else as the environment says."""
    return {
        **os.environ,
        **({"CACHE_URL": cache_url} if cache_url else {}),
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "STATIC_ROOT": str(folder / "static"),
        "DEBUG": "0",
        # The benchmark's own key, so that the sessions it makes are valid on the server.
        "SECRET_KEY": settings.SECRET_KEY,
        "DATABASE_URL": database_url,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "TASKS_BACKEND": "immediate",
    }


def collect_static(folder: Path, database_url: str) -> Path:
    """``collectstatic`` into ``folder/static`` (hashed names and .gz copies, as deployed)."""
    static_root = folder / "static"
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env=served_environment(folder, database_url),
        check=True,
    )
    return static_root


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass(frozen=True)
class Server:
    port: int
    database_url: str
    log: Path

    @property
    def address(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@contextmanager
def gunicorn(
    folder: Path, database_url: str, name: str, *, cache_url: str | None = None
) -> Iterator[Server]:
    """gunicorn serving the app on ``database_url``; stopped (and waited for) on leaving."""
    port = free_port()
    log = folder / f"gunicorn-{name}.log"
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(WORKERS),
        "--worker-class",
        "gthread",
        "--threads",
        str(THREADS),
        # Kept-alive connections wait this long between requests (gunicorn's default is 2 s).
        "--keep-alive",
        "120",
        "--timeout",
        "600",
        "--error-logfile",
        str(log),
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=served_environment(folder, database_url, cache_url),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    server = Server(port, database_url, log)
    try:
        _wait_until_answering(server, process)
        yield server
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_answering(server: Server, process: subprocess.Popen, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped: {server.log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(server.address + SIGN_IN, timeout=10) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer at {server.address} within {seconds:.0f} s")
