"""EMAIL_URL and DEFAULT_FROM_EMAIL become Django's e-mail settings (config/env.py:env_email).

Without EMAIL_URL, DEBUG prints messages to the console and production switches password reset
off (tests/test_password_reset.py shows the pages).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from config.env import CONSOLE_BACKEND, SMTP_BACKEND, EmailServer, env_email

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("url", "server"),
    [
        (
            "smtp://gap%40example.org:p%40ss:w0rd@mail.example.org:587?tls=1",
            EmailServer(
                backend=SMTP_BACKEND,
                host="mail.example.org",
                port=587,
                user="gap@example.org",
                password="p@ss:w0rd",
                use_tls=True,
                timeout=10,
            ),
        ),
        (
            "smtp://mail.example.org?tls=1&timeout=30",
            EmailServer(
                backend=SMTP_BACKEND, host="mail.example.org", port=587, use_tls=True, timeout=30
            ),
        ),
        (
            "smtp+ssl://gap:secret@mail.example.org",
            EmailServer(
                backend=SMTP_BACKEND,
                host="mail.example.org",
                port=465,
                user="gap",
                password="secret",
                use_ssl=True,
                timeout=10,
            ),
        ),
        (
            "smtp://relay.internal",
            EmailServer(backend=SMTP_BACKEND, host="relay.internal", timeout=10),
        ),
        ("console://", EmailServer(backend=CONSOLE_BACKEND)),
    ],
)
def test_email_url_gives_the_email_settings(monkeypatch, url, server):
    monkeypatch.setenv("EMAIL_URL", url)
    assert env_email("EMAIL_URL") == server


def test_no_email_url_means_no_mail_server(monkeypatch):
    monkeypatch.delenv("EMAIL_URL", raising=False)
    assert env_email("EMAIL_URL") is None
    monkeypatch.setenv("EMAIL_URL", "")
    assert env_email("EMAIL_URL") is None


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("imap://gap:secret@mail.example.org", "starts with smtp://"),
        ("smtp://gap:secret@", "names no mail server"),
        ("smtp+ssl://gap:secret@mail.example.org?tls=1", "drop ?tls=1"),
        ("smtp://gap:secret@mail.example.org?starttls=1", "not ['starttls']"),
        ("smtp://gap:secret@mail.example.org:smtp", "not a number"),
    ],
)
def test_a_wrong_email_url_is_refused_without_showing_its_password(monkeypatch, url, problem):
    monkeypatch.setenv("EMAIL_URL", url)
    with pytest.raises(ValueError, match=re.escape(problem)) as refused:
        env_email("EMAIL_URL")
    assert "secret" not in str(refused.value)


def test_the_password_stays_out_of_the_settings_repr():
    assert "secret" not in repr(EmailServer(backend=SMTP_BACKEND, password="secret"))


def _settings(env: dict[str, str], expression: str) -> subprocess.CompletedProcess:
    inherited = {"SECRET_KEY", "DEBUG", "EMAIL_URL", "DEFAULT_FROM_EMAIL"}
    clean = {k: v for k, v in os.environ.items() if k not in inherited}
    code = (
        "import os; os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings'; "
        f"from django.conf import settings; print(repr(({expression})))"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        env={"SECRET_KEY": "x" * 50, **clean, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


def test_production_without_email_url_switches_reset_off():
    completed = _settings({}, "settings.PASSWORD_RESET_ENABLED")
    assert completed.stdout.strip() == "False", completed.stderr


def test_debug_without_email_url_prints_messages_to_the_console():
    completed = _settings({"DEBUG": "1"}, "settings.PASSWORD_RESET_ENABLED, settings.EMAIL_BACKEND")
    assert completed.stdout.strip() == repr((True, CONSOLE_BACKEND)), completed.stderr


def test_production_email_url_configures_smtp_and_needs_a_sender():
    url = {"EMAIL_URL": "smtp://gap:secret@mail.example.org:587?tls=1"}
    completed = _settings(
        {**url, "DEFAULT_FROM_EMAIL": "Action Plan monitor <gap@example.org>"},
        "settings.PASSWORD_RESET_ENABLED, settings.EMAIL_HOST, settings.EMAIL_PORT,"
        " settings.EMAIL_USE_TLS, settings.EMAIL_HOST_PASSWORD, settings.DEFAULT_FROM_EMAIL",
    )
    assert completed.stdout.strip() == repr(
        (True, "mail.example.org", 587, True, "secret", "Action Plan monitor <gap@example.org>")
    ), completed.stderr
    without_sender = _settings(url, "settings.EMAIL_HOST")
    assert without_sender.returncode != 0
    assert "Set DEFAULT_FROM_EMAIL" in without_sender.stderr
