"""What the scorecards keep in the cache is what they would compute: the database changes the
data stamp with every write, whatever the door, and a page read again in the same state is
served from the cache in fewer queries (reports/data_stamp.py)."""

from __future__ import annotations

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from custodians.models import Portfolio
from indicators.models import Result
from reports.data_stamp import current_stamp, installed_on, watched_tables


@pytest.mark.django_db
def test_every_table_the_scorecards_read_has_the_triggers():
    tables = watched_tables()
    for table in (
        "indicators_result",
        "indicators_target",
        "indicators_targetcustodian",
        "indicators_resultbreakdownline",
        "indicators_reportingyear",
        "custodians_custodianunit",
        "custodians_portfolioperiod",
    ):
        assert table in tables
    assert not any("historical" in table for table in tables)
    assert installed_on() == set(tables)


def _stamp_after(write) -> tuple[int | None, int | None]:
    before = current_stamp()
    write()
    return before, current_stamp()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "door",
    ["save", "update", "delete", "bulk_create", "raw_sql", "another_app_table"],
)
def test_every_kind_of_committed_write_changes_the_stamp(door):
    from tests.factories import PortfolioFactory

    portfolio = PortfolioFactory(name="Policy", code="policy")
    writes = {
        "save": lambda: Portfolio.objects.filter(pk=portfolio.pk).first().save(),
        "update": lambda: Portfolio.objects.update(position=7),
        "delete": lambda: Portfolio.objects.filter(pk=portfolio.pk).delete(),
        "bulk_create": lambda: Portfolio.objects.bulk_create(
            [Portfolio(code=f"p{n}", name=f"P{n}") for n in range(3)]
        ),
        "raw_sql": lambda: connection.cursor().execute(
            "UPDATE custodians_portfolio SET name = 'Policy II'"
        ),
        "another_app_table": lambda: PortfolioFactory(name="Reform", code="mr"),
    }
    before, after = _stamp_after(writes[door])
    assert before is not None and after is not None
    assert after != before


@pytest.mark.django_db
def test_a_transaction_that_wrote_and_has_not_committed_reads_no_kept_value(ilo_plan):
    # SQLite changes the stamp at once; PostgreSQL at commit, so that an open transaction that
    # wrote is told not to use the cache (the test itself runs in such a transaction).
    before = current_stamp()
    Portfolio.objects.update(position=3)
    after = current_stamp()
    if connection.vendor == "postgresql":
        assert after is None
    else:
        assert after is not None and after != before


def _page(client, url: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    # The CSP nonce and the CSRF token are new on every response; the rest must be the same.
    html = re.sub(r'nonce="[^"]*"', "", response.content.decode())
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html), len(queries)


SCORECARD_PAGES = [
    ("reports:plan", {}),
    ("reports:portfolio", {"code": "fop"}),
    ("reports:region", {"code": "africa"}),
    ("reports:custodian", {"unit": "hrd"}),
]


@pytest.mark.django_db(transaction=True)
def test_pages_read_again_come_from_the_cache_until_a_write(kept_cache, client, role_users):
    from indicators.loading import load_plan

    plan, _ = load_plan()
    client.force_login(role_users["viewer"])
    urls = [
        reverse(name, kwargs={"slug": plan.slug, **kwargs}) + "?year=2020&sort=status"
        for name, kwargs in SCORECARD_PAGES
    ] + [reverse("reports:index") + f"?plan={plan.slug}&year=2020"]
    first = {url: _page(client, url) for url in urls}
    for url in urls:
        html, queries = _page(client, url)
        assert html == first[url][0], url
        assert queries < first[url][1], url

    # A write by any door (here, SQL from outside the product's services) and the pages say it.
    on_track = first[urls[0]][0].count("On track")
    Result.objects.filter(target__indicator__section__plan=plan, year=2020).delete()
    for url in urls:
        html, queries = _page(client, url)
        assert queries == first[url][1], url  # computed again
        assert html != first[url][0], url
    plan_page, _ = _page(client, urls[0])
    assert plan_page.count("On track") < on_track
    assert "Not reported" in plan_page


