"""The next plan, in a real browser: GEDI starts the 2022–25 plan from 2018–21 on the Plans page,
downloads its definition workbook, adds two indicators and a target for every indicator in a
spreadsheet, checks the workbook (dry run), imports it and activates the plan. A focal point then
finds the new plan's targets in My indicators and none of 2018–21's, whose page still reads as
before, with its indicators, targets and results untouched.
"""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Locator, Page, expect

from indicators.models import ActionPlan, Indicator, Result, Target
from workbooks.plan_definition.layout import COLUMNS, INDICATORS, TARGETS

pytestmark = pytest.mark.browser

OLD_TITLE = "ILO Action Plan for Gender Equality 2018–21"
NEW_TITLE = "ILO Action Plan for Gender Equality 2022–25"
NEW_SLUG = "ilo-2022-25"
PHASE = "2022–23"
UNIT = "HRD"  # the demo focal point "focal" reports for it
NEW_CODES = ("HRD.9", "HRD.10")
ENTRY_LINK = re.compile(r"/entries/results/(\d+)/2022/")


def heading_of(sheet: str) -> dict[str, int]:
    """Each column's heading and its number, as the person sees them in row 1."""
    return {column.heading: i for i, column in enumerate(COLUMNS[sheet], start=1)}


def add_indicators_and_targets(content: bytes) -> bytes:
    """What GEDI does in the spreadsheet: two new indicators at the end of the first indicator's
    section, then a 2022–23 target for every indicator, held by HRD."""
    workbook = load_workbook(BytesIO(content))
    indicators, at = workbook[INDICATORS], heading_of(INDICATORS)
    rows = list(indicators.iter_rows(min_row=2, values_only=True))
    assert rows, "the draft continues the 2018–21 indicators"
    model = rows[0]
    last = max(row[at["Position"] - 1] for row in rows)
    for offset, code in enumerate(NEW_CODES, start=1):
        values = {
            "Section": model[at["Section"] - 1],
            "Code": code,
            "Text": f"New indicator {code} of the 2022–25 plan",
            "Kind": model[at["Kind"] - 1],
            "Position": last + offset,
            "Trend gap": model[at["Trend gap"] - 1],
        }
        indicators.append([values.get(c.heading) for c in COLUMNS[INDICATORS]])
    targets, codes = workbook[TARGETS], [row[at["Code"] - 1] for row in rows] + list(NEW_CODES)
    for code in codes:
        values = {c.heading: None for c in COLUMNS[TARGETS]}
        values.update(
            {
                "Indicator code": code,
                "Phase": PHASE,
                "Scope": "global",
                "Kind": "numeric",
                "Value": 50,
                "Unit": "percent",
                "Direction": "at_least",
                "Text": "At least 50 per cent",
                "Custodians": UNIT,
                "Position": 1,
            }
        )
        targets.append([values[c.heading] for c in COLUMNS[TARGETS]])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def old_plan_state() -> tuple[int, int, list[tuple]]:
    """The 2018–21 plan's indicators, targets and results, as the ORM reads them."""
    plan = ActionPlan.objects.get(title=OLD_TITLE)
    results = Result.objects.filter(target__indicator__section__plan=plan)
    return (
        Indicator.objects.filter(section__plan=plan).count(),
        Target.objects.of_plan(plan).count(),
        sorted(results.values_list("target_id", "year", "value", "statement", "review_state")),
    )


def menu_link(page: Page, name: str) -> Locator:
    """A link of the main menu (a page may link to the same place in its text)."""
    return page.get_by_role("navigation", name="Main").get_by_role("link", name=name, exact=True)


def sign_out(page: Page) -> None:
    menu = page.get_by_role("button", name="Menu")
    if menu.is_visible() and menu.get_attribute("aria-expanded") != "true":
        menu.click()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)


def upload_on_the_import_page(page: Page, workbook: Path, button: str) -> None:
    page.get_by_label("Plan definition workbook (.xlsx)").set_input_files(workbook)
    page.get_by_label("Short name of the plan (optional)").fill(NEW_SLUG)
    page.get_by_role("button", name=button, exact=True).click()


