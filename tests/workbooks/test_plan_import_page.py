"""GEDI's plan definition pages: download a plan's definition workbook, check one as a dry run,
import it as a draft plan, and read a refusal's problems (each with its place) with the marked
workbook offered to the person who uploaded it only. Nobody else reaches these pages."""

from __future__ import annotations

import re
from datetime import timedelta
from io import BytesIO, StringIO

import pytest
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from indicators.models import ActionPlan, Indicator, Target
from tests.workbooks.test_plan_definition import row_counts
from tests.workbooks.test_plan_definition_refusals import _duplicate_code, changed, set_cell
from workbooks.importing.annotating import PROBLEMS_SHEET
from workbooks.models import MARKED_KEPT, MarkedPlanDefinition
from workbooks.plan_definition.export import plan_definition_bytes
from workbooks.plan_definition.layout import SHEETS, TARGETS

pytestmark = pytest.mark.django_db

IMPORT = reverse("workbooks:plan_import")
MARKED_LINK = re.compile(r'href="(/workbooks/plans/import/marked/[\w-]+\.xlsx)"')


def signed_in(user: AbstractBaseUser) -> Client:
    client = Client()
    client.force_login(user)
    return client


def upload(client: Client, content: bytes, action: str, **fields: str):
    """Post the workbook with the button ``action`` ("check" or "import") pressed."""
    workbook = SimpleUploadedFile("plan.xlsx", content)
    return client.post(IMPORT, {"workbook": workbook, "action": action, **fields})


@pytest.fixture
def gedi(role_users) -> Client:
    return signed_in(role_users["gedi"])


@pytest.fixture
def exported(ilo_plan) -> bytes:
    return plan_definition_bytes(ilo_plan)


@pytest.mark.parametrize("role", ["viewer", "focal"])
def test_only_gedi_reaches_the_plan_definition_pages(ilo_plan, role_users, role):
    client = signed_in(role_users[role])
    definition = reverse("workbooks:plan_definition", args=[ilo_plan.slug])
    marked = reverse("workbooks:plan_import_marked", args=["some-token"])
    before = row_counts()

    assert client.get(definition).status_code == 403
    assert client.get(IMPORT).status_code == 403
    assert upload(client, plan_definition_bytes(ilo_plan), "import", slug="copy").status_code == 403
    assert client.get(marked).status_code == 403
    assert row_counts() == before


def test_gedi_downloads_the_plans_definition_workbook(ilo_plan, gedi):
    response = gedi.get(reverse("workbooks:plan_definition", args=[ilo_plan.slug]))

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="plan-definition-ilo-2018-21.xlsx"'
    )
    workbook = load_workbook(BytesIO(response.content))
    assert workbook.sheetnames == list(SHEETS)
    assert workbook[TARGETS].max_row == 1 + 30  # a heading, then the plan's 30 targets


def test_an_unknown_plan_has_no_definition(ilo_plan, gedi):
    response = gedi.get(reverse("workbooks:plan_definition", args=["no-such-plan"]))
    assert response.status_code == 404


def test_the_plans_page_links_to_the_definitions_and_the_import(ilo_plan, gedi):
    page = gedi.get(reverse("indicators:plans")).content.decode()

    assert reverse("workbooks:plan_definition", args=[ilo_plan.slug]) in page
    assert f'href="{IMPORT}">Import a plan definition workbook</a>' in page


def test_the_import_page_offers_a_check_and_an_import(gedi):
    page = gedi.get(IMPORT).content.decode()

    assert "Plan definition workbook (.xlsx)" in page
    assert '<button type="submit" name="action" value="check">Check (dry run)</button>' in page
    assert '<button type="submit" name="action" value="import">Import</button>' in page


def test_a_dry_run_shows_what_would_be_created_and_creates_nothing(exported, gedi):
    before = row_counts()

    response = upload(gedi, exported, "check", slug="copy", title="A copy")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Dry run: nothing was saved" in page
    assert "<li>1 action plans created</li>" in page
    assert "<li>30 targets created</li>" in page
    assert "A copy" in page
    assert row_counts() == before
    assert not ActionPlan.objects.filter(slug="copy").exists()


