"""The loaded plan told as GB.343/INS tells it: 30 targets in detail, 57 in the whole plan.

The appendix lists the targets not met in 2018–19; paragraph 2 counts all 57. Every page,
export and JSON names what it counts, and the plan scorecard sets the published figures beside
the loaded ones, each with its source; the paragraph generated from the published figures is
paragraph 2, word for word.
"""

import io
import re
from html import unescape
from io import BytesIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from custodians.models import CustodianUnit, Portfolio, Region
from indicators.models import Indicator, PublishedFigures
from reports.selectors import plan_scope, scorecard, scorecard_summary
from workbooks.appendix import Appendix, appendix_bytes

pytestmark = pytest.mark.django_db

SEED = Path("/work/shared/seeds/001_a2e8f28ed4b887a6.txt")

# GB.343/INS, paragraph 2, as printed, without its footnote marker.
PARAGRAPH_2 = (
    "Monitoring in 2020 of all ILO Action Plan targets showed that 50.8 per cent of targets (or "
    "29 targets out of a total of 57) were on track, and 36.8 per cent (21 targets) were not on "
    "track. Data were unavailable for 12.2 per cent of targets (7 targets), owing to the fact "
    "that the mid-term report on the implementation of the ILO Action Plan was still under "
    "preparation during the monitoring exercise, and because some research events were not held "
    "because of the COVID-19 pandemic. In comparison, the monitoring exercise for 2018–19 showed "
    "that 50 per cent of all targets (29 out of the 57) had been met, 42 per cent (24 targets) "
    "had not, and data were unavailable for 7 per cent (4 targets, on training)."
)

# "all targets", "all ILO Action Plan targets", "all the plan's targets", in any case.
ALL_TARGETS = re.compile(r"\ball (?:the plan's |ILO Action Plan )?targets\b", re.IGNORECASE)


def test_the_quoted_paragraph_is_the_seed_documents():
    if not SEED.exists():
        pytest.skip("the shared seed documents are not on this machine")
    text = " ".join(SEED.read_text(encoding="utf-8").split()).replace(" ²", "")
    assert PARAGRAPH_2 in text


def test_the_2020_paragraph_from_the_loaded_figures_is_paragraph_2_word_for_word(ilo_plan):
    card = scorecard_summary(plan=ilo_plan, year=2020, scope=plan_scope())
    assert card.published.source == "GB.343/INS, paragraph 2"
    assert card.published_previous.total == 57
    assert card.published_headline == PARAGRAPH_2


def test_the_computed_paragraph_names_the_30_it_counts(ilo_plan):
    card = scorecard_summary(plan=ilo_plan, year=2020, scope=plan_scope())
    assert card.headline.startswith(
        "Monitoring in 2020 of the 30 ILO Action Plan targets not met in the 2018–19 phase and "
        "listed in the appendix of GB.343/INS showed that 6.6 per cent of targets (or 2 targets "
        "out of a total of 30) were on track"
    )
    assert not ALL_TARGETS.search(card.headline)
    # The reconciliation the plan file records, and the numbers it rests on.
    lines = {line.status.value: line for line in card.reconciliation}
    assert (lines["not_on_track"].published, lines["not_on_track"].loaded) == (21, 21)
    assert (lines["data_unavailable"].published, lines["data_unavailable"].loaded) == (7, 6)
    assert lines["not_reported"].loaded == 1  # HFR.6: unreadable in the source
    assert lines["on_track"].difference == 27  # the targets the appendix does not list
    assert "HFR.6" in card.published.reconciliation


