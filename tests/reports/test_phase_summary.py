"""The plan phase by phase (/scorecards/<plan>/phases/ and its JSON), as the Governing Body's
mid-term and final reports set one phase beside the one before.

On the loaded ILO plan: 2020–21 is told from the 30 targets' results of 2020 (the targets not
met in 2018–19, never "all targets"); 2018–19, with no detailed result, from the figures
GB.343/INS, paragraph 2 published for all 57 (29 met, 24 not met, 4 with data unavailable).
"""

import re
from html import unescape

import pytest
from django.urls import reverse

from benchmarks.synthetic import generate_plan
from reports.phase_summary import RESULTS_LOADED, phase_summary, phase_summary_document
from reports.selectors import plan_scope, scorecard_summary

pytestmark = pytest.mark.django_db

# The phases with their loaded targets, the latest reported year, and that year's scorecard
# counts (the reporting year, every year's counts by section and status, the phases with their
# loaded targets, the published figures).
PHASE_QUERIES = 6
# Each other phase told from its loaded results: that year's scorecard counts.
EARLIER_PHASE_QUERIES = 4
# The page: the session, the user, the plan.
PAGE_QUERIES = 3 + PHASE_QUERIES

ALL_TARGETS = re.compile(r"\ball (?:the plan's |ILO Action Plan )?targets\b", re.IGNORECASE)


@pytest.fixture
def reader(client, role_users):
    client.force_login(role_users["viewer"])
    return client


