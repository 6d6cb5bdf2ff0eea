"""Settings come from the environment; demo users exist for local use only."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from custodians import roles

ROOT = Path(__file__).resolve().parent.parent


def _settings_in_subprocess(env: dict[str, str], expression: str) -> subprocess.CompletedProcess:
    clean = {
        k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL"}
    }
    code = (
        f"import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; "
        f"from django.conf import settings; print(repr(({expression})))"
    )
    return subprocess.run(
        [sys.executable, "-c", code], env={**clean, **env}, cwd=ROOT, capture_output=True, text=True
    )


def test_secret_key_is_required_when_debug_is_off():
    completed = _settings_in_subprocess({}, "settings.SECRET_KEY")
    assert completed.returncode != 0
    assert "Set SECRET_KEY in the environment" in completed.stderr


def test_debug_gives_a_development_key_and_sqlite_default():
    completed = _settings_in_subprocess(
        {"DEBUG": "1"}, "settings.SECRET_KEY[:11], settings.DATABASES['default']['ENGINE']"
    )
    assert completed.stdout.strip() == "('development', 'django.db.backends.sqlite3')"


def test_database_url_selects_postgresql():
    completed = _settings_in_subprocess(
        {"SECRET_KEY": "x" * 50, "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/gap"},
        "settings.DATABASES['default']['ENGINE'], settings.DATABASES['default']['NAME']",
    )
    assert completed.stdout.strip() == "('django.db.backends.postgresql', 'gap')"


def test_production_settings_make_cookies_secure():
    completed = _settings_in_subprocess(
        {"SECRET_KEY": "x" * 50},
        "settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE,"
        " settings.SECURE_HSTS_SECONDS > 0",
    )
    assert completed.stdout.strip() == "(True, True, True)"


@pytest.mark.django_db
def test_demo_users_one_per_role(demo_users):
    users = {u.username: u for u in get_user_model().objects.all()}
    assert roles.is_administrator(users["admin"])
    assert roles.is_reviewer(users["gedi"]) and not roles.is_reviewer(users["focal"])
    assert roles.is_viewer(users["viewer"])
    assert sorted(roles.units_of(users["focal"]).values_list("acronym", flat=True)) == [
        "HRD",
        "ITCILO",
        "RESEARCH",
    ]
    assert users["focal"].check_password("focal-demo")


@pytest.mark.django_db
def test_demo_users_refuse_to_run_without_debug(ilo_plan, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="local use"):
        call_command("create_demo_users", stdout=io.StringIO())
    assert not get_user_model().objects.exists()


def test_static_root_comes_from_the_environment(tmp_path):
    """A deployment (and the benchmark) puts the collected static files where it says."""
    default = _settings_in_subprocess({"DEBUG": "1"}, "str(settings.STATIC_ROOT)")
    assert default.stdout.strip() == repr(str(ROOT / "staticfiles"))
    chosen = _settings_in_subprocess(
        {"DEBUG": "1", "STATIC_ROOT": str(tmp_path)}, "str(settings.STATIC_ROOT)"
    )
    assert chosen.stdout.strip() == repr(str(tmp_path))