def test_the_plan_scorecard_shows_both_counts_each_with_its_source(client, ilo_plan, role_users):
    client.force_login(role_users["viewer"])
    page = client.get(reverse("reports:plan", args=[ilo_plan.slug]), {"year": 2020})
    html = page.content.decode()
    table = re.search(r'<table class="headline-counts">(.*?)</table>', html, re.S)[1]
    headers = [
        " ".join(unescape(re.sub(r"<[^>]+>", " ", cell)).split())
        for cell in re.findall(r'<th scope="colgroup"[^>]*>(.*?)</th>', table, re.S)
    ]
    assert headers == [
        "The 30 targets loaded in detail, 2020 computed from the loaded results",
        "The whole plan, 2020 published in GB.343/INS, paragraph 2",
        "The whole plan, 2018–19 published in GB.343/INS, paragraph 2",
    ]
    rows = {
        re.search(r">([A-Z][a-z ]+)<", row)[1]: re.findall(r'<td class="number">([^<]*)</td>', row)
        for row in re.findall(
            r"<tr>(.*?)</tr>", re.search(r"<tbody>(.*?)</tbody>", table, re.S)[1], re.S
        )
    }
    assert rows["On track"] == ["2", "6.6", "29", "50.8", "29", "50.8"]
    assert rows["Not on track"] == ["21", "70.0", "21", "36.8", "24", "42.1"]
    assert rows["Data unavailable"] == ["6", "20.0", "7", "12.2", "4", "7.0"]
    assert rows["Not reported"] == ["1", "3.3", "0", "0.0", "0", "0.0"]
    totals = re.search(r"<tfoot>(.*?)</tfoot>", table, re.S)[1]
    assert re.findall(r'<td class="number">(\d+)</td>', totals)[::2] == ["30", "57", "57"]
    assert PARAGRAPH_2 in unescape(html)
    assert "The whole plan (57 targets), as published in GB.343/INS, paragraph 2" in html
    assert "The 7 with data unavailable are the 6 loaded as such and HFR.6" in unescape(html)


def test_the_json_keeps_its_summary_over_the_loaded_targets_and_names_the_published(
    client, ilo_plan, role_users
):
    client.force_login(role_users["viewer"])
    document = client.get(reverse("reports:json", args=[ilo_plan.slug]), {"year": 2020}).json()
    assert document["summary"] == {
        "total": 30,
        "on_track": 2,
        "not_on_track": 21,
        "data_unavailable": 6,
        "not_reported": 1,
        "provisional": 0,
    }
    assert document["covers"] == {
        "targets": 30,
        "plan_targets": 57,
        "all_targets_loaded": False,
        "loaded_targets_are": (
            "not met in the 2018–19 phase and listed in the appendix of GB.343/INS"
        ),
    }
    published = document["published"]
    assert (published["exercise"], published["source"], published["total"]) == (
        "2020",
        "GB.343/INS, paragraph 2",
        57,
    )
    assert [published[key] for key in ("on_track", "not_on_track", "data_unavailable")] == [
        29,
        21,
        7,
    ]
    assert published["data_unavailable_reason"].startswith("owing to the fact that")
    assert document["published_previous"]["exercise"] == "2018–19"
    assert document["published_previous"]["data_unavailable_reason"] == "on training"
    assert document["published_headline"] == PARAGRAPH_2
    assert not ALL_TARGETS.search(document["headline"])


def _texts_of_workbook(content: bytes) -> list[str]:
    workbook = load_workbook(BytesIO(content), read_only=True)
    texts = [workbook.properties.title or ""]
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            texts += [str(value) for value in row if value is not None]
    return texts


