"""Every page (tests/site_pages.py) passes axe-core in French and in Spanish too, for the person
who uses it: the browser asks for the language (Accept-Language, from the context's locale), as a
reader's would. tests/browser/test_accessibility.py checks them in English."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from evaluations.loading import load_recommendations
from tests.site_pages import PAGES

pytestmark = pytest.mark.browser

LOCALES = {"fr": "fr-FR", "es": "es-ES"}
SIGN_IN = {"fr": "Se connecter", "es": "Iniciar sesión"}
SIGN_OUT = {"fr": "Se déconnecter", "es": "Cerrar sesión"}


@pytest.fixture(params=list(LOCALES))
def language(request: pytest.FixtureRequest) -> str:
    return request.param


def _sign_in(page: Page, served_plan: str, username: str, language: str) -> None:
    page.goto(f"{served_plan}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(f"{username}-demo")
    page.get_by_role("button", name=SIGN_IN[language], exact=True).click()
    expect(page.get_by_role("button", name=SIGN_OUT[language])).to_be_visible()


def test_every_page_passes_axe_in_the_language(
    browser: Browser, language: str, served_plan: str, assert_accessible
):
    """One browser context per reader, the pages visited one after another (a served plan per
    page would cost a minute each); every failing page is reported, not only the first."""
    load_recommendations()
    failures = []
    readers = dict.fromkeys(page.reader for page in PAGES.values())
    for reader in readers:
        context = browser.new_context(locale=LOCALES[language])
        page = context.new_page()
        if reader is not None:
            _sign_in(page, served_plan, reader, language)
        for name, (page_reader, address, status) in PAGES.items():
            if page_reader != reader:
                continue
            response = page.goto(f"{served_plan}{address()}")
            try:
                assert response.status == status, f"{name}: status {response.status}"
                expect(page.locator("html")).to_have_attribute("lang", language)
                assert_accessible(page, f"{name}-{language}")
            except AssertionError as failure:
                failures.append(f"{name}: {failure}")
        context.close()
    assert failures == [], "\n".join(failures)


def test_the_switcher_works_without_script_and_the_choice_stays(
    browser: Browser, served_plan: str, assert_accessible
):
    context = browser.new_context(locale="fr-FR", java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{served_plan}/accounts/login/")
    switch = page.get_by_role("form", name="Langue")
    switch.get_by_role("button", name="Español").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", name="Iniciar sesión")).to_be_visible()
    expect(
        page.get_by_role("form", name="Idioma").get_by_role("button", name="Español")
    ).to_have_attribute("aria-current", "true")
    page.goto(f"{served_plan}/accounts/password_reset/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    context.close()


def test_the_switcher_fits_a_phone(browser: Browser, served_plan: str):
    context = browser.new_context(locale="es-ES", viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{served_plan}/accounts/login/")
    page.locator("#id_username").fill("viewer")
    page.locator("#id_password").fill("viewer-demo")
    page.get_by_role("button", name="Iniciar sesión", exact=True).click()
    expect(page.get_by_role("button", name="Menú")).to_be_visible()
    switch = page.get_by_role("contentinfo").get_by_role("form", name="Idioma")
    buttons = [
        switch.get_by_role("button", name=name) for name in ("English", "Français", "Español")
    ]
    boxes = [button.bounding_box() for button in buttons]
    assert all(box["x"] >= 0 and box["x"] + box["width"] <= 360 for box in boxes), boxes
    assert len({round(box["y"]) for box in boxes}) == 1, boxes  # one row
    assert all(box["height"] >= 24 for box in boxes), boxes  # big enough to tap (WCAG 2.5.8)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    buttons[1].click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    context.close()