def text_of(html: str) -> str:
    """The page as a reader sees it: no tags, entities read, spaces collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def phases_json(client, plan) -> dict:
    response = client.get(reverse("reports:phases_json", args=[plan.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


def statuses(entry: dict) -> dict[str, tuple[int, float]]:
    return {line["status"]: (line["targets"], line["percent"]) for line in entry["statuses"]}


def test_each_phase_is_told_from_its_results_or_its_published_figures(ilo_plan):
    earlier, later = phase_summary(ilo_plan)
    assert [earlier.label, later.label] == ["2018–19", "2020–21"]
    # 2018–19: no detailed result, so the published figures for its closing year.
    assert earlier.year == 2019
    assert earlier.source == "GB.343/INS, paragraph 2"
    assert (earlier.counts.on_track, earlier.counts.not_on_track) == (29, 24)
    assert (earlier.counts.data_unavailable, earlier.counts.total) == (4, 57)
    assert earlier.by_section == [] and earlier.comparison is None
    # 2020–21: the loaded results of 2020, counted as the 2020 scorecard counts them.
    card = scorecard_summary(plan=ilo_plan, year=2020, scope=plan_scope())
    assert later.year == 2020 and later.source == RESULTS_LOADED
    assert later.counts == card.counts
    assert later.by_section == card.by_section
    assert (later.counts.on_track, later.counts.total) == (2, 30)


def test_the_json_gives_both_phases_numbers_with_their_source(reader, ilo_plan):
    document = phases_json(reader, ilo_plan)
    earlier, later = document["phases"]
    assert earlier["phase"] == "2018–19" and earlier["year"] == 2019
    assert earlier["source"] == "GB.343/INS, paragraph 2"
    assert earlier["counts"]["total"] == 57
    assert statuses(earlier["counts"]) == {
        "on_track": (29, 50.8),
        "not_on_track": (24, 42.1),
        "data_unavailable": (4, 7.0),
        "not_reported": (0, 0.0),
    }
    assert earlier["by_section"] == []
    # A closed phase's statuses are its outcome: met, not met.
    assert [line["label"] for line in earlier["counts"]["statuses"]][:2] == ["Met", "Not met"]

    assert later["phase"] == "2020–21" and later["year"] == 2020
    assert later["source"] == "results loaded"
    assert later["counts"]["total"] == 30
    assert statuses(later["counts"]) == {
        "on_track": (2, 6.6),
        "not_on_track": (21, 70.0),
        "data_unavailable": (6, 20.0),
        "not_reported": (1, 3.3),
    }
    # 2020 is the phase's first year: a reading during the phase, not its outcome.
    assert later["outcome"] is False
    assert [line["label"] for line in later["counts"]["statuses"]][:2] == [
        "On track",
        "Not on track",
    ]
    # Beside the 30, what GB.343/INS published for the whole plan's 57 in 2020.
    whole = later["published_for_whole_plan"]
    assert (whole["year"], whole["source"], whole["total"]) == (2020, "GB.343/INS, paragraph 2", 57)
    assert statuses(whole)["on_track"] == (29, 50.8)
    assert earlier["published_for_whole_plan"] is None
    assert document == phase_summary_document(phase_summary(ilo_plan))


def test_the_sections_add_up_to_the_phase(reader, ilo_plan):
    later = phases_json(reader, ilo_plan)["phases"][1]
    sections = later["by_section"]
    assert [section["section"] for section in sections] == [
        "Results-based management",
        "Oversight",
        "Accountability",
        "Human and financial resources",
        "Capacity",
    ]
    assert sum(section["total"] for section in sections) == later["counts"]["total"] == 30
    for status, (count, _) in statuses(later["counts"]).items():
        assert sum(statuses(section)[status][0] for section in sections) == count


def test_2020_21_is_compared_with_2018_19_as_published(reader, ilo_plan):
    comparison = phases_json(reader, ilo_plan)["phases"][1]["compared_with_previous"]
    assert comparison["phase"] == "2018–19"
    assert comparison["source"] == "GB.343/INS, paragraph 2"
    assert (comparison["met"], comparison["total"]) == (29, 57)
    assert comparison["met_change"] == 2 - 29
    assert comparison["met_percent_change"] == pytest.approx(6.6 - 50.8)
    # 30 targets not met in 2018–19 against the whole plan's 57: not the same targets.
    assert comparison["same_targets"] is False
    assert comparison["sentence"].startswith(
        "In 2020–21, 2 of the 30 targets loaded in detail were on track (6.6 per cent, from the "
        "loaded results of 2020), against 29 of 57 met (50 per cent) in 2018–19, as published "
        "in GB.343/INS, paragraph 2."
    )
    assert "not of the same targets" in comparison["sentence"]
    assert "not met in the 2018–19 phase" in comparison["sentence"]


def test_the_page_shows_both_phases_the_comparison_and_the_sources(reader, ilo_plan):
    response = reader.get(reverse("reports:phases", args=[ilo_plan.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    page = text_of(html)
    assert "2018–19" in page and "2020–21" in page
    assert "Source: GB.343/INS, paragraph 2" in page
    assert "Source: results loaded" in page
    assert "In 2020–21, 2 of the 30 targets loaded in detail were on track (6.6 per cent" in page
    assert "against 29 of 57 met (50 per cent) in 2018–19, as published in GB.343/INS" in page
    # The status tables: a row per status with its targets and per cent.
    assert "Met 29 50.8" in page and "Not met 24 42.1" in page
    assert "Data unavailable 4 7.0" in page
    assert "On track 2 6.6" in page and "Not on track 21 70.0" in page
    assert "Capacity 0 0.0 3 50.0 3 50.0 0 0.0 6" in page  # a section's row
    assert "No counts by section: GB.343/INS, paragraph 2 gives the whole plan's" in page
    assert (
        "For the whole plan's 57 targets in 2020, GB.343/INS, paragraph 2 published: on track 29 "
        "(50.8 per cent), not on track 21 (36.8 per cent), data unavailable 7 (12.2 per cent)"
    ) in page
    # Accessible tables: each captioned, with header cells for columns and rows.
    assert html.count("<caption>") == html.count("<table") == 3
    assert '<th scope="row">' in html and '<th scope="col"' in html
    assert reverse("reports:phases_json", args=[ilo_plan.slug]) in html


def test_the_30_loaded_targets_are_never_called_all_targets(reader, ilo_plan):
    page = text_of(reader.get(reverse("reports:phases", args=[ilo_plan.slug])).content.decode())
    document = phases_json(reader, ilo_plan)
    later = document["phases"][1]
    assert later["all_targets"] is False and later["plan_targets"] == 57
    assert later["targets_are"] == (
        "the 30 ILO Action Plan targets not met in the 2018–19 phase and listed in the appendix "
        "of GB.343/INS"
    )
    assert later["targets_are"] in page
    assert not ALL_TARGETS.search(page)
    assert not ALL_TARGETS.search(str(document))


def test_the_plan_scorecard_links_to_the_phases(reader, ilo_plan):
    page = reader.get(reverse("reports:plan", args=[ilo_plan.slug]), {"year": 2020})
    assert f'href="{reverse("reports:phases", args=[ilo_plan.slug])}"' in page.content.decode()


@pytest.mark.parametrize("name", ["reports:phases", "reports:phases_json"])
def test_anonymous_users_are_sent_to_sign_in(client, ilo_plan, name):
    response = client.get(reverse(name, args=[ilo_plan.slug]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_unknown_plan_is_not_found(reader, db):
    assert reader.get(reverse("reports:phases", args=["nope"])).status_code == 404
    assert reader.get(reverse("reports:phases_json", args=["nope"])).status_code == 404


def test_the_queries_are_as_many_for_the_real_plan_as_for_a_large_one(
    reader, ilo_plan, django_assert_num_queries
):
    with django_assert_num_queries(PHASE_QUERIES):
        phase_summary(ilo_plan)
    with django_assert_num_queries(PAGE_QUERIES):
        reader.get(reverse("reports:phases", args=[ilo_plan.slug]))
    with django_assert_num_queries(PAGE_QUERIES):
        reader.get(reverse("reports:phases_json", args=[ilo_plan.slug]))
    # Two phases each told from their own results, with 30 and with 1,000 targets a phase.
    for targets in (30, 1000):
        plan = generate_plan(targets=targets, years=4, seed=21)
        with django_assert_num_queries(PHASE_QUERIES + EARLIER_PHASE_QUERIES):
            summaries = phase_summary(plan)
        assert [summary.counts.total for summary in summaries] == [targets, targets]
        with django_assert_num_queries(PAGE_QUERIES + EARLIER_PHASE_QUERIES):
            reader.get(reverse("reports:phases", args=[plan.slug]))


def test_a_fully_loaded_plan_compares_its_phases_over_all_their_targets(db):
    plan = generate_plan(targets=60, years=4, seed=22)
    earlier, later = phase_summary(plan)
    assert (earlier.year, later.year) == (2023, 2025)  # each phase's closing year
    assert earlier.source == later.source == RESULTS_LOADED
    assert earlier.targets_are == "all Synthetic Action Plan targets"
    assert later.published is None  # every target is loaded: nothing to set beside
    for summary in (earlier, later):
        assert sum(counts.total for _, counts in summary.by_section) == summary.counts.total
    comparison = later.comparison
    assert comparison is not None and comparison.same_targets
    assert comparison.met_change == later.counts.on_track - earlier.counts.on_track
    assert "not of the same targets" not in comparison.sentence
    assert comparison.sentence.startswith(
        f"In 2024–25, {later.counts.on_track} of the 60 targets were met"
    )
