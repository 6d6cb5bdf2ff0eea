#!/usr/bin/env python3
"""One entry point for a fresh clone: needs only Python 3.11+ on the machine.

python3 dev.py serve   create .venv, install, migrate, load the plan and demo users, serve on :8000
python3 dev.py test    create .venv, install, run the whole test suite (extra args go to pytest)
python3 dev.py bench   create .venv, install, migrate the benchmark's own database and run
                       ``python -m benchmarks`` on it (extra args go to it, e.g. --json)
Each first compiles the interface's translations (locale/), in pure Python.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("VENV_DIR", ROOT / ".venv"))
PYTHON = VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def run(*args: str | Path, env: dict[str, str] | None = None) -> None:
    completed = subprocess.run([str(a) for a in args], cwd=ROOT, env=env)
    if completed.returncode:
        sys.exit(completed.returncode)


def ensure_environment() -> None:
    """Create the virtual environment and install the project, again only when pyproject changed."""
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py may be started by an older python3
        sys.exit(f"Python 3.11 or newer is needed, this is {sys.version.split()[0]}.")
    if not PYTHON.exists():
        print(f"Creating the virtual environment in {VENV} …", file=sys.stderr, flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    stamp = VENV / ".installed-from"
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if not stamp.exists() or stamp.read_text() != wanted:
        # Standard error: `dev.py bench --json` prints nothing but the JSON on standard output.
        print("Installing the project and its test tools …", file=sys.stderr, flush=True)
        run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
        run(PYTHON, "-m", "pip", "install", "--quiet", "-e", ".[dev]")
        stamp.write_text(wanted)
    compile_translations()


def compile_translations() -> None:
    """The French and Spanish catalogues, compiled at every start (milliseconds): a changed .po is
    always served, and no GNU gettext is needed (config/translations.py, docs/languages.md)."""
    run(PYTHON, "-m", "config.translations")


def serve() -> None:
    env = {**os.environ, "DEBUG": os.environ.get("DEBUG", "1")}
    manage = [PYTHON, "manage.py"]
    run(*manage, "migrate", "--noinput", env=env)
    run(*manage, "load_plan", env=env)
    run(*manage, "load_recommendations", env=env)
    run(*manage, "create_demo_users", env=env)
    run(*manage, "runserver", "127.0.0.1:8000", env=env)


def test(extra: list[str]) -> None:
    run(PYTHON, "-m", "pytest", *extra)


def bench(extra: list[str]) -> None:
    """The benchmark runs with production settings on databases of its own (docs/benchmarks.md).

    Its generated plans (up to 100,000 targets) never land in the served database: SQLite in
    bench-results/ unless DATABASE_URL names another database (PostgreSQL, say); the smallest
    plan is generated again beside it, alone in a database of its own (benchmarks/alone.py).
    """
    (ROOT / "bench-results").mkdir(exist_ok=True)
    env = {
        **os.environ,
        "DEBUG": "0",
        "DATABASE_URL": os.environ.get(
            "DATABASE_URL", f"sqlite:///{ROOT / 'bench-results' / 'bench.sqlite3'}"
        ),
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "SECURE_SSL_REDIRECT": "0",
    }
    run(PYTHON, "manage.py", "migrate", "--noinput", "--verbosity", "0", env=env)
    run(PYTHON, "-m", "benchmarks", *extra, env=env)


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in {"serve", "test", "bench"}:
        sys.exit(__doc__)
    ensure_environment()
    if sys.argv[1] == "serve":
        serve()
    elif sys.argv[1] == "bench":
        bench(sys.argv[2:])
    else:
        test(sys.argv[2:])


if __name__ == "__main__":
    main()
