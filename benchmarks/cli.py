"""Runs a tool's command the way ``manage.py`` runs its own, once Django is set up."""

from __future__ import annotations

import argparse
import os
import sys
from importlib import import_module

import django
from django.core.management.base import handle_default_options


def run(module: str, argv: list[str] | None = None) -> None:
    """Run ``module``'s ``Command`` (a Django ``BaseCommand``) with ``argv`` (default: the
    command line), as ``python -m <module>``.

    ``--settings`` and ``--pythonpath`` are read before Django is set up, as ``manage.py`` does;
    the module is imported after it, so it may import models at its top.
    """
    argv = sys.argv[1:] if argv is None else argv
    early = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    early.add_argument("--settings")
    early.add_argument("--pythonpath")
    known, _ = early.parse_known_args(argv)
    handle_default_options(known)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    command = import_module(module).Command()
    command.run_from_argv(["python -m", module, *argv])
