"""The plan's own texts on the pages, in the reader's language.

The plan loads with the team's working translations (fixtures/…translations.json), so a French or
Spanish reader reads each indicator, section, unit, portfolio and region in their language, marked
with a dagger (a working translation, not the Office's text); a text without a version in their
language is shown as the plan writes it, in a ``lang="en"`` span with an "EN" mark. An English
reader reads the plan as written, with no mark at all. Each page asks as many queries in French as
in English.
"""

from __future__ import annotations

import html
import json
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from custodians.models import CustodianUnit, Portfolio, Region
from indicators.models import ActionPlan, Indicator

pytestmark = pytest.mark.django_db

MARK = 'class="plan-text-mark"'
DAGGER_MARK = re.compile(r'<abbr class="plan-text-mark" title="[^"]*">†')
EN_MARK = re.compile(r'<abbr class="plan-text-mark" title="[^"]*">EN')


def reader(user, language: str | None) -> Client:
    client = Client(headers={"accept-language": language} if language else {})
    client.force_login(user)
    return client


def page(client: Client, url: str, **query) -> str:
    response = client.get(url, query)
    assert response.status_code == 200, url
    return html.unescape(response.content.decode())


def acc1() -> Indicator:
    return Indicator.objects.get(code="ACC.1")


def pages(plan: ActionPlan) -> dict[str, str]:
    return {
        "plan scorecard": reverse("reports:plan", args=[plan.slug]),
        "indicator": acc1().get_absolute_url(),
    }


def marked_with_dagger(page_html: str, text: str) -> bool:
    """``text`` followed by the working translation's mark."""
    return re.search(re.escape(text) + DAGGER_MARK.pattern, page_html) is not None


@pytest.mark.parametrize("language", ["fr", "es"])
@pytest.mark.parametrize("where", ["plan scorecard", "indicator"])
def test_a_reader_reads_an_indicator_in_their_language_marked_as_a_working_translation(
    ilo_plan, role_users, language, where
):
    indicator = acc1()
    version = getattr(indicator, f"text_{language}")
    assert version and getattr(indicator, f"unofficial_{language}")
    shown = page(reader(role_users["viewer"], language), pages(ilo_plan)[where], year=2020)
    assert marked_with_dagger(shown, version)
    assert indicator.text not in shown
    # The foot of the page says what the marks mean.
    assert 'class="plan-text-legend"' in shown


@pytest.mark.parametrize("where", ["plan scorecard", "indicator"])
def test_a_text_not_yet_translated_is_shown_as_written_in_english_and_marked(
    ilo_plan, role_users, where
):
    Indicator.objects.filter(code="ACC.1").update(text_fr="", unofficial_fr=False)
    indicator = acc1()
    shown = page(reader(role_users["viewer"], "fr"), pages(ilo_plan)[where], year=2020)
    english = re.escape(indicator.text)
    assert re.search(f'<span lang="en">{english}</span> {EN_MARK.pattern}', shown)
    # The Spanish reader still reads the Spanish.
    shown = page(reader(role_users["viewer"], "es"), pages(ilo_plan)[where], year=2020)
    assert marked_with_dagger(shown, indicator.text_es)


@pytest.mark.parametrize("where", ["plan scorecard", "indicator"])
def test_an_english_reader_reads_the_plan_as_written_without_marks(ilo_plan, role_users, where):
    indicator = acc1()
    shown = page(reader(role_users["viewer"], None), pages(ilo_plan)[where], year=2020)
    assert indicator.text in shown
    assert indicator.text_fr not in shown and indicator.text_es not in shown
    assert MARK not in shown
    assert 'class="plan-text-legend"' not in shown


def test_a_unit_page_names_the_unit_its_portfolio_and_region_in_french(ilo_plan, role_users):
    unit = CustodianUnit.objects.select_related("portfolio").get(acronym="HRD")
    shown = page(reader(role_users["gedi"], "fr"), reverse("units:unit", args=[unit.slug]))
    heading = re.search(r"<h1>(.*?)</h1>", shown, re.S).group(1)
    assert marked_with_dagger(heading, unit.name_fr)
    assert unit.name not in heading
    assert marked_with_dagger(shown, unit.portfolio.name_fr)
    # The list of units too.
    shown = page(reader(role_users["gedi"], "fr"), reverse("units:units"))
    assert marked_with_dagger(shown, unit.name_fr)


def test_the_portfolio_and_region_scorecards_name_them_in_french(ilo_plan, role_users):
    client = reader(role_users["viewer"], "fr")
    portfolio = Portfolio.objects.get(code="policy")
    shown = page(client, reverse("reports:portfolio", args=[ilo_plan.slug, "policy"]), year=2020)
    heading = re.search(r"<h1>(.*?)</h1>", shown, re.S).group(1)
    assert marked_with_dagger(heading, portfolio.name_fr)
    assert portfolio.name not in heading
    # In the page's title and the charts, the name without its mark.
    title = re.search(r"<title>(.*?)</title>", shown, re.S).group(1)
    assert portfolio.name_fr in title and "plan-text-mark" not in title
    region = Region.objects.get(code="africa")
    shown = page(client, reverse("reports:region", args=[ilo_plan.slug, "africa"]), year=2020)
    heading = re.search(r"<h1>(.*?)</h1>", shown, re.S).group(1)
    assert marked_with_dagger(heading, region.name_fr)
    assert region.name not in heading


def test_the_sections_are_named_in_french_in_the_charts_and_the_phases(ilo_plan, role_users):
    section = ilo_plan.sections.get(title="Results-based management")
    client = reader(role_users["viewer"], "fr")
    shown = page(client, reverse("reports:plan", args=[ilo_plan.slug]), year=2020)
    chart = re.search(r'<script id="chart-sections" type="application/json">(.*?)</script>', shown)
    names = json.loads(chart.group(1))["layout"]["yaxis"]["tickvals"]
    assert section.title_fr in names and section.title not in names
    shown = page(client, reverse("reports:phases", args=[ilo_plan.slug]))
    assert marked_with_dagger(shown, section.title_fr)


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"year": 2020})
    assert response.status_code == 200, url
    return len(queries)


def test_each_page_asks_as_many_queries_in_french_as_in_english(ilo_plan, role_users):
    slug = ilo_plan.slug
    unit = CustodianUnit.objects.get(acronym="HRD")
    urls = {
        "viewer": [
            reverse("reports:index"),
            reverse("reports:plan", args=[slug]),
            reverse("reports:portfolio", args=[slug, "policy"]),
            reverse("reports:portfolio_one_page", args=[slug, "policy"]),
            reverse("reports:region", args=[slug, "africa"]),
            reverse("reports:custodian", args=[slug, unit.slug]),
            reverse("reports:phases", args=[slug]),
            acc1().get_absolute_url(),
            ilo_plan.get_absolute_url(),
            reverse("evaluations:tracker"),
        ],
        "gedi": [reverse("units:units"), reverse("units:unit", args=[unit.slug])],
    }
    for role, addresses in urls.items():
        english, french = reader(role_users[role], None), reader(role_users[role], "fr")
        for url in addresses:
            _queries(english, url)  # the session is read in, once
            _queries(french, url)
            assert _queries(french, url) == _queries(english, url), url
