"""The pages translated so far pass axe-core in French and in Spanish too (issue 19): the browser
asks for the language (Accept-Language, from the context's locale), as a reader's would."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser

LOCALES = {"fr": "fr-FR", "es": "es-ES"}
SIGN_IN = {"fr": "Se connecter", "es": "Iniciar sesión"}
SIGN_OUT = {"fr": "Se déconnecter", "es": "Cerrar sesión"}


@pytest.fixture(params=list(LOCALES))
def language(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def page_in_language(browser: Browser, language: str, served_plan: str) -> Iterator[Page]:
    context = browser.new_context(locale=LOCALES[language])
    yield context.new_page()
    context.close()


def test_sign_in_and_a_signed_in_page_pass_axe(
    page_in_language: Page, language: str, served_plan: str, assert_accessible
):
    page = page_in_language
    page.goto(f"{served_plan}/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert_accessible(page, f"sign-in-{language}")

    page.locator("#id_username").fill("gedi")
    page.locator("#id_password").fill("gedi-demo")
    page.get_by_role("button", name=SIGN_IN[language], exact=True).click()
    expect(page.get_by_role("button", name=SIGN_OUT[language])).to_be_visible()
    page.goto(f"{served_plan}/plans/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert_accessible(page, f"plans-{language}")


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