@pytest.mark.django_db(transaction=True)
def test_the_json_download_and_the_one_page_scorecard_are_kept_until_a_write(
    kept_cache, client, role_users
):
    from indicators.loading import load_plan

    plan, _ = load_plan()
    client.force_login(role_users["viewer"])
    urls = [
        reverse("reports:json", kwargs={"slug": plan.slug}) + "?year=2020&portfolio=fop",
        reverse("reports:portfolio_one_page", kwargs={"slug": plan.slug, "code": "fop"})
        + "?year=2020",
    ]
    first = {url: _page(client, url) for url in urls}
    for url in urls:
        html, queries = _page(client, url)
        assert html == first[url][0], url
        assert queries < first[url][1], url

    Result.objects.filter(target__indicator__section__plan=plan, year=2020).delete()
    for url in urls:
        html, queries = _page(client, url)
        assert queries == first[url][1], url  # computed again
        assert html != first[url][0], url
    summary = json.loads(_page(client, urls[0])[0])["summary"]
    assert summary["on_track"] == 0 and summary["not_reported"] == summary["total"] > 0


def test_what_is_kept_is_kept_per_language(kept_cache):
    from django.utils import translation

    from reports.data_stamp import kept

    for language in ("en", "fr", "es"):
        with translation.override(language):
            assert kept(7, ("words",), lambda language=language: language) == language
    with translation.override("fr"):
        assert kept(7, ("words",), lambda: "computed again") == "fr"


@pytest.mark.django_db
def test_each_migrate_draws_a_new_stamp_and_makes_a_missing_row_again():
    from reports.data_stamp import install_triggers
    from reports.models import DataStamp

    def version() -> int | None:
        row = DataStamp.objects.filter(pk=1).first()
        return row.version if row else None

    before = version()
    install_triggers()
    assert version() not in (None, before, 0)
    DataStamp.objects.all().delete()  # as a flush leaves it
    assert current_stamp() is None  # nothing is kept meanwhile
    install_triggers()
    assert version() not in (None, 0)


@pytest.mark.django_db(transaction=True)
def test_a_kept_page_keeps_its_own_filters_and_the_charts_follow_a_write(
    kept_cache, client, role_users
):
    """The filter form, the table, the charts and the links to other scorecards are kept as
    rendered: each address keeps its own (the filters chosen), and a write shows in all."""
    from indicators.loading import load_plan

    plan, _ = load_plan()
    client.force_login(role_users["viewer"])
    url = reverse("reports:plan", kwargs={"slug": plan.slug})
    pages = {status: f"{url}?year=2020&status={status}" for status in ("on_track", "not_on_track")}
    for _ in range(2):  # computed, then from the cache
        for status, address in pages.items():
            html, _queries = _page(client, address)
            assert f'<option value="{status}" selected>' in html, status
            other = next(value for value in pages if value != status)
            assert f'<option value="{other}" selected>' not in html, status

    charts_before = re.search(
        r'id="chart-sections".*?</script>', _page(client, pages["on_track"])[0]
    )
    Result.objects.filter(target__indicator__section__plan=plan, year=2020).delete()
    html, _queries = _page(client, pages["on_track"])
    assert "No target matches these filters." in html  # nothing is on track any more
    assert re.search(r'id="chart-sections".*?</script>', html).group() != charts_before.group()


# A page read again in the same state: session, user, plan, the portfolio, region or unit it is
# about (the plan's page and the overview have none), the data stamp. Nothing is counted or built.
KEPT_PAGE_QUERIES = {"reports:plan": 4, "reports:index": 4}
KEPT_SCOPE_QUERIES = 5


@pytest.mark.django_db(transaction=True)
def test_a_kept_page_is_the_same_for_every_reader_and_holds_nothing_of_the_first(
    kept_cache, client, role_users
):
    """What is kept is the page between the site's header and footer: a reader served from the
    cache gets the same scorecard, with their own header (their links, their name)."""
    from indicators.loading import load_plan

    plan, _ = load_plan()
    urls = {
        name: reverse(name, kwargs={"slug": plan.slug, **kwargs}) + "?year=2020&page=2"
        for name, kwargs in SCORECARD_PAGES
    } | {"reports:index": reverse("reports:index") + f"?plan={plan.slug}&year=2020"}

    def main(html: str) -> str:
        return html[html.index("<main") : html.index("</main>")]

    client.force_login(role_users["admin"])
    first = {name: _page(client, url)[0] for name, url in urls.items()}
    for html in first.values():
        assert "Review queue" in html and "Administration" in html
    client.force_login(role_users["viewer"])
    for name, url in urls.items():
        html, queries = _page(client, url)
        assert queries == KEPT_PAGE_QUERIES.get(name, KEPT_SCOPE_QUERIES), name
        assert main(html) == main(first[name]), name
        assert "Review queue" not in html and "Administration" not in html, name
        assert role_users["viewer"].username in html, name
        assert role_users["admin"].username not in html, name
