"""Browser tests: Playwright drives the distribution's Chromium against the app the test run serves.

They are part of the normal suite. Without Chromium they are skipped on a developer's machine;
in CI (CI set) a missing Chromium is a failure, never a skip.
"""

import io
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import Page, expect

from tests.tools import needs_tool

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from the
# fixtures in that thread are safe here (one thread, one test at a time).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
# The marks of a browser test outside tests/browser: skipped without Chromium, except in CI.
BROWSER_TEST = [
    pytest.mark.browser,
    needs_tool(Path(CHROMIUM).exists(), f"no Chromium at {CHROMIUM} (apt-get install chromium)"),
]
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_REPORTS = Path(__file__).resolve().parents[2] / "test-results" / "axe"
SEVERE = {"serious", "critical"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("CI"):
        raise pytest.UsageError(f"CI needs Chromium for the browser tests, none at {CHROMIUM}")
    skip = pytest.mark.skip(reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_FLAGS}


@pytest.fixture
def served_plan(transactional_db, live_server) -> str:
    """The live server's URL, with the 2018–21 plan and the demo users in its database."""
    from indicators.loading import load_plan

    load_plan()
    call_command("create_demo_users", "--force", stdout=io.StringIO())
    return live_server.url


@pytest.fixture
def sign_in(page: Page, served_plan: str):
    def _sign_in(username: str) -> Page:
        page.goto(f"{served_plan}/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(f"{username}-demo")
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("button", name="Sign out")).to_be_visible()
        return page

    return _sign_in


@pytest.fixture(scope="session")
def axe() -> Axe:
    return Axe()


@pytest.fixture
def assert_accessible(axe: Axe):
    """Run axe-core (bundled, no network) on the page; fail on any serious or critical violation.

    The full axe report of a failing page is written to test-results/axe/<name>.json.
    """

    def _check(page: Page, name: str) -> dict:
        results = axe.run(page).response
        grave = [v for v in results["violations"] if v["impact"] in SEVERE]
        if grave:
            AXE_REPORTS.mkdir(parents=True, exist_ok=True)
            (AXE_REPORTS / f"{name}.json").write_text(json.dumps(results, indent=1))
        assert not grave, f"{name}: " + "; ".join(
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
            for v in grave
        )
        return results

    return _check


@pytest.fixture
def console_errors(page: Page) -> Iterator[list[str]]:
    """Errors the page logged (a CSP refusal, a failed script); a test asserts there are none."""
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield errors