def test_gedi_defines_and_activates_the_next_plan_and_a_focal_point_reports_on_it(
    served_plan, sign_in, page: Page, tmp_path: Path, assert_accessible, console_errors
):
    old_before = old_plan_state()
    assert old_before[2], "the 2018–21 plan has results to keep"

    # GEDI starts the draft from 2018–21 on the Plans page.
    sign_in("gedi")
    menu_link(page, "Plans").click()
    expect(page.get_by_role("heading", name="Plans", exact=True)).to_be_visible()
    page.get_by_label("Continue from").select_option(label=OLD_TITLE)
    page.get_by_label("Title of the new plan").fill(NEW_TITLE)
    page.get_by_label("Short name (in its address)").fill(NEW_SLUG)
    page.get_by_label("First year").fill("2022")
    page.get_by_label("Last year").fill("2025")
    page.get_by_role("button", name="Start the draft plan").click()
    expect(page.get_by_role("status")).to_contain_text(f"{NEW_TITLE} is a draft")

    # ... downloads its definition workbook and edits it in a spreadsheet.
    with page.expect_download() as download_info:
        page.get_by_role("link", name=f"Definition workbook ({NEW_TITLE})").click()
    download = download_info.value
    assert download.suggested_filename == f"plan-definition-{NEW_SLUG}.xlsx"
    edited = tmp_path / "plan-2022-25.xlsx"
    edited.write_bytes(add_indicators_and_targets(Path(download.path()).read_bytes()))
    indicators_in_draft = Indicator.objects.filter(section__plan__slug=NEW_SLUG).count()

    # ... checks it first: a dry run that saves nothing.
    page.get_by_role("link", name="Import a plan definition workbook").click()
    expect(page.get_by_role("heading", name="Import a plan definition workbook")).to_be_visible()
    upload_on_the_import_page(page, edited, "Check (dry run)")
    expect(page.get_by_role("heading", name="Dry run: nothing was saved")).to_be_visible()
    expect(page.get_by_text("2 indicators created")).to_be_visible()
    expect(page.get_by_text(f"{indicators_in_draft + 2} targets created")).to_be_visible()
    assert_accessible(page, "plan-import-dry-run")
    assert not Target.objects.of_plan(ActionPlan.objects.get(slug=NEW_SLUG)).exists()

    # ... imports it, landing on the draft's page.
    upload_on_the_import_page(page, edited, "Import")
    expect(page.get_by_role("heading", name=NEW_TITLE, exact=True)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text(f"Imported {NEW_TITLE} ({NEW_SLUG})")

    # ... and activates it on the Plans page.
    menu_link(page, "Plans").click()
    page.get_by_role(
        "button", name=f"Activate: custodians see it and enter results ({NEW_TITLE})"
    ).click()
    expect(page.get_by_role("status")).to_contain_text(f"{NEW_TITLE} is active.")
    sign_out(page)

    # A focal point of HRD finds the new plan's targets in My indicators, none of 2018–21's.
    sign_in("focal")
    menu_link(page, "My indicators").click()
    page.get_by_label("Reporting year").select_option("2022")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", name="My indicators: 2022 results")).to_be_visible()
    missing = page.get_by_role("table", name="Targets without a submitted result")
    expect(missing.get_by_text(NEW_CODES[0], exact=True)).to_be_visible()
    expect(missing.get_by_text(NEW_CODES[1], exact=True)).to_be_visible()
    listed = {int(pk) for pk in ENTRY_LINK.findall(page.content())}
    new_plan = ActionPlan.objects.get(slug=NEW_SLUG)
    assert listed == set(Target.objects.of_plan(new_plan).values_list("pk", flat=True))

    # The 2018–21 plan's page still reads, and nothing of it changed.
    old_plan = ActionPlan.objects.get(title=OLD_TITLE)
    page.goto(f"{served_plan}{old_plan.get_absolute_url()}")
    expect(page.get_by_role("heading", name=OLD_TITLE, exact=True)).to_be_visible()
    expect(page.get_by_role("table").first).to_be_visible()
    assert old_plan_state() == old_before
    assert console_errors == []