def test_an_import_creates_a_draft_plan_and_opens_its_page(ilo_plan, exported, gedi):
    response = upload(gedi, exported, "import", slug="copy", title="A copy")

    copy = ActionPlan.objects.get(slug="copy")
    assert response.status_code == 302
    assert response["Location"] == copy.get_absolute_url()
    assert copy.state == ActionPlan.State.DRAFT
    assert copy.title == "A copy"
    assert Target.objects.of_plan(copy).count() == Target.objects.of_plan(ilo_plan).count()
    page = gedi.get(response["Location"]).content.decode()
    assert "Imported A copy (copy), a draft: 1 action plans created;" in page
    assert "30 targets created" in page


def test_an_active_plan_is_not_imported_over(ilo_plan, exported, gedi):
    before = row_counts()

    response = upload(gedi, exported, "import")  # the workbook's own slug: the active plan

    assert response.status_code == 400
    assert "is active: a plan&#x27;s structure is imported only while it is a draft" in (
        response.content.decode()
    )
    assert row_counts() == before


@pytest.mark.parametrize(
    ("change", "place", "problem"),
    [
        (
            _duplicate_code,
            "Sheet “Indicators”, row 3, column B (Code)",
            "Row 2 has the same indicator code “RBM.1”.",
        ),
        (
            set_cell(TARGETS, 5, "Value", "=1+1"),
            "Sheet “Targets”, row 5, column G (Value)",
            "The cell holds a formula (=1+1)",
        ),
    ],
    ids=["duplicate code", "formula"],
)
def test_a_bad_workbook_lists_each_problem_and_offers_the_marked_copy_to_its_uploader(
    exported, gedi, role_users, change, place, problem
):
    before = row_counts()

    response = upload(gedi, changed(exported, change), "import", slug="copy")

    assert response.status_code == 400
    page = response.content.decode()
    assert "nothing was imported" in page
    assert f'<tr><th scope="row">{place}</th><td>{problem}' in page
    assert row_counts() == before
    link = MARKED_LINK.search(page).group(1)
    marked = gedi.get(link)
    assert marked.status_code == 200
    assert marked["Content-Disposition"] == 'attachment; filename="plan-problems.xlsx"'
    assert PROBLEMS_SHEET in load_workbook(BytesIO(marked.content)).sheetnames
    # Another GEDI reviewer (the administrator) does not get someone else's workbook.
    assert signed_in(role_users["admin"]).get(link).status_code == 404


def test_a_dry_run_refuses_a_bad_workbook_too(exported, gedi):
    response = upload(gedi, changed(exported, _duplicate_code), "check", slug="copy")

    assert response.status_code == 400
    assert "Dry run" not in response.content.decode()


def test_an_unknown_token_finds_no_marked_copy(gedi):
    response = gedi.get(reverse("workbooks:plan_import_marked", args=["nothing-here"]))
    assert response.status_code == 404


def test_a_file_over_the_upload_limit_is_refused_like_a_data_workbook(exported, gedi, settings):
    settings.WORKBOOK_MAX_UPLOAD_BYTES = 1024

    response = upload(gedi, exported, "import", slug="copy")

    assert response.status_code == 400
    assert "the limit is 0.0 MB" in response.content.decode()
    assert not ActionPlan.objects.filter(slug="copy").exists()


def test_without_a_file_nothing_happens(ilo_plan, gedi):
    indicators = Indicator.objects.count()

    response = gedi.post(IMPORT, {"action": "import", "slug": "copy"})

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert Indicator.objects.count() == indicators


def test_a_marked_copy_is_kept_a_day_then_pruned(exported, gedi):
    page = upload(gedi, changed(exported, _duplicate_code), "import", slug="copy")
    link = MARKED_LINK.search(page.content.decode()).group(1)
    kept = MarkedPlanDefinition.objects.get()
    MarkedPlanDefinition.objects.filter(pk=kept.pk).update(
        created_at=timezone.now() - MARKED_KEPT - timedelta(minutes=1)
    )
    assert gedi.get(link).status_code == 404  # past its day, even before the prune
    out = StringIO()
    call_command("prune_import_jobs", stdout=out)
    assert "Deleted 1 marked plan definition workbook older than 1 day." in out.getvalue()
    assert not MarkedPlanDefinition.objects.exists()