def test_no_page_export_or_json_says_all_targets_over_the_loaded_ones(client, ilo_plan, role_users):
    """Crawled as GEDI (who sees every page): "all targets" appears only in the paragraph the
    document published for the whole plan."""
    client.force_login(role_users["gedi"])
    slug = ilo_plan.slug
    urls = [reverse("indicators:plan", args=[slug]), reverse("reports:plan", args=[slug])]
    urls += [reverse("reports:portfolio", args=[slug, p.code]) for p in Portfolio.objects.all()]
    urls += [
        reverse("reports:portfolio_one_page", args=[slug, p.code]) for p in Portfolio.objects.all()
    ]
    urls += [reverse("reports:region", args=[slug, r.code]) for r in Region.objects.all()]
    urls += [reverse("reports:custodian", args=[slug, u.slug]) for u in CustodianUnit.objects.all()]
    urls += [indicator.get_absolute_url() for indicator in Indicator.objects.all()]
    urls += [reverse("reports:json", args=[slug]), reverse("workbooks:index")]
    texts: dict[str, str] = {}
    for year in (2020, 2021):
        for url in urls:
            response = client.get(url, {"year": year})
            assert response.status_code == 200, url
            texts[f"{url}?year={year}"] = unescape(response.content.decode())
        for targets in ("all", "off_track"):
            response = client.get(reverse("workbooks:appendix"), {"year": year, "targets": targets})
            assert response.status_code == 200
            texts[f"appendix {year} {targets}"] = "\n".join(_texts_of_workbook(response.content))
        response = client.get(reverse("workbooks:data_workbook"), {"year": year})
        texts[f"data workbook {year}"] = "\n".join(_texts_of_workbook(response.content))
        out = io.StringIO()
        call_command("scorecard", "--year", str(year), stdout=out)
        texts[f"scorecard command {year}"] = out.getvalue()
        out = io.StringIO()
        call_command("scorecard", "--year", str(year), "--json", stdout=out)
        texts[f"scorecard --json {year}"] = out.getvalue()
    published = [PARAGRAPH_2]
    for where, text in texts.items():
        for paragraph in published:
            text = text.replace(paragraph, "")
        found = ALL_TARGETS.search(text)
        assert found is None, f"{where}: …{text[max(found.start() - 80, 0) : found.end() + 80]}…"
    assert PARAGRAPH_2 in texts["scorecard command 2020"]
    assert "the targets not met in the 2018–19 phase" in texts["appendix 2020 all"]


def test_the_appendix_notes_say_what_the_table_holds_and_what_was_published(ilo_plan, role_users):
    appendix = Appendix(
        user=role_users["gedi"],
        plan=ilo_plan,
        phase=ilo_plan.phases.get(label="2020–21"),
        year=2020,
        only_off_track=False,
    )
    workbook = load_workbook(BytesIO(appendix_bytes(appendix)))
    assert workbook.sheetnames == ["Appendix", "Notes"]
    notes = [row[0] for row in workbook["Notes"].iter_rows(values_only=True) if row[0]]
    assert notes[0] == (
        "ILO Action Plan for Gender Equality 2018–21: the targets not met in the 2018–19 phase "
        "and listed in the appendix of GB.343/INS, 2020 results (2020–21 targets; approved "
        "results only)"
    )
    assert notes[1].startswith(
        "The table holds only the targets not met in the 2018–19 phase and listed in the "
        "appendix of GB.343/INS ("
    )
    assert "the plan has 57 targets in its 2020–21 phase" in notes[1]
    assert (
        "The whole plan in 2020, as published in GB.343/INS, paragraph 2: 57 targets (on track: "
        "29, not on track: 21, data unavailable: 7)." in notes
    )
    assert any(line.startswith("The whole plan in 2019, as published") for line in notes)


def test_a_plan_with_every_target_loaded_says_all_targets_and_compares_with_the_published(
    ilo_plan,
):
    """Told that 2020–21 has 30 targets (all loaded), the same data speak of all targets, and
    2020 is compared with 2018–19 from its published figures (no 2019 results are loaded)."""
    phase = ilo_plan.phases.get(label="2020–21")
    phase.target_count = phase.targets.count()
    phase.save()
    PublishedFigures.objects.filter(plan=ilo_plan, year=2020).delete()
    card = scorecard(plan=ilo_plan, year=2020, scope=plan_scope())
    assert card.coverage.complete
    assert card.published is None and card.published_headline == ""
    assert card.headline == (
        "Monitoring in 2020 of all ILO Action Plan targets showed that 6.6 per cent of targets "
        "(or 2 targets out of a total of 30) were on track, and 70 per cent (21 targets) were "
        "not on track. Data were unavailable for 20 per cent of targets (6 targets). No result "
        "was reported for 3.3 per cent of targets (1 target). In comparison, the monitoring "
        "exercise for 2018–19 showed that 50 per cent of all targets (29 out of 57) had been "
        "met, 42 per cent (24 targets) had not, and data were unavailable for 7 per cent "
        "(4 targets, on training)."
    )
