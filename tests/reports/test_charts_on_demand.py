"""The pages with charts (the scorecards, the recommendations tracker) as the server sends them:
no plotly.js at load, the script that adds it when a chart comes near, and each chart box with
the height its figure draws at. tests/browser/test_charts_on_demand.py watches them in Chromium.
"""

import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from evaluations.loading import load_recommendations
from tests.reports.test_pages import scorecard_urls

pytestmark = pytest.mark.django_db

PLOTLY = "/static/vendor/plotly/plotly.min.js"
LOADER = (
    '<script src="/static/reports/charts-on-demand.js" data-plotly-src="'
    + PLOTLY
    + '" defer></script>'
)
# A script element that would load plotly.js with the page.
PLOTLY_SCRIPT = re.compile(r'<script[^>]*\ssrc="[^"]*plotly[^"]*"', re.I)
CHART_BOX = re.compile(r'<div class="chart(?: [^"]*)?"([^>]*)>')


def chart_pages(client, role_users, ilo_plan) -> dict[str, str]:
    load_recommendations()
    client.force_login(role_users["viewer"])
    urls = scorecard_urls(ilo_plan.slug) | {"tracker": reverse("evaluations:tracker")}
    pages = {}
    for name, url in urls.items():
        response = client.get(url, {"year": 2020})
        assert response.status_code == 200, name
        pages[name] = response.content.decode()
    return pages


def figure_heights(page: str) -> dict[str, int]:
    """Each chart's figure, by the id of its JSON: the height its layout draws at."""
    return {
        element_id: json.loads(text)["layout"]["height"]
        for element_id, text in re.findall(
            r'<script id="([^"]+)" type="application/json">(.*?)</script>', page, re.S
        )
    }


def test_chart_pages_load_no_plotly_but_the_script_that_adds_it(client, role_users, ilo_plan):
    for name, page in chart_pages(client, role_users, ilo_plan).items():
        assert not PLOTLY_SCRIPT.search(page), name
        assert page.count(LOADER) == 1, name
        # The loader comes before the page's own chart script, which calls it.
        own = "reports/scorecards.js" if name != "tracker" else "evaluations/charts.js"
        assert page.index(LOADER) < page.index(f'<script src="/static/{own}" defer>'), name
        assert 'href="/static/reports/charts.css"' in page, name


def test_every_chart_box_has_the_height_of_its_figure(client, role_users, ilo_plan):
    for name, page in chart_pages(client, role_users, ilo_plan).items():
        heights = figure_heights(page)
        boxes = CHART_BOX.findall(page)
        assert boxes and len(boxes) == len(heights), name
        for attributes in boxes:
            source = re.search(r'data-(?:figure|chart-source)="([^"]+)"', attributes)[1]
            height = re.search(r'data-height="(\d+)"', attributes)
            assert height and int(height[1]) == heights[source] > 0, (name, source)
    # The stylesheet every chart page links to gives each box that height.
    with open(finders.find("reports/charts.css"), encoding="utf-8") as css:
        assert ".chart[data-height] { height: attr(data-height px); }" in css.read()
