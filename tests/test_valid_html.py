"""Every page, for every role, is valid HTML: the Nu Html Checker (vnu) finds no error in it.

The pages are those of tests/every_page.py: every page of tests/site_pages.py for each demo user
and for someone not signed in, with a result sent back with a comment, a running workbook import,
the error pages and the password reset — in English, French and Spanish (a translation may hold
markup). vnu checks all of them in one run (one JVM start: about two seconds each otherwise).

vnu.jar comes from npm (``vnu-jar``, pinned in .ci/vnu/package-lock.json): ``.ci/run`` installs
it with ``npm ci --prefix .ci/vnu``; ``VNU_JAR`` names another copy. It needs Java 17 or newer.
Without Java or the jar the test is skipped on a developer's machine and fails in CI. Warnings
are not checked, only errors.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from tests.every_page import Rendered, every_page, prepare_every_page
from tests.tools import needs_tool

ROOT = Path(__file__).resolve().parent.parent
VNU_JAR = Path(
    os.environ.get("VNU_JAR") or ROOT / ".ci/vnu/node_modules/vnu-jar/build/dist/vnu.jar"
)
JAVA = shutil.which("java")


def needs_vnu(test):
    """A vnu test: skipped on a machine without Java or the jar, failed in CI (``needs_tool``)."""
    runs = needs_tool(
        JAVA is not None and VNU_JAR.exists(),
        f"no java or no {VNU_JAR} (npm ci --prefix .ci/vnu, or set VNU_JAR)",
    )(test)
    return pytest.mark.vnu(pytest.mark.django_db(runs))


def test_html_datetime_writes_seconds_and_the_offset_of_the_time_shown() -> None:
    when = datetime(2026, 12, 4, 18, 38, 35, 123456, tzinfo=UTC)
    template = Template("{% load html_time %}{{ when|html_datetime }}")
    with timezone.override("Europe/Zurich"):
        assert template.render(Context({"when": when})) == "2026-12-04T19:38:35+01:00"
    assert template.render(Context({"when": date(2026, 12, 4)})) == "2026-12-04"
    assert template.render(Context({"when": None})) == ""


def _vnu_errors(pages: Rendered, folder: Path) -> list[str]:
    """vnu's errors, each as "page, line: message"; vnu runs once for all the pages."""
    files = {}
    for number, (where, html) in enumerate(pages.items()):
        path = folder / f"page-{number:03}.html"
        path.write_bytes(html)
        files[path.name] = where
    completed = subprocess.run(
        [JAVA, "-jar", str(VNU_JAR), "--format", "json", "--errors-only", "--stdout"]
        + [str(folder / name) for name in files],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert completed.stdout, completed.stderr  # no report: java or the jar did not run
    report = json.loads(completed.stdout)
    errors = []
    for message in report["messages"]:
        where = files.get(message.get("url", "").rpartition("/")[2], message.get("url", "?"))
        errors.append(f"{where}, line {message.get('lastLine', '?')}: {message['message']}")
    return errors


@needs_vnu
def test_every_page_of_every_role_is_valid_html(ilo_plan, tmp_path: Path) -> None:
    assert JAVA, "CI must have Java 17 or newer for vnu.jar"
    assert VNU_JAR.exists(), f"CI must have {VNU_JAR}: .ci/run installs it with npm ci"
    prepare_every_page()
    pages = {
        f"{language or 'en'}: {where}": html
        for language in (None, "fr", "es")
        for where, html in every_page(language).items()
    }
    errors = _vnu_errors(pages, tmp_path)
    assert errors == [], f"{len(errors)} HTML errors in {len(pages)} pages:\n" + "\n".join(errors)


def _admin_pages() -> Rendered:
    """The administrator's pages: the index, each model's list, and the change page and history
    of its first row (the plan's rows, the account signed in, a result and an action)."""
    administrator = get_user_model().objects.create(
        username="vnu-admin", is_superuser=True, is_staff=True
    )
    client = Client()
    client.force_login(administrator)
    request = RequestFactory().get("/")
    request.user = administrator
    urls = [reverse("admin:index")]
    for model, model_admin in admin.site._registry.items():
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        urls.append(reverse(f"{name}_changelist"))
        first = model_admin.get_queryset(request).order_by("pk").first()
        if first is not None:
            urls += [reverse(f"{name}_{page}", args=[first.pk]) for page in ("change", "history")]
    pages = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        pages[f"admin: {url}"] = response.content
    return pages


@needs_vnu
def test_the_administrators_pages_are_valid_html(ilo_plan, tmp_path: Path) -> None:
    errors = _vnu_errors(_admin_pages(), tmp_path)
    assert errors == [], f"{len(errors)} HTML errors:\n" + "\n".join(errors)
