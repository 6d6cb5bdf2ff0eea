"""Every page, for every role, is valid HTML: the Nu Html Checker (vnu) finds no error in it.

The pages are those of tests/site_pages.py, rendered by the test client on the loaded plan for
each demo user and for someone not signed in, with a result sent back with a comment (the
discussion and its times), a running workbook import, the error pages and the password reset.
vnu checks all of them in one run (one JVM start: about two seconds each otherwise).

vnu.jar comes from npm (``vnu-jar``, pinned in .ci/vnu/package-lock.json): ``.ci/run`` installs
it with ``npm ci --prefix .ci/vnu``; ``VNU_JAR`` names another copy. It needs Java 17 or newer.
Without Java or the jar the test is skipped on a developer's machine and fails in CI. Warnings
are not checked, only errors.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.template import Context, Template
from django.test import Client, RequestFactory, override_settings
from django.utils import timezone
from django.views.defaults import server_error

from config.lockout import locked_out
from entries.services import result_return, result_submit
from evaluations.loading import load_recommendations
from indicators.services import result_write
from tests.site_pages import PAGES, ROLES, YEAR, acc1_target
from tests.tools import needs_tool
from workbooks.models import ImportJob

ROOT = Path(__file__).resolve().parent.parent
VNU_JAR = Path(
    os.environ.get("VNU_JAR") or ROOT / ".ci/vnu/node_modules/vnu-jar/build/dist/vnu.jar"
)
JAVA = shutil.which("java")

# A page: what the failure message calls it (who, and where) and its HTML.
Rendered = dict[str, bytes]


def test_html_datetime_writes_seconds_and_the_offset_of_the_time_shown() -> None:
    when = datetime(2026, 12, 4, 18, 38, 35, 123456, tzinfo=UTC)
    template = Template("{% load html_time %}{{ when|html_datetime }}")
    with timezone.override("Europe/Zurich"):
        assert template.render(Context({"when": when})) == "2026-12-04T19:38:35+01:00"
    assert template.render(Context({"when": date(2026, 12, 4)})) == "2026-12-04"
    assert template.render(Context({"when": None})) == ""


def _a_result_sent_back() -> None:
    """focal enters and submits ACC.1's result, and GEDI returns it with a comment."""
    users = get_user_model().objects
    focal, gedi = users.get(username="focal"), users.get(username="gedi")
    target = acc1_target()
    fields = {"value": Decimal(41), "explanation": "HR database, 31 December."}
    result = result_write(target=target, year=YEAR, user=focal, fields=fields).instance
    result = result_submit(result=result, user=focal)
    result_return(result=result, user=gedi, comment="Say which staff the database counts.")


def _every_page_for_every_role() -> Rendered:
    rendered: Rendered = {}
    client = Client()
    for role in (None, *ROLES):
        if role is None:
            client.logout()
        else:
            client.force_login(get_user_model().objects.get(username=role))
        for page in PAGES.values():
            address = page.address()
            response = client.get(address)
            assert response.status_code < 500, (role, address)
            if role == page.reader:
                assert response.status_code == page.status, (role, address)
            if response["Content-Type"].startswith("text/html") and response.content:
                rendered[f"{role or 'anonymous'} {address}"] = response.content
    return rendered


def _pages_beyond_the_list() -> Rendered:
    """A running import and a refused download for GEDI; the error pages, the sign-in pause
    and the password reset for someone not signed in."""
    gedi = get_user_model().objects.get(username="gedi")
    job = ImportJob.objects.create(
        user=gedi,
        filename="data.xlsx",
        content=b"",
        progress=40,
        stage="Checking results",
        state=ImportJob.State.CHECKING,
    )
    client = Client()
    client.force_login(gedi)
    rendered = {f"gedi {job.get_absolute_url()}": client.get(job.get_absolute_url()).content}
    bad_year = client.get("/workbooks/data.xlsx", {"year": 1900})
    assert bad_year.status_code == 400
    rendered["gedi /workbooks/data.xlsx?year=1900"] = bad_year.content

    request = RequestFactory().get("/")
    rendered["500 page"] = server_error(request).content
    rendered["sign-in paused"] = locked_out(request, credentials={"username": "viewer"}).content
    bad_host = Client().get("/accounts/login/", headers={"host": "not-ours.example"})
    assert bad_host.status_code == 400
    rendered["400 page"] = bad_host.content
    no_token = Client(enforce_csrf_checks=True).post("/accounts/login/", {"username": "viewer"})
    assert no_token.status_code == 403
    rendered["CSRF failure"] = no_token.content
    client = Client()  # not signed in
    with override_settings(PASSWORD_RESET_ENABLED=True):  # as when the site sends e-mail
        for address in (
            "/accounts/login/",  # now with its link to the reset
            "/accounts/password_reset/",
            "/accounts/password_reset/done/",
            "/accounts/reset/MQ/no-such-token/",
            "/accounts/reset/done/",
        ):
            response = client.get(address, follow=True)
            assert response.status_code == 200, address
            rendered[f"anonymous, reset on, {address}"] = response.content
    return rendered


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


@pytest.mark.vnu
@pytest.mark.django_db
@needs_tool(
    JAVA is not None and VNU_JAR.exists(),
    f"no java or no {VNU_JAR} (npm ci --prefix .ci/vnu, or set VNU_JAR)",
)
def test_every_page_of_every_role_is_valid_html(ilo_plan, tmp_path: Path) -> None:
    assert JAVA, "CI must have Java 17 or newer for vnu.jar"
    assert VNU_JAR.exists(), f"CI must have {VNU_JAR}: .ci/run installs it with npm ci"
    load_recommendations()
    call_command("create_demo_users", "--force", stdout=io.StringIO())
    _a_result_sent_back()
    pages = {**_every_page_for_every_role(), **_pages_beyond_the_list()}
    errors = _vnu_errors(pages, tmp_path)
    assert errors == [], f"{len(errors)} HTML errors in {len(pages)} pages:\n" + "\n".join(errors)
